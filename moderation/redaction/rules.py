"""Pattern recognizers for personal data with a fixed shape: emails, phones, URLs, IP addresses."""

import ipaddress
import re
from collections.abc import Iterator

import phonenumbers

from .addresses import find_addresses
from .dates import find_dates_of_birth
from .findings import SOURCE_RULE, Finding
from .identifiers import find_identifiers

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"']+"
    # A bare domain counts when it carries a path: "gofundme.com/f/help-anna".
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|co|me|info|blog|page|site|uk|de|fr|es|br|pt)/[^\s<>\"']+",
    re.IGNORECASE,
)
# A pattern that opens with a lookbehind is tried at every position of a text; one that opens with a
# lookahead for a rare first character (a digit) rejects most positions with one cheap test.
IPV4 = re.compile(r"(?=\d)(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d)")
IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?)]}'\""

# Regions whose national formats are tried for numbers written without a country code.
PHONE_REGIONS = ("GB", "US", "FR", "DE", "ES", "BR", "IE", "PT", "IT", "NL", "BE", "CH", "AT", "CA")
# Each region tried costs a parse: the regions where a language is spoken go first, since most
# numbers in a story are national ones. The order changes nothing but the time.
LANGUAGE_REGIONS = {"fr": ("FR", "BE", "CH"), "es": ("ES",), "de": ("DE", "AT", "CH"), "pt": ("PT", "BR")}
PHONE_CANDIDATE = re.compile(
    # "(+34) 612 345 678": a country code may stand in brackets.
    r"(?=[+(\d])(?<![\w+/.\-])(?:\((?=\+|00))?(?:\+|00)?\(?\d[\d \t().\-]{5,22}\d"
    r"(?:[ \t]?(?:x|ext\.?|extension)[ \t]?\d{1,6})?(?![\w/\-]|\.\d)",
    re.IGNORECASE,
)
EXTENSION = re.compile(r"[ \t]?(?:x|ext\.?|extension)[ \t]?\d{1,6}$", re.IGNORECASE)
# Numbers that are phones whatever a validator says: (555) 123-4567, 001-555-123-4567, 555.123.4567.
NORTH_AMERICAN = re.compile(r"(?:(?:\+?1|001)[ .\-]?)?\(?\d{3}\)?[ .\-]?\d{3}[ .\-]\d{4}")
NOT_PHONES = (
    re.compile(r"\d{1,4}[./\-]\d{1,2}[./\-]\d{2,4}"),  # dates
    re.compile(r"\d{3}-\d{2}-\d{4}"),  # US social security numbers
    re.compile(r"(?:\d{1,3}\.){3}\d{1,3}"),  # IPv4 addresses
)
PHONE_CONTEXT = re.compile(
    r"phone|call|mobile|cell|tel\b|telephone|ring|text|whatsapp|sms|number|reach|contact|fax|"
    r"téléphone|portable|handy|telefon|teléfono|móvil|celular|telefone|contato|contacto",
    re.IGNORECASE,
)
IDENTIFIER_CONTEXT = re.compile(
    r"\b(?:nhs|hospital|patient|case|record|file|chart|member|insurance|policy|tax|social\s+security|ssn|"
    r"national\s+insurance|account|card|iban|reference|passport|licen[cs]e|mrn|id|"
    # French and Spanish: only words that identifiers.keywords knows too, where the value they veto is found.
    r"s[ée]curit[ée]\s+sociale|n(?:um[ée]ro|°)\s+de\s+s[ée]cu|carte\s+vitale|nir|insee|ipp|"
    r"seguridad\s+social|nuss|naf|dni|nie|nif|tarjeta\s+sanitaria|cip|historia\s+cl[íi]nica)\b[^.\n]{0,12}$",
    re.IGNORECASE,
)


def _is_phone(candidate: str, before: str, regions: tuple[str, ...] = PHONE_REGIONS) -> bool:
    digits = sum(ch.isdigit() for ch in EXTENSION.sub("", candidate))
    if not 7 <= digits <= 15 or any(pattern.fullmatch(candidate) for pattern in NOT_PHONES):
        return False
    if IDENTIFIER_CONTEXT.search(before) and not PHONE_CONTEXT.search(before[-20:]):
        return False
    if candidate.lstrip("(").startswith(("+", "00")):
        return _possible(candidate.lstrip("("))
    if NORTH_AMERICAN.fullmatch(EXTENSION.sub("", candidate)):
        return True
    if digits >= 8 and PHONE_CONTEXT.search(before):
        return True
    return any(_valid(candidate, region) for region in regions)


def _possible(candidate: str) -> bool:
    number = candidate.replace("00", "+", 1) if candidate.startswith("00") else candidate
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(number, None))
    except phonenumbers.NumberParseException:
        return False


def _valid(candidate: str, region: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(candidate, region))
    except phonenumbers.NumberParseException:
        return False


def _balanced(start: int, end: int, text: str) -> tuple[int, int]:
    # "(0)7 21 22 21 52" keeps its brackets; "(18 435 457 806" loses an opening bracket it never closes.
    candidate = text[start:end]
    if candidate.startswith("(") and ")" not in candidate:
        start += 1
    if candidate.endswith(")") and "(" not in candidate:
        end -= 1
    return start, end


def _email(text: str) -> Iterator[Finding]:
    if "@" not in text:
        return
    for match in EMAIL.finditer(text):
        yield Finding(match.start(), match.end(), "EMAIL", SOURCE_RULE, 1.0)


def _url(text: str) -> Iterator[Finding]:
    for match in URL.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in TRAILING_PUNCTUATION:
            end -= 1
        # The tail of an email address ("x@hospital.org/...") is the email's, not a URL.
        if match.start() > 0 and text[match.start() - 1] == "@":
            continue
        yield Finding(match.start(), end, "URL", SOURCE_RULE, 0.9)


def _ip_address(text: str) -> Iterator[Finding]:
    for pattern in (IPV4, IPV6) if text.count(":") >= 2 else (IPV4,):
        for match in pattern.finditer(text):
            try:
                ipaddress.ip_address(match.group())
            except ValueError:
                continue
            yield Finding(match.start(), match.end(), "IP_ADDRESS", SOURCE_RULE, 0.95)


def _phone(text: str, language: str) -> Iterator[Finding]:
    own = LANGUAGE_REGIONS.get(language, ())
    regions = own + tuple(region for region in PHONE_REGIONS if region not in own)
    for match in PHONE_CANDIDATE.finditer(text):
        start, end = _balanced(match.start(), match.end(), text)
        if _is_phone(text[start:end], text[max(0, start - 40) : start], regions):
            # Below identifiers found by context (0.85): a number after "hospital number" is that.
            yield Finding(start, end, "PHONE", SOURCE_RULE, 0.8)


RECOGNIZERS = (_email, _url, _ip_address, find_identifiers, find_addresses, find_dates_of_birth)


def find_by_rules(text: str, language: str = "en") -> list[Finding]:
    """Findings of every pattern recognizer; `language` only orders the phone regions tried."""
    return [finding for recognizer in RECOGNIZERS for finding in recognizer(text)] + list(_phone(text, language))
