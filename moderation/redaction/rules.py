"""Pattern recognizers for personal data with a fixed shape: emails, phones, URLs, IP addresses."""

import ipaddress
import re
from collections.abc import Iterator

import phonenumbers

from .findings import SOURCE_RULE, Finding

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"']+"
    # A bare domain counts when it carries a path: "gofundme.com/f/help-anna".
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|co|me|info|blog|page|site|uk|de|fr|es|br|pt)/[^\s<>\"']+",
    re.IGNORECASE,
)
IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d)")
IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,;:!?)]}'\""

# Regions whose national formats are tried for numbers written without a country code.
PHONE_REGIONS = ("GB", "US", "FR", "DE", "ES", "BR", "IE", "PT")


def _email(text: str) -> Iterator[Finding]:
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
    for pattern in (IPV4, IPV6):
        for match in pattern.finditer(text):
            try:
                ipaddress.ip_address(match.group())
            except ValueError:
                continue
            yield Finding(match.start(), match.end(), "IP_ADDRESS", SOURCE_RULE, 0.95)


def _phone(text: str) -> Iterator[Finding]:
    seen: set[tuple[int, int]] = set()
    for region in PHONE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
            span = (match.start, match.end)
            if span not in seen:
                seen.add(span)
                yield Finding(match.start, match.end, "PHONE", SOURCE_RULE, 0.9)


RECOGNIZERS = (_email, _url, _ip_address, _phone)


def find_by_rules(text: str) -> list[Finding]:
    return [finding for recognizer in RECOGNIZERS for finding in recognizer(text)]
