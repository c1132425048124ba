"""Consent withdrawn and retention: taking stories down and erasing what the author wrote."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import lifecycle, publishing
from ..crypto import encrypted_field_names
from ..lifecycle import status_change
from ..models import (
    ConsentChange,
    ConsentField,
    Testimony,
    TestimonyStatus,
)
from ..signals import (
    testimony_erased,
    testimony_original_erased,
)
from .stories import story_pages_remove

logger = logging.getLogger(__name__)


@transaction.atomic
def consent_change(*, testimony: Testimony, consent: str, given: bool, text_version: str) -> None:
    """Give or withdraw one consent, recorded with the wording's version; withdrawals take effect at once."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.status == TestimonyStatus.ERASED:
        raise ValidationError(_("This testimony was erased."))
    if consent not in ConsentField.values or getattr(testimony, consent) == given:
        return
    if consent == ConsentField.CONTACT and given and not testimony.contact_email:
        raise ValidationError(_("We have no email address to contact you at."))
    ConsentChange.objects.create(testimony=testimony, consent=consent, given=given, text_version=text_version)
    setattr(testimony, consent, given)
    testimony.save(update_fields=[consent, "updated_at"])
    if consent == ConsentField.PROCESSING and not given:
        testimony_erase(testimony=testimony)
    elif consent == ConsentField.PUBLICATION and not given:
        publication_withdraw(testimony=testimony)


@transaction.atomic
def publication_withdraw(*, testimony: Testimony) -> None:
    """Take the story off the site at once: its page, the page's revisions and its search entry go.

    The testimony stays as a tombstone of its publication: reference, dates and status.
    """
    story_pages_remove(testimony)
    testimony.withdrawn_at = testimony.withdrawn_at or timezone.now()
    if lifecycle.may_move(testimony.status, TestimonyStatus.WITHDRAWN):
        status_change(testimony, TestimonyStatus.WITHDRAWN, fields=["withdrawn_at"])
    else:  # rejected, erased or withdrawn already: the date is recorded all the same
        testimony.save(update_fields=["withdrawn_at", "updated_at"])


@transaction.atomic
def testimony_erase(*, testimony: Testimony) -> None:
    """Erase everything the author wrote or told about themselves; only the tombstone stays."""
    publication_withdraw(testimony=testimony)
    testimony_erased.send(sender=Testimony, testimony_id=testimony.pk)
    testimony.emails.all().delete()
    testimony.text_checks.all().delete()
    # Every encrypted field holds the author's words or identity: all of them, found not listed.
    encrypted = encrypted_field_names(Testimony)
    for name in encrypted:
        setattr(testimony, name, "")
    testimony.country, testimony.incident, testimony.impacts = "", None, []
    testimony.happened_month = testimony.happened_year = None
    testimony.erased_at = timezone.now()
    told_about_it = ["country", "incident", "impacts", "happened_month", "happened_year"]
    status_change(testimony, TestimonyStatus.ERASED, fields=[*encrypted, *told_about_it, "erased_at"])


# What a published story keeps once its original is erased: the text the public reads.
PUBLISHED_TEXT_FIELD = "redacted_text"


def original_field_names() -> list[str]:
    """Everything the author wrote or told about themselves except the published text: every encrypted field."""
    return [name for name in encrypted_field_names(Testimony) if name != PUBLISHED_TEXT_FIELD]


@transaction.atomic
def testimony_original_erase(*, testimony: Testimony) -> None:
    """Keep a published story's redacted text, and nothing else the author wrote or told about themselves."""
    testimony_original_erased.send(sender=Testimony, testimony_id=testimony.pk)
    testimony.text_checks.all().delete()  # what a check found quotes the text before redaction was done
    fields = original_field_names()
    for name in fields:
        setattr(testimony, name, "")
    testimony.save(update_fields=[*fields, "updated_at"])


def retention_apply(*, now=None) -> dict[str, int]:
    """Erase what the retention periods say must go; return how many testimonies, by reason."""

    now = now or timezone.now()

    def older_than(days: int):
        return now - timedelta(days=days)

    not_erased = Testimony.objects.exclude(status=TestimonyStatus.ERASED)
    due = {
        "rejected": not_erased.filter(
            status=TestimonyStatus.REJECTED, updated_at__lt=older_than(settings.RETENTION_REJECTED_DAYS)
        ),
        "never consented to publication": not_erased.filter(
            consent_publication=False, created_at__lt=older_than(settings.RETENTION_NO_PUBLICATION_DAYS)
        ),
        "withdrawn": not_erased.filter(
            status=TestimonyStatus.WITHDRAWN, withdrawn_at__lt=older_than(settings.RETENTION_WITHDRAWN_DAYS)
        ),
    }
    counts = {}
    for reason, testimonies in due.items():
        counts[reason] = 0
        for testimony in testimonies:
            testimony_erase(testimony=testimony)
            counts[reason] += 1
    published = (
        Testimony.objects.filter(status=TestimonyStatus.PUBLISHED)
        .exclude(story="")
        .filter(story_page__first_published_at__lt=older_than(settings.RETENTION_PUBLISHED_ORIGINAL_DAYS))
    )
    counts["published: original erased"] = 0
    for testimony in published:
        testimony_original_erase(testimony=testimony)
        counts["published: original erased"] += 1
    counts["old personal-data checks"] = publishing.checks_prune(now=now)
    return counts
