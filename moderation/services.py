"""Writes for moderation: redaction runs, review decisions, and story drafts."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log

from moderation import redaction
from testimonials.models import StoryIndexPage, StoryPage, Testimony, TestimonyStatus

from .models import Finding, FindingDecision, FindingSource, Review, ReviewDecision

logger = logging.getLogger(__name__)

REDACTABLE_STATUSES = (TestimonyStatus.RECEIVED, TestimonyStatus.REDACTING)
REVIEWABLE_STATUSES = (TestimonyStatus.AWAITING_REVIEW, TestimonyStatus.MANUAL_REDACTION)
# What a new engine run replaces; a moderator's own findings stay.
AUTOMATIC_SOURCES = (FindingSource.MODEL, FindingSource.RULE, FindingSource.VICTIM)


def _claim_batch(testimony_id: int) -> list[Testimony]:
    """The testimony asked for, then others of its language waiting longest, marked as being redacted.

    One engine call for several texts is much cheaper than one each; their own queued tasks
    then find them done. Rows another worker holds are skipped.
    """
    with transaction.atomic():
        first = Testimony.objects.select_for_update().filter(pk=testimony_id, status__in=REDACTABLE_STATUSES).first()
        if first is None:
            return []
        others = (
            Testimony.objects.select_for_update(skip_locked=True)
            .filter(status=TestimonyStatus.RECEIVED, language=first.language)
            .exclude(pk=first.pk)
            .order_by("created_at")[: settings.REDACTION_BATCH_SIZE - 1]
        )
        batch = [first, *others]
        now = timezone.now()
        for testimony in batch:
            testimony.status = TestimonyStatus.REDACTING
            testimony.redaction_started_at = now
            testimony.redaction_attempts += 1
            testimony.save(update_fields=["status", "redaction_started_at", "redaction_attempts", "updated_at"])
        return batch


def _record_failure(testimony: Testimony, error: Exception) -> None:
    gives_up = testimony.redaction_attempts >= settings.REDACTION_MAX_ATTEMPTS
    testimony.status = TestimonyStatus.MANUAL_REDACTION if gives_up else TestimonyStatus.RECEIVED
    testimony.redaction_error = type(error).__name__
    testimony.save(update_fields=["status", "redaction_error", "updated_at"])
    # The class only: an engine's message could quote the text it choked on.
    logger.error(
        "Redaction of %s failed (attempt %d): %s%s",
        testimony,
        testimony.redaction_attempts,
        type(error).__name__,
        "; it now waits for manual redaction" if gives_up else "; the sweep will retry it",
    )


def _detect(testimonies: list[Testimony]) -> list[list[redaction.Finding]]:
    return redaction.detect(
        [testimony.story for testimony in testimonies],
        language=testimonies[0].language,
        model=settings.REDACTION_SPACY_MODEL,
        terms=[testimony.removal_term_list for testimony in testimonies],
    )


def testimony_redact(*, testimony_id: int) -> Testimony | None:
    """Run the redaction engine on a testimony (and others waiting) and store findings and redacted text.

    A failing engine never loses a testimony: it goes back to the queue, and after
    REDACTION_MAX_ATTEMPTS it waits for a moderator to redact it by hand. A batch that fails
    is retried text by text, so one text the engine chokes on does not hold back the rest.
    """
    batch = _claim_batch(testimony_id)
    if not batch:
        return None
    try:
        results = list(zip(batch, _detect(batch), strict=True))
    except Exception as error:
        if len(batch) == 1:
            _record_failure(batch[0], error)
            return batch[0]
        results = []
        for testimony in batch:
            try:
                results.append((testimony, _detect([testimony])[0]))
            except Exception as single_error:
                _record_failure(testimony, single_error)
    for testimony, detected in results:
        _store_redaction(testimony, detected)
    return batch[0]


def _store_redaction(testimony: Testimony, detected: list[redaction.Finding]) -> None:
    result = redaction.redact(testimony.story, detected)
    with transaction.atomic():
        testimony.findings.filter(source__in=AUTOMATIC_SOURCES).delete()
        Finding.objects.bulk_create(
            Finding(
                testimony=testimony,
                start=found.start,
                end=found.end,
                label=found.label,
                source=found.source,
                score=found.score,
                decision=FindingDecision.REDACT if found in result.placeholders else FindingDecision.KEEP,
                placeholder=result.placeholders.get(found, ""),
            )
            for found in detected
        )
        testimony.redacted_text = result.text
        testimony.status = TestimonyStatus.AWAITING_REVIEW
        testimony.redacted_at = timezone.now()
        testimony.redaction_error = ""
        testimony.save(update_fields=["redacted_text", "status", "redacted_at", "redaction_error", "updated_at"])
        transaction.on_commit(lambda: _notify_moderators(testimony))


def _notify_moderators(testimony: Testimony) -> None:
    from .tasks import moderators_notify_waiting

    try:
        moderators_notify_waiting.enqueue(testimony_id=testimony.pk)
    except Exception as error:
        logger.error("Queueing the moderators' notice for %s failed: %s", testimony, type(error).__name__)


def redaction_sweep() -> list[int]:
    """Queue again what never reached the worker, failed, or stalled; return the testimonies' ids.

    The database queue does not retry, so this runs periodically (the worker schedules it).
    """
    from .tasks import testimony_redact_task

    cutoff = timezone.now() - timedelta(minutes=settings.REDACTION_STALLED_AFTER_MINUTES)
    never_started = Q(status=TestimonyStatus.RECEIVED, updated_at__lt=cutoff)
    stalled = Q(status=TestimonyStatus.REDACTING, redaction_started_at__lt=cutoff)
    ids = list(Testimony.objects.filter(never_started | stalled).values_list("pk", flat=True))
    for testimony_id in ids:
        testimony_redact_task.enqueue(testimony_id=testimony_id)
    return ids


@transaction.atomic
def testimony_approve(*, testimony: Testimony, moderator, note: str = "") -> StoryPage:
    """Approve a reviewed testimony and create its draft story page for communications staff."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.status != TestimonyStatus.AWAITING_REVIEW:
        raise ValidationError(
            f"Only a testimony awaiting review can be approved (this one is {testimony.get_status_display().lower()})."
        )
    if not testimony.consent_publication:
        raise ValidationError("Its author did not consent to publication, so it cannot be approved for publishing.")
    if not testimony.redacted_text.strip():
        raise ValidationError("There is no redacted text to publish.")
    Review.objects.create(testimony=testimony, moderator=moderator, decision=ReviewDecision.APPROVED, note=note)
    testimony.status = TestimonyStatus.APPROVED
    testimony.save(update_fields=["status", "updated_at"])
    story = story_draft_from_testimony(testimony=testimony)
    log(instance=testimony, action="moderation.approve", user=moderator, data={"story_page": story.pk})
    return story


