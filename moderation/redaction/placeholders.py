"""Replaces findings with placeholders that stay consistent within one text."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from .findings import PERSONAL_LABELS, QUASI_IDENTIFIER_LABELS, Finding, resolve_overlaps

# How a label reads in the text; the author's own terms read as plainly removed.
PLACEHOLDER_NAMES = {"VICTIM_TERM": "REMOVED"}
# A placeholder as `redact` writes it, `[PERSON 2]`: its label's name and its number.
PLACEHOLDER = re.compile(
    r"\[(?P<name>"
    + "|".join(sorted(PLACEHOLDER_NAMES.get(label, label) for label in PERSONAL_LABELS | QUASI_IDENTIFIER_LABELS))
    + r") (?P<number>\d+)\]"
)


@dataclass(frozen=True)
class Redaction:
    text: str
    # The placeholder that stands for each redacted finding, in the order of the findings.
    placeholders: dict[Finding, str] = field(default_factory=dict)


def _surface_key(surface: str) -> str:
    # "Anna Weber", "anna  weber" and "ANNA WEBER" are one person.
    return re.sub(r"\s+", " ", surface).strip().casefold()


def redact(
    text: str,
    findings: list[Finding],
    *,
    labels: frozenset[str] = PERSONAL_LABELS,
    wording: Mapping[tuple[int, int], str] | None = None,
) -> Redaction:
    """Replace every finding whose label is in `labels` with `[LABEL n]`.

    The same surface text under the same label gets the same number everywhere in
    the text, so a reader can follow "[PERSON 1]" through the story. `wording` gives
    the words a moderator chose instead of the placeholder for a span ("a nurse").
    """
    wording = wording or {}
    numbers: dict[tuple[str, str], int] = {}
    counts: dict[str, int] = {}
    placeholders: dict[Finding, str] = {}
    pieces: list[str] = []
    cursor = 0
    for finding in resolve_overlaps([finding for finding in findings if finding.label in labels]):
        key = (finding.label, _surface_key(text[finding.start : finding.end]))
        if key not in numbers:
            counts[finding.label] = counts.get(finding.label, 0) + 1
            numbers[key] = counts[finding.label]
        placeholder = wording.get((finding.start, finding.end)) or (
            f"[{PLACEHOLDER_NAMES.get(finding.label, finding.label)} {numbers[key]}]"
        )
        placeholders[finding] = placeholder
        pieces.append(text[cursor : finding.start])
        pieces.append(placeholder)
        cursor = finding.end
    pieces.append(text[cursor:])
    return Redaction(text="".join(pieces), placeholders=placeholders)
