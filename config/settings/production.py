"""Production: gunicorn behind a proxy, PostgreSQL, an anymail ESP.

Every secret comes from the environment; a missing one stops the process at start-up
(base.py reads them without defaults), rather than running with an invented key.
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# Before base.py builds LOGGING: JSON lines on standard output for a log collector, unless the
# environment says otherwise.
os.environ.setdefault("LOG_FORMAT", "json")

from .base import *  # noqa: E402, F403
from .base import DATABASES, MAILERS, MEDIA_ROOT, SECRET_KEY, STATIC_ROOT, env  # noqa: E402

DEBUG = False
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be a long random value in production.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env.bool("ALLOW_SQLITE", default=False):
    raise ImproperlyConfigured("Production expects DATABASE_URL to point at PostgreSQL.")
if not MAILERS["default"]["BACKEND"].startswith("anymail."):
    raise ImproperlyConfigured("Production needs EMAIL_BACKEND set to an anymail backend.")

# Connections are kept a minute, and checked before reuse: after a database restart the next
# request reconnects instead of failing on a dead connection.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Outside the code's folder when a host keeps several releases side by side (docs/operating.md):
# uploads must outlive a release. Static files stay in base.py's manifest storage (whitenoise).
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(STATIC_ROOT)))
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(MEDIA_ROOT)))

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Health checks come from the proxy or the container engine over plain HTTP on the private side: a
# redirect to HTTPS would read as down.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/jobs)?$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# __Host-: the browser keeps these cookies only if Secure, host-only and for Path=/, so no other
# subdomain or plain-HTTP page can set or overwrite them.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
RECEIPT_COOKIE_NAME = "__Host-testimony_receipt"
SESSION_COOKIE_PATH = "/"
CSRF_COOKIE_PATH = "/"
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
