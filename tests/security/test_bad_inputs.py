"""SECURITY-PLAN rows 1, 2, 3, 6, 11, 12 and 25: bad requests get a clear answer, store nothing, log no text."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from testimonials.models import Testimony
from tests.factories import ModeratorFactory
from tests.testimonials.test_submission import STORY, form_data, send_url

MARKER = "Quintavius-Marchbanks"


@pytest.fixture
def call_page(site_pages):
    return site_pages["call"]


def assert_nothing_stored_or_logged(caplog) -> None:
    assert not Testimony.objects.exists()
    assert MARKER not in caplog.text


def test_a_body_over_the_cap_is_refused_before_the_form(client, call_page, caplog):
    body = "story=" + MARKER + "x" * 3_000_000

    response = client.post(send_url(call_page), body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert_nothing_stored_or_logged(caplog)


@pytest.mark.parametrize("length", [settings.TESTIMONY_STORY_MAX_LENGTH + 1, 5 * settings.TESTIMONY_STORY_MAX_LENGTH])
def test_a_story_over_the_limit_is_a_form_error_with_the_text_kept(client, call_page, caplog, length):
    story = (MARKER + " " + STORY * 500)[:length]

    response = client.post(send_url(call_page), form_data(call_page, story=story))

    assert response.status_code == 200
    content = response.content.decode()
    assert f"the limit is {settings.TESTIMONY_STORY_MAX_LENGTH}" in content
    assert MARKER in content  # still in the form, for the author to shorten
    assert_nothing_stored_or_logged(caplog)


def test_too_many_fields_are_refused(client, call_page, caplog):
    fields = "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))

    response = client.post(
        send_url(call_page), f"story={MARKER}&{fields}", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 400
    assert_nothing_stored_or_logged(caplog)


def test_a_nul_character_in_the_story_is_a_form_error_not_a_server_error(client, call_page, caplog):
    response = client.post(send_url(call_page), form_data(call_page, story=STORY + "\x00" + MARKER))

    assert response.status_code in (200, 400)
    assert_nothing_stored_or_logged(caplog)


def test_a_post_without_its_csrf_token_is_refused(call_page, caplog):
    client = Client(enforce_csrf_checks=True)

    response = client.post(send_url(call_page), form_data(call_page, story=STORY + MARKER))

    assert response.status_code == 403
    assert_nothing_stored_or_logged(caplog)


def test_a_foreign_host_is_refused(client, call_page):
    assert client.get(call_page.url, HTTP_HOST="evil.example").status_code == 400


def test_a_disabled_account_loses_its_session_at_once(client, site_pages):
    moderator = ModeratorFactory()
    client.force_login(moderator)
    assert client.get(reverse("testimony:index")).status_code == 200

    moderator.is_active = False
    moderator.save()

    response = client.get(reverse("testimony:index"))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def test_signing_out_ends_the_session(client, site_pages):
    client.force_login(ModeratorFactory())

    client.post(reverse("wagtailadmin_logout"))

    assert client.get(reverse("testimony:index")).status_code == 302
