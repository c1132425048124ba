"""Writes for moderation: redaction runs, review decisions, and story drafts."""

import logging
import re
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from wagtail.log_actions import log

from moderation import redaction
from moderation.redaction import scan
from testimonials import lifecycle
from testimonials.lifecycle import status_change
from testimonials.models import StoryIncident, StoryIndexPage, StoryPage, Testimony, TestimonyStatus

from .models import Finding, FindingDecision, FindingSource, Review, ReviewDecision

logger = logging.getLogger(__name__)

# What a new engine run replaces; a moderator's own findings stay.
AUTOMATIC_SOURCES = (FindingSource.MODEL, FindingSource.RULE, FindingSource.VICTIM)


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
        testimony.redacted_at = timezone.now()
        testimony.redaction_error = ""
        status_change(
            testimony, TestimonyStatus.AWAITING_REVIEW, fields=["redacted_text", "redacted_at", "redaction_error"]
        )
        transaction.on_commit(_notify_moderators)


def _notify_moderators() -> None:
    from .tasks import moderators_notice_schedule

    try:
        moderators_notice_schedule()
    except Exception as error:
        logger.error("Scheduling the moderators' notice failed: %s", type(error).__name__)


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


class PersonalDataLeft(ValidationError):
    """The public text still holds what looks like personal data; `leftovers` says what."""

    def __init__(self, leftovers: list[scan.Leftover]):
        self.leftovers = leftovers
        super().__init__(
            f"The text that would be published still looks like it holds personal data: {scan.describe(leftovers)}. "
            "Redact it, or if you are sure it is not personal data, give your reason to approve anyway."
        )


def _needs_other_eyes(testimony: Testimony, moderator) -> None:
    # In a second review, whoever asked for it or gave the first approval cannot give the second.
    first = testimony.reviews.filter(decision__in=[ReviewDecision.APPROVED, ReviewDecision.SECOND_REVIEW]).first()
    if first and first.moderator_id == moderator.pk:
        raise ValidationError("A second review needs a different moderator: you gave the first.")


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
        raise ValidationError("Its author did not consent to publication, so it cannot be approved for publishing.")
    if not testimony.redacted_text.strip():
        raise ValidationError("There is no redacted text to publish.")
    if settings.AUTHOR_SIGNOFF_REQUIRED and not testimony.author_accepted_current_text:
        raise ValidationError(
            "The author has not accepted this text yet (any change since their answer needs a new one)."
        )
    leftovers = scan.personal_data_left(testimony.redacted_text)
    override_reason = " ".join(override_reason.split())
    if leftovers and len(override_reason) < 10:
        raise PersonalDataLeft(leftovers)
    if leftovers:
        log(
            instance=testimony,
            action="moderation.gate_override",
            user=moderator,
            data={"labels": sorted({leftover.label for leftover in leftovers}), "reason": override_reason[:500]},
        )
    Review.objects.create(testimony=testimony, moderator=moderator, decision=ReviewDecision.APPROVED, note=note)
    if settings.MODERATION_FOUR_EYES and testimony.status == TestimonyStatus.AWAITING_REVIEW:
        status_change(testimony, TestimonyStatus.SECOND_REVIEW, user=moderator, action="moderation.approve_first")
        return None
    story = story_draft_from_testimony(testimony=testimony)
    status_change(
        testimony, TestimonyStatus.APPROVED, user=moderator, action="moderation.approve", data={"story_page": story.pk}
    )
    return story


@transaction.atomic
def testimony_reject(*, testimony: Testimony, moderator, note: str) -> None:
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.status not in lifecycle.WAITING_FOR_MODERATORS:
        raise ValidationError(
            f"This testimony cannot be rejected now (it is {testimony.get_status_display().lower()})."
        )
    if not note.strip():
        raise ValidationError("Say why the testimony is rejected.")
    Review.objects.create(testimony=testimony, moderator=moderator, decision=ReviewDecision.REJECTED, note=note)
    status_change(testimony, TestimonyStatus.REJECTED, user=moderator, action="moderation.reject")


