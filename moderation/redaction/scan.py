"""A fresh scan of text that is about to go public: whatever personal data the engine still finds."""

import hashlib
from dataclasses import dataclass

from .engine import detect


@dataclass(frozen=True)
class Leftover:
    label: str
    words: str


def personal_data_left(text: str) -> list[Leftover]:
    """Personal data the engine finds in already redacted text (placeholders are not findings)."""
    return [Leftover(f.label, text[f.start : f.end]) for f in detect([text])[0] if f.is_personal]


def describe(leftovers: list[Leftover]) -> str:
    return "; ".join(f"{leftover.label.replace('_', ' ').lower()} “{leftover.words}”" for leftover in leftovers)


def text_digest(text: str) -> str:
    """Identifies a text that passed the scan, so an unchanged text need not be scanned again."""
    return hashlib.sha256(text.encode()).hexdigest()
