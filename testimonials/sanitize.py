"""Turns whatever a browser posts into plain text: the words the person typed, and nothing that acts.

The result is text, never HTML: a "<" or "&lt;" the author typed is kept as those characters, and
every output escapes it. Tags are dropped (their words kept) so that pasted markup does not reach
moderators as noise. Characters that hide or reorder text are removed, so that what a moderator
reads is what the public reads.

bleach, named when the project started, is unmaintained (6.4.0 announced no further
security releases); nh3, the binding to the Rust crate ammonia, does the same job.
"""

import re
import unicodedata

import nh3

# Controls but tab and newline; format characters (Unicode category Cf) but ZWNJ and ZWJ, which
# Persian, Indic scripts and emoji sequences need, and the visible prepended concatenation marks
# (U+0600-0605, U+06DD, U+070F, U+0890-0891, U+08E2, U+110BD, U+110CD); surrogates; and letters
# that show nothing (combining grapheme joiner, Hangul fillers). Tag characters (U+E0001-E007F)
# can hide a whole sentence; their one visible use, a subdivision flag, is kept whole.
# tests/security/test_text_cleaning.py checks this list against Python's Unicode data.
HIDDEN_OR_FLAG = re.compile(
    "(?P<flag>\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{1,6}\U000e007f)"
    "|[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u180e\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ud800-\udfff\ufeff\uffa0\ufff9-\ufffb\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]+"
)
# ammonia's escaping of text, undone; "&amp;" last, so that an "&lt;" the author typed stays.
AMMONIA_ESCAPES = (("&lt;", "<"), ("&gt;", ">"), ("&nbsp;", "\u00a0"), ("&amp;", "&"))
TRAILING_SPACES = re.compile(r"[ \t]+\n")
BLANK_LINES = re.compile(r"\n{3,}")
# Removing a tag can join two halves of another ("<<b></b>script>"), so cleaning repeats until
# nothing changes; markup nested deeper than this is not a story, and loses its "<".
MAX_PASSES = 4


def to_plain_text(value: str) -> str:
    """Plain text, tags dropped, hidden characters removed, NFC; clean(clean(x)) == clean(x)."""
    text = value
    for _ in range(MAX_PASSES):
        cleaner = _clean_once(text)
        if cleaner == text:
            return text
        text = cleaner
    return _clean_once(text.replace("<", ""))


def _clean_once(value: str) -> str:
    text = _visible(value.replace("\r\n", "\n").replace("\r", "\n"))
    # NFC before parsing too: a singleton such as KELVIN SIGN becomes "K" and could open a tag.
    text = unicodedata.normalize("NFC", _without_tags(unicodedata.normalize("NFC", text)))
    return BLANK_LINES.sub("\n\n", TRAILING_SPACES.sub("\n", text)).strip()


def _visible(text: str) -> str:
    return HIDDEN_OR_FLAG.sub(lambda match: match["flag"] or "", text)


def _without_tags(text: str) -> str:
    # Every "&" is escaped first, so the author's entities stay text. Script and style bodies are
    # code, not words: dropped with their tags.
    cleaned = nh3.clean(text.replace("&", "&amp;"), tags=set(), clean_content_tags={"script", "style"})
    for escaped, character in AMMONIA_ESCAPES:
        cleaned = cleaned.replace(escaped, character)
    return cleaned
