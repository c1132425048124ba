"""What must stay in a story: threat actors' names, which the language model takes for people.

Redacting "Conti" or "Royal" removes the one fact that links a story to an attack. A name is
kept only when the whole finding is a threat actor's name: "Giulia Conti" is still a person.
"""

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from .patterns import LookbehindScan, alternation

# Ransomware and extortion groups, their malware and other actors named in health-sector attacks.
THREAT_ACTORS = (
    "8Base", "Abyss", "Akira", "ALPHV", "ALPHV/BlackCat", "Anonymous Sudan", "Avaddon", "Avos", "AvosLocker",
    "Babuk", "BianLian", "Black Basta", "BlackBasta", "BlackByte", "BlackCat", "BlackLock", "BlackMatter",
    "BlackSuit", "Cactus", "Cicada3301", "Cl0p", "Clop", "Conti", "Cuba", "Daixin", "Daixin Team", "DarkSide",
    "Dharma", "DoppelPaymer", "BitPaymer", "DragonForce", "Egregor", "Embargo", "Emotet", "Everest", "Fog",
    "Hellcat", "Hive", "Hunters International", "INC Ransom", "Interlock", "Karakurt", "Killnet", "KillNet",
    "Lorenz",
    "LAPSUS$", "Lazarus", "Lazarus Group", "LockBit", "LockBit 2.0", "LockBit 3.0", "LockBit Black", "Lynx",
    "Mallox", "Maze", "Medusa", "MedusaLocker", "Mespinoza", "Money Message", "Monti", "Netwalker", "NetWalker",
    "Nefilim", "NoEscape", "NoName057(16)", "Nokoyawa", "NotPetya", "Petya", "Phobos", "Play", "Pysa", "Qakbot",
    "QakBot", "Qilin", "Quantum", "Ragnar Locker", "RagnarLocker", "Ragnarok", "RansomEXX", "RansomHub",
    "REvil", "Rhysida", "Royal", "Ryuk", "SafePay", "SamSam", "Scattered Spider", "ShinyHunters", "Snatch",
    "Sodinokibi", "Termite", "TrickBot", "Trigona", "Vice Society", "WannaCry", "Yanluowang", "Zeppelin",
)  # fmt: skip

# What often follows an actor's name: "Conti ransomware", "the LockBit gang".
_SUFFIX = r"(?:\s+(?:ransomware|group|gang|crew|affiliates?|operators?|hackers?))?"


# The keep-list of the detection running in this thread (engine.detect sets it from its `keep` argument).
_keep_list: ContextVar[tuple[str, ...]] = ContextVar("keep_list", default=THREAT_ACTORS)
# Whether each surface asked about names an actor, by keep-list: the model's every finding is asked about, and
# hashing a keep-list of a hundred names costs more than the answer.
_answers: ContextVar[dict[str, bool] | None] = ContextVar("threat_actor_answers", default=None)


@contextmanager
def keeping(names: Iterable[str]) -> Iterator[None]:
    """Keep these names (and no others) from redaction while detecting in this block."""
    token = _keep_list.set(tuple(sorted({" ".join(name.split()) for name in names if name.strip()})))
    answers = _answers.set({})
    try:
        yield
    finally:
        _answers.reset(answers)
        _keep_list.reset(token)


@lru_cache(maxsize=8)
def _threat_actor_pattern(names: tuple[str, ...]) -> re.Pattern:
    return re.compile(rf"(?<!\w)(?:the\s+)?(?:{alternation(names, ignore_case=True)}){_SUFFIX}", re.IGNORECASE)


def threat_actor_spans(text: str) -> list[tuple[int, int]]:
    """Where the current keep-list's actors are named in `text`, as whole words."""
    names = _keep_list.get()
    if not names:
        return []
    scan = _threat_actor_scan(names)
    return [match.span() for match in scan.finditer(text) if _whole_words(text, *match.span())]


@lru_cache(maxsize=8)
def _threat_actor_scan(names: tuple[str, ...]) -> LookbehindScan:
    return LookbehindScan(_threat_actor_pattern(names))


def _whole_words(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())


def is_threat_actor(surface: str) -> bool:
    """True when the whole surface names an actor of the current keep-list (case-insensitive)."""
    answers = _answers.get()
    if answers is None:
        return _names_actor(surface)
    if surface not in answers:
        answers[surface] = _names_actor(surface)
    return answers[surface]


def _names_actor(surface: str) -> bool:
    names = _keep_list.get()
    return bool(names) and _threat_actor_pattern(names).fullmatch(surface.strip()) is not None
