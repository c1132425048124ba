"""The recognizers of identifiers and the rule that settles their overlaps (see the package's docstring)."""

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from stdnum import iban, luhn
from stdnum.fr import nir

from ..contacts import LANGUAGE_REGIONS, PHONE_CONTEXT, PHONE_REGIONS, is_valid_phone
from ..findings import SOURCE_RULE, Finding
from ..patterns import LookbehindScan, finditer_from, opens_word
from .keywords import CONTEXT_WORD
from .schemes import DIGIT_RUN, RANK_FORMAT, RANK_STRONG, SCHEMES, Scheme, candidates, matches

SCORE_CHECKSUM = 0.99
SCORE_FORMAT = 0.9
SCORE_CONTEXT = 0.85
# Below a phone's score (contacts), so that the phone recognizer names a number both claim.
SCORE_PHONE_SHAPED = 0.7
RANK_PHONE_SHAPED = 40

CONTEXT_WORD_SCAN = LookbehindScan(CONTEXT_WORD)
# How far after a context word its value may start, in characters.
CONTEXT_WINDOW = 40
# How far before a number a phone word or an email makes it a contact, in characters.
CONTACT_WINDOW = 60

# Abbreviations such as "no." or "Nr." end with a period without ending the sentence.
SENTENCE_END = re.compile(r"\n|[!?;](?=\s)|(?<!\bno)(?<!\bnr)(?<!\bnum)(?<!\bn)\.(?=\s|$)", re.IGNORECASE)

# A French NIR (carte Vitale): sex, year, month, département (2A and 2B for Corsica), commune, order
# number, then a two-digit key. In one run or grouped by spaces, dots or hyphens, its key often apart:
# "1 58 03 69 123 456 78", "1.58.03.69.123.456.78", "1580369123456 clé 78", "1 58 03 2A 123 456 / 78".
_NIR_GAP = r"[ .\u00a0\u202f-]?"
_NIR_KEY_GAP = rf"(?:\s*(?:/|–|,?[ \t]*(?i:cl[ée]|key)[ \t]*:?)\s*|[ \t]{{2,4}}|{_NIR_GAP})"
NIR_SHAPE = (
    rf"[1-478]{_NIR_GAP}\d{{2}}{_NIR_GAP}\d{{2}}{_NIR_GAP}(?:\d{{2}}|2[ABab]){_NIR_GAP}\d{{3}}{_NIR_GAP}\d{{3}}"
    rf"{_NIR_KEY_GAP}\d{{2}}"
)
# A Spanish Seguridad Social number (NUSS, NAF): province 01 to 53, eight digits, two check digits.
NUSS_SHAPE = r"(?:0[1-9]|[1-4]\d|5[0-3])[ /-]?\d{8}[ /-]?\d{2}"

# A value after a context word: a NIR or NUSS however grouped, digits in spaced groups, a spaced NINO,
# capitals then digit groups ("CIES 0 521003 957"), or one token of letters and digits joined by dashes,
# slashes or dots. The lookahead skips plain words cheaply.
CONTEXT_VALUE = re.compile(
    r"(?<![\w@+/.,-])(?=[A-Za-z0-9/.-]*\d|[A-Za-z]{2} \d|[A-Z]{3,4} \d)"
    rf"(?:(?P<grouped>{NIR_SHAPE}|{NUSS_SHAPE})(?![\w-]|[.,/]\d)"
    r"|\d{1,3}(?: \d{2,4}){2,6}(?!\w)"
    r"|[A-Za-z]{2}(?: \d{2}){3} [A-Da-d](?!\w)"
    r"|[A-Z]{2,4}(?: \d{1,10}){1,4}(?!\w)"
    r"|[A-Za-z0-9]+(?:[-/.][A-Za-z0-9]+)*)"
    r"(?![\w@])"
)

