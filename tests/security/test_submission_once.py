"""One form, one testimony: atomic, Post/Redirect/Get to a receipt shown once, and a one-time token."""

import re
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import DatabaseError, connection
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from testimonials.forms import new_submission_token
from testimonials.models import ConsentChange, Testimony, WindowCount
from testimonials.services import DuplicateSubmission, Receipt, testimony_submit
from tests.concurrency import at_once
from tests.factories import TestimonyFactory
from tests.receipts import SECRET_ON_PAGE as SECRET
from tests.receipts import receipt_secret_in
from tests.testimonials.test_submission import STORY, form_data, send_url


@pytest.fixture
def call_page(site_pages):
    return site_pages["call"]


def form_with_token(call_page, **overrides):
    token = re.search(r'name="submission_token" value="([^"]+)"', Client().get(call_page.url).content.decode())
    return form_data(call_page, submission_token=token.group(1), **overrides)


def test_a_submission_redirects_to_its_receipt_which_is_shown_once(client, call_page):
    response = client.post(send_url(call_page), form_with_token(call_page))

    assert response.status_code == 302
    assert response["Location"] == reverse("testimony_receipt")
    first = client.get(response["Location"])
    assert SECRET.search(first.content.decode())
    assert "no-store" in first["Cache-Control"]
    again = client.get(response["Location"])
    assert not SECRET.search(again.content.decode())
    assert b"receipt-already-shown" in again.content


def test_the_same_form_posted_five_times_stores_one_testimony(client, call_page):
    data = form_with_token(call_page)

    responses = [client.post(send_url(call_page), data, follow=True) for _ in range(5)]

    assert Testimony.objects.count() == 1
    assert ConsentChange.objects.count() == 4
    shown = [SECRET.search(response.content.decode()) for response in responses]
    # A double click: the receipt waits for whichever response the browser shows, then is gone.
    assert shown[0] is not None and all(match is None for match in shown[1:])


def test_a_resend_from_another_browser_stores_nothing_and_shows_no_receipt(client, call_page):
    data = form_with_token(call_page)
    client.post(send_url(call_page), data, follow=True)

    replay = Client().post(send_url(call_page), data, follow=True)

    assert Testimony.objects.count() == 1
    assert not SECRET.search(replay.content.decode())
    assert b"receipt-already-shown" in replay.content


def test_two_forms_store_two_testimonies(client, call_page):
    client.post(send_url(call_page), form_with_token(call_page), follow=True)
    client.post(send_url(call_page), form_with_token(call_page), follow=True)

    assert Testimony.objects.count() == 2


def test_a_page_from_before_tokens_still_stores_its_story(client, call_page):
    response = client.post(send_url(call_page), form_data(call_page), follow=True)

    assert SECRET.search(response.content.decode())
    assert Testimony.objects.count() == 1


def test_the_receipt_waits_encrypted_in_a_cookie_and_no_session_is_written(client, call_page):
    sent = client.post(send_url(call_page), form_with_token(call_page))
    sealed = sent.cookies[settings.RECEIPT_COOKIE_NAME].value

    secret = receipt_secret_in(client.get(sent["Location"]).content.decode())

    assert secret not in sealed and Testimony.objects.get().reference not in sealed
    assert not Session.objects.exists()


def test_a_failure_after_the_testimony_is_written_stores_nothing(call_page, caplog):
    client = Client(raise_request_exception=False)
    queued = DBTaskResult.objects.count()
    failing = mock.patch.object(ConsentChange.objects, "bulk_create", side_effect=DatabaseError("disk full"))

    with failing:
        response = client.post(send_url(call_page), form_with_token(call_page))

    # The generic error page: no trace, no settings, no story.
    assert response.status_code == 500
    assert b"Traceback" not in response.content and b"Fitzgerald" not in response.content
    assert Testimony.objects.count() == 0
    assert ConsentChange.objects.count() == 0
    assert DBTaskResult.objects.count() == queued
    assert "Fitzgerald-Nakamura" not in caplog.text


def test_a_story_that_failed_to_store_does_not_use_up_the_senders_hour(call_page):
    client = Client(raise_request_exception=False)
    failing = mock.patch.object(ConsentChange.objects, "bulk_create", side_effect=DatabaseError("disk full"))

    with failing:
        assert client.post(send_url(call_page), form_with_token(call_page)).status_code == 500

    # The limit is counted in the story's own transaction: rolled back with it.
    assert not WindowCount.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_token_posted_at_once_stores_one_testimony(site_pages):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises every write: the race needs PostgreSQL's concurrent transactions")
    call_page = site_pages["call"]
    arguments = {
        "story": STORY,
        "role": "patient",
        "consent_processing": True,
        "consent_text_version": call_page.consent_text_version,
        "submission_token": new_submission_token(),
    }

    def submit():
        return testimony_submit(**arguments)

    results = at_once(submit)

    assert sum(isinstance(result, Receipt) for result in results) == 1
    assert sum(isinstance(result, DuplicateSubmission) for result in results) == 3
    assert Testimony.objects.count() == 1
    assert ConsentChange.objects.count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_taken_reference_is_replaced_and_everything_is_stored_once(site_pages):
    taken = TestimonyFactory().reference
    reference = Testimony._meta.get_field("reference")

    with mock.patch.object(reference, "default", lambda: taken):
        receipt = testimony_submit(
            story=STORY,
            role="patient",
            consent_processing=True,
            consent_text_version=site_pages["call"].consent_text_version,
            submission_token=new_submission_token(),
        )

    assert receipt.reference != taken
    stored = Testimony.objects.get(reference=receipt.reference)
    assert ConsentChange.objects.filter(testimony=stored).count() == 4
    assert DBTaskResult.objects.filter(args_kwargs__kwargs__testimony_id=stored.pk).exists()
