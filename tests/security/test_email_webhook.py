"""Providers' webhooks are closed until a shared secret is set, and then answer only posts that carry it."""

import base64
import json

import pytest
from django.urls import reverse

from testimonials.models import EmailStatus, OutgoingEmail

SECRET = "hook:secret-for-tests"
ESP_MESSAGE_ID = "a1b2c3-postmark-id"
BOUNCE = {
    "RecordType": "Bounce",
    "Type": "HardBounce",
    "MessageID": ESP_MESSAGE_ID,
    "Email": "quincey.zebedee@example.org",
    "BouncedAt": "2026-11-25T10:00:00Z",
    "Description": "The server was unable to deliver your message",
}


@pytest.fixture
def sent_email(db):
    return OutgoingEmail.objects.create(
        tag="submission-confirmation",
        subject="We received your testimony",
        status=EmailStatus.SENT,
        esp_message_id=ESP_MESSAGE_ID,
    )


def post_bounce(client, credentials: str | None = None, url_name: str = "postmark_tracking_webhook"):
    headers = {"HTTP_AUTHORIZATION": f"Basic {base64.b64encode(credentials.encode()).decode()}"} if credentials else {}
    return client.post(reverse(f"anymail:{url_name}"), json.dumps(BOUNCE), content_type="application/json", **headers)


class TestWithoutAWebhookSecret:
    @pytest.mark.parametrize(
        "url_name",
        ["postmark_tracking_webhook", "mailgun_tracking_webhook", "sendgrid_inbound_webhook", "mandrill_webhook"],
    )
    def test_the_webhooks_are_not_there(self, client, settings, sent_email, url_name):
        settings.ANYMAIL = {}

        assert post_bounce(client, url_name=url_name).status_code == 404

    def test_a_forged_bounce_changes_nothing(self, client, settings, sent_email):
        settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "a-token", "WEBHOOK_SECRET": ""}

        assert post_bounce(client, SECRET).status_code == 404
        sent_email.refresh_from_db()
        assert sent_email.status == EmailStatus.SENT


class TestWithAWebhookSecret:
    def test_a_post_without_the_secret_is_refused(self, client, settings, sent_email):
        settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}

        assert post_bounce(client).status_code == 400
        sent_email.refresh_from_db()
        assert sent_email.status == EmailStatus.SENT

    def test_a_post_with_a_wrong_secret_is_refused(self, client, settings, sent_email):
        settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}

        assert post_bounce(client, "hook:guessed").status_code == 400
        sent_email.refresh_from_db()
        assert sent_email.status == EmailStatus.SENT

    def test_a_bounce_with_the_secret_marks_the_email(self, client, settings, sent_email):
        settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}

        assert post_bounce(client, SECRET).status_code == 200
        sent_email.refresh_from_db()
        assert sent_email.status == EmailStatus.BOUNCED
