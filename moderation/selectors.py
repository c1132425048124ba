"""Reads for moderation screens."""

from dataclasses import dataclass

from testimonials.models import Testimony, TestimonyStatus

from .models import FindingDecision

UNREDACTED_STATUSES = (TestimonyStatus.RECEIVED, TestimonyStatus.REDACTING, TestimonyStatus.MANUAL_REDACTION)


@dataclass(frozen=True)
class Segment:
    """A piece of the text as the public would read it; `label` is set on findings."""

    text: str
    label: str = ""
    source: str = ""
    redacted: bool = False


def review_segments(testimony: Testimony) -> list[Segment]:
    """The redacted text in pieces, each finding marked, without a character of what was redacted.

    Empty until a redaction has succeeded: without findings the story would show unredacted.
    """
    if testimony.redacted_at is None or testimony.status in UNREDACTED_STATUSES:
        return []
    story = testimony.story
    segments: list[Segment] = []
    cursor = 0
    for finding in testimony.findings.order_by("start"):
        if finding.start < cursor:
            continue
        segments.append(Segment(story[cursor : finding.start]))
        if finding.decision == FindingDecision.REDACT:
            segments.append(Segment(finding.placeholder, finding.label, finding.source, redacted=True))
        else:
            segments.append(Segment(story[finding.start : finding.end], finding.label, finding.source))
        cursor = finding.end
    segments.append(Segment(story[cursor:]))
    return [segment for segment in segments if segment.text]
