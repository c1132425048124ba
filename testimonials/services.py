"""Writes for testimonials: submission and the status changes publishing causes."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from .models import Incident, Testimony, TestimonyStatus, new_reference, new_secret
from .signals import testimony_submitted
from .tasks import submission_confirmation_send

logger = logging.getLogger(__name__)

REFERENCE_ATTEMPTS = 5


@dataclass(frozen=True)
class Receipt:
    """What the author is shown once: the secret is stored only as a slow hash."""

    reference: str
    secret: str


def testimony_submit(
    *,
    story: str,
    role: str,
    consent_processing: bool,
    consent_text_version: str,
    consent_publication: bool = False,
    consent_contact: bool = False,
    consent_research: bool = False,
    country: str = "",
    incident: Incident | None = None,
    incident_description: str = "",
    happened_month: int | None = None,
    happened_year: int | None = None,
    impacts: Iterable[str] = (),
    removal_terms: str = "",
    name: str = "",
    contact_email: str = "",
    language: str = "en",
) -> Receipt:
    """Store a new testimony, encrypted, and queue its redaction; nothing slow runs here."""
    if not consent_processing:
        raise ValidationError("A testimony cannot be stored without consent to processing.")
    if consent_contact and not contact_email:
        raise ValidationError("Consent to being contacted needs a contact email.")
    secret = new_secret()
    testimony = Testimony(
        secret_hash=make_password(secret),
        language=language,
        role=role,
        country=country,
        incident=incident,
        incident_description=incident_description,
        happened_month=happened_month,
        happened_year=happened_year,
        impacts=list(impacts),
        story=story,
        removal_terms=removal_terms,
        name=name,
        contact_email=contact_email,
        consent_processing=consent_processing,
        consent_publication=consent_publication,
        consent_contact=consent_contact,
        consent_research=consent_research,
        consent_text_version=consent_text_version,
    )
    testimony.full_clean(exclude=["reference"])
    _save_with_unique_reference(testimony)
    transaction.on_commit(lambda: _after_submission(testimony))
    return Receipt(reference=testimony.reference, secret=secret)


def _save_with_unique_reference(testimony: Testimony) -> None:
    for _attempt in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                testimony.save()
            return
        except IntegrityError:
            if Testimony.objects.filter(reference=testimony.reference).exists():
                testimony.reference = new_reference()
                continue
            raise
    raise IntegrityError("Could not find a free testimony reference.")


def _after_submission(testimony: Testimony) -> None:
    # The testimony is committed: a queue or email failure from here on must not lose it.
    try:
        testimony_submitted.send(sender=Testimony, testimony_id=testimony.pk)
    except Exception:
        logger.exception("Starting redaction failed for %s; the sweep will queue it again.", testimony)
    if testimony.consent_contact and testimony.contact_email:
        try:
            submission_confirmation_send.enqueue(testimony_id=testimony.pk)
        except Exception:
            logger.exception("Queueing the confirmation email failed for %s.", testimony)


def testimony_mark_published(*, testimony: Testimony) -> None:
    Testimony.objects.filter(pk=testimony.pk, status=TestimonyStatus.APPROVED).update(status=TestimonyStatus.PUBLISHED)


def testimony_mark_unpublished(*, testimony: Testimony) -> None:
    Testimony.objects.filter(pk=testimony.pk, status=TestimonyStatus.PUBLISHED).update(status=TestimonyStatus.APPROVED)
