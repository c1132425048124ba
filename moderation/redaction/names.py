"""People's names: what the language model finds, what it misses, and every other mention.

The model misses names after titles ("Nurse Genoveva"), after words that introduce a person
("my wife éléonore", "someone called Janice"), in sign-offs ("Best regards, Britt Hande") and
in texts typed in lowercase. Once a name is found anywhere, its other mentions ("Ana" after
"Ana Souza") are redacted too. In lowercase texts, capitals say nothing, so a word counts as a
name there only when it is a known given or family name (lists in data/, from Faker's locales).
"""

import importlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from functools import lru_cache
from itertools import chain
from pathlib import Path

from .contacts import is_domain_shaped
from .findings import SOURCE_RULE, Finding
from .identifiers.keywords import CONTEXT_WORD
from .keep import is_threat_actor
from .patterns import LookbehindScan, alternation, finditer_from

DATA = Path(__file__).resolve().parent / "data"
NAME_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
CAPITAL = re.compile(r"[A-ZÀ-ÖØ-Þ]")
# Joining words inside names: "Leonardo Ferreira dos Santos", "Ludwig van Beethoven".
PARTICLES = frozenset(
    {"de", "da", "do", "das", "dos", "del", "della", "di", "du", "la", "le", "van", "von", "der", "den", "ter"}
    | {"y", "e"}
)
MAX_NAME_TOKENS = 5

