"""The worker's redaction runs: claiming a batch, storing findings and text, and what failed or stalled."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from moderation import redaction
from testimonials import lifecycle, publishing
from testimonials.engine_options import engine_options
from testimonials.lifecycle import status_change
from testimonials.models import Testimony, TestimonyStatus

from ..models import Finding, FindingDecision, FindingSource

logger = logging.getLogger(__name__)


# What a new engine run replaces: every source but a moderator, whose own findings stay.
AUTOMATIC_SOURCES = tuple(source for source in FindingSource if source != FindingSource.MODERATOR)


def _claim_batch(testimony_id: int) -> list[Testimony]:
    """The testimony asked for, then others of its language waiting longest, marked as being redacted.

    One engine call for several texts is much cheaper than one each; their own queued tasks
    then find them done. Rows another worker holds are skipped.
    """
    with transaction.atomic():
        first = Testimony.objects.select_for_update().filter(pk=testimony_id, status__in=lifecycle.REDACTABLE).first()
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
            testimony.redaction_started_at = now
            testimony.redaction_attempts += 1
            status_change(testimony, TestimonyStatus.REDACTING, fields=["redaction_started_at", "redaction_attempts"])
        return batch


def _record_failure(testimony: Testimony, error: Exception) -> None:
    gives_up = testimony.redaction_attempts >= settings.REDACTION_MAX_ATTEMPTS
    testimony.redaction_error = type(error).__name__
    next_status = TestimonyStatus.MANUAL_REDACTION if gives_up else TestimonyStatus.RECEIVED
    status_change(testimony, next_status, fields=["redaction_error"])
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
        terms=[testimony.removal_term_list for testimony in testimonies],
        **engine_options(testimonies[0].language),
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
    # The pipeline is loaded here: check the texts now, so moderators find their verdicts waiting.
    publishing.text_checks_run()
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
        testimony.redacted_at = timezone.now()
        testimony.redaction_error = ""
        status_change(
            testimony, TestimonyStatus.AWAITING_REVIEW, fields=["redacted_text", "redacted_at", "redaction_error"]
        )
        publishing.text_check_request(testimony.redacted_text, testimony=testimony)
        transaction.on_commit(notify_moderators)


def notify_moderators() -> None:
    from ..tasks import moderators_notice_schedule

    try:
        moderators_notice_schedule()
    except Exception as error:
        logger.error("Scheduling the moderators' notice failed: %s", type(error).__name__)


def redaction_sweep() -> list[int]:
    """Queue again what never reached the worker, failed, or stalled; return the testimonies' ids.

    The database queue does not retry, so this runs periodically (the worker schedules it).
    """
    from ..tasks import testimony_redact_task

    cutoff = timezone.now() - timedelta(minutes=settings.REDACTION_STALLED_AFTER_MINUTES)
    never_started = Q(status=TestimonyStatus.RECEIVED, updated_at__lt=cutoff)
    stalled = Q(status=TestimonyStatus.REDACTING, redaction_started_at__lt=cutoff)
    ids = list(Testimony.objects.filter(never_started | stalled).values_list("pk", flat=True))
    for testimony_id in ids:
        testimony_redact_task.enqueue(testimony_id=testimony_id)
    publishing.text_checks_sweep()
    return ids


@transaction.atomic
def testimony_redaction_retry(*, testimony: Testimony, moderator) -> None:
    """Give a testimony that waits for manual redaction another automatic run."""
    from ..tasks import testimony_redact_task

    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if not testimony.waits_for_manual_redaction:
        raise ValidationError("Only a testimony waiting for manual redaction can be redacted again.")
    testimony.redaction_attempts = 0
    status_change(
        testimony,
        TestimonyStatus.RECEIVED,
        user=moderator,
        action="moderation.retry_redaction",
        fields=["redaction_attempts"],
    )
    transaction.on_commit(lambda: testimony_redact_task.enqueue(testimony_id=testimony.pk))
