"""Sessions end on the server: the author's after 30 minutes, staff's when idle and after a working day."""

import time
from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import ModeratorFactory, TestimonyFactory

ADMIN_HOME = reverse("wagtailadmin_home")
SECRET = "2345-6789-ABCD-EFGH"  # the factory's


@contextmanager
def later(**delta):
    """Every clock the code reads (time.time, timezone.now) moved forward by `delta`."""
    seconds = timedelta(**delta).total_seconds()
    real_time, real_now = time.time, timezone.now
    with (
        patch("time.time", lambda: real_time() + seconds),
        patch("django.utils.timezone.now", lambda: real_now() + timedelta(seconds=seconds)),
    ):
        yield


def signed_in(response) -> bool:
    return response.wsgi_request.user.is_authenticated


class TestTheAuthorsSession:
    @pytest.fixture
    def opened(self, client, site_pages):
        testimony = TestimonyFactory()
        response = client.post(reverse("my_testimony_open"), {"reference": testimony.reference, "secret": SECRET})
        assert response.status_code == 302
        return testimony

    def test_lasts_thirty_minutes(self, client, opened):
        with later(minutes=29):
            assert client.get(reverse("my_testimony")).status_code == 200

    def test_ends_after_thirty_minutes_even_with_the_cookie_still_sent(self, client, opened):
        with later(minutes=31):
            response = client.get(reverse("my_testimony"))

        assert settings.SESSION_COOKIE_NAME in client.cookies
        assert response.status_code == 302 and response["Location"] == reverse("my_testimony_open")


class TestAStaffSession:
    @pytest.fixture
    def moderator(self, client, site_pages):
        user = ModeratorFactory()
        client.force_login(user)
        assert client.get(ADMIN_HOME).status_code == 200
        return user

    def test_ends_after_the_idle_time_with_a_way_back(self, client, moderator):
        with later(minutes=settings.STAFF_SESSION_IDLE_MINUTES + 1):
            response = client.get(reverse("testimony:index"))
            login = client.get(response["Location"])

        assert response.status_code == 302
        assert response["Location"] == f"{reverse('wagtailadmin_login')}?next={reverse('testimony:index')}"
        assert not signed_in(login) and "Your session has ended" in login.content.decode()

    def test_goes_on_while_in_use_until_its_cap(self, client, moderator, settings):
        # Under the database session's own 8-hour expiry, so the cap is what ends it.
        settings.STAFF_SESSION_MAX_HOURS = 2
        for minutes in range(20, 120, 20):
            with later(minutes=minutes):
                assert client.get(ADMIN_HOME).status_code == 200

        with later(minutes=121):
            response = client.get(ADMIN_HOME)

        assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))

    def test_an_open_editor_pinging_does_not_count_as_activity(self, client, moderator):
        ping = reverse("wagtailadmin_editing_sessions:ping", args=["wagtailcore", "page", "1", 0])
        with later(minutes=20):
            client.post(ping)

        with later(minutes=settings.STAFF_SESSION_IDLE_MINUTES + 1):
            assert client.get(ADMIN_HOME).status_code == 302

    def test_on_a_public_page_simply_ends(self, client, moderator):
        with later(minutes=settings.STAFF_SESSION_IDLE_MINUTES + 1):
            response = client.get("/en/")

        assert response.status_code == 200 and not signed_in(response)
