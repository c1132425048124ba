import io

from django.conf import settings
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext, override

from .emails import email_send


@task()
def submission_confirmation_send(testimony_id: int) -> None:
    """Tell an author who asked to be contacted that their testimony arrived (never its text)."""
    from home.models import Organisation

    from .models import Testimony

    testimony = Testimony.objects.filter(pk=testimony_id).first()
    if testimony is None or not (testimony.consent_contact and testimony.contact_email):
        return
    # In the language of the page the author wrote from, as the receipt was.
    with override(testimony.sent_from_language):
        email_send(
            subject=gettext("We received your testimony (%(reference)s)") % {"reference": testimony.reference},
            template="testimonials/emails/submission_confirmation.txt",
            # Where the author opens their testimony, in their language (never with the secret in it).
            context={
                "testimony": testimony,
                "open_url": settings.WAGTAILAPI_BASE_URL + reverse("my_testimony_open"),
                "organisation": Organisation.current(),
            },
            to=[testimony.contact_email],
            tag="submission-confirmation",
            testimony=testimony,
        )


@task()
def retention_apply_task() -> None:
    """Apply retention (daily, on the schedule in operations/tasks.py)."""
    from .services import retention_apply

    retention_apply()


@task()
def scheduled_publishing_task() -> None:
    """Wagtail's scheduled publishing (this project's `publish_scheduled`), every five minutes."""
    from django.core.management import call_command

    call_command("publish_scheduled", verbosity=0, stdout=io.StringIO())


@task()
def window_counts_prune_task() -> None:
    """Delete rate-limit and single-use counts whose window has ended (hourly)."""
    from .ratelimit import window_counts_prune

    window_counts_prune()


@task()
def outbox_sweep_task() -> None:
    """Queue again emails whose delivery is overdue."""
    from .emails import outbox_sweep

    outbox_sweep()


@task()
def outbox_deliver_task(email_id: int) -> None:
    from .emails import outbox_deliver

    outbox_deliver(email_id=email_id)


@task()
def incident_import_task(job_id: int) -> None:
    """Import an incident file uploaded in the admin (too large to import within the request)."""
    from .incident_import_jobs import incident_import_job_run

    incident_import_job_run(job_id=job_id)


@task()
def story_revisions_purge_task(page_id: int) -> None:
    """After a story is published, delete its earlier revisions that hold text the scan flags."""
    from .services import story_revisions_purge

    story_revisions_purge(page_id=page_id)


@task()
def text_checks_run_task() -> None:
    """Check every text waiting to go public for personal data (loads the language model: worker only)."""
    from .publishing import text_checks_run

    text_checks_run()


@task()
def author_change_request_redact_task(testimony_id: int) -> None:
    """Redact the author's change request before any moderator reads it."""
    from .services import author_change_request_redact

    author_change_request_redact(testimony_id=testimony_id)