# Matched case-insensitively, as tries (see patterns.alternation).
TITLES = alternation(
    """dr dra doctor doctora docteur doutor doutora prof professor professeur professeure profesor profesora professora
    nurse sister matron midwife mr mrs ms miss mx mme madame mlle mademoiselle monsieur herr frau sr sra srta señor
    señora señorita doña dona senhor senhora sir dame pastor rev reverend""".split(),
    ignore_case=True,
)
RELATIONS = alternation(
    """wife husband partner son daughter child baby mother mum mom mam father dad parent parents grandmother
    grandfather grandma grandpa gran granny grandson granddaughter brother sister aunt auntie uncle cousin
    niece nephew friend neighbour neighbor colleague coworker co-worker boss manager supervisor surgeon doctor gp
    consultant oncologist cardiologist physician paediatrician pediatrician nurse midwife carer caregiver
    fiance fiancé fiancee fiancée boyfriend girlfriend stepson stepdaughter stepmother stepfather
    mother-in-law father-in-law son-in-law daughter-in-law sister-in-law brother-in-law
    pharmacist therapist dentist landlord lawyer solicitor teacher patient flatmate housemate""".split(),
    ignore_case=True,
)
# Each trigger ends where the name would begin. Every one starts a word: the lookbehind in front
# rejects the positions inside words at once.
TRIGGERS = re.compile(
    rf"(?<!\w)(?:(?<!\.)(?:{TITLES})\.?\s+"
    rf"|(?:my|our|his|her|their)\s+(?:(?:late|elderly|little|eldest|youngest|older|younger|elder|new|old)\s+)?"
    rf"(?:{RELATIONS}),?\s+"
    r"|(?:called|named|my\s+name\s+is|my\s+name's|i\s+am|i'm|this\s+is|signed|name:)\s+"
    r"|(?:regards|wishes|thanks|thank\s+you|cheers|sincerely|yours|merci|cordialement|grüße|gracias|saludos|"
    r"obrigad[oa]|abraços?|listening|reading)[,.!]*\s+)",
    re.IGNORECASE,
)
# Each language's own ways of introducing a person: "me llamo", "mi marido", "je m'appelle", "ma femme", "M.".
_LANGUAGE_TRIGGERS = {
    "es": re.compile(
        # "un tal Felipe": a certain Felipe.
        r"(?<!\w)(?:(?:me\s+llamo|mi\s+nombre\s+es|se\s+llama|llamad[oa]|firmad[oa]|un\s+tal|una\s+tal|soy)\s+"
        # "una enfermera, Emelina,": a person named after their trade.
        r"|(?:un|una)\s+(?:enfermer[oa]|médic[oa]|doctor[a]?|celador[a]?|auxiliar|administrativ[oa]|cirujan[oa]),\s+"
        r"|(?:mi|mis|nuestr[oa]s?|su)\s+(?:(?:difunt[oa]|querid[oa]|pequeñ[oa]|mayor|menor)\s+)?"
        r"(?:marido|esposo|esposa|mujer|madre|padre|hij[oa]|herman[oa]|abuel[oa]|tí[oa]|prim[oa]|sobrin[oa]"
        r"|niet[oa]|suegr[oa]|cuñad[oa]|novi[oa]|pareja|vecin[oa]|amig[oa]|compañer[oa]|jef[ea]|médic[oa]"
        r"|enfermer[oa]|cuidador[a]?|mamá|papá),?\s+)",
        re.IGNORECASE,
    ),
    "fr": re.compile(
        # "un certain Marc": a certain Marc; "l'infirmier Édouard".
        r"(?<!\w)(?:(?:je\s+m['’]appelle|mon\s+nom\s+est|s['’]appelle|nommée?|prénommée?|un\s+certain"
        r"|une\s+certaine|l['’]infirmi(?:er|ère))\s+"
        r"|(?:un|une)\s+(?:infirmi(?:er|ère)|médecin|docteure?|aide-soignante?|chirurgien(?:ne)?),\s+"
        r"|(?:mon|ma|mes|notre|nos|son|sa)\s+(?:(?:défunte?|chère?|petite?|grande?|jeune)\s+)?"
        r"(?:mari|femme|épouse|époux|compagnon|compagne|conjointe?|mère|père|fils|fille|frère|s[œo]eur"
        r"|grand-mère|grand-père|oncle|tante|cousine?|neveu|nièce|petit-fils|petite-fille|voisine?|amie?"
        r"|collègue|médecin|infirmière|infirmier|beau-père|belle-mère|maman|papa),?\s+"
        r"|(?<!\.)(?-i:(?:M|Mme|Mlle|Pr|Dr)\.?\s+(?=[A-ZÀ-Ý])))",
        re.IGNORECASE,
    ),
}
TRIGGER_SCAN = LookbehindScan(TRIGGERS)
_LANGUAGE_TRIGGER_SCANS = {language: LookbehindScan(pattern) for language, pattern in _LANGUAGE_TRIGGERS.items()}
# A line that is only a name, at the end of a text or before contact details: a signature.
# Also "— Rena, Stuttgart" (the place written from), "Caroline here," and "Alejo Estévez, my grandmother".
SIGNATURE = re.compile(
    # Lazy: the shortest run of words that the rest of the line confirms ("Caroline here").
    r"(?:^|(?<=[.!?\n]))[ \t]*(?:[—–\-][ \t]*)?((?:[^\W\d_][\w'’\-]*[ \t]+){0,3}?[^\W\d_][\w'’\-]*)"
    r"(?=[ \t]*(?:\n|$)|[ \t]+[A-Z]\.?[ \t]*(?:\n|$)|[ \t]+[-–,][ \t]*[+\d(@]|,[ \t]*[^\W\d_][^\n,]{0,40}(?:\n|$)"
    r"|[ \t]+here\b"
    rf"|,[ \t]+(?:my|our|his|her|their)[ \t]+(?:{RELATIONS})\b)",
    re.IGNORECASE,
)
# A signature opens the text or follows one of these; finding them first spares trying SIGNATURE everywhere.
SIGNATURE_AFTER = re.compile(r"[.!?\n]")


def _line_openings(text: str) -> Iterator[int]:
    yield 0
    for match in SIGNATURE_AFTER.finditer(text):
        yield match.end()


