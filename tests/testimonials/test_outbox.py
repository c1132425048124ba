"""Email goes through an outbox: a provider outage loses nothing; bounces come back through webhooks."""

import base64
import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from testimonials.emails import RETRY_DELAYS, email_send, outbox_deliver, outbox_sweep
from testimonials.models import EmailStatus, OutgoingEmail
from testimonials.tasks import outbox_deliver_task
from tests.security.test_encryption_at_rest import database_bytes

PROVIDER_DOWN = {"default": {"BACKEND": "anymail.backends.postmark.EmailBackend"}}
# A real ESP backend whose API answers nowhere: port 9 on loopback refuses at once.
UNREACHABLE_POSTMARK = {"POSTMARK_SERVER_TOKEN": "test-token", "POSTMARK_API_URL": "http://127.0.0.1:9/"}


def queue_one(**overrides) -> OutgoingEmail:
    arguments = {
        "subject": "We received your testimony (T-ABC234)",
        "template": "testimonials/emails/submission_confirmation.txt",
        "context": {"testimony": {"reference": "T-ABC234"}},
        "tag": "submission-confirmation",
        "to": ["quincey.zebedee@example.org"],
    }
    return email_send(**{**arguments, **overrides})


@pytest.mark.django_db(transaction=True)
def test_an_outage_keeps_the_email_queued_and_it_goes_once_the_provider_is_back(settings, mailoutbox):
    email = queue_one()
    settings.MAILERS, settings.ANYMAIL = PROVIDER_DOWN, UNREACHABLE_POSTMARK

    outbox_deliver(email_id=email.pk)

    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == (EmailStatus.QUEUED, 1, "AnymailRequestsAPIError")
    retry = DBTaskResult.objects.filter(task_path="testimonials.tasks.outbox_deliver_task", status="READY").latest(
        "enqueued_at"
    )
    assert retry.run_after > timezone.now()

    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.test.EmailBackend"}}
    outbox_deliver(email_id=email.pk)

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.body == "" and email.esp_message_id
    assert mailoutbox[-1].to == ["quincey.zebedee@example.org"]


def test_after_every_retry_the_email_is_marked_failed(db, settings):
    email = queue_one()
    OutgoingEmail.objects.filter(pk=email.pk).update(attempts=len(RETRY_DELAYS))
    settings.MAILERS, settings.ANYMAIL = PROVIDER_DOWN, UNREACHABLE_POSTMARK

    outbox_deliver(email_id=email.pk)

    assert OutgoingEmail.objects.get(pk=email.pk).status == EmailStatus.FAILED


@pytest.mark.django_db(transaction=True)
def test_outbox_rows_keep_addresses_and_words_encrypted(tmp_path):
    queue_one(subject="A notice about Quincey Zebedee-Marchetti")

    dump = database_bytes(tmp_path)

    assert b"quincey.zebedee@example.org" not in dump and b"Zebedee-Marchetti" not in dump


def test_a_bounce_reported_through_the_providers_webhook_marks_the_email(client, db, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:secret-for-tests"}
    email = queue_one()
    OutgoingEmail.objects.filter(pk=email.pk).update(status=EmailStatus.SENT, esp_message_id="a1b2c3-postmark-id")
    bounce = {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "MessageID": "a1b2c3-postmark-id",
        "Email": "quincey.zebedee@example.org",
        "BouncedAt": "2026-11-25T10:00:00Z",
        "Description": "The server was unable to deliver your message",
    }
    credentials = base64.b64encode(b"hook:secret-for-tests").decode()

    response = client.post(
        reverse("anymail:postmark_tracking_webhook"),
        json.dumps(bounce),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Basic {credentials}",
    )

    assert response.status_code == 200
    assert OutgoingEmail.objects.get(pk=email.pk).status == EmailStatus.BOUNCED


def test_a_webhook_without_the_secret_is_refused(client, db, settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:secret-for-tests"}

    response = client.post(reverse("anymail:postmark_tracking_webhook"), "{}", content_type="application/json")

    assert response.status_code == 400


def test_an_email_whose_delivery_was_lost_is_queued_again_by_the_sweep_and_sent_once(run_worker, mailoutbox):
    email = queue_one()
    DBTaskResult.objects.all().delete()  # the delivery task lost: a queue wiped, a worker killed
    OutgoingEmail.objects.filter(pk=email.pk).update(created_at=timezone.now() - timedelta(hours=1))

    assert outbox_sweep() == [email.pk]
    run_worker()

    assert OutgoingEmail.objects.get(pk=email.pk).status == EmailStatus.SENT
    assert len(mailoutbox) == 1


def test_a_delivery_queued_twice_sends_the_email_once(run_worker, mailoutbox):
    email = queue_one()
    outbox_deliver_task.enqueue(email_id=email.pk)

    run_worker()

    assert DBTaskResult.objects.filter(task_path=outbox_deliver_task.module_path).count() == 2
    assert len(mailoutbox) == 1


def test_the_sweep_leaves_emails_whose_next_try_is_not_overdue(db):
    queue_one()  # just queued: due now, not overdue
    retrying = queue_one()
    OutgoingEmail.objects.filter(pk=retrying.pk).update(
        attempts=3, last_attempt_at=timezone.now() - timedelta(minutes=RETRY_DELAYS[2])
    )

    assert outbox_sweep() == []
