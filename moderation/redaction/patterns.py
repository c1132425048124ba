"""Regex building blocks shared by the recognizers."""

import re
from collections.abc import Callable, Iterable


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
