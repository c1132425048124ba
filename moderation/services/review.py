"""A moderator's decisions on a testimony: approve (through the publishing gate), reject, a second review, notes."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from testimonials import lifecycle, publishing
from testimonials.lifecycle import status_change
from testimonials.models import StoryPage, Testimony, TestimonyStatus
from testimonials.services import story_draft_create

from ..models import Review, ReviewDecision

logger = logging.getLogger(__name__)


class PersonalDataLeft(ValidationError):
    """The check flags the public text, or could not run; a moderator may still approve it with a reason."""

    def __init__(self, refusal: publishing.TextRefused):
        self.leftovers = refusal.leftovers
        if refusal.code == publishing.CHECK_FAILED:
            message = (
                "The text that would be published could not be checked: the check itself could not run "
                "(the redaction engine failed). If you are sure it holds no personal data, give your reason "
                "to approve anyway."
            )
        else:
            message = (
                "The text that would be published still looks like it holds personal data: "
                f"{publishing.describe(self.leftovers)}. "
                "Redact it, or if you are sure it is not personal data, give your reason to approve anyway."
            )
        super().__init__(message, code=refusal.code)


def _needs_other_eyes(testimony: Testimony, moderator) -> None:
    # In a second review, whoever asked for it or gave the first approval cannot give the second.
    first = testimony.reviews.filter(decision__in=[ReviewDecision.APPROVED, ReviewDecision.SECOND_REVIEW]).first()
    if first and first.moderator_id == moderator.pk:
        raise ValidationError(_("A second review needs a different moderator: you gave the first."))


@transaction.atomic
def testimony_approve(
    *, testimony: Testimony, moderator, note: str = "", override_reason: str = ""
) -> StoryPage | None:
    """Approve a reviewed testimony and create its draft story page for communications staff.

    The public text is scanned afresh first: anything the engine still finds blocks approval,
    unless the moderator says why it is not personal data (logged). With MODERATION_FOUR_EYES,
    a first approval only sends the testimony to a second moderator (and returns None).
    """
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if not testimony.in_review:
        raise ValidationError(
            f"Only a testimony in review can be approved (this one is {testimony.get_status_display().lower()})."
        )
    if testimony.status == TestimonyStatus.SECOND_REVIEW:
        _needs_other_eyes(testimony, moderator)
    if not testimony.consent_publication:
        raise ValidationError(_("Its author did not consent to publication, so it cannot be approved for publishing."))
    if not testimony.redacted_text.strip():
        raise ValidationError(_("There is no redacted text to publish."))
    if settings.AUTHOR_SIGNOFF_REQUIRED and not testimony.author_accepted_current_text:
        raise ValidationError(
            "The author has not accepted this text yet (any change since their answer needs a new one)."
        )
    if refusal := publishing.text_refusal(testimony.redacted_text, testimony=testimony):
        _override_allowed(testimony, moderator, refusal, override_reason)
    Review.objects.create(testimony=testimony, moderator=moderator, decision=ReviewDecision.APPROVED, note=note)
    if settings.MODERATION_FOUR_EYES and testimony.status == TestimonyStatus.AWAITING_REVIEW:
        status_change(testimony, TestimonyStatus.SECOND_REVIEW, user=moderator, action="moderation.approve_first")
        return None
    story = story_draft_create(testimony=testimony)
    status_change(
        testimony, TestimonyStatus.APPROVED, user=moderator, action="moderation.approve", data={"story_page": story.pk}
    )
    return story


def _override_allowed(testimony: Testimony, moderator, refusal: publishing.TextRefused, reason: str) -> None:
    """A moderator may approve a text the check flags (or could not check) with a reason, which is logged."""
    if refusal.code == publishing.NOT_CHECKED_YET:
        raise refusal
    try:
        reason = publishing.reason_given(
            reason, ask=_("Say why this is not personal data (%(length)s characters at least).")
        )
    except ValidationError:
        raise PersonalDataLeft(refusal) from None
    labels = sorted({leftover.label for leftover in refusal.leftovers}) or ["UNCHECKED"]
    log(
        instance=testimony,
        action="moderation.gate_override",
        user=moderator,
        data={"labels": labels, "reason": reason[:500]},
    )


@transaction.atomic
def testimony_reject(*, testimony: Testimony, moderator, note: str) -> None:
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.status not in lifecycle.WAITING_FOR_MODERATORS:
        raise ValidationError(
            f"This testimony cannot be rejected now (it is {testimony.get_status_display().lower()})."
        )
    if not note.strip():
        raise ValidationError(_("Say why the testimony is rejected."))
    Review.objects.create(testimony=testimony, moderator=moderator, decision=ReviewDecision.REJECTED, note=note)
    status_change(testimony, TestimonyStatus.REJECTED, user=moderator, action="moderation.reject")


@transaction.atomic
def testimony_second_review_request(*, testimony: Testimony, moderator, note: str = "") -> None:
    """Ask another moderator to look before anything is decided."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.status != TestimonyStatus.AWAITING_REVIEW:
        raise ValidationError(_("Only a testimony awaiting its first review can be sent for a second one."))
    Review.objects.create(testimony=testimony, moderator=moderator, decision=ReviewDecision.SECOND_REVIEW, note=note)
    status_change(testimony, TestimonyStatus.SECOND_REVIEW, user=moderator, action="moderation.second_review")


def testimony_note_add(*, testimony: Testimony, moderator, note: str) -> None:
    """A note for the other moderators; it decides nothing."""
    if not note.strip():
        raise ValidationError(_("Write the note first."))
    Review.objects.create(testimony=testimony, moderator=moderator, decision=ReviewDecision.NOTE, note=note.strip())
    log(instance=testimony, action="moderation.note", user=moderator)
