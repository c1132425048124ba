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
    }
)
# Quasi-identifiers: flagged for the moderator, kept unless they decide otherwise.
QUASI_IDENTIFIER_LABELS = frozenset({"ORG", "LOC"})

SOURCE_MODEL = "model"
SOURCE_RULE = "rule"


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
    # Personal data beats a quasi-identifier, a rule beats the model, then the longer span.
    return (finding.is_personal, finding.source == SOURCE_RULE, finding.end - finding.start, finding.score)


def resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep, of every group of overlapping findings, the ones that take precedence; sorted by start."""
    kept: list[Finding] = []
    for finding in sorted(findings, key=_precedence, reverse=True):
        if not any(finding.overlaps(other) for other in kept):
            kept.append(finding)
    return sorted(kept, key=lambda finding: finding.start)