# Words before a capitalised word that make it a place rather than a person: "in Valencia".
PLACE_PREPOSITIONS = re.compile(
    r"(?:\b(?:in|near|outside|around|across|towards|en|em|nach)"
    r"|\b(?:drive|drove|driven|taken|took|sent|moved|transferred|diverted|flown|went|go|back)\s+(?:\w+\s+)?to)\s+$",
    re.IGNORECASE,
)
_GREETINGS = {"hello", "hi", "dear", "thanks", "regards", "sorry", "sent", "okay", "ok", "yes", "no"}
# Words of institutions and places: "Atlanta General Hospital" is no person.
_INSTITUTION_WORDS = {
    "hospital", "clinic", "general", "university", "infirmary", "centre", "center", "medical", "health",
    "royal", "saint", "st", "santa", "san", "são", "klinikum", "hôpital", "clínica", "clinique",
    "county", "city", "street", "road", "ward", "unit", "trust", "foundation", "memorial", "children's",
}  # fmt: skip


# The language of the texts being searched (engine.detect sets it): which words are never names.
_language: ContextVar[str] = ContextVar("names_language", default="en")


@contextmanager
def writing_in(language: str) -> Iterator[None]:
    token = _language.set(language)
    try:
        yield
    finally:
        _language.reset(token)


def _not_names() -> frozenset[str]:
    return _not_names_in(_language.get())


def _little_words_of_other_languages() -> frozenset[str]:
    return _little_words_only_in(_language.get())


@lru_cache(maxsize=8)
def _little_words_only_in(language: str) -> frozenset[str]:
    return frozenset() if language == "en" else _not_names_in(language) - _not_names_in("en")


@lru_cache(maxsize=8)
def _not_names_in(language: str) -> frozenset[str]:
    # spaCy's stop words, imported on first use: importing spaCy costs a process about 80 MiB, and
    # the web processes import the engine (for placeholders) without ever detecting. English ones
    # always count: stories in other languages quote English words too.
    from spacy.lang.en.stop_words import STOP_WORDS

    words = set(STOP_WORDS)
    if language != "en":
        with suppress(ImportError):  # no list for this language: English's and ours
            words |= importlib.import_module(f"spacy.lang.{language}.stop_words").STOP_WORDS
    return frozenset(words | _GREETINGS | _INSTITUTION_WORDS)