# Tried only where `_ShapeStarts` (below) finds a word that leads to a digit.
CARD = re.compile(
    r"(?=\d)(?<![\w+.,/-])\d(?:\d{11,18}"
    r"|\d{3}(?P<sep>[ -])\d{4}(?P=sep)\d{4}(?P=sep)\d{1,4}(?:(?P=sep)\d{1,3})?"
    r"|\d{3}(?P<amex>[ -])\d{6}(?P=amex)\d{4,5})"
    r"(?![\w-]|[.,/]\d)"
)
# The head of an IBAN that failed its checksum: what follows is no card number.
IBAN_HEAD_BEFORE = re.compile(r"[A-Za-z]{2}\d{2}[ -]$")
# Payment words right before a number let shorter Maestro and older JCB numbers through, and
# settle a 15-digit number that is both a valid card and a valid French NIR.
CARD_WORD = re.compile(
    r"(?<!\bid )(?<!\bsim )(?<!health )(?<!identity )(?<!d'identit[ée] )"
    r"\b(?:card|cc|visa|mastercard|amex|maestro|carte|karte|kreditkarte|tarjeta|cart[ãa]o)\b",
    re.IGNORECASE,
)
IBAN = re.compile(
    r"(?<![\w-])[A-Za-z]{2}\d{2}"
    # Printed in fours, or in a country's own groups ("ES85 0049 8908 49 6683006926": bank, branch, key, account).
    r"(?:[A-Za-z0-9]{11,30}|(?:[ -][A-Za-z0-9]{1,10}){2,8})(?!\w)"
)
NIR = re.compile(rf"(?=[1-478])(?<![\w+.,/-]){NIR_SHAPE}(?![\w-]|[.,/]\d)")
NUSS = re.compile(rf"(?=[0-5])(?<![\w+.,/-]){NUSS_SHAPE}(?![\w-]|[.,/]\d)")
# Hospital record shapes: "MRN0111361", "HC-71373460", "PT-2021-444590".
MEDICAL_SHAPE = re.compile(
    r"(?<![\w/.@-])(?P<prefix>[A-Za-z]{2,3})-?(?:\d{6,10}|\d{4}-\d{4,8})(?![\w@-]|[.,/]\d)",
)
# Spanish health cards (tarjeta sanitaria). The national CIP-SNS: sixteen letters and digits opening with four
# letters ("ZLFG776736Z18762", "BBBB 1234567890 12"). Regional codes of four letters and ten digits, the first
# digit the sex and the next six the date of birth ("SOVE1641011137", "CIES 0 521003 957"). Andalusia's "AN"
# and ten digits is a MEDICAL_SHAPE.
CIP_SNS = re.compile(r"(?<![\w/.@-])(?P<letters>[A-Za-z]{4})(?P<rest>[A-Za-z0-9]{12}| ?\d{10} \d{2})(?![\w@-]|[.,/]\d)")
REGIONAL_CIP = re.compile(r"(?<![\w/.@-])(?P<letters>[A-Za-z]{4}) ?[01] ?(?P<birth>\d{6}) ?\d{2} ?\d(?![\w@-]|[.,/]\d)")
# A codice fiscale's shape: one that fails its check is a mistyped codice fiscale, not a Spanish health card.
CODICE_FISCALE = re.compile(next(scheme.shape.pattern for scheme in SCHEMES if scheme.name.startswith("Codice")))
# Prefixes of public, non-personal references with the same shape (Microsoft KB articles,
# vulnerability ids, IT-service tickets).
PUBLIC_PREFIXES = frozenset({"cve", "cwe", "kb", "ms", "inc", "req", "chg", "prb", "tkt", "iso", "rfc", "sha"})

DATE_OR_TIME = re.compile(
    r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}[./-]\d{1,2}[./-]\d{1,2}|(?:19|20)\d\d[-/](?:19|20)?\d\d|\d{1,2}[:h]\d{2}"
)
IP_OR_VERSION = re.compile(r"[vV]?\d+(?:\.\d+){2,}")
CVE = re.compile(r"(?:cve|cwe|ghsa)-", re.IGNORECASE)
PHONE_BEFORE = re.compile(
    r"(?:\+\d{1,3}[\s.-]*(?:\(0\)\s*)?|\(\d{1,5}\)\s*"
    r"|\b(?:phone|tel|telephone|mobile|cell|call|calling|fax|whatsapp|sms|text|t[ée]l[ée]phone|portable|handy"
    r"|telefon|tel[ée]fono|m[óo]vil|celular|telem[óo]vel)\b[^\n\d]{0,15})$",
    re.IGNORECASE,
)
AMOUNT_BEFORE = re.compile(r"(?:[$€£¥₿]|\b(?:usd|eur|gbp|chf|btc|r\$))\s*$", re.IGNORECASE)
UNIT_AFTER = re.compile(
    r"\s*(?:%|percent|dollars?|euros?|pounds?|bitcoins?|btc\b|million|billion|patients|people|records|files"
    r"|beds|staff|hours|days|weeks|months|years|[gmkt]b\b|bytes)",
    re.IGNORECASE,
)


class _Hit(NamedTuple):
    rank: int
    finding: Finding


