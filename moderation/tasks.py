from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.tasks import task
from django.urls import reverse

from config.tasks import enqueue_once, pending_run_started
from testimonials import lifecycle
from testimonials.emails import email_send

from . import services
from .roles import MODERATORS


@task()
def testimony_redact_task(testimony_id: int) -> None:
    services.testimony_redact(testimony_id=testimony_id)


@task()
def redaction_sweep_task() -> None:
    """Re-queue failed or stalled redactions (every five minutes, on the schedule in operations/tasks.py)."""
    services.redaction_sweep()


NOTICE_LISTS_AT_MOST = 20


@task()
def moderators_notify_waiting() -> None:
    """One notice for everything that waits: how many, their references and a link; no text or personal data."""
    from testimonials.models import Testimony

    pending_run_started(moderators_notify_waiting)
    waiting = list(
        Testimony.objects.filter(status__in=lifecycle.WAITING_FOR_MODERATORS)
        .order_by("created_at")
        .values_list("reference", flat=True)
    )
    recipients = list(
        get_user_model()
        .objects.filter(groups__name=MODERATORS, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not waiting or not recipients:
        return
    queue_url = settings.WAGTAILADMIN_BASE_URL + reverse("testimony:index")
    count = len(waiting)
    email_send(
        subject=f"{count} testimon{'y waits' if count == 1 else 'ies wait'} for review",
        template="moderation/emails/testimony_waiting.txt",
        context={
            "references": waiting[:NOTICE_LISTS_AT_MOST],
            "more": count - NOTICE_LISTS_AT_MOST,
            "queue_url": queue_url,
        },
        # Blind copies: no moderator learns the others' addresses.
        to=[settings.DEFAULT_FROM_EMAIL],
        bcc=recipients,
        tag="moderators-waiting",
    )


def moderators_notice_schedule() -> None:
    """Gather notices: one is sent MODERATOR_NOTICE_DELAY_MINUTES after the first testimony starts waiting."""
    enqueue_once(moderators_notify_waiting, after=timedelta(minutes=settings.MODERATOR_NOTICE_DELAY_MINUTES))