@transaction.atomic
def testimony_second_review_request(*, testimony: Testimony, moderator, note: str = "") -> None:
    """Ask another moderator to look before anything is decided."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony.pk)
    if testimony.status != TestimonyStatus.AWAITING_REVIEW:
        raise ValidationError("Only a testimony awaiting its first review can be sent for a second one.")
    Review.objects.create(testimony=testimony, moderator=moderator, decision=ReviewDecision.SECOND_REVIEW, note=note)
    status_change(testimony, TestimonyStatus.SECOND_REVIEW, user=moderator, action="moderation.second_review")


def testimony_note_add(*, testimony: Testimony, moderator, note: str) -> None:
    """A note for the other moderators; it decides nothing."""
    if not note.strip():
        raise ValidationError("Write the note first.")
    Review.objects.create(testimony=testimony, moderator=moderator, decision=ReviewDecision.NOTE, note=note.strip())
    log(instance=testimony, action="moderation.note", user=moderator)


def _story_title(testimony: Testimony) -> str:
    role = testimony.get_role_display()
    parts = [f"A story from a {role.lower()}" if testimony.role != "other" else "A story"]
    if testimony.country:
        parts.append(f"in {testimony.country.name}")
    if testimony.happened_year:
        parts.append(f"({testimony.happened_year})")
    return " ".join(parts)


def story_slug(title: str) -> str:
    """A public address that says nothing the page does not: never the testimony's reference,
    which is half of the author's receipt."""
    return f"{slugify(title)[:80].rstrip('-')}-{secrets.token_hex(3)}"


def story_draft_from_testimony(*, testimony: Testimony) -> StoryPage:
    """A draft story page holding only the redacted text, under the story index."""
    index = StoryIndexPage.objects.first()
    if index is None:
        raise ValidationError("There is no story index page to put the story under. Create one first.")
    title = _story_title(testimony)
    story = StoryPage(
        title=title,
        slug=story_slug(title),
        testimony=testimony,
        body=testimony.redacted_text,
        role=testimony.role,
        country=testimony.country,
        impacts=testimony.impacts,
        year=testimony.happened_year,
        live=False,
        # Scanned at approval: publishing this very text needs no second scan.
        scan_cleared_digest=scan.text_digest(testimony.redacted_text),
    )
    if testimony.incident_id:
        story.incident_links.add(StoryIncident(incident_id=testimony.incident_id))
    index.add_child(instance=story)
    story.save_revision(log_action=True)
    return story


@transaction.atomic
def testimony_redaction_retry(*, testimony: Testimony, moderator) -> None:
    """Give a testimony that waits for manual redaction another automatic run."""
    from .tasks import testimony_redact_task

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


# The moderation workspace: every change is a decision on a finding, and the redacted
# text is derived again from the findings; no copy of the text is edited by hand.

MODERATOR_LABELS = tuple(sorted(redaction.PERSONAL_LABELS - {"VICTIM_TERM"})) + ("ORG", "LOC")


def _locked_for_review(testimony_id: int, *, by_hand: bool = False) -> Testimony:
    """The testimony, locked, if its redactions may change: in review, or redacted by hand on the revealed original."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony_id)
    if testimony.in_review or (by_hand and testimony.waits_for_manual_redaction):
        return testimony
    if testimony.waits_for_manual_redaction:
        raise ValidationError("Reveal the original first: redacting by hand means reading it.")
    raise ValidationError("Redactions can change only while a testimony awaits review.")


def testimony_rerender(*, testimony: Testimony) -> None:
    """Derive the redacted text, and each finding's placeholder, from the findings marked redact."""
    rows = list(testimony.findings.filter(decision=FindingDecision.REDACT))
    spans = [redaction.Finding(row.start, row.end, row.label, row.source, row.score) for row in rows]
    wording = {(row.start, row.end): row.replacement for row in rows if row.replacement}
    result = redaction.redact(testimony.story, spans, labels=frozenset(row.label for row in rows), wording=wording)
    resolved = list(result.placeholders.items())
    for row in rows:
        # Overlapping findings are redacted as one span: each shows that span's placeholder.
        row.placeholder = next((text for span, text in resolved if span.start < row.end and row.start < span.end), "")
    Finding.objects.bulk_update(rows, ["placeholder"])
    testimony.findings.filter(decision=FindingDecision.KEEP).update(placeholder="")
    testimony.redacted_text = result.text
    testimony.save(update_fields=["redacted_text", "updated_at"])


@transaction.atomic
def finding_decide(*, finding: Finding, moderator, decision: str, may_uncover: bool = False) -> None:
    """Keep or redact one finding. Keeping personal data puts hidden words in the public text, so it
    needs the original revealed (`may_uncover`); places and organisations are visible already."""
    testimony = _locked_for_review(finding.testimony_id, by_hand=may_uncover)
    if decision not in FindingDecision.values:
        raise ValidationError("Choose keep or redact.")
    if decision == FindingDecision.KEEP and finding.needs_reveal_to_keep and not may_uncover:
        raise ValidationError("To keep these words, reveal the original first: you need to see what you publish.")
    finding.decision = decision
    finding.save(update_fields=["decision"])
    testimony_rerender(testimony=testimony)
    log(
        instance=testimony,
        action="moderation.finding_decide",
        user=moderator,
        data={
            "finding": finding.pk,
            "label": finding.label,
            "decision": decision,
            "start": finding.start,
            "end": finding.end,
        },
    )


