from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.tasks import TaskResultStatus, task
from django.urls import reverse
from django.utils import timezone

from testimonials.emails import email_send

from . import services
from .roles import MODERATORS

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
    email_send(
        subject=f"A testimony is waiting for review ({testimony.reference})",
        template="moderation/emails/testimony_waiting.txt",
        context={"testimony": testimony, "queue_url": queue_url},
        # Blind copies: no moderator learns the others' addresses.
        to=[settings.DEFAULT_FROM_EMAIL],
        bcc=recipients,
        tag="moderators-waiting",
    )
