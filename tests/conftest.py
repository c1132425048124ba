import pytest
from django.core.management import call_command

from home.bootstrap import site_bootstrap
from testimonials.models import CallForTestimonialsPage, StoryIndexPage


@pytest.fixture
def site_pages(db):
    """The site as `make run` creates it, without staff accounts."""
    site_bootstrap(with_demo_accounts=False)
    return {
        "call": CallForTestimonialsPage.objects.get(),
        "stories": StoryIndexPage.objects.get(),
    }


@pytest.fixture
def run_worker(transactional_db):
    """Run the real database worker until the queue is empty, as `manage.py db_worker --batch` does.

    Transactional: the worker closes stale connections, which would end a test's wrapping transaction.
    """

    def run() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    return run


@pytest.fixture(autouse=True)
def _anymail_test_backend(settings):
    """Send through anymail's test backend (it records anymail's own options) rather than locmem."""
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
