"""The call's form is sent to an address of its own, and its receipt travels in an encrypted cookie shown once.

Tried as someone would break them: a copied or altered cookie, an old one, one from another site's keys,
a GET, a post in another language, a call changed or gone between the page view and the post.
"""

import json
import re
import time
from unittest import mock

import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.views.debug import ExceptionReporter

from home.models import Organisation
from testimonials import selectors, views
from testimonials.crypto import encrypt
from testimonials.models import CallForTestimonialsPage, Testimony
from testimonials.views import RECEIPT_SECONDS
from tests.receipts import SECRET_ON_PAGE as SECRET
from tests.testimonials.test_submission import STORY, form_data, send_url


@pytest.fixture
def call_page(site_pages):
    return site_pages["call"]


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")


def sent(client: Client, call_page, **overrides):
    """A valid form, sent where the call page's form is sent: the redirect to the receipt, not followed."""
    response = client.post(send_url(call_page), form_data(call_page, **overrides))
    assert response.status_code == 302
    return response


def receipt_shown(response) -> bool:
    return SECRET.search(response.content.decode()) is not None


def test_the_call_form_is_sent_to_its_own_address(client, call_page):
    page = client.get(call_page.url).content.decode()

    action = re.search(r'<form method="post" action="([^"]+)" class="testimony-form"', page)[1]

    assert action == reverse("testimony_send") == "/en/my-testimony/send/"


def test_a_form_sent_from_a_french_page_is_stored_in_french_and_answered_in_french(client, site_pages):
    french_call = site_pages["call"].get_translation(
        site_pages["call"].locale.__class__.objects.get(language_code="fr")
    )

    response = sent(client, french_call)

    assert response["Location"] == "/fr/my-testimony/receipt/"
    assert Testimony.objects.get().sent_from_language == "fr"
    assert '<html lang="fr"' in client.get(response["Location"]).content.decode()


def test_the_receipt_shows_the_calls_intro_and_switches_language_to_the_receipt(client, call_page):
    call_page.receipt_intro = "<p>Your words are stored encrypted.</p>"
    call_page.save_revision().publish()
    response = sent(client, call_page)

    content = client.get(response["Location"]).content.decode()

    assert "Your words are stored encrypted." in content
    assert 'href="/fr/my-testimony/receipt/"' in content and 'href="/es/my-testimony/receipt/"' in content
    assert f'href="{call_page.url}"' in content  # the menu still leads to the call


def test_the_receipt_opens_once_even_from_a_copied_cookie(client, call_page):
    response = sent(client, call_page)
    copied = response.cookies[settings.RECEIPT_COOKIE_NAME].value

    first = client.get(response["Location"])
    thief = Client()
    thief.cookies[settings.RECEIPT_COOKIE_NAME] = copied

    assert receipt_shown(first)
    assert first.cookies[settings.RECEIPT_COOKIE_NAME].value == ""  # deleted as it is shown
    assert not receipt_shown(thief.get(response["Location"]))
    assert not receipt_shown(client.get(response["Location"]))


@pytest.mark.parametrize(
    "cookie",
    [
        "not a token",
        "gAAAAAB" + "A" * 120,
        "é" * 40,
        Fernet(Fernet.generate_key()).encrypt(b'{"reference": "X", "secret": "Y", "once": "z"}').decode(),
    ],
    ids=["garbage", "token-shaped", "not-ascii", "another-sites-key"],
)
def test_an_altered_or_foreign_receipt_cookie_shows_nothing_and_breaks_nothing(client, call_page, cookie):
    client.cookies[settings.RECEIPT_COOKIE_NAME] = cookie

    response = client.get(reverse("testimony_receipt"))

    assert response.status_code == 200
    assert not receipt_shown(response)
    assert b"receipt-already-shown" in response.content


def test_a_receipt_cookie_older_than_its_time_shows_nothing(client, call_page):
    response = sent(client, call_page)

    later = time.time() + RECEIPT_SECONDS + 5
    with mock.patch("cryptography.fernet.time.time", return_value=later):
        shown = client.get(response["Location"])

    assert not receipt_shown(shown)


def test_a_receipt_cookie_without_its_nonce_shows_nothing(client, call_page):
    client.cookies[settings.RECEIPT_COOKIE_NAME] = encrypt('{"reference": "ABCD2345", "secret": "2345-6789"}')

    assert not receipt_shown(client.get(reverse("testimony_receipt")))


