import logging

from anymail.message import AnymailMessage
from django.conf import settings
from django.tasks import task
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


@task()
def submission_confirmation_send(testimony_id: int) -> None:
    """Tell an author who asked to be contacted that their testimony arrived (never its text)."""
    from .models import Testimony

    testimony = Testimony.objects.filter(pk=testimony_id).first()
    if testimony is None or not (testimony.consent_contact and testimony.contact_email):
        return
    message = AnymailMessage(
        subject=f"We received your testimony ({testimony.reference})",
        body=render_to_string("testimonials/emails/submission_confirmation.txt", {"testimony": testimony}),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[testimony.contact_email],
        tags=["submission-confirmation"],
    )
    try:
        message.send()
    except Exception as error:
        # The class only: a provider's error message can quote the address.
        logger.error("Confirmation email for %s could not be sent: %s", testimony, type(error).__name__)
