"""The recognizers of identifiers and the rule that settles their overlaps (see the package's docstring)."""

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from stdnum import iban, luhn
from stdnum.br import cpf
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.gb import nhs

from ..findings import SOURCE_RULE, Finding
from .keywords import CONTEXT_WORD

SCORE_CHECKSUM = 0.99
SCORE_FORMAT = 0.9
SCORE_CONTEXT = 0.85

# How far after a context word its value may start, in characters.
CONTEXT_WINDOW = 40

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
# A Spanish DNI or NIE whose control letter stands apart: "12345678 Z".
SEPARATE_LETTER = re.compile(r"[ -]([A-Za-z])(?!\w)")

# Patterns that open with a digit first look ahead for it, the cheapest test at most positions (see rules.IPV4);
# those that open with a letter first look behind for a word boundary, the cheapest one inside words.
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
NHS = re.compile(r"(?=[1-9])(?<![\w+.,/-])[1-9]\d{2} \d{3} \d{4}(?![\w-]|[.,/]\d)")
CPF = re.compile(r"(?=\d)(?<![\w+.,/-])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w-]|[.,/]\d)")
# "12345678Z", "12345678-z", "12.345.678-Z"; a letter after a space only in capitals ("12345678 Z").
DNI = re.compile(r"(?=\d)(?<![\w-])(?:\d{8}|\d{2}\.\d{3}\.\d{3})(?:-?[A-Za-z]| [A-Z])(?!\w)")
NIE = re.compile(r"(?=[XYZxyz])(?<![\w-])[XYZxyz][ -]?\d{7}[ -]?[A-Za-z](?!\w)")
STEUER_ID = re.compile(r"(?=[1-9])(?<![\w+.,/-])[1-9]\d \d{3} \d{3} \d{3}(?![\w-]|[.,/]\d)")
# The SSA never issues area 000, 666 or 9xx, group 00 or serial 0000.
SSN = re.compile(r"(?=\d)(?<![\w+.,/-])(?!000|666|9)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-]|[.,/]\d)")
# HMRC never issues D, F, I, Q, U, V as either prefix letter, O as the second, nor the listed pairs.
NINO = re.compile(
    r"(?<!\w)(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r" ?\d{2} ?\d{2} ?\d{2} ?[A-D](?!\w)",
    re.IGNORECASE,
)
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


def _digits(value: str) -> str:
    return "".join(char for char in value if char.isdigit())


def _finding(start: int, end: int, label: str, score: float) -> Finding:
    return Finding(start, end, label, SOURCE_RULE, score)


def _after_phone_prefix(text: str, start: int) -> bool:
    return PHONE_BEFORE.search(text, max(0, start - 25), start) is not None


def _is_quantity(text: str, start: int, end: int) -> bool:
    return AMOUNT_BEFORE.search(text, max(0, start - 5), start) is not None or UNIT_AFTER.match(text, end) is not None


def _card(text: str) -> Iterator[_Hit]:
    for match in CARD.finditer(text):
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


def _iban(text: str) -> Iterator[_Hit]:
    # A spaced IBAN may have swallowed a following short word ("... 5065 11 three"): drop groups
    # from the end until the checksum holds.
    for match in IBAN.finditer(text):
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


def _spanish_id_valid(value: str) -> bool:
    value = value.replace(".", "")
    return dni.is_valid(value) or nie.is_valid(value)


# Pattern, validator, rank (which one wins an overlap: stronger checksums rank higher), and
# whether a phone-number prefix such as "+44" or "call" vetoes the value.
_checksummed: tuple[tuple[re.Pattern[str], Callable[[str], bool], int, bool], ...] = (
    (NIR, _nir_valid, 80, False),
    (NUSS, _nuss_valid, 80, True),
    (CPF, cpf.is_valid, 80, False),
    (DNI, _spanish_id_valid, 80, False),
    (NIE, _spanish_id_valid, 80, False),
    (STEUER_ID, idnr.is_valid, 80, True),
    (NHS, nhs.is_valid, 70, True),
)


def _national_checksum(text: str) -> Iterator[_Hit]:
    for pattern, is_valid, rank, phone_like in _checksummed:
        for match in pattern.finditer(text):
            if phone_like and _after_phone_prefix(text, match.start()):
                continue
            if is_valid(match.group()):
                yield _Hit(rank, _finding(match.start(), match.end(), "NATIONAL_ID", SCORE_CHECKSUM))


