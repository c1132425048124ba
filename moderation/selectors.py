"""Reads for moderation screens."""

from dataclasses import dataclass, field

from django.db.models import Count, QuerySet

from testimonials.crypto import encrypted_field_names
from testimonials.models import Testimony

from .models import Finding, FindingDecision


@dataclass
class Segment:
    """A piece of the text as the public would read it, with its offsets in the original.

    Findings carry their label and ids; plain text carries offsets so a selection in it can
    become a new redaction.
    """

    text: str
    start: int
    end: int
    label: str = ""
    source: str = ""
    redacted: bool = False
    finding_ids: list[int] = field(default_factory=list)


def _redacted_runs(rows: list[Finding]) -> list[Segment]:
    # Overlapping redactions read as one placeholder, as in the redacted text itself.
    runs: list[Segment] = []
    for row in sorted((r for r in rows if r.decision == FindingDecision.REDACT), key=lambda r: r.start):
        if runs and row.start < runs[-1].end:
            runs[-1].end = max(runs[-1].end, row.end)
            runs[-1].finding_ids.append(row.pk)
        else:
            runs.append(Segment(row.placeholder, row.start, row.end, row.label, row.source, True, [row.pk]))
    return runs


# Never loaded for a list of testimonies: every encrypted field (found, not listed), and the receipt's hash.
QUEUE_DEFERRED_FIELDS = [*encrypted_field_names(Testimony), "secret_hash"]


def queue_rows(testimonies: QuerySet[Testimony]) -> QuerySet[Testimony]:
    """Testimonies as the queue and the dashboard list them: no text decrypted, with their findings counted."""
    return testimonies.defer(*QUEUE_DEFERRED_FIELDS).annotate(findings_count=Count("findings"))


def visible_kept_words(testimony: Testimony, rows: list[Finding], label: str) -> list[str]:
    """The words of each kept `label` finding that no redaction hides: what the public text shows."""
    redacted = [row for row in rows if row.decision == FindingDecision.REDACT]
    return [
        testimony.story[row.start : row.end]
        for row in rows
        if row.label == label
        and row.decision == FindingDecision.KEEP
        and not any(other.overlaps(row.start, row.end) for other in redacted)
    ]


def review_segments(testimony: Testimony, rows: list[Finding] | None = None, *, by_hand: bool = False) -> list[Segment]:
    """The redacted text in pieces, each finding marked, without a character of what was redacted.

    Empty until a redaction has succeeded: without findings the story would show unredacted. The one
    exception is redacting by hand (`by_hand`), for someone who has revealed the original anyway.
    """
    redacting_by_hand = by_hand and testimony.waits_for_manual_redaction
    if not redacting_by_hand and not testimony.is_redacted:
        return []
    story = testimony.story
    rows = list(testimony.findings.all()) if rows is None else rows
    marked = _redacted_runs(rows)
    for row in sorted((r for r in rows if r.decision == FindingDecision.KEEP), key=lambda r: r.start):
        if not any(row.start < other.end and other.start < row.end for other in marked):
            marked.append(
                Segment(story[row.start : row.end], row.start, row.end, row.label, row.source, False, [row.pk])
            )
    segments: list[Segment] = []
    cursor = 0
    for segment in sorted(marked, key=lambda s: s.start):
        if segment.start > cursor:
            segments.append(Segment(story[cursor : segment.start], cursor, segment.start))
        segments.append(segment)
        cursor = segment.end
    if cursor < len(story):
        segments.append(Segment(story[cursor:], cursor, len(story)))
    return segments