def test_the_send_address_refuses_a_get_and_stores_nothing(client, call_page):
    response = client.get(send_url(call_page))

    assert response.status_code == 405
    assert not Testimony.objects.exists()


def test_a_form_with_errors_comes_back_at_the_send_address_as_typed(client, call_page):
    response = client.post(send_url(call_page), form_data(call_page, story="Too short to keep.", role=""))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Too short to keep." in content and "Your testimony was not sent yet" in content
    assert f'action="{send_url(call_page)}"' in content
    assert not Testimony.objects.exists()


def test_without_a_live_call_the_send_address_is_not_found(client, call_page):
    data = form_data(call_page)
    for call in CallForTestimonialsPage.objects.live():
        call.unpublish()

    assert client.post(send_url(call_page), data).status_code == 404
    assert not Testimony.objects.exists()


def test_a_call_unpublished_while_its_form_is_checked_is_not_found_not_a_crash(client, call_page, monkeypatch):
    terms = call_page.terms()
    call_page.unpublish()
    monkeypatch.setattr(selectors, "call_terms", lambda request, page=None: terms)

    response = client.post(send_url(call_page), form_data(call_page, story="Too short."))

    assert response.status_code == 404


def test_new_consent_wording_reaches_a_process_that_kept_the_old(client, call_page):
    shown_version = call_page.consent_text_version
    # The first post keeps the call's terms in this process.
    sent(client, call_page)
    call_page.consent_publication_text = "New wording about publication."
    call_page.save_revision().publish()

    response = client.post(send_url(call_page), form_data(call_page, consent_version=shown_version))

    assert Testimony.objects.count() == 1
    assert "consent wording was updated" in response.content.decode()


def test_a_renamed_organisation_reaches_a_process_that_kept_the_old_name(client, call_page):
    call_page.consent_processing_text = "I agree that {organisation} keeps my story."
    call_page.save_revision().publish()
    shown_version = call_page.consent_text_version
    sent(client, call_page)
    organisation = Organisation.for_site(call_page.get_site())
    organisation.name = "Renamed Health Watch"
    organisation.save()

    response = client.post(send_url(call_page), form_data(call_page, consent_version=shown_version))

    assert Testimony.objects.count() == 1
    assert "Renamed Health Watch" in response.content.decode()


def test_a_submission_reads_no_page_and_writes_no_session(client, call_page):
    sent(client, call_page)  # the call's terms are kept by this process from here on

    with CaptureQueriesContext(connection) as queries:
        sent(client, call_page)

    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "wagtailcore_page" not in sql and "django_session" not in sql
    # The generation, then the testimony (its form token decided by a unique constraint), the rate limit
    # counted in the same transaction, its consents and its queued redaction (the queue is in the database).
    statements = [query["sql"] for query in queries.captured_queries]
    assert len([sql for sql in statements if not sql.startswith(TRANSACTION_CONTROL)]) <= 5


def test_a_form_from_before_its_own_address_still_stores_its_story(client, call_page):
    response = client.post(call_page.url, form_data(call_page))

    assert response["Location"] == reverse("testimony_receipt")
    assert receipt_shown(client.get(response["Location"]))
    assert Testimony.objects.count() == 1
    with translation.override("en"):
        assert reverse("testimony_receipt") == "/en/my-testimony/receipt/"


def test_an_error_report_of_a_failed_submission_shows_neither_the_story_nor_the_receipt(call_page, monkeypatch):
    """Django's error report (DEBUG pages, admin emails) lists each frame's variables: every frame below the
    view, its helpers' and the libraries' they call, is hidden by the view's sensitive_variables."""
    secrets_seen = []

    def sealing_fails(value: str) -> str:
        secrets_seen.append(value)
        raise RuntimeError("the key store is unreachable")

    monkeypatch.setattr(views, "encrypt", sealing_fails)
    request = RequestFactory().post(send_url(call_page), form_data(call_page, story=STORY))
    request.session, request._dont_enforce_csrf_checks = {}, True
    with translation.override("en"), pytest.raises(RuntimeError) as raised:
        views.testimony_send(request)

    # From the view's frame down: this test's own frame holds what it captured.
    report = ExceptionReporter(request, raised.type, raised.value, raised.tb.tb_next).get_traceback_html()
    sealed = json.loads(secrets_seen[0])
    assert sealed["secret"] not in report and sealed["reference"] not in report
    assert "Fitzgerald-Nakamura" not in report
