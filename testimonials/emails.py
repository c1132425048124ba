"""The one way this service sends email: through an outbox, then anymail, never failing the caller.

`email_send` only stores the message (encrypted) and queues its delivery; `outbox_deliver`
sends it and retries with growing delays while the provider is down. Errors are logged by
exception class only: a provider's error message can quote an address.
"""

import logging
from collections.abc import Sequence
from datetime import timedelta

from anymail.message import AnymailMessage
from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from .models import EmailStatus, OutgoingEmail

logger = logging.getLogger(__name__)

# Minutes to wait after each failed attempt; then the email is marked failed.
RETRY_DELAYS = (1, 5, 30, 120, 720)
# How late a delivery may be before the sweep queues it again.
SWEEP_GRACE = timedelta(minutes=15)


def email_send(
    *,
    subject: str,
    template: str,
    context: dict,
    tag: str,
    to: Sequence[str] = (),
    bcc: Sequence[str] = (),
    testimony=None,
) -> OutgoingEmail:
    """Render `template` into the outbox and queue its delivery once the caller's transaction commits.

    Pass the `testimony` of an email to its author, so that erasing it erases the email too.
    """
    email = OutgoingEmail.objects.create(
        tag=tag,
        testimony=testimony,
        to="\n".join(to),
        bcc="\n".join(bcc),
        subject=subject,
        body=render_to_string(template, context),
    )
    transaction.on_commit(lambda: _queue(email.pk))
    return email


def _queue(email_id: int, after: timedelta | None = None) -> None:
    from .tasks import outbox_deliver_task

    task = outbox_deliver_task.using(run_after=timezone.now() + after) if after else outbox_deliver_task
    task.enqueue(email_id=email_id)


def outbox_deliver(*, email_id: int) -> None:
    """Send one queued email; on failure, try again later, RETRY_DELAYS apart.

    The row stays locked while it is sent, so a delivery the sweep queued twice sends once.
    """
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(skip_locked=True)
            .filter(pk=email_id, status=EmailStatus.QUEUED)
            .first()
        )
        if email is not None:
            _deliver(email)


def _deliver(email: OutgoingEmail) -> None:
    message = AnymailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to.splitlines(),
        bcc=email.bcc.splitlines(),
        tags=[email.tag],
    )
    email.attempts += 1
    email.last_attempt_at = timezone.now()
    try:
        message.send()
    except Exception as error:
        email.last_error = type(error).__name__
        gives_up = email.attempts > len(RETRY_DELAYS)
        email.status = EmailStatus.FAILED if gives_up else EmailStatus.QUEUED
        email.save(update_fields=["attempts", "last_attempt_at", "last_error", "status"])
        logger.error("Email %s (%r) could not be sent: %s", email.pk, email.tag, type(error).__name__)
        if not gives_up:
            transaction.on_commit(lambda: _queue(email.pk, after=timedelta(minutes=RETRY_DELAYS[email.attempts - 1])))
        return
    email.status = EmailStatus.SENT
    email.sent_at = timezone.now()
    email.body = ""  # sent: the words need not be kept
    status = getattr(message, "anymail_status", None)
    message_id = status.message_id if status else None
    email.esp_message_id = "" if message_id is None else str(message_id)
    email.save(
        update_fields=["attempts", "last_attempt_at", "status", "sent_at", "body", "esp_message_id", "last_error"]
    )


def outbox_sweep() -> list[int]:
    """Queue again the emails whose delivery is overdue by SWEEP_GRACE: a lost task or a killed worker
    must not leave an email waiting for ever. Returns their ids."""
    now = timezone.now()
    overdue = []
    for email_id, attempts, created_at, last_attempt_at in OutgoingEmail.objects.filter(
        status=EmailStatus.QUEUED
    ).values_list("pk", "attempts", "created_at", "last_attempt_at"):
        due = created_at if not attempts else last_attempt_at + timedelta(minutes=RETRY_DELAYS[attempts - 1])
        if due + SWEEP_GRACE < now:
            overdue.append(email_id)
    for email_id in overdue:
        _queue(email_id)
    return overdue


TRACKED_STATUSES = {
    "delivered": EmailStatus.DELIVERED,
    "bounced": EmailStatus.BOUNCED,
    "rejected": EmailStatus.BOUNCED,
    "failed": EmailStatus.BOUNCED,
}


def tracking_event_record(*, message_id: str, event_type: str) -> None:
    """Record what the provider says happened to a sent email (delivered, bounced...)."""
    if event_type in TRACKED_STATUSES and message_id:
        OutgoingEmail.objects.filter(esp_message_id=message_id).update(status=TRACKED_STATUSES[event_type])
