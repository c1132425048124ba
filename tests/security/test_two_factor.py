"""Two-factor sign-in: required of whoever may reveal originals, optional for other staff, never bypassed."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.sessions.middleware import SessionMiddleware
from django.db.models import F
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp.middleware import OTPMiddleware
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from home.two_factor import is_verified
from moderation.services import REVEAL_PERMISSION
from tests.conftest import totp_code as code
from tests.conftest import two_factor_login
from tests.factories import ModeratorFactory

PASSWORD = "correct horse battery staple"  # the factory's
ENROL, VERIFY = reverse("two_factor_enrol"), reverse("two_factor_verify")
ADMIN_HOME = reverse("wagtailadmin_home")


def sign_in(client: Client, user) -> None:
    """The login form, as a person uses it: the password step only."""
    response = client.post(reverse("wagtailadmin_login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, "the password step failed"


@pytest.fixture
def revealer(site_pages):
    user = ModeratorFactory(username="revealer")
    user.user_permissions.add(Permission.objects.get(codename="view_raw_testimony"))
    return user


@pytest.fixture
def moderator(site_pages):
    return ModeratorFactory(username="moderator")


def a_minute_passes(device: TOTPDevice) -> None:
    """After a wrong code, django-otp refuses every code for a second or more: the person waits."""
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=F("throttling_failure_timestamp") - timedelta(minutes=1)
    )


def confirmed(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_revealing_originals_is_what_requires_a_second_factor():
    assert REVEAL_PERMISSION in settings.STAFF_TWO_FACTOR_PERMISSIONS


class TestRevealerWithoutADevice:
    def test_is_sent_to_enrol_before_any_admin_page(self, client, revealer):
        sign_in(client, revealer)

        for path in (ADMIN_HOME, reverse("testimony:index"), reverse("wagtailadmin_account")):
            response = client.get(path)
            assert response.status_code == 302
            assert response["Location"].startswith(ENROL + "?next=")

    def test_enrols_with_a_code_from_the_app_and_is_then_verified(self, client, revealer):
        sign_in(client, revealer)
        page = client.get(ENROL)
        device = TOTPDevice.objects.get(user=revealer, confirmed=False)
        assert page.status_code == 200 and "data:image/svg+xml" in page.content.decode()

        response = client.post(ENROL, {"otp_token": code(device), "next": ADMIN_HOME})

        assert response.status_code == 302 and response["Location"] == ADMIN_HOME
        device.refresh_from_db()
        assert device.confirmed
        assert client.get(ADMIN_HOME).status_code == 200
        assert ModelLogEntry.objects.filter(action="home.two_factor_on", user=revealer).exists()

    def test_a_wrong_code_enrols_nothing(self, client, revealer):
        sign_in(client, revealer)
        client.get(ENROL)
        device = TOTPDevice.objects.get(user=revealer)

        response = client.post(ENROL, {"otp_token": code(device, drift=-20)})

        assert response.status_code == 200
        assert not TOTPDevice.objects.filter(user=revealer, confirmed=True).exists()
        assert client.get(ADMIN_HOME)["Location"].startswith(ENROL)


class TestRevealerWithADevice:
    def test_must_give_a_code_after_the_password(self, client, revealer):
        device = confirmed(revealer)
        sign_in(client, revealer)
        assert client.get(ADMIN_HOME)["Location"].startswith(VERIFY + "?next=")

        wrong = client.post(VERIFY, {"otp_token": code(device, drift=-20)})
        assert wrong.status_code == 200 and client.get(ADMIN_HOME).status_code == 302
        a_minute_passes(device)

        right = client.post(VERIFY, {"otp_token": code(device), "next": reverse("testimony:index")})
        assert right.status_code == 302 and right["Location"] == reverse("testimony:index")
        assert client.get(ADMIN_HOME).status_code == 200

    def test_cannot_get_round_the_code_by_enrolling_a_new_device(self, client, revealer):
        confirmed(revealer)
        sign_in(client, revealer)

        response = client.get(ENROL)

        assert response.status_code == 302 and response["Location"].startswith(VERIFY)
        assert TOTPDevice.objects.filter(user=revealer).count() == 1

    def test_a_code_works_once(self, revealer):
        device = confirmed(revealer)
        first, second = Client(), Client()
        sign_in(first, revealer)
        sign_in(second, revealer)
        token = code(device)

        assert first.post(VERIFY, {"otp_token": token}).status_code == 302
        assert second.post(VERIFY, {"otp_token": token}).status_code == 200
        assert second.get(ADMIN_HOME).status_code == 302

    def test_wrong_codes_are_throttled(self, client, revealer):
        device = confirmed(revealer)
        sign_in(client, revealer)
        for _ in range(3):
            client.post(VERIFY, {"otp_token": "000000"})

        response = client.post(VERIFY, {"otp_token": code(device)})

        assert response.status_code == 200 and "Too many wrong codes" in response.content.decode()


class TestOtherStaff:
    def test_are_not_asked_for_a_code_unless_they_enrolled(self, client, moderator):
        sign_in(client, moderator)

        assert client.get(ADMIN_HOME).status_code == 200

    def test_who_enrolled_are_asked_at_every_sign_in(self, client, moderator):
        device = confirmed(moderator)
        sign_in(client, moderator)

        assert client.get(ADMIN_HOME)["Location"].startswith(VERIFY)
        client.post(VERIFY, {"otp_token": code(device)})
        assert client.get(ADMIN_HOME).status_code == 200

    def test_may_turn_it_off_but_revealers_may_not(self, client, moderator, revealer):
        confirmed(moderator)
        client.force_login(moderator)
        client.post(reverse("two_factor_disable"))
        assert not TOTPDevice.objects.filter(user=moderator).exists()
        assert ModelLogEntry.objects.filter(action="home.two_factor_off", user=moderator).exists()

        client.force_login(revealer)
        client.post(reverse("two_factor_disable"))
        assert TOTPDevice.objects.filter(user=revealer, confirmed=True).exists()

    def test_enrolment_is_offered_in_the_account_area(self, client, moderator):
        client.force_login(moderator)

        assert ENROL in client.get(reverse("wagtailadmin_account")).content.decode()


def request_for(client: Client, user):
    request = RequestFactory().get(ADMIN_HOME)
    SessionMiddleware(lambda request: None).process_request(request)
    request.session = client.session
    request.user = user
    OTPMiddleware(lambda request: None)(request)
    return request


def test_is_verified_only_once_the_session_gave_a_code(client, revealer):
    device = confirmed(revealer)
    sign_in(client, revealer)
    assert not is_verified(request_for(client, revealer))

    client.post(VERIFY, {"otp_token": code(device)})

    assert is_verified(request_for(client, revealer))


def test_force_login_in_tests_passes_the_second_factor_with_a_real_device(client, revealer):
    """The suite's force_login (tests/conftest.py) signs in the whole way, through a confirmed TOTP device."""
    client.force_login(revealer)

    assert client.get(ADMIN_HOME).status_code == 200
    assert TOTPDevice.objects.filter(user=revealer, confirmed=True).count() == 1
    two_factor_login(client, revealer)
    assert TOTPDevice.objects.filter(user=revealer).count() == 1


def test_the_reveal_itself_refuses_a_session_without_the_second_factor(client, revealer, settings):
    """Defence in depth: with the middleware out of the way, the reveal and contact views still refuse."""
    from tests.factories import redacted_testimony

    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "config.middleware.StaffTwoFactorMiddleware"]
    revealer.user_permissions.add(Permission.objects.get(codename="contact_testimony_author"))
    testimony = redacted_testimony()
    TOTPDevice.objects.create(user=revealer, name="phone", confirmed=True)
    sign_in(client, revealer)

    reveal = client.post(
        reverse("testimony:reveal", args=[testimony.pk]), {"reason": "Checking a name the engine kept."}
    )
    contact = client.post(
        reverse("testimony:contact", args=[testimony.pk]), {"reason": "Asking the author a question."}
    )

    assert reveal.status_code == contact.status_code == 302
    review = client.get(reverse("testimony:review", args=[testimony.pk]))
    assert b"original-text" not in review.content
    assert b"Oyelaran" not in review.content and b"aoife.bk@example.net" not in contact.content
    assert not ModelLogEntry.objects.filter(action__in=["moderation.reveal", "moderation.contact_view"]).exists()