@lru_cache(maxsize=1)
def _known_places() -> frozenset[str]:
    lines = (DATA / "places.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def is_place(surface: str) -> bool:
    return _fold(" ".join(surface.split())) in _known_places()


@lru_cache(maxsize=1)
def _known_names() -> tuple[frozenset[str], frozenset[str]]:
    """(given names, every known name), casefolded."""

    def read(filename: str) -> frozenset[str]:
        lines = (DATA / filename).read_text(encoding="utf-8").splitlines()
        return frozenset(line for line in lines if line and not line.startswith("#"))

    given = read("given_names.txt")
    return given, given | read("family_names.txt")


@lru_cache(maxsize=65536)  # every word of every text passes here, most of them many times
def _fold(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold()


def is_lowercase_text(text: str) -> bool:
    """Typed without capitals, so capitals cannot tell names from words."""
    capitals = len(CAPITAL.findall(text))
    return capitals <= 2 or capitals <= len(text) // 400


def _accepts(word: str, *, lowercase: bool, first: bool) -> bool:
    """A capitalised word (unless the text has no capitals), or a known name typed in lowercase."""
    folded = _fold(word)
    given, any_name = _known_names()
    # "Ambrosio Grande", "Flor Casado Bueno": after a name, a capitalised word that is also a surname is one.
    surname_too = not first and not lowercase and word[0].isupper() and folded in any_name
    if (folded in _not_names() and not surname_too) or is_threat_actor(word):
        return False
    if word[0].isupper() and not lowercase:
        return True
    return folded in (given if first else any_name)


def capture_name(text: str, position: int, *, lowercase: bool) -> tuple[int, int] | None:
    """The span of the name that starts at `position`, if the words there look like one.

    Joining particles ("dos", "van") are taken only between two name words.
    """
    start = name_end = None
    cursor = position
    tokens = 0  # from the name's first word on, particles included
    for match in NAME_TOKEN.finditer(text, position):
        gap = text[cursor : match.start()]
        if (start is None and gap) or (start is not None and gap not in (" ", "\t")):
            break
        word, cursor = match.group(), match.end()
        if start is not None:
            tokens += 1
            if _fold(word) in PARTICLES:
                continue
        if not _accepts(word, lowercase=lowercase, first=start is None):
            break
        if start is None:
            start, tokens = match.start(), 1
        name_end = match.end()
        if tokens >= MAX_NAME_TOKENS:
            break
    return (start, name_end) if start is not None else None


def _after_triggers(text: str, lowercase: bool) -> Iterator[Finding]:
    own = _LANGUAGE_TRIGGER_SCANS.get(_language.get())
    triggers = chain(TRIGGER_SCAN.finditer(text), own.finditer(text) if own else ())
    for trigger in triggers:
        span = capture_name(text, trigger.end(), lowercase=lowercase)
        if span:
            yield Finding(span[0], span[1], "PERSON", SOURCE_RULE, 0.8)


def _signatures(text: str, lowercase: bool) -> Iterator[Finding]:
    for line in finditer_from(SIGNATURE, text, _line_openings(text)):
        start, end = line.span(1)
        captured, initial = capture_name(text, start, lowercase=lowercase), _INITIAL_AFTER.match(text, end)
        if captured != (start, end) and not (initial and captured == (start, initial.end(1))):
            continue
        # A single capitalised word ending a text is a name only if it is a known given name.
        if lowercase or " " in text[start:end] or _fold(text[start:end]) in _known_names()[0]:
            yield Finding(start, end, "PERSON", SOURCE_RULE, 0.75)


class _Words:
    """The text's words (NAME_TOKEN matches) and their folded forms, read once for every search that walks them."""

    def __init__(self, text: str) -> None:
        self.matches = list(NAME_TOKEN.finditer(text))
        self.folded = [_fold(word.group()) for word in self.matches]


def _known_pairs(text: str, lowercase: bool, places: list[Finding], words: _Words) -> Iterator[Finding]:
    """A known given name followed by a known name, capitalised alike: "Lucie Pruvost", "jane coates"."""
    given, any_name = _known_names()
    little_words = _little_words_of_other_languages()
    tokens, folded = words.matches, words.folded
    for index in range(len(tokens) - 1):
        if folded[index] not in given or folded[index + 1] not in any_name:
            continue
        first, second = tokens[index], tokens[index + 1]
        if text[first.end() : second.start()] != " " or first.group()[0].isupper() != second.group()[0].isupper():
            continue
        if folded[index + 1] in little_words:
            continue  # "vino con": a little word of French or Spanish is no surname (English has "May", "Best")
        if not _accepts(first.group(), lowercase=lowercase, first=True):
            continue
        span = capture_name(text, first.start(), lowercase=lowercase) or (first.start(), second.end())
        span = (span[0], max(span[1], second.end()))
        inside_quasi = any(place.start < span[1] and span[0] < place.end for place in places)
        if not inside_quasi and not is_place(text[span[0] : span[1]]):
            yield Finding(span[0], span[1], "PERSON", SOURCE_RULE, 0.7)


CALENDAR_WORDS = frozenset(
    "january february march april june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday christmas easter".split()
)
# "St. Louis", "San Diego", "Santa Maria": a saint's name is a place's.
SAINT = re.compile(r"\b(?:st|ste|saint|sainte|san|santa|santo|são|sankt)\.?\s+$", re.IGNORECASE)


def _lone_given_names(text: str, lowercase: bool, quasi: list[Finding], words: _Words) -> Iterator[Finding]:
    """A capitalised known given name in mid-sentence ("so Franck ran down"), not a month or a place the model saw."""
    if lowercase:
        return
    given, not_names = _known_names()[0], _not_names()
    for word, folded in zip(words.matches, words.folded, strict=True):
        surface = word.group()
        if not surface[0].isupper():
            continue
        if folded not in given or folded in CALENDAR_WORDS or folded in not_names or is_threat_actor(surface):
            continue
        before = text[max(0, word.start() - 3) : word.start()].rstrip(" \t\"'“(")
        if not before or before[-1] in ".!?\n:—–-" or SAINT.search(text[max(0, word.start() - 8) : word.start()]):
            continue  # a capital at the start of a sentence proves nothing; "St. Louis" is a place
        if not any(f.start < word.end() and word.start() < f.end for f in quasi):
            yield Finding(word.start(), word.end(), "PERSON", SOURCE_RULE, 0.6)


LEADING_TITLE = re.compile(rf"(?:{TITLES})\.?\s+", re.IGNORECASE)


def _extended(text: str, finding: Finding, lowercase: bool) -> Finding:
    """The model often stops short ("Ravy" of "Ravy Gonçalves de Souza") or takes the title in."""
    start, end = finding.start, finding.end
    title = LEADING_TITLE.match(text, start, end)
    if title and title.end() < end:
        start = title.end()
    words = capture_name(text, end + 1, lowercase=lowercase) if text[end : end + 1] == " " else None
    if words:
        end = words[1]
    previous = re.search(r"([^\W\d_][\w'’\-]*) $", text[max(0, start - 30) : start])
    if (
        previous
        and _fold(previous.group(1)) in _known_names()[0]
        and _accepts(previous.group(1), lowercase=lowercase, first=True)
    ):
        start -= len(previous.group(0))
    return Finding(start, end, finding.label, finding.source, finding.score)


def _model_person_is_kept(text: str, finding: Finding, model_places: set[str]) -> str | None:
    """The label a model PERSON finding really deserves: None to drop it, 'LOC' for a place."""
    surface = text[finding.start : finding.end]
    if is_threat_actor(surface) or any(ch.isdigit() for ch in surface):
        return None
    if is_domain_shaped(surface) or _is_identifier_keyword(surface):
        return None  # "google.co.il", "mail jriou@laposte.net", "Meine Steuer-ID"
    before = text[max(0, finding.start - 30) : finding.start]
    if PLACE_PREPOSITIONS.search(before) or SAINT.search(before):
        return "LOC"
    if is_place(surface):
        # "Charlotte" is a city and a given name: alone, with no sign of a place, it is a person.
        words = NAME_TOKEN.findall(surface)
        given_name_alone = len(words) == 1 and _fold(surface) in _known_names()[0]
        after_from = re.search(r"\bfrom\s+$", text[max(0, finding.start - 6) : finding.start], re.IGNORECASE)
        if not given_name_alone or _fold(surface) in model_places or after_from:
            return "LOC"
    return "PERSON"


def _is_identifier_keyword(surface: str) -> bool:
    """Mostly a word that announces an identifier. An acronym counts only in capitals: "Nir" and "Tin" are names."""
    keyword_letters = sum(
        _letters(match.group())
        for match in CONTEXT_WORD.finditer(surface)
        if match.group().isupper() or _letters(match.group()) >= 5 or not match.group().isalpha()
    )
    return keyword_letters * 2 > _letters(surface)


def _letters(surface: str) -> int:
    return sum(char.isalpha() for char in surface)


def _mentions(text: str, names: Iterable[Finding], lowercase: bool, places: list[Finding]) -> Iterator[Finding]:
    """Every other mention of the names found: whole names anywhere, single parts when capitalised.

    A part that is also a place ("Paris" of "Noël Paris") is not sought alone, and no mention
    is taken where the model saw a place.
    """
    surfaces: set[str] = set()
    for name in names:
        surface = text[name.start : name.end]
        surfaces.add(" ".join(surface.split()))
        for part in NAME_TOKEN.findall(surface):
            folded = _fold(part)
            if (
                len(part) > 1
                and folded not in PARTICLES
                and folded not in _not_names()
                and not is_threat_actor(part)
                and not is_place(part)
            ):
                surfaces.add(part)
    # Whole names match in any case, lone parts only as written (unless the text is lowercase).
    multiword = [surface for surface in surfaces if " " in surface]
    single = [surface for surface in surfaces if " " not in surface]
    for group, ignore_case in ((multiword, True), (single, lowercase)):
        for start, end in _occurrences(text, group, ignore_case):
            if not any(place.start < end and start < place.end for place in places):
                yield Finding(start, end, "PERSON", SOURCE_RULE, 0.7)


# Where a mention may start: a word not glued to an address or a domain ("jane@", ".souza").
MENTION_START = re.compile(r"\b(?<![@.])[^\W\d_]+")


def _occurrences(text: str, surfaces: list[str], ignore_case: bool) -> Iterator[tuple[int, int]]:
    """Where `surfaces` stand in `text` as whole words, longest first, spaces matching any whitespace.

    Looked up by their first word with str.find rather than compiled into a pattern or matched word by
    word: every text has its own few names, and either of those cost more than finding them.
    """
    by_first_word: dict[str, list[str]] = {}
    for surface in sorted(surfaces, key=len, reverse=True):
        first_word = MENTION_START.match(surface)
        if first_word:
            by_first_word.setdefault(_case(first_word.group(), ignore_case), []).append(surface)
    haystack = _lowered(text) if ignore_case else text
    starts = sorted((start, word) for word in by_first_word for start in _word_starts(haystack, word))
    resume = 0
    for start, word in starts:
        if start < resume:
            continue
        ends = (_ends_at(text, start, surface, ignore_case) for surface in by_first_word[word])
        if end := next((end for end in ends if end), None):
            resume = end
            yield start, end


def _lowered(text: str) -> str:
    """`text` in lower case, each character kept to one so that positions still match ("İ" lowers to two)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(char if len(low := char.lower()) != 1 else low for char in text)


def _word_starts(haystack: str, word: str) -> Iterator[int]:
    """Where `word` opens a word of `haystack` that is not glued to an address or a domain ("jane@", ".souza")."""
    start = haystack.find(word)
    while start != -1:
        before = haystack[start - 1] if start else " "
        if not (before.isalnum() or before in "_@."):
            yield start
        start = haystack.find(word, start + 1)


def _case(word: str, ignore_case: bool) -> str:
    return word.lower() if ignore_case else word


def _ends_at(text: str, position: int, surface: str, ignore_case: bool) -> int | None:
    """Where `surface` ends if it stands at `position` as whole words, any whitespace run for each space."""
    for index, part in enumerate(surface.split(" ")):
        if index:
            gap = position
            while position < len(text) and text[position].isspace():
                position += 1
            if position == gap:
                return None
        if _case(text[position : position + len(part)], ignore_case) != _case(part, ignore_case):
            return None
        position += len(part)
    if position < len(text) and (text[position].isalnum() or text[position] in "_@"):
        return None
    return position


def find_names(text: str, model_findings: list[Finding]) -> list[Finding]:
    """PERSON findings for `text`, given the model's findings; model places it misnamed come back as LOC."""
    lowercase = is_lowercase_text(text)
    model_quasi = [finding for finding in model_findings if finding.label in ("LOC", "ORG")]
    model_places = {_fold(text[f.start : f.end]) for f in model_findings if f.label == "LOC"}
    names: list[Finding] = []
    places: list[Finding] = []
    for finding in model_findings:
        if finding.label != "PERSON":
            continue
        kept_as = _model_person_is_kept(text, finding, model_places)
        if kept_as == "PERSON":
            names.append(_extended(text, finding, lowercase))
        elif kept_as == "LOC":
            places.append(Finding(finding.start, finding.end, "LOC", finding.source, finding.score))
    all_places = [f for f in model_quasi if f.label == "LOC"] + places
    names += _after_triggers(text, lowercase)
    names += _signatures(text, lowercase)
    words = _Words(text)
    names += _known_pairs(text, lowercase, model_quasi + places, words)
    names += _lone_given_names(text, lowercase, model_quasi + places, words)
    names = names + list(_mentions(text, names, lowercase, all_places))
    return [_with_initial(text, name) for name in names] + places


# "— Raúl D.", "Marie L.": a surname's initial after a name, ending the line or the sentence.
_INITIAL_AFTER = re.compile(r"[ \t]+([A-Z])(?=\.?[ \t]*(?:\n|$)|\.[ \t]+[A-Z])")


def _with_initial(text: str, name: Finding) -> Finding:
    initial = _INITIAL_AFTER.match(text, name.end)
    if initial is None or (initial.group(1) in "IA" and _language.get() == "en"):  # "Maria I." / "a"
        return name
    return Finding(name.start, initial.end(1), name.label, name.source, name.score)
