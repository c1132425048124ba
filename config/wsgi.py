"""The web process's WSGI application, for gunicorn (config/gunicorn.py) and any other WSGI server."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()


def views_load(patterns: list | None = None) -> None:
    """Import every view the URLs reach, as the first request to each would."""
    from django.urls import get_resolver

    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if hasattr(pattern, "url_patterns"):
            views_load(pattern.url_patterns)
        else:
            pattern.callback  # noqa: B018 (imports the view's module)


def start_up_objects_freeze() -> int:
    """Load every view, then set what start-up loaded aside from the collector; returns how many objects.

    A web process holds about 200,000 objects from start-up, and they live as long as it does. Left in
    the collector's care, each full collection walks all of them while the requests queued on this
    process wait: 192 ms once every 2,000 or so submissions, measured in-process. Python documents
    gc.freeze() for this, in servers that fork their workers.
    """
    views_load()
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
