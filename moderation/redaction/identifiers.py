"""Recognizers for identifiers: payment cards, IBANs, national and medical identifiers.

A value is reported when a checksum validates it, when its format is strict enough on its
own (a US SSN, a UK National Insurance number), or when a context word right before it
("MRN", "NHS number", "Steuer-ID") says what it is. Digit runs that are none of these are
left alone: they are usually phone numbers, amounts, counts or dates, which other
recognizers handle or which must stay readable.

To support another identifier, add a pattern and a validator to `_checksummed` or a
context word to `NATIONAL_ID_WORDS` / `MEDICAL_ID_WORDS` (comma-separated, by language).
"""

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple

from stdnum import iban, luhn
from stdnum.br import cpf
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.gb import nhs

from .findings import SOURCE_RULE, Finding

SCORE_CHECKSUM = 0.99
SCORE_FORMAT = 0.9
SCORE_CONTEXT = 0.85

# How far after a context word its value may start, in characters.
CONTEXT_WINDOW = 40

# Keywords are matched case-insensitively, with any run of spaces or hyphens between words
# and accents optional, so "numero de securite sociale" and "Steuer ID" match too.
NATIONAL_ID_WORDS = {
    "en": (
        "social security number, social security no, social security, SSN, national insurance number, "
        "national insurance no, national insurance, NI number, NINO, NHS number, NHS no, CHI number, "
        "national ID number, national ID, national identity number, identity number, ID number, "
        "identity card number, identity card, ID card number, ID card, ID document, passport number, "
        "passport no, passport, tax ID, tax identification number, tax number, taxpayer ID, TIN, "
        "driving licence number, driver's license number, driving licence, driver's license"
    ),
    "fr": (
        "numéro de sécurité sociale, n° de sécurité sociale, sécurité sociale, numéro de sécu, n° de sécu, "
        "carte vitale, NIR, INSEE, carte d'identité, numéro d'identité, passeport, numéro fiscal"
    ),
    "de": (
        "Steuer-ID, Steueridentifikationsnummer, steuerliche Identifikationsnummer, Identifikationsnummer, "
        "IdNr, Personalausweisnummer, Personalausweis, Ausweisnummer, Ausweis, Reisepassnummer, Reisepass, "
        "Sozialversicherungsnummer, Rentenversicherungsnummer"
    ),
    "es": (
        "DNI, NIE, NIF, documento nacional de identidad, documento de identidad, número de identidad, "
        "número de la seguridad social, seguridad social, pasaporte"
    ),
    "pt": (
        "CPF, cadastro de pessoas físicas, carteira de identidade, identidade, RG, número de identificação, "
        "segurança social, passaporte"
    ),
}
MEDICAL_ID_WORDS = {
    # Bare "record number" is added with a guard in CONTEXT_WORD.
    "en": (
        "MRN, medical record number, medical records number, medical record no, medical record, record no, "
        "hospital number, hospital no, hospital ID, patient number, patient no, patient ID, patient identifier, "
        "case number, case no, case ID, file number, chart number, admission number, encounter number, "
        "episode number, health card number, health card, health insurance number, insurance number, "
        "insurance ID, member ID, member number, membership number, policy number, Medicare number, "
        "Medicaid number, health number, health ID, NHI number"
    ),
    "fr": (
        "numéro de dossier, n° de dossier, numéro de patient, n° de patient, dossier médical, "
        "numéro d'hospitalisation, IPP, identifiant patient, numéro d'assuré"
    ),
    "de": (
        "Patientennummer, Patienten-ID, Patientenidentifikationsnummer, Fallnummer, Aktenzeichen, "
        "Krankenversichertennummer, Versichertennummer, Versicherungsnummer, Krankenkassennummer, "
        "Gesundheitskarte"
    ),
    "es": (
        "número de historia clínica, historia clínica, número de paciente, número de expediente, "
        "número de afiliación, tarjeta sanitaria, código de identificación personal"
    ),
    "pt": (
        "número do prontuário, prontuário, número do paciente, cartão SUS, cartão do SUS, "
        "cartão nacional de saúde, número do SUS, número de utente, número de beneficiário, carteirinha"
    ),
}
ACCENTS = {"é": "[ée]", "è": "[èe]", "á": "[áa]", "í": "[íi]", "ó": "[óo]", "ú": "[úu]", "ã": "[ãa]", "ç": "[çc]"}


def _keyword_pattern(words_by_language: dict[str, str]) -> str:
    words = {word for words in words_by_language.values() for word in words.split(", ")}
    # Longest first, so "national insurance number" wins over "insurance number".
    alternatives = []
    for word in sorted(words, key=len, reverse=True):
        pattern = re.escape(word.lower())
        pattern = re.sub(r"(?:\\ |\\-)+", r"[\\s-]*", pattern).replace("'", "['’]?")
        alternatives.append("".join(ACCENTS.get(char, char) for char in pattern))
    return "|".join(alternatives)


