"""The worker's redaction runs: claiming a batch, reading each text's language, storing findings and text,
what failed or stalled, and a moderator's correction of the language, which has the text redacted again."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from moderation import redaction
from testimonials import lifecycle, publishing
from testimonials.engine_options import engine_options
from testimonials.languages import (
    LANGUAGE_CORRECTED_ACTION,
    LANGUAGE_DETECTED_ACTION,
    language_detected,
    language_name,
    language_to_redact_in,
)
from testimonials.lifecycle import status_change
from testimonials.models import Language, Testimony, TestimonyStatus

from ..models import Finding, FindingDecision, FindingSource

logger = logging.getLogger(__name__)


# What a new engine run replaces: every source but a moderator, whose own findings stay.
AUTOMATIC_SOURCES = tuple(source for source in FindingSource if source != FindingSource.MODERATOR)
REVIEW_PERMISSION = "testimonials.review_testimony"


def _claim_batch(testimony_id: int) -> list[Testimony]:
    """The testimony asked for, then others of its language waiting longest, marked as being redacted.

    One engine call for several texts is much cheaper than one each; their own queued tasks
    then find them done. Rows another worker holds are skipped.
    """
    with transaction.atomic():
        # Waiting, or claimed by a worker that has since stalled: one another worker holds is left to it.
        claimable = Q(status=TestimonyStatus.RECEIVED) | _stalled(timezone.now())
        first = Testimony.objects.select_for_update().filter(claimable, pk=testimony_id).first()
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


def _language_read(testimony: Testimony) -> None:
    """Read the language of the text, once, and redact it in that language if it is ours and clearly so.

    Only a language that is still the page's is changed: what a moderator chose stands. The audit log
    records the move (codes only: never the text).
    """
    if testimony.detected_language:
        return
    try:
        detected, probability = language_detected(testimony.story)
    except Exception as error:
        # The page's language is a fine default: a failing detector must not hold back the redaction.
        logger.error("Reading the language of %s failed: %s", testimony, type(error).__name__)
        return
    if not detected:
        return
    recorded = testimony.language
    language = recorded
    if recorded == testimony.sent_from_language:
        language = language_to_redact_in(detected=detected, probability=probability, recorded=recorded)
    with transaction.atomic():
        testimony.detected_language = detected
        testimony.language = language
        testimony.save(update_fields=["detected_language", "language", "updated_at"])
        if language != recorded:
            log(instance=testimony, action=LANGUAGE_DETECTED_ACTION, data={"from": recorded, "to": language})


def _by_language(batch: list[Testimony]) -> list[list[Testimony]]:
    groups: dict[str, list[Testimony]] = {}
    for testimony in batch:
        groups.setdefault(testimony.language, []).append(testimony)
    return list(groups.values())


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


def _detect_each(group: list[Testimony]) -> list[tuple[Testimony, list[redaction.Finding]]]:
    """The findings of each testimony of one language; a batch that fails is retried text by text, so
    one text the engine chokes on does not hold back the rest."""
    try:
        return list(zip(group, _detect(group), strict=True))
    except Exception as error:
        if len(group) == 1:
            _record_failure(group[0], error)
            return []
    results = []
    for testimony in group:
        try:
            results.append((testimony, _detect([testimony])[0]))
        except Exception as single_error:
            _record_failure(testimony, single_error)
    return results


def testimony_redact(*, testimony_id: int) -> Testimony | None:
    """Run the redaction engine on a testimony (and others waiting) and store findings and redacted text.

    Each text's language is read first, so a French story sent from the English page is redacted
    with the French pipeline. A failing engine never loses a testimony: it goes back to the queue,
    and after REDACTION_MAX_ATTEMPTS it waits for a moderator to redact it by hand.
    """
    batch = _claim_batch(testimony_id)
    if not batch:
        return None
    for testimony in batch:
        _language_read(testimony)
    for group in _by_language(batch):
        for testimony, detected in _detect_each(group):
            _store_redaction(testimony, detected)
    # The pipeline is loaded here: check the texts now, so moderators find their verdicts waiting.
    publishing.text_checks_run()
    return batch[0]


def _store_redaction(testimony: Testimony, detected: list[redaction.Finding]) -> None:
    # Derives the text from every finding marked redact, the moderators' own included (one owner of that rule).
    from .workspace import testimony_rerender

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
        testimony_rerender(testimony=testimony)
        testimony.redacted_at = timezone.now()
        testimony.redaction_error = ""
        status_change(
            testimony, TestimonyStatus.AWAITING_REVIEW, fields=["redacted_text", "redacted_at", "redaction_error"]
        )
        transaction.on_commit(notify_moderators)
        publishing.text_check_request(testimony.redacted_text, testimony=testimony)


def notify_moderators() -> None:
    from ..tasks import moderators_notice_schedule

    try:
        moderators_notice_schedule()
    except Exception as error:
        logger.error("Scheduling the moderators' notice failed: %s", type(error).__name__)


def _stall_limit() -> timedelta:
    return timedelta(minutes=settings.REDACTION_STALLED_AFTER_MINUTES)


def _stalled(now) -> Q:
    """Testimonies a worker claimed longer ago than a redaction may take: it was killed, or it hangs."""
    return Q(status=TestimonyStatus.REDACTING, redaction_started_at__lt=now - _stall_limit())


def redaction_sweep() -> list[int]:
    """Queue again what never reached the worker, failed, or stalled; return the testimonies' ids.

    The database queue does not retry, so this runs periodically (the worker schedules it).
    """
    from ..tasks import testimony_redact_task

    now = timezone.now()
    never_started = Q(status=TestimonyStatus.RECEIVED, updated_at__lt=now - _stall_limit())
    ids = list(Testimony.objects.filter(never_started | _stalled(now)).values_list("pk", flat=True))
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
        raise ValidationError(_("Only a testimony waiting for manual redaction can be redacted again."))
    testimony.redaction_attempts = 0
    status_change(
        testimony,
        TestimonyStatus.RECEIVED,
        user=moderator,
        action="moderation.retry_redaction",
        fields=["redaction_attempts"],
    )
    transaction.on_commit(lambda: testimony_redact_task.enqueue(testimony_id=testimony.pk))


def language_correctable(testimony: Testimony) -> bool:
    """Whether moderators may still correct the language a testimony is redacted in: while it waits for them."""
    return testimony.status in lifecycle.WAITING_FOR_MODERATORS


@transaction.atomic
def testimony_language_correct(*, testimony: Testimony, moderator, language: str) -> None:
    """Record the language a testimony is written in, as a moderator reads it, and have it redacted again in it.

    It goes back to the queue and the worker redacts it again. The moderators' own marks stay; their
    decisions and wordings on the engine's findings go with those findings.
    """
    if not moderator.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied("You are not allowed to review testimonies.")
    from ..tasks import testimony_redact_task

    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if not language_correctable(testimony):
        raise ValidationError(
            "The language can be corrected only while a testimony waits for moderators "
            f"(this one is {testimony.get_status_display().lower()})."
        )
    if language not in Language.values:
        raise ValidationError(_("Choose one of the languages testimonies are redacted in."))
    recorded = testimony.language
    if language == recorded:
        raise ValidationError(f"It is already redacted in {language_name(language)}.")
    testimony.language = language
    testimony.redaction_attempts = 0
    testimony.redaction_error = ""
    log(instance=testimony, action=LANGUAGE_CORRECTED_ACTION, user=moderator, data={"from": recorded, "to": language})
    # Back to the queue: no one decides on it until the worker has redacted it again (the sweep
    # queues it again if this task is lost).
    status_change(
        testimony,
        TestimonyStatus.RECEIVED,
        user=moderator,
        action="moderation.retry_redaction",
        fields=["language", "redaction_attempts", "redaction_error"],
    )
    transaction.on_commit(lambda: testimony_redact_task.enqueue(testimony_id=testimony.pk))
