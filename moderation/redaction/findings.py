from dataclasses import dataclass

# Personal data: redacted by default.
PERSONAL_LABELS = frozenset(
    {
        "PERSON",
        "EMAIL",
        "PHONE",
        "ADDRESS",
        "POSTCODE",
        "DATE_OF_BIRTH",
        "MEDICAL_ID",
        "NATIONAL_ID",
        "IBAN",
        "CREDIT_CARD",
        "IP_ADDRESS",
        "URL",
        # Words the author asked to have removed, whatever they are.
        "VICTIM_TERM",
    }
)
# Quasi-identifiers: flagged for the moderator, kept unless they decide otherwise.
QUASI_IDENTIFIER_LABELS = frozenset({"ORG", "LOC"})

SOURCE_MODEL = "model"
SOURCE_RULE = "rule"
SOURCE_VICTIM = "victim"
SOURCE_MODERATOR = "moderator"
# Whose word counts most when findings overlap: a person's over a pattern's over a model's.
SOURCE_RANK = {SOURCE_MODERATOR: 3, SOURCE_VICTIM: 2, SOURCE_RULE: 1, SOURCE_MODEL: 0}


@dataclass(frozen=True, slots=True)
class Finding:
    """A span of a text that holds personal data; `end` is exclusive, offsets are code points."""

    start: int
    end: int
    label: str
    source: str = SOURCE_RULE
    score: float = 1.0

    @property
    def is_personal(self) -> bool:
        return self.label in PERSONAL_LABELS

    def overlaps(self, other: "Finding") -> bool:
        return self.start < other.end and other.start < self.end


def _precedence(finding: Finding) -> tuple:
    # Personal data beats a quasi-identifier, then the surer source, the longer span, the higher score.
    return (finding.is_personal, SOURCE_RANK.get(finding.source, 0), finding.end - finding.start, finding.score)


def _merge_personal(findings: list[Finding]) -> list[Finding]:
    # Overlapping personal data becomes one span covering both: dropping either would leak its edge.
    merged: list[Finding] = []
    for finding in sorted(findings, key=lambda finding: finding.start):
        if merged and finding.start < merged[-1].end:
            previous = merged[-1]
            winner = max(previous, finding, key=_precedence)
            end = max(previous.end, finding.end)
            merged[-1] = Finding(previous.start, end, winner.label, winner.source, winner.score)
        else:
            merged.append(finding)
    return merged


def resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Non-overlapping findings sorted by start.

    Overlapping personal data is merged into one span; a quasi-identifier survives only
    where it overlaps nothing that takes precedence.
    """
    kept = _merge_personal([finding for finding in findings if finding.is_personal])
    for finding in sorted((f for f in findings if not f.is_personal), key=_precedence, reverse=True):
        if not any(finding.overlaps(other) for other in kept):
            kept.append(finding)
    return sorted(kept, key=lambda finding: finding.start)
