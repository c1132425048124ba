"""Staff sign-in: failed attempts lock a username from one address for a while, and no password is kept."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from django.test import Client
from django.urls import reverse

from tests.factories import ModeratorFactory, UserFactory

PASSWORD = "correct horse battery staple"  # the factory's
WRONG = "Wr0ng-but-memorable-guess"
LOGIN = reverse("wagtailadmin_login")


def sign_in(client: Client, username: str, password: str, address: str = "198.51.100.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def moderator(site_pages):
    return ModeratorFactory(username="moderator")


def fail_until_locked(client: Client, username: str, address: str = "198.51.100.7") -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, username, WRONG, address)


class TestFailedSignIns:
    def test_lock_that_username_from_that_address_even_with_the_right_password(self, client, moderator):
        fail_until_locked(client, "moderator")

        response = sign_in(client, "moderator", PASSWORD)

        assert response.status_code == 429
        assert "Too many failed sign-ins" in response.content.decode()
        assert not response.wsgi_request.user.is_authenticated

    def test_leave_the_same_username_open_from_elsewhere_and_other_usernames_open_here(self, client, moderator):
        ModeratorFactory(username="colleague")
        fail_until_locked(client, "moderator")

        assert sign_in(Client(), "moderator", PASSWORD, address="203.0.113.50").status_code == 302
        assert sign_in(Client(), "colleague", PASSWORD).status_code == 302

    def test_lock_for_the_cool_off_time_only(self, client, moderator):
        fail_until_locked(client, "moderator")
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))

        assert sign_in(client, "moderator", PASSWORD).status_code == 302

    def test_are_forgotten_after_a_success(self, client, moderator):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            sign_in(client, "moderator", WRONG)
        assert sign_in(client, "moderator", PASSWORD).status_code == 302
        client.post(reverse("wagtailadmin_logout"))

        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            sign_in(client, "moderator", WRONG)

        assert sign_in(client, "moderator", PASSWORD).status_code == 302


def test_no_password_reaches_the_logs_or_the_database(client, moderator, caplog):
    caplog.set_level(logging.DEBUG)

    fail_until_locked(client, "moderator")
    sign_in(client, "moderator", PASSWORD)
    sign_in(client, "moderator", WRONG, address="203.0.113.50")
    sign_in(client, "moderator", PASSWORD, address="203.0.113.50")

    assert "AXES" in caplog.text, "axes logged nothing: this test would prove nothing"
    assert WRONG not in caplog.text and PASSWORD not in caplog.text
    stored = [str(row.__dict__) for model in (AccessAttempt, AccessFailureLog) for row in model.objects.all()]
    assert stored and not any(WRONG in row or PASSWORD in row for row in stored)


class TestPasswordRules:
    """Wagtail's own screens apply AUTH_PASSWORD_VALIDATORS: at least 12 characters, nothing common."""

    REFUSED = {"Abcdefgh12!": "too short", "qwertyuiop123": "too common"}

    @pytest.mark.parametrize("password", REFUSED)
    def test_creating_a_user_refuses_it(self, client, site_pages, password):
        client.force_login(UserFactory(username="admin", is_superuser=True))
        data = {"username": "newcomer", "email": "newcomer@example.org", "first_name": "New", "last_name": "Comer"}

        response = client.post(
            reverse("wagtailusers_users:add"), {**data, "password1": password, "password2": password}
        )

        assert response.status_code == 200 and self.REFUSED[password] in response.content.decode()
        assert not get_user_model().objects.filter(username="newcomer").exists()

    @pytest.mark.parametrize("password", REFUSED)
    def test_changing_ones_own_refuses_it(self, client, moderator, password):
        client.force_login(moderator)

        response = client.post(
            reverse("wagtailadmin_account"),
            {"password-old_password": PASSWORD, "password-new_password1": password, "password-new_password2": password},
        )

        assert response.status_code == 200 and self.REFUSED[password] in response.content.decode()
        moderator.refresh_from_db()
        assert moderator.check_password(PASSWORD)

    def test_a_long_uncommon_password_is_accepted(self, client, site_pages):
        client.force_login(UserFactory(username="admin", is_superuser=True))
        password = "iloveyou-but-not-in-a-list-77"
        data = {"username": "newcomer", "email": "newcomer@example.org", "first_name": "New", "last_name": "Comer"}

        response = client.post(
            reverse("wagtailusers_users:add"), {**data, "password1": password, "password2": password}
        )

        assert response.status_code == 302
        assert get_user_model().objects.get(username="newcomer").check_password(password)
