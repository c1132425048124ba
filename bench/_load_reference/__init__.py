"""bench/load.py's reference: production's settings plus one bare ModelForm post to measure the site against.

Served with DJANGO_SETTINGS_MODULE=_load_reference.settings and bench/ on PYTHONPATH; nothing else imports
it. Its one table is made by `migrate --run-syncdb` (the app has no migrations).
"""