def _moderator_redaction(
    testimony: Testimony, start: int, end: int, label: str, replacement: str = "", *, covers_hidden_text: bool = False
) -> Finding:
    return Finding(
        testimony=testimony,
        start=start,
        end=end,
        label=label,
        source=FindingSource.MODERATOR,
        score=1.0,
        decision=FindingDecision.REDACT,
        replacement=replacement,
        covers_hidden_text=covers_hidden_text,
    )


def _hides(testimony: Testimony, start: int, end: int) -> bool:
    """Whether any of these characters is hidden from moderators who have not revealed the original."""
    if testimony.waits_for_manual_redaction:
        return True
    redacted = testimony.findings.filter(decision=FindingDecision.REDACT)
    return redacted.filter(start__lt=end, end__gt=start).exists()


def _trimmed(story: str, start: int, end: int) -> tuple[int, int]:
    while start < end and story[start].isspace():
        start += 1
    while end > start and story[end - 1].isspace():
        end -= 1
    return start, end


@transaction.atomic
def finding_add(
    *,
    testimony: Testimony,
    moderator,
    start: int,
    end: int,
    label: str,
    replacement: str = "",
    may_uncover: bool = False,
) -> Finding:
    """Redact a span the engine missed (or, redacting by hand, any span), marked by the moderator."""
    testimony = _locked_for_review(testimony.pk, by_hand=may_uncover)
    if label not in MODERATOR_LABELS:
        raise ValidationError("Choose what kind of information this is.")
    if not 0 <= start < end <= len(testimony.story):
        raise ValidationError("Select the words to redact in the text.")
    start, end = _trimmed(testimony.story, start, end)
    if start == end:
        raise ValidationError("Select the words to redact in the text.")
    hidden = _hides(testimony, start, end)
    if hidden and not may_uncover:
        # Offsets over a placeholder would mark words this moderator cannot see, and keeping
        # such a mark would show them.
        raise ValidationError(
            "Part of that selection is already redacted. Select only words you can see, one stretch at a time."
        )
    finding = _moderator_redaction(testimony, start, end, label, replacement.strip(), covers_hidden_text=hidden)
    finding.save()
    testimony_rerender(testimony=testimony)
    log(
        instance=testimony,
        action="moderation.finding_add",
        user=moderator,
        data={"finding": finding.pk, "label": label, "start": start, "end": end, "over_hidden_text": hidden},
    )
    return finding


@transaction.atomic
def mentions_redact(*, testimony: Testimony, moderator, phrase: str, label: str, may_uncover: bool = False) -> int:
    """Redact every mention of `phrase` in what the moderator can see; return how many.

    Hidden (redacted) text is not searched: a guess typed here must not reveal what it hides.
    """
    testimony = _locked_for_review(testimony.pk, by_hand=may_uncover)
    words = phrase.split()
    if label not in MODERATOR_LABELS or not words or len(" ".join(words)) < 2:
        raise ValidationError("Give the words to redact (two characters at least) and what they are.")
    hidden = list(testimony.findings.filter(decision=FindingDecision.REDACT).values_list("start", "end"))
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)", re.IGNORECASE)
    spans = [
        match.span()
        for match in pattern.finditer(testimony.story)
        if not any(start < match.end() and match.start() < end for start, end in hidden)
    ]
    if not spans:
        raise ValidationError("Those words do not appear in the text as you see it.")
    by_hand = testimony.waits_for_manual_redaction
    Finding.objects.bulk_create(
        _moderator_redaction(testimony, start, end, label, covers_hidden_text=by_hand) for start, end in spans
    )
    testimony_rerender(testimony=testimony)
    log(
        instance=testimony,
        action="moderation.mentions_redact",
        user=moderator,
        data={"label": label, "mentions": len(spans)},
    )
    return len(spans)


