import pytest
from django.core.management import call_command

from home.bootstrap import site_bootstrap
from testimonials.models import CallForTestimonialsPage, StoryIndexPage


@pytest.fixture
def site_pages(db):
    """The site as `make run` creates it, without staff accounts."""
    site_bootstrap(with_demo_accounts=False)
    return {
        "call": CallForTestimonialsPage.objects.get(locale__language_code="en"),
        "stories": StoryIndexPage.objects.get(locale__language_code="en"),
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
def _fresh_caches():
    """Kept story pages and pending-run marks start empty (rate limits live in the test's database)."""
    from django.core.cache import caches

    for alias in ("default", "shared"):
        caches[alias].clear()
    yield
    for alias in ("default", "shared"):
        caches[alias].clear()


@pytest.fixture(autouse=True)
def _force_login_gives_the_second_factor(monkeypatch):
    """`client.force_login(user)` stands for a whole sign-in, and for staff with two-factor that includes the code.

    Like Django's force_login skipping the password, this skips typing a code, not the check: staff who
    must or chose to use TOTP get a real confirmed device and django_otp.login marks the session with it,
    exactly as the verify step does. Sign in through the login form to test the steps themselves.
    """
    from django.test import Client

    force_login = Client.force_login

    def force_login_with_second_factor(self, user, backend=None):
        force_login(self, user, backend)
        two_factor_login(self, user)

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


def two_factor_login(client, user) -> None:
    """Mark the client's session as having passed the second factor, when this user signs in with one."""
    import django_otp
    from django.http import HttpRequest
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from home.two_factor import confirmed_device, two_factor_required

    fresh = type(user)._default_manager.get(pk=user.pk)  # no permission cache left on the test's object
    device = confirmed_device(fresh)
    if device is None and not two_factor_required(fresh):
        return
    device = device or TOTPDevice.objects.create(user=fresh, name="Test authenticator", confirmed=True)
    request = HttpRequest()
    request.session, request.user = client.session, fresh
    django_otp.login(request, device)
    request.session.save()


def totp_code(device, drift: int = 0) -> str:
    """The code an authenticator app shows now for this TOTP device (`drift` steps of 30 s away)."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"
