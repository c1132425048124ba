import logging
from datetime import timedelta

from anymail.message import AnymailMessage
from django.conf import settings
from django.contrib.auth import get_user_model
from django.tasks import TaskResultStatus, task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import services
from .roles import MODERATORS

logger = logging.getLogger(__name__)

SWEEP_INTERVAL = timedelta(minutes=5)


@task()
def testimony_redact_task(testimony_id: int) -> None:
    services.testimony_redact(testimony_id=testimony_id)


@task()
def redaction_sweep_task(reschedule: bool = True) -> None:
    """Re-queue failed or stalled redactions, then schedule the next sweep."""
    from django_tasks_db.models import DBTaskResult

    services.redaction_sweep()
    if not reschedule:
        return
    already_scheduled = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=redaction_sweep_task.module_path
    ).exists()
    if not already_scheduled:
        redaction_sweep_task.using(run_after=timezone.now() + SWEEP_INTERVAL).enqueue()


@task()
def moderators_notify_waiting(testimony_id: int) -> None:
    """Tell moderators a testimony waits for review: its reference and a link, no text or personal data."""
    from testimonials.models import Testimony

    testimony = Testimony.objects.filter(pk=testimony_id).first()
    recipients = list(
        get_user_model()
        .objects.filter(groups__name=MODERATORS, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if testimony is None or not recipients:
        return
    queue_url = settings.WAGTAILADMIN_BASE_URL + reverse("testimony:index")
    message = AnymailMessage(
        subject=f"A testimony is waiting for review ({testimony.reference})",
        body=render_to_string(
            "moderation/emails/testimony_waiting.txt", {"testimony": testimony, "queue_url": queue_url}
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        # Blind copies: no moderator learns the others' addresses.
        to=[settings.DEFAULT_FROM_EMAIL],
        bcc=recipients,
        tags=["moderators-waiting"],
    )
    try:
        message.send()
    except Exception as error:
        logger.error("The moderators' notice for %s could not be sent: %s", testimony, type(error).__name__)
