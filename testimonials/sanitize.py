"""Turns whatever a browser posts into plain text.

bleach, named when the project started, is unmaintained (6.4.0 announced no further
security releases); nh3, the binding to the Rust crate ammonia, does the same job.
"""

import html
import re
import unicodedata

import nh3

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
TRAILING_SPACES = re.compile(r"[ \t]+\n")
BLANK_LINES = re.compile(r"\n{3,}")


def to_plain_text(value: str) -> str:
    """Strip every tag (keeping the words inside), entities decoded, newlines normalised."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    # Script and style bodies are code, not words: ammonia drops them with their tags.
    text = html.unescape(nh3.clean(value, tags=set(), clean_content_tags={"script", "style"}))
    text = unicodedata.normalize("NFC", CONTROL_CHARACTERS.sub("", text))
    return BLANK_LINES.sub("\n\n", TRAILING_SPACES.sub("\n", text)).strip()
