from .findings import Finding, resolve_overlaps
from .ner import DEFAULT_MODEL, find_by_model, load_pipeline
from .rules import find_by_rules

SUPPORTED_LANGUAGES = frozenset({"en"})

__all__ = ["detect", "load_pipeline"]


def detect(texts: list[str], language: str = "en", *, model: str = DEFAULT_MODEL) -> list[list[Finding]]:
    """Find personal data and quasi-identifiers in each text; one sorted, non-overlapping list per text.

    Raises ValueError for a language the engine has no pipeline for, rather than
    returning nothing and letting personal data through.
    """
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"No redaction pipeline for language {language!r}.")
    texts = list(texts)
    by_model = find_by_model(texts, model=model)
    return [resolve_overlaps(find_by_rules(text) + found) for text, found in zip(texts, by_model, strict=True)]