CONTEXT_WORD = re.compile(
    rf"(?<!\w)(?:(?P<NATIONAL_ID>{_keyword_pattern(NATIONAL_ID_WORDS)})"
    # "a record number of visitors" is not about a medical record.
    rf"|(?P<MEDICAL_ID>{_keyword_pattern(MEDICAL_ID_WORDS)}|(?<!\ba )record[\s-]*number))(?!\w)",
    re.IGNORECASE,
)
# Abbreviations such as "no." or "Nr." end with a period without ending the sentence.
SENTENCE_END = re.compile(r"\n|[!?;](?=\s)|(?<!\bno)(?<!\bnr)(?<!\bnum)(?<!\bn)\.(?=\s|$)", re.IGNORECASE)
# A value after a context word: digits in spaced groups, a spaced NINO, or one token of letters and
# digits joined by dashes, slashes or dots. The lookahead skips plain words cheaply.
CONTEXT_VALUE = re.compile(
    r"(?<![\w@+/.,-])(?=[A-Za-z0-9/.-]*\d|[A-Za-z]{2} \d)"
    r"(?:\d{1,3}(?: \d{2,4}){2,6}(?!\w)"
    r"|[A-Za-z]{2}(?: \d{2}){3} [A-Da-d](?!\w)"
    r"|[A-Za-z0-9]+(?:[-/.][A-Za-z0-9]+)*)"
    r"(?![\w@])"
)

CARD = re.compile(
    r"(?<![\w+.,/-])\d(?:\d{11,18}"
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
    r"(?<![\w-])[A-Za-z]{2}\d{2}(?:[A-Za-z0-9]{11,30}|(?:[ -][A-Za-z0-9]{4}){2,8}(?:[ -][A-Za-z0-9]{1,3})?)(?!\w)"
)
NIR = re.compile(r"(?<![\w+.,/-])[1-478] ?\d{2} ?\d{2} ?(?:\d{2}|2[ABab]) ?\d{3} ?\d{3} ?\d{2}(?![\w-]|[.,/]\d)")
NHS = re.compile(r"(?<![\w+.,/-])[1-9]\d{2} \d{3} \d{4}(?![\w-]|[.,/]\d)")
CPF = re.compile(r"(?<![\w+.,/-])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w-]|[.,/]\d)")
DNI = re.compile(r"(?<![\w-])\d{8}-?[A-Za-z](?!\w)")
NIE = re.compile(r"(?<![\w-])[XYZxyz]-?\d{7}-?[A-Za-z](?!\w)")
STEUER_ID = re.compile(r"(?<![\w+.,/-])[1-9]\d \d{3} \d{3} \d{3}(?![\w-]|[.,/]\d)")
# The SSA never issues area 000, 666 or 9xx, group 00 or serial 0000.
SSN = re.compile(r"(?<![\w+.,/-])(?!000|666|9)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w-]|[.,/]\d)")
# HMRC never issues D, F, I, Q, U, V as either prefix letter, O as the second, nor the listed pairs.
NINO = re.compile(
    r"(?<!\w)(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?!\w)",
    re.IGNORECASE,
)
# Hospital record shapes: "MRN0111361", "HC-71373460", "PT-2021-444590".
MEDICAL_SHAPE = re.compile(
    r"(?<![\w/.@-])(?P<prefix>[A-Za-z]{2,3})-?(?:\d{6,10}|\d{4}-\d{4,8})(?![\w@-]|[.,/]\d)",
)
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


# Pattern, validator, rank (which one wins an overlap: stronger checksums rank higher), and
# whether a phone-number prefix such as "+44" or "call" vetoes the value.
_checksummed: tuple[tuple[re.Pattern[str], Callable[[str], bool], int, bool], ...] = (
    (NIR, nir.is_valid, 80, False),
    (CPF, cpf.is_valid, 80, False),
    (DNI, dni.is_valid, 80, False),
    (NIE, nie.is_valid, 80, False),
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
        if not _looks_like_id(match.group(), label) or _is_quantity(text, match.start(), match.end()):
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
        value = match.group()
        if label == "NATIONAL_ID" and any(is_valid(value) for _, is_valid, _, _ in _checksummed):
            yield _Hit(85, _finding(match.start(), match.end(), label, SCORE_CHECKSUM))
        elif label == "NATIONAL_ID" and (SSN.fullmatch(value) or NINO.fullmatch(value)):
            yield _Hit(85, _finding(match.start(), match.end(), label, SCORE_FORMAT))
        else:
            yield _Hit(75, _finding(match.start(), match.end(), label, SCORE_CONTEXT))


RECOGNIZERS = (_iban, _card, _national_checksum, _national_format, _medical_shape, _by_context)


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