# The shapes above that open a word with a digit, and those that open it with ASCII letters followed, after
# at most a space or a hyphen, by a digit (a CIP-SNS of sixteen letters is no exception: `_may_be_cip` wants
# digits). One scan for runs of digits finds every such word start; each shape is tried only there, rather
# than scanning the whole text once per shape.
DIGIT_SHAPES = (CARD, NIR, NUSS)
LETTER_SHAPES = (IBAN, MEDICAL_SHAPE, CIP_SNS, REGIONAL_CIP)
ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


class _ShapeStarts:
    """Where the shapes of DIGIT_SHAPES and LETTER_SHAPES may open in one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.digits: list[int] = []
        self.letters: list[int] = []
        for run in DIGIT_RUN.finditer(text):
            start = run.start()
            if opens_word(text, start):
                self.digits.append(start)
            letters_end = start - 1 if text[start - 1 : start] in (" ", "-") else start
            first = letters_end
            while first > 0 and text[first - 1] in ASCII_LETTERS:
                first -= 1
            if first < letters_end and opens_word(text, first):
                self.letters.append(first)

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """The matches `pattern.finditer(text)` yields, for one of the shapes."""
        return finditer_from(pattern, self.text, self.digits if pattern in DIGIT_SHAPES else self.letters)


def _digits(value: str) -> str:
    return "".join(char for char in value if char.isdigit())


def _finding(start: int, end: int, label: str, score: float) -> Finding:
    return Finding(start, end, label, SOURCE_RULE, score)


def _after_phone_prefix(text: str, start: int) -> bool:
    return PHONE_BEFORE.search(text, max(0, start - 25), start) is not None


def _is_quantity(text: str, start: int, end: int) -> bool:
    return AMOUNT_BEFORE.search(text, max(0, start - 5), start) is not None or UNIT_AFTER.match(text, end) is not None


def _card(shapes: _ShapeStarts) -> Iterator[_Hit]:
    text = shapes.text
    for match in shapes.finditer(CARD):
        digits = _digits(match.group())
        if not (12 <= len(digits) <= 19 and luhn.is_valid(digits)):
            continue
        if IBAN_HEAD_BEFORE.search(text, max(0, match.start() - 5), match.start()):
            continue
        if CARD_WORD.search(text, max(0, match.start() - CONTEXT_WINDOW), match.start()):
            yield _Hit(95, _finding(match.start(), match.end(), "CREDIT_CARD", SCORE_CHECKSUM))
        # Without a payment word, only lengths and leading digits of the major networks.
        elif len(digits) >= 13 and digits[0] in "23456":
            yield _Hit(60, _finding(match.start(), match.end(), "CREDIT_CARD", SCORE_CHECKSUM))


def _iban(shapes: _ShapeStarts) -> Iterator[_Hit]:
    # A spaced IBAN may have swallowed a following short word ("... 5065 11 three"): drop groups
    # from the end until the checksum holds.
    for match in shapes.finditer(IBAN):
        value = match.group()
        while len(value) >= 15:
            if iban.is_valid(value):
                yield _Hit(90, _finding(match.start(), match.start() + len(value), "IBAN", SCORE_CHECKSUM))
                break
            cut = max(value.rfind(" "), value.rfind("-"))
            if cut < 0:
                break
            value = value[:cut]


def _nir_valid(value: str) -> bool:
    # Separators and a "clé" before the key go; Corsica's départements keep their A or B.
    return nir.is_valid("".join(char for char in value.upper() if char.isdigit() or char in "AB"))


def _nuss_valid(value: str) -> bool:
    digits = _digits(value)
    if len(digits) != 12 or any(char.isalpha() for char in value):
        return False
    province, number, check = int(digits[:2]), int(digits[2:10]), int(digits[10:])
    # The check is the first ten digits modulo 97; for a number below 10,000,000 the Seguridad Social
    # drops its leading zero first, which not every issuer of test data does: both are accepted.
    return check in (int(digits[:10]) % 97, (province * 10**7 + number) % 97)


# Pattern, validator, rank (which one wins an overlap: stronger checksums rank higher), and
# whether a phone-number prefix such as "+44" or "call" vetoes the value.
_checksummed: tuple[tuple[re.Pattern[str], Callable[[str], bool], int, bool], ...] = (
    (NIR, _nir_valid, 80, False),
    (NUSS, _nuss_valid, 80, True),
)


def _national_checksum(shapes: _ShapeStarts) -> Iterator[_Hit]:
    for pattern, is_valid, rank, phone_like in _checksummed:
        for match in shapes.finditer(pattern):
            if phone_like and _after_phone_prefix(shapes.text, match.start()):
                continue
            if is_valid(match.group()):
                yield _Hit(rank, _finding(match.start(), match.end(), "NATIONAL_ID", SCORE_CHECKSUM))


def _by_scheme(text: str, language: str) -> Iterator[_Hit]:
    for candidate in candidates(text):
        for start, end, scheme, compact in matches(candidate, bare=True, last=len(candidate.groups)):
            if _digits_only(text[start:end]) and (_after_phone_prefix(text, start) or _is_quantity(text, start, end)):
                continue
            if scheme.yields_to_phones and _phone_shaped(text, start, end, language):
                # Below the phone recognizer's finding on the same span, which then names it; kept if there is none.
                yield _Hit(RANK_PHONE_SHAPED, _finding(start, end, scheme.label, SCORE_PHONE_SHAPED))
            else:
                yield _Hit(scheme.rank_of(compact), _finding(start, end, scheme.label, _score(scheme)))


def _phone_shaped(text: str, start: int, end: int, language: str) -> bool:
    """Whether a number with a weak check (a single check digit, a date, a format), typed bare, reads as a phone.

    A valid number is the identifier unless something says phone: dots ("130.769.8565"), which people
    write phones with and identifiers rarely; a word such as "call" or "number", or an email, earlier
    in the sentence and before a valid phone number; or a valid phone number of the countries where
    the text's language is spoken ("612345678" in Spanish).
    """
    value = text[start:end]
    if "." in value:
        return True
    regions = PHONE_REGIONS if _contact_said_before(text, start) else LANGUAGE_REGIONS.get(language, ())
    return any(is_valid_phone(value, region) for region in regions)


def _contact_said_before(text: str, start: int) -> bool:
    """Whether the sentence, up to CONTACT_WINDOW characters before `start`, speaks of phoning or gives an email
    ("reach me at ana@example.es or 619407772")."""
    window = text[max(0, start - CONTACT_WINDOW) : start]
    if sentence_ends := list(SENTENCE_END.finditer(window)):
        window = window[sentence_ends[-1].end() :]
    return "@" in window or PHONE_CONTEXT.search(window) is not None


def _digits_only(value: str) -> bool:
    return not any(char.isalpha() for char in value)


def _score(scheme: Scheme) -> float:
    return SCORE_FORMAT if scheme.rank == RANK_FORMAT else SCORE_CHECKSUM


def _medical_shape(shapes: _ShapeStarts) -> Iterator[_Hit]:
    for match in shapes.finditer(MEDICAL_SHAPE):
        prefix = match.group("prefix")
        # Mixed case ("Ab123456") is a word or a handle rather than a record prefix.
        if prefix.lower() in PUBLIC_PREFIXES or not (prefix.isupper() or prefix.islower()):
            continue
        yield _Hit(50, _finding(match.start(), match.end(), "MEDICAL_ID", SCORE_CONTEXT))


def _health_card(shapes: _ShapeStarts) -> Iterator[_Hit]:
    for pattern in (CIP_SNS, REGIONAL_CIP):
        for match in shapes.finditer(pattern):
            letters = match.group("letters")
            # Mixed case is a word; a regional code's digits carry a date of birth.
            if not (letters.isupper() or letters.islower()):
                continue
            if pattern is CIP_SNS and not _may_be_cip(match):
                continue
            if pattern is REGIONAL_CIP and not _is_yymmdd(match.group("birth")):
                continue
            # Above a context word's value, which may be only the digits of "mart 1 850703 004"; below a
            # scheme with a strong check ("RSSMRA85T10A562S" is a codice fiscale).
            yield _Hit(RANK_STRONG - 2, _finding(match.start(), match.end(), "MEDICAL_ID", SCORE_FORMAT))


def _may_be_cip(match: re.Match[str]) -> bool:
    return len(_digits(match.group("rest"))) >= 6 and not CODICE_FISCALE.fullmatch(match.group())


def _is_yymmdd(digits: str) -> bool:
    month, day = int(digits[2:4]), int(digits[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31


def _looks_like_id(value: str, label: str) -> bool:
    digits = len(_digits(value))
    if DATE_OR_TIME.fullmatch(value) or _is_ip_or_version(value) or CVE.match(value):
        return False
    if label == "MEDICAL_ID":
        return digits >= 5 and len(value) <= 24
    # National ids include mostly-letter ones such as German ID card numbers ("C97TVHTYF").
    return digits >= 2 and sum(char.isalnum() for char in value) >= 6 and len(value) <= 24


def _is_ip_or_version(value: str) -> bool:
    # "10.0.0.1", "v2.4.11", "3.10.2"; not "29.436.413" nor "756.9217.0769.86", grouped like identifiers.
    if IP_OR_VERSION.fullmatch(value) is None:
        return False
    parts = value.lstrip("vV").split(".")
    is_ipv4 = len(parts) == 4 and all(len(part) <= 3 for part in parts)
    return is_ipv4 or value[0] in "vV" or all(len(part) <= 2 for part in parts[1:])


def _context_value(text: str, start: int, stop: int, label: str) -> re.Match[str] | None:
    for match in CONTEXT_VALUE.finditer(text, start, stop + 64):
        if match.start() > stop:
            return None
        # A NIR or a NUSS is one however long its grouping ("1 58 03 69 123 456 clé 78").
        plausible = match.group("grouped") or _looks_like_id(match.group(), label)
        if not plausible or _is_quantity(text, match.start(), match.end()):
            continue
        # "my SSN and my phone 555-123-4567": the phone word is nearer than the context word.
        if not _after_phone_prefix(text, match.start()):
            return match
    return None


def _by_context(text: str) -> Iterator[_Hit]:
    words = list(CONTEXT_WORD_SCAN.finditer(text))
    for index, word in enumerate(words):
        # A value belongs to the nearest context word before it, within the same sentence.
        stop = word.end() + CONTEXT_WINDOW
        if index + 1 < len(words):
            stop = min(stop, words[index + 1].start())
        sentence_end = SENTENCE_END.search(text, word.end(), stop)
        if sentence_end:
            stop = sentence_end.start()
        label = word.lastgroup or "NATIONAL_ID"
        hit = _scheme_after(text, word.end(), stop, label) or _context_hit(text, word.end(), stop, label)
        if hit:
            yield hit


def _scheme_after(text: str, start: int, stop: int, label: str) -> _Hit | None:
    """The nearest value after a context word when a scheme validates it in any grouping."""
    for candidate in candidates(text, start, stop + 64, lowercase_letter=True):
        first = next((index for index, (begin, _) in enumerate(candidate.groups) if begin >= start), None)
        if first is None or candidate.groups[first][0] > stop or _after_phone_prefix(text, candidate.groups[first][0]):
            return None
        # A letter prefix opens the value ("PR 123612C", "HC-88201773"), unless a space may set it apart ("is").
        opens_apart = first + 1 < len(candidate.groups) and text[candidate.groups[first][1]].isspace()
        found = list(matches(candidate, bare=False, first=first, last=first + opens_apart))
        if not found:
            return None
        value_start, value_end, scheme, _ = max(found, key=lambda hit: (hit[0] == candidate.groups[first][0], hit[1]))
        # A scheme with a strong check names the value; otherwise the keyword does ("member ID" stays medical).
        found_label = scheme.label if scheme.rank == RANK_STRONG else label
        return _Hit(85, _finding(value_start, value_end, found_label, _score(scheme)))
    return None


def _context_hit(text: str, start: int, stop: int, label: str) -> _Hit | None:
    match = _context_value(text, start, stop, label)
    if match is None:
        return None
    value = match.group()
    # A NIR or NUSS after its keyword; a mistyped number after a keyword is still personal.
    if label == "NATIONAL_ID" and any(is_valid(value) for _, is_valid, _, _ in _checksummed):
        return _Hit(85, _finding(*match.span(), label, SCORE_CHECKSUM))
    return _Hit(75, _finding(*match.span(), label, SCORE_CONTEXT))


# In this order: where two hits tie on rank and length, the first one listed wins.
SHAPE_RECOGNIZERS = (_iban, _card, _national_checksum, _medical_shape, _health_card)


def find_identifiers(text: str, language: str = "en") -> list[Finding]:
    """Card numbers, IBANs, national and medical identifiers in `text`, sorted and non-overlapping.

    `language` tells whose phone numbers a number with a weak check may be instead.
    """
    shapes = _ShapeStarts(text)
    hits = [hit for recognizer in SHAPE_RECOGNIZERS for hit in recognizer(shapes)]
    hits += [*_by_context(text), *_by_scheme(text, language)]
    # Where recognizers disagree on a span, the stronger evidence wins, then the longer span.
    hits.sort(key=lambda hit: (hit.rank, hit.finding.end - hit.finding.start), reverse=True)
    kept: list[Finding] = []
    for hit in hits:
        if not any(hit.finding.overlaps(other) for other in kept):
            kept.append(hit.finding)
    return sorted(kept, key=lambda finding: finding.start)