def _national_format(text: str) -> Iterator[_Hit]:
    for pattern in (SSN, NINO):
        for match in pattern.finditer(text):
            if not _after_phone_prefix(text, match.start()):
                yield _Hit(65, _finding(match.start(), match.end(), "NATIONAL_ID", SCORE_FORMAT))


def _medical_shape(text: str) -> Iterator[_Hit]:
    for match in MEDICAL_SHAPE.finditer(text):
        prefix = match.group("prefix")
        # Mixed case ("Ab123456") is a word or a handle rather than a record prefix.
        if prefix.lower() in PUBLIC_PREFIXES or not (prefix.isupper() or prefix.islower()):
            continue
        yield _Hit(50, _finding(match.start(), match.end(), "MEDICAL_ID", SCORE_CONTEXT))


def _health_card(text: str) -> Iterator[_Hit]:
    for pattern in (CIP_SNS, REGIONAL_CIP):
        for match in pattern.finditer(text):
            letters = match.group("letters")
            # Mixed case is a word; a regional code's digits carry a date of birth.
            if not (letters.isupper() or letters.islower()):
                continue
            if pattern is CIP_SNS and len(_digits(match.group("rest"))) < 6:
                continue
            if pattern is REGIONAL_CIP and not _is_yymmdd(match.group("birth")):
                continue
            # Above a context word's value, which may be only the digits of "mart 1 850703 004".
            yield _Hit(80, _finding(match.start(), match.end(), "MEDICAL_ID", SCORE_FORMAT))


def _is_yymmdd(digits: str) -> bool:
    month, day = int(digits[2:4]), int(digits[4:6])
    return 1 <= month <= 12 and 1 <= day <= 31


def _looks_like_id(value: str, label: str) -> bool:
    digits = len(_digits(value))
    if DATE_OR_TIME.fullmatch(value) or IP_OR_VERSION.fullmatch(value) or CVE.match(value):
        return False
    if label == "MEDICAL_ID":
        return digits >= 5 and len(value) <= 24
    # National ids include mostly-letter ones such as German ID card numbers ("C97TVHTYF").
    return digits >= 2 and sum(char.isalnum() for char in value) >= 6 and len(value) <= 24


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
    words = list(CONTEXT_WORD.finditer(text))
    for index, word in enumerate(words):
        # A value belongs to the nearest context word before it, within the same sentence.
        stop = word.end() + CONTEXT_WINDOW
        if index + 1 < len(words):
            stop = min(stop, words[index + 1].start())
        sentence_end = SENTENCE_END.search(text, word.end(), stop)
        if sentence_end:
            stop = sentence_end.start()
        label = word.lastgroup or "NATIONAL_ID"
        match = _context_value(text, word.end(), stop, label)
        if match is None:
            continue
        start, end = match.span()
        letter = SEPARATE_LETTER.match(text, end)
        if label == "NATIONAL_ID" and letter and _spanish_id_valid(text[start : letter.end()]):
            end = letter.end()
        value = text[start:end]
        if label == "NATIONAL_ID" and any(is_valid(value) for _, is_valid, _, _ in _checksummed):
            yield _Hit(85, _finding(start, end, label, SCORE_CHECKSUM))
        elif label == "NATIONAL_ID" and (SSN.fullmatch(value) or NINO.fullmatch(value)):
            yield _Hit(85, _finding(start, end, label, SCORE_FORMAT))
        else:
            yield _Hit(75, _finding(start, end, label, SCORE_CONTEXT))


RECOGNIZERS = (_iban, _card, _national_checksum, _national_format, _medical_shape, _health_card, _by_context)


def find_identifiers(text: str) -> list[Finding]:
    """Card numbers, IBANs, national and medical identifiers in `text`, sorted and non-overlapping."""
    hits = [hit for recognizer in RECOGNIZERS for hit in recognizer(text)]
    # Where recognizers disagree on a span, the stronger evidence wins, then the longer span.
    hits.sort(key=lambda hit: (hit.rank, hit.finding.end - hit.finding.start), reverse=True)
    kept: list[Finding] = []
    for hit in hits:
        if not any(hit.finding.overlaps(other) for other in kept):
            kept.append(hit.finding)
    return sorted(kept, key=lambda finding: finding.start)
