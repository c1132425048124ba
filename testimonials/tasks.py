from django.tasks import task

from .emails import email_send


@task()
def submission_confirmation_send(testimony_id: int) -> None:
    """Tell an author who asked to be contacted that their testimony arrived (never its text)."""
    from .models import Testimony

    testimony = Testimony.objects.filter(pk=testimony_id).first()
    if testimony is None or not (testimony.consent_contact and testimony.contact_email):
        return
    email_send(
        subject=f"We received your testimony ({testimony.reference})",
        template="testimonials/emails/submission_confirmation.txt",
        context={"testimony": testimony},
        to=[testimony.contact_email],
        tag="submission-confirmation",
    )