@transaction.atomic
def testimony_reject(*, testimony: Testimony, moderator, note: str) -> None:
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.status not in REVIEWABLE_STATUSES:
        raise ValidationError(
            f"This testimony cannot be rejected now (it is {testimony.get_status_display().lower()})."
        )
    if not note.strip():
        raise ValidationError("Say why the testimony is rejected.")
    Review.objects.create(testimony=testimony, moderator=moderator, decision=ReviewDecision.REJECTED, note=note)
    testimony.status = TestimonyStatus.REJECTED
    testimony.save(update_fields=["status", "updated_at"])
    log(instance=testimony, action="moderation.reject", user=moderator)


def _story_title(testimony: Testimony) -> str:
    role = testimony.get_role_display()
    parts = [f"A story from a {role.lower()}" if testimony.role != "other" else "A story"]
    if testimony.country:
        parts.append(f"in {testimony.country.name}")
    if testimony.happened_year:
        parts.append(f"({testimony.happened_year})")
    return " ".join(parts)


def story_draft_from_testimony(*, testimony: Testimony) -> StoryPage:
    """A draft story page holding only the redacted text, under the story index."""
    index = StoryIndexPage.objects.first()
    if index is None:
        raise ValidationError("There is no story index page to put the story under. Create one first.")
    story = StoryPage(
        title=_story_title(testimony),
        slug=slugify(testimony.reference),
        testimony=testimony,
        body=testimony.redacted_text,
        role=testimony.role,
        country=testimony.country,
        live=False,
    )
    index.add_child(instance=story)
    if testimony.incident_id:
        story.incidents.set([testimony.incident_id])
    story.save_revision(log_action=True)
    return story


@transaction.atomic
def testimony_redaction_retry(*, testimony: Testimony, moderator) -> None:
    """Give a testimony that waits for manual redaction another automatic run."""
    from .tasks import testimony_redact_task

    updated = Testimony.objects.filter(pk=testimony.pk, status=TestimonyStatus.MANUAL_REDACTION).update(
        status=TestimonyStatus.RECEIVED, redaction_attempts=0, updated_at=timezone.now()
    )
    if not updated:
        raise ValidationError("Only a testimony waiting for manual redaction can be redacted again.")
    log(instance=testimony, action="moderation.retry_redaction", user=moderator)
    transaction.on_commit(lambda: testimony_redact_task.enqueue(testimony_id=testimony.pk))
