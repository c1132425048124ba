"""A fresh scan of text that is about to go public: whatever personal data the engine still finds."""

import hashlib
import logging
from dataclasses import dataclass

from .engine import detect

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Leftover:
    label: str
    words: str


# What the scan reports when the engine itself fails: the gates then ask for a reason, as for any
# leftover, instead of failing (a testimony redacted by hand because the engine failed can still go on).
UNCHECKED = Leftover("UNCHECKED", "")


def personal_data_left(text: str) -> list[Leftover]:
    """Personal data the engine finds in already redacted text (placeholders are not findings)."""
    from django.conf import settings

    try:
        # The pipeline the worker redacts with, not the engine's default.
        found = detect([text], model=settings.REDACTION_SPACY_MODEL)[0]
    except Exception as error:
        # The class only: an engine's message could quote the text.
        logger.error("The personal-data check could not run: %s", type(error).__name__)
        return [UNCHECKED]
    return [Leftover(f.label, text[f.start : f.end]) for f in found if f.is_personal]


def describe(leftovers: list[Leftover]) -> str:
    return "; ".join(
        "the check itself could not run (the redaction engine failed)"
        if leftover == UNCHECKED
        else f"{leftover.label.replace('_', ' ').lower()} “{leftover.words}”"
        for leftover in leftovers
    )


def text_digest(text: str) -> str:
    """Identifies a text that passed the scan, so an unchanged text need not be scanned again."""
    return hashlib.sha256(text.encode()).hexdigest()
