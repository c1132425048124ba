"""The moderation workspace: every change is a decision on a finding, and the redacted text is derived
again from the findings; no copy of the text is edited by hand."""

import logging
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from moderation import redaction
from testimonials import publishing
from testimonials.lifecycle import status_change
from testimonials.models import Testimony, TestimonyStatus

from .. import reidentification
from ..models import Finding, FindingDecision, FindingSource, Review
from ..selectors import visible_kept_words
from .redaction import notify_moderators

logger = logging.getLogger(__name__)


MODERATOR_LABELS = tuple(sorted(redaction.PERSONAL_LABELS - {"VICTIM_TERM"})) + ("ORG", "LOC")


def _locked_for_review(testimony_id: int, *, by_hand: bool = False) -> Testimony:
    """The testimony, locked, if its redactions may change: in review, or redacted by hand on the revealed original."""
    testimony = Testimony.objects.select_for_update().get(pk=testimony_id)
    if testimony.in_review or (by_hand and testimony.waits_for_manual_redaction):
        return testimony
    if testimony.waits_for_manual_redaction:
        raise ValidationError(_("Reveal the original first: redacting by hand means reading it."))
    raise ValidationError(_("Redactions can change only while a testimony awaits review."))


def testimony_rerender(*, testimony: Testimony) -> None:
    """Derive the redacted text, and each finding's placeholder, from the findings marked redact."""
    every_row = list(testimony.findings.all())
    rows = [row for row in every_row if row.decision == FindingDecision.REDACT]
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
    kept_organisations = visible_kept_words(testimony, every_row, "ORG")
    testimony.reidentification_warnings = len(reidentification.risks(result.text, kept_organisations))
    testimony.save(update_fields=["redacted_text", "reidentification_warnings", "updated_at"])
    if result.text.strip():
        publishing.text_check_request(result.text, testimony=testimony)


@transaction.atomic
def finding_decide(*, finding: Finding, moderator, decision: str, may_uncover: bool = False) -> None:
    """Keep or redact one finding. Keeping personal data puts hidden words in the public text, so it
    needs the original revealed (`may_uncover`); places and organisations are visible already."""
    testimony = _locked_for_review(finding.testimony_id, by_hand=may_uncover)
    if decision not in FindingDecision.values:
        raise ValidationError(_("Choose keep or redact."))
    if decision == FindingDecision.KEEP and finding.needs_reveal_to_keep and not may_uncover:
        raise ValidationError(_("To keep these words, reveal the original first: you need to see what you publish."))
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
        raise ValidationError(_("Choose what kind of information this is."))
    if not 0 <= start < end <= len(testimony.story):
        raise ValidationError(_("Select the words to redact in the text."))
    start, end = _trimmed(testimony.story, start, end)
    if start == end:
        raise ValidationError(_("Select the words to redact in the text."))
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
        raise ValidationError(_("Give the words to redact (two characters at least) and what they are."))
    hidden = list(testimony.findings.filter(decision=FindingDecision.REDACT).values_list("start", "end"))
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)", re.IGNORECASE)
    spans = [
        match.span()
        for match in pattern.finditer(testimony.story)
        if not any(start < match.end() and match.start() < end for start, end in hidden)
    ]
    if not spans:
        raise ValidationError(_("Those words do not appear in the text as you see it."))
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
        raise ValidationError(_("Only a testimony waiting for manual redaction is redacted by hand."))
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
    transaction.on_commit(notify_moderators)


def moderation_records_erase(*, testimony_id: int) -> None:
    """Forget what moderation holds of a testimony's original: findings (their offsets point into it)
    and the words of notes (they may quote it). Who decided what, and when, stays."""
    Finding.objects.filter(testimony_id=testimony_id).delete()
    Review.objects.filter(testimony_id=testimony_id).exclude(note="").update(note="")