@transaction.atomic
def finding_reword(*, finding: Finding, moderator, replacement: str, may_uncover: bool = False) -> None:
    """Publish the moderator's wording for a redacted span instead of its placeholder."""
    testimony = _locked_for_review(finding.testimony_id, by_hand=may_uncover)
    finding.replacement = " ".join(replacement.split())[:200]
    finding.decision = FindingDecision.REDACT
    finding.save(update_fields=["replacement", "decision"])
    testimony_rerender(testimony=testimony)
    # Not the wording itself: the log is kept for ever, and wording can be mistyped.
    log(instance=testimony, action="moderation.wording_edit", user=moderator, data={"finding": finding.pk})


REVEAL_PERMISSION = "testimonials.view_raw_testimony"


def testimony_reveal(*, testimony: Testimony, moderator, reason: str) -> datetime:
    """Record that `moderator` opens the original text, and until when; refuse (and record) anyone else.

    The audit log keeps who, when, which testimony and why; never the text.
    """
    if not moderator.has_perm(REVEAL_PERMISSION):
        log(instance=testimony, action="moderation.reveal_denied", user=moderator)
        raise PermissionDenied("You are not allowed to see original texts. The attempt was recorded.")
    reason = " ".join(reason.split())
    if len(reason) < 10:
        raise ValidationError("Say why you need the original text (ten characters at least).")
    minutes = settings.REVEAL_MINUTES
    log(
        instance=testimony,
        action="moderation.reveal",
        user=moderator,
        data={"reason": reason[:500], "minutes": minutes},
    )
    return timezone.now() + timedelta(minutes=minutes)


CONTACT_PERMISSION = "testimonials.contact_testimony_author"


def testimony_contact_reveal(*, testimony: Testimony, moderator, reason: str) -> tuple[str, str]:
    """The author's name and email, for someone allowed to contact them, if the author agreed; logged."""
    if not moderator.has_perm(CONTACT_PERMISSION):
        log(instance=testimony, action="moderation.contact_denied", user=moderator)
        raise PermissionDenied("You are not allowed to see contact details. The attempt was recorded.")
    if not (testimony.consent_contact and testimony.contact_email):
        raise ValidationError("The author did not agree to be contacted.")
    reason = " ".join(reason.split())
    if len(reason) < 10:
        raise ValidationError("Say why you need to contact the author (ten characters at least).")
    log(instance=testimony, action="moderation.contact_view", user=moderator, data={"reason": reason[:500]})
    return testimony.name, testimony.contact_email


def moderation_records_erase(*, testimony_id: int) -> None:
    """Forget what moderation holds of a testimony's original: findings (their offsets point into it)
    and the words of notes (they may quote it). Who decided what, and when, stays."""
    Finding.objects.filter(testimony_id=testimony_id).delete()
    Review.objects.filter(testimony_id=testimony_id).exclude(note="").update(note="")


def _author_terms_mark(testimony: Testimony) -> None:
    done = set(testimony.findings.filter(source=FindingSource.VICTIM).values_list("start", "end"))
    found = redaction.find_author_terms(testimony.story, testimony.removal_term_list)
    Finding.objects.bulk_create(
        Finding(
            testimony=testimony,
            start=term.start,
            end=term.end,
            label=term.label,
            source=FindingSource.VICTIM,
            score=1.0,
            decision=FindingDecision.REDACT,
        )
        for term in found
        if (term.start, term.end) not in done
    )


@transaction.atomic
def author_terms_apply(*, testimony_id: int) -> None:
    """Redact every mention of the author's terms in a testimony under review (the engine does it for new ones)."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony_id)
    if not testimony.in_review:
        return
    _author_terms_mark(testimony)
    testimony_rerender(testimony=testimony)


@transaction.atomic
def testimony_redacted_by_hand(*, testimony: Testimony, moderator, may_uncover: bool) -> None:
    """Send a testimony the engine could not redact to review, with what a moderator marked on the original.

    Only someone reading the revealed original may do it. The author's own words to remove need no
    language model, so they are redacted too; approval still runs its fresh scan (or asks for a reason).
    """
    testimony = _locked_for_review(testimony.pk, by_hand=may_uncover)
    if not testimony.waits_for_manual_redaction:
        raise ValidationError("Only a testimony waiting for manual redaction is redacted by hand.")
    _author_terms_mark(testimony)
    testimony_rerender(testimony=testimony)
    testimony.redacted_at = timezone.now()
    status_change(
        testimony,
        TestimonyStatus.AWAITING_REVIEW,
        user=moderator,
        action="moderation.redact_by_hand",
        data={"redactions": testimony.findings.filter(decision=FindingDecision.REDACT).count()},
        fields=["redacted_at"],
    )
    transaction.on_commit(_notify_moderators)
