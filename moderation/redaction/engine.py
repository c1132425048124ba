from collections.abc import Sequence

from .findings import Finding, resolve_overlaps
from .keep import is_threat_actor
from .names import find_names
from .ner import DEFAULT_MODEL, find_by_model, load_pipeline
from .rules import find_by_rules

SUPPORTED_LANGUAGES = frozenset({"en"})

__all__ = ["detect", "load_pipeline"]


def detect(
    texts: Sequence[str],
    language: str = "en",
    *,
    model: str = DEFAULT_MODEL,
    terms: Sequence[Sequence[str]] | None = None,
) -> list[list[Finding]]:
    """Find personal data and quasi-identifiers in each text; one sorted, non-overlapping list per text.

    `terms`, one list per text, are words the author asked to have removed: every mention is
    redacted whatever its kind. Raises ValueError for a language the engine has no pipeline
    for, rather than returning nothing and letting personal data through.
    """
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"No redaction pipeline for language {language!r}.")
    texts = list(texts)
    by_model = find_by_model(texts, model=model)
    terms = terms or [()] * len(texts)
    return [
        _findings_for(text, model_findings, text_terms)
        for text, model_findings, text_terms in zip(texts, by_model, terms, strict=True)
    ]


def _findings_for(text: str, model_findings: list[Finding], terms: Sequence[str]) -> list[Finding]:
    quasi_identifiers = [
        finding
        for finding in model_findings
        if finding.label != "PERSON" and not is_threat_actor(text[finding.start : finding.end])
    ]
    found = find_by_rules(text) + find_names(text, model_findings) + quasi_identifiers
    return resolve_overlaps(found)
