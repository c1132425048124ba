"""Regex building blocks shared by the recognizers."""

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property


def alternation(words: Iterable[str], *, ignore_case: bool = False, atom: Callable[[str], str] = re.escape) -> str:
    """A regex matching any of `words`, longest first, written as a trie of shared prefixes.

    Python's `re` tries a plain alternation branch by branch at every position of the text; a
    trie ("ma(?:rs|i)") rejects a position after a character or two. Matches are those of the
    longest-first alternation "|".join(sorted(words, key=len, reverse=True)). For a pattern
    matched case-insensitively, pass `ignore_case`: "Pl." and "pl." must share a branch. `atom`
    writes each character as a regex ("é" as "[ée]"); no two characters of a word list may then
    match the same text, or the first branch would win where the longest should.
    """
    trie: dict = {}
    for word in {word.lower() if ignore_case else word for word in words}:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _branches(trie, atom) or "(?!)"


def _branches(node: dict, atom: Callable[[str], str]) -> str:
    branches = [atom(char) + _branches(child, atom) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = "|".join(branches)
    if "" in node:
        # A word ends here: the longer words through this node are tried first, then this one.
        return f"(?:{body})?"
    return body if len(branches) == 1 else f"(?:{body})"


def finditer_from(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> Iterator[re.Match[str]]:
    """The matches of `pattern.finditer(text)`, trying only `starts` (ascending), which must hold every
    position where a match may open. A regex that opens with a lookbehind is tried at every position of
    the text; a cheap scan for something rarer (a digit) can name the few places worth trying.
    """
    resume = 0
    for start in starts:
        if start >= resume and (match := pattern.match(text, start)):
            resume = max(match.end(), start + 1)
            yield match


def search_from(pattern: re.Pattern[str], text: str, starts: list[int], position: int = 0) -> re.Match[str] | None:
    """`pattern.search(text, position)`, trying only `starts` (ascending), as `finditer_from` does."""
    for start in starts[bisect_left(starts, position) :]:
        if match := pattern.match(text, start):
            return match
    return None


def opens_word(text: str, position: int) -> bool:
    """Whether a word character at `position` starts a word (what `\\b` tests there)."""
    return position == 0 or not (text[position - 1].isalnum() or text[position - 1] == "_")


class LookbehindScan:
    """`pattern.finditer(text)` for a pattern that opens with a one-character negative lookbehind and never
    matches the empty string, such as "(?<![\\w.-])Street".

    `re` tries such a pattern at every position of a text. Opening instead with the character a match must
    follow ("[^\\w.-]Street") lets `re` skip, with a quick scan, to the positions after such characters; the
    pattern itself then matches there, so each match is exactly the pattern's own.
    """

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._opening = LOOKBEHIND_OPENING.match(pattern.pattern)
        if self._opening is None:
            raise ValueError(f"{pattern.pattern[:40]!r} does not open with a one-character negative lookbehind")

    @cached_property
    def _after_allowed(self) -> re.Pattern[str]:
        # Compiled on first use: compiling costs as much as the pattern's own, which web processes never use.
        before = r"\W" if self._opening["set"] == r"\w" else f"[^{self._opening['set'][1:-1]}]"
        return re.compile(f"{before}(?:{self.pattern.pattern[self._opening.end() :]})", self.pattern.flags)

    def search(self, text: str, position: int = 0) -> re.Match[str] | None:
        """`pattern.search(text, position)`."""
        if position == 0 and (match := self.pattern.match(text)):  # at the start nothing comes before
            return match
        found = self._after_allowed.search(text, max(position - 1, 0))
        return None if found is None else self.pattern.match(text, found.start() + 1)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """`pattern.finditer(text)`."""
        match = self.search(text)
        while match:
            yield match
            match = self.search(text, match.end())


# "(?<![...])" or "(?<!\w)" opening a pattern.
LOOKBEHIND_OPENING = re.compile(r"\(\?<!(?P<set>\\w|\[(?!\^)(?:\\.|[^\]\\])+\])\)")
