"""Contact details: emails, phones, URLs and IP addresses, as written and as people disguise them.

A contact that leaks lets someone reach a victim, so disguised ones count: "jdoe (at) example (dot) org",
a phone spelt out in words ("oh seven seven double oh 900123"), a phone glued to the word before it.
Each spelt-out form is anchored on words prose rarely strings together (a spoken "dot" before a top-level
domain, runs of number words worth nine digits), which is what keeps ordinary sentences out.
"""

import ipaddress
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from .findings import SOURCE_RULE, Finding
from .patterns import LookbehindScan, alternation, finditer_from, search_from

# Top-level domains people give out: common generic ones and every country's (its ISO code, and "uk").
# Only real ones: "at noon dot on time" ends in no domain.
COMMON_TLDS = (
    "com org net edu gov int info biz name pro mobi app dev xyz online site website email blog page live life "
    "world store shop tech cloud health care family art club social link bio eu uk"
).split()
TLDS = frozenset(COMMON_TLDS) | {region.lower() for region in phonenumbers.SUPPORTED_REGIONS}
TLD = rf"(?:{alternation(TLDS, ignore_case=True)})(?![\w-])"

# An IDN domain may end in punycode ("xn--p1ai"): without that branch the address is cut at it.
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.(?:xn--[a-z0-9-]*[a-z0-9]|[^\W\d_]{2,})\b")
EMAIL_SCAN = LookbehindScan(EMAIL)

# "jdoe at example dot org": a bare "at" is everywhere in prose, so it takes a spoken or bracketed dot
# before the top-level domain ("look at example. Org" stays prose) and no determiner after it.
_OPEN, _CLOSE = r"[ \t]*[(\[{<][ \t]*", r"[ \t]*[)\]}>][ \t]*"
_SPOKEN_DOT = rf"[ \t]+(?:dot|point|punto)[ \t]+|{_OPEN}(?:dot|point|punto|\.){_CLOSE}"
_BARE_AT = r"[ \t]+at[ \t]+(?!(?:the|a|an|my|our|your|his|her|their|this|that|its|one|least|all)[ \t])"
# "(at)", "@" and the French and Spanish words for it leave no doubt: a written dot will do after them.
_CLEAR_AT = rf"{_OPEN}(?:at|@){_CLOSE}|[ \t]*@[ \t]*|[ \t]+(?:arobase|arroba)[ \t]+"
# A written dot stands alone ("example . org") or inside a word ("gmail.com"): "at home. We" is prose.
_ANY_DOT = rf"{_SPOKEN_DOT}|\.|[ \t]+\.[ \t]+"
_LABEL = r"[^\W_][\w-]*"
OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w.+-]*+(?<=\w)"
    rf"(?:{_BARE_AT}{_LABEL}(?:(?:{_SPOKEN_DOT}){_LABEL})*(?:{_SPOKEN_DOT}){TLD}"
    rf"|(?:{_CLEAR_AT}){_LABEL}(?:(?:{_ANY_DOT}){_LABEL})*(?:{_ANY_DOT}){TLD})",
    re.IGNORECASE,
)
OBFUSCATED_EMAIL_SCAN = LookbehindScan(OBFUSCATED_EMAIL)
# Cheap `in` tests on the lowercased text: without one of these there is no disguised address.
OBFUSCATION_HINTS = ("dot", "point", "punto", " . ", "arobase", "arroba", "at)", "at]", "at}", "at>", " @", "@ ", "@)")

URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"']+"
    # A bare domain: with a path ("gofundme.com/f/help-anna") or on a site of personal pages (see `_url`).
    rf"|(?P<bare>\b[a-z0-9-]++(?:\.[a-z0-9-]++)*\.{TLD})(?P<path>/[^\s<>\"']+)?",
    re.IGNORECASE,
)
# Hosts that give each person a subdomain: "janedoe.wordpress.com" names someone, "nhs.uk" does not.
PERSONAL_SITES = (
    "wordpress.com substack.com tumblr.com medium.com wixsite.com weebly.com jimdofree.com jimdosite.com "
    "over-blog.com canalblog.com hautetfort.com skyrock.com livejournal.com typepad.com mystrikingly.com "
    "beehiiv.com bandcamp.com carrd.co neocities.org github.io gitlab.io itch.io ghost.io hashnode.dev "
    "netlify.app vercel.app pages.dev"
).split()
PERSONAL_SITE = re.compile(
    rf"(?!www\.)(?:[\w-]+\.)+(?:{alternation(PERSONAL_SITES, ignore_case=True)}"
    r"|(?:blogspot|webnode)\.[a-z]{2,3}(?:\.[a-z]{2})?)",
    re.IGNORECASE,
)
TRAILING_PUNCTUATION = ".,;:!?)]}'\""
# What a person's name never is: "google.co.il", "mail jriou@laposte.net".
DOMAIN_SHAPED = re.compile(rf"@|[^\W\d_]\.(?:{alternation(TLDS)})(?![\w-])")

# A pattern that opens with a lookbehind is tried at every position of a text; IPV4 and PHONE_CANDIDATE are
# tried only where a quick scan (OPENINGS) finds a digit run, a "+" or a "(" (see patterns.finditer_from).
# CIDR suffixes and IPv6 zone ids belong to the address; an IPv6 may end in an IPv4 ("::ffff:192.0.2.128").
IPV4 = re.compile(r"(?=\d)(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?!\d|\.\d)")
IPV6 = re.compile(
    r"(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{0,4})(?:%[\w-]+)?(?:/\d{1,3})?"
    r"(?![\w:]|\.\d)",
    re.IGNORECASE,
)

OPENINGS = re.compile(r"\d+|[+(]")
# Regions whose national formats are tried for numbers written without a country code.
PHONE_REGIONS = ("GB", "US", "FR", "DE", "ES", "BR", "IE", "PT", "IT", "NL", "BE", "CH", "AT", "CA")
# "16 9314-9736", "555-0132": a dash before the last four digits is how phones are written, not identifiers.
PHONE_LAST_FOUR = re.compile(r"\d-\d{4}$")
# Regions where a number dialled within the country opens with a trunk "0" that people write (Brazilians
# often leave it out, so Brazil is not one).
TRUNK_ZERO_REGIONS = frozenset({"GB", "FR", "DE", "IE", "NL", "BE", "CH", "AT"})
# Each region tried costs a parse: the regions where a language is spoken go first, since most
# numbers in a story are national ones. The order changes nothing but the time.
LANGUAGE_REGIONS = {"fr": ("FR", "BE", "CH"), "es": ("ES",), "de": ("DE", "AT", "CH"), "pt": ("PT", "BR")}
PHONE_CANDIDATE = re.compile(
    # "(+34) 612 345 678": a country code may stand in brackets. A letter may stand right before
    # ("mobile07700900123"); `_glued_is_phone` decides those.
    r"(?=[+(\d])(?<![\d_+/\-])(?<![\d_]\.)(?:\((?=\+|00))?(?:\+|00)?\(?\d[\d \t().\-]{5,22}\d"
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
    r"phone|call|mobile|cell|t[ée]l\b|telephone|ring|text|whatsapp|sms|number|reach|contact|fax|"
    # Not "je m'appelle" nor "me llamo": those give a name.
    r"téléphone|portable|appel(?:ez|er|\b)|joindre|handy|telefon|teléfono|móvil|movil|llam(?:e|ar|ada)|llám|"
    r"celular|telefone|contato|contacto",
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

# Spoken numbers: each word's value and the largest number it can still take after it, so "vingt"
# takes "et un" (21), "soixante" takes "dix-huit" (78), "seiscientos" takes "doce" (612), "six" nothing.


def _numbers(words: str, first: int, *, step: int = 1, room: int = 1) -> dict[str, tuple[int, int]]:
    return {word: (first + step * index, room) for index, word in enumerate(words.split())}


SPOKEN_NUMBERS = {
    "en": _numbers("zero one two three four five six seven eight nine", 0)
    | _numbers("ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen", 10)
    | _numbers("twenty thirty forty fifty sixty seventy eighty ninety", 20, step=10, room=10)
    | {"oh": (0, 1), "nought": (0, 1), "hundred": (100, 100)},
    "fr": _numbers("zéro un deux trois quatre cinq six sept huit neuf", 0)
    | _numbers("onze douze treize quatorze quinze seize", 11)
    | _numbers("vingt trente quarante cinquante", 20, step=10, room=10)
    # Belgian and Swiss French say "septante", "huitante", "nonante"; France says "soixante-dix".
    | _numbers("septante huitante nonante", 70, step=10, room=10)
    | {"dix": (10, 10), "soixante": (60, 20), "vingts": (20, 10), "octante": (80, 10)}
    | {"cent": (100, 100), "cents": (100, 100)},
    "es": _numbers("cero uno dos tres cuatro cinco seis siete ocho nueve", 0)
    | _numbers("diez once doce trece catorce quince dieciséis diecisiete dieciocho diecinueve", 10)
    | _numbers("veintiuno veintidós veintitrés veinticuatro veinticinco veintiséis veintisiete veintiocho", 21)
    | _numbers("veintinueve", 29)
    | _numbers("veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa", 20, step=10, room=10)
    | _numbers(
        "doscientos trescientos cuatrocientos quinientos seiscientos setecientos ochocientos novecientos",
        200,
        step=100,
        room=100,
    )
    | {"un": (1, 1), "una": (1, 1), "cien": (100, 1), "ciento": (100, 100)},
}
# "double oh" is two zeros, "triple nine" three nines.
REPEATS = {"en": {"double": 2, "triple": 3, "treble": 3}, "fr": {"double": 2, "triple": 3}, "es": {"doble": 2}}
CONNECTORS = {"en": "and", "fr": "et", "es": "y"}
# "nine hundred", "six cents": the unit before is multiplied, not followed.
MULTIPLIERS = frozenset({"hundred", "cent", "cents"})
# The digits a phone has at least: nine alone, seven right after a word that announces one.
SPOKEN_PHONE_DIGITS, SPOKEN_PHONE_DIGITS_AFTER_CONTEXT, MAX_PHONE_DIGITS = 9, 7, 15
LEADING_DIGITS = re.compile(r"(?<![\w+])\+?(?:\d++(?:[ \t]*[,\-][ \t]*|[ \t]+))+$")
SPOKEN_TOKEN = re.compile(r"[^\W\d_]+|\d+")


@lru_cache(maxsize=8)
def _spoken_run(language: str) -> LookbehindScan:
    """A number word, then number words or digit groups, joined by spaces, commas, hyphens or "and".

    Case-sensitive, each word as typed in lower case, capitalised or in capitals: matching without case,
    or letting a digit group open the run, makes `re` try every position of every text the slow way.
    Digit groups before the first word are `_with_leading_digits`'s.
    """
    words = {*_spoken_numbers(language), *_repeats(language)}
    typed = {form for word in words for form in (word, word.capitalize(), word.upper())}
    first_letters = "".join(sorted({word[0] for word in typed}))
    word = rf"(?:{alternation(typed)})(?!\w)"
    gap = rf"(?:[ \t]*[,\-][ \t]*|[ \t]+)(?:(?i:{CONNECTORS.get(language, 'and')})(?:[ \t]*-[ \t]*|[ \t]+))?"
    return LookbehindScan(re.compile(rf"(?<!\w)(?=[{first_letters}]){word}(?:{gap}(?:{word}|\d++(?!\w)))+"))


@lru_cache(maxsize=8)
def _spoken_numbers(language: str) -> dict[str, tuple[int, int]]:
    """The language's number words, written with or without their accents."""
    table = SPOKEN_NUMBERS.get(language, SPOKEN_NUMBERS["en"])
    return {_without_accents(word): value for word, value in table.items()} | table


def _repeats(language: str) -> dict[str, int]:
    return REPEATS.get(language, REPEATS["en"])


def _without_accents(word: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFD", word) if not unicodedata.combining(char))


def spoken_digits(run: str, language: str) -> tuple[int, int]:
    """(digits a run of number words stands for, number words in it).

    Digits are counted by number, as people speak phones in pairs or threes: "trente-quatre" is two
    digits, "seiscientos doce" three, "double oh" two, a digit group its length.
    """
    numbers, repeats = _spoken_numbers(language), _repeats(language)
    digits = words = 0
    number = _SpokenNumber()
    for token in SPOKEN_TOKEN.findall(run.lower()):
        if token.isdigit():
            digits += number.close() + len(token)
            number.times = 1
        elif token in repeats:
            digits += number.close()
            number.times, words = repeats[token], words + 1
        elif token in numbers:
            words += 1
            if not number.takes(token, *numbers[token]):
                digits += number.close()
                number.value, number.room = numbers[token]
    return digits + number.close(), words


@dataclass
class _SpokenNumber:
    """The number being spoken: its value, the largest number it can still take after it, how often it is said."""

    value: int | None = None
    room: int = 0
    times: int = 1

    def takes(self, word: str, value: int, room: int) -> bool:
        if self.value is None or self.times > 1:
            return False
        if word in ("vingt", "vingts") and self.value % 100 == 4:
            self.value, self.room = self.value + 76, 20  # "quatre-vingt": the four was a multiplier
        elif word in MULTIPLIERS and self.value < 10:
            self.value, self.room = self.value * 100, 100
        elif 1 <= value < self.room:
            self.value, self.room = self.value + value, room
        else:
            return False
        return True

    def close(self) -> int:
        """The digits said since the last close, and a fresh start."""
        if self.value is None:
            return 0  # "double" said just before keeps its count for the next word
        digits = len(str(self.value)) * self.times
        self.value, self.times = None, 1
        return digits


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
    # Without a phone word, a long national number in a country that dials a trunk "0" is written with it:
    # "123 456 789" is no German phone, and most identifiers that fail their check are that long.
    said_phone = digits < 9 or PHONE_LAST_FOUR.search(candidate) or PHONE_CONTEXT.search(before) is not None
    return any(
        is_valid_phone(candidate, region) for region in regions if said_phone or _written_nationally(candidate, region)
    )


def _glued_is_phone(candidate: str, word: str) -> bool:
    """A number right after a letter ("is415-555-0132"): only a shape no code or reference takes."""
    if PHONE_CONTEXT.fullmatch(word):
        return True
    return candidate.lstrip("(").startswith(("+", "00")) or bool(
        NORTH_AMERICAN.fullmatch(EXTENSION.sub("", candidate)) and not candidate.isdigit()
    )


def _possible(candidate: str) -> bool:
    number = candidate.replace("00", "+", 1) if candidate.startswith("00") else candidate
    try:
        return phonenumbers.is_possible_number(phonenumbers.parse(number, None))
    except phonenumbers.NumberParseException:
        return False


def _written_nationally(candidate: str, region: str) -> bool:
    return region not in TRUNK_ZERO_REGIONS or candidate.lstrip("(").startswith("0")


def is_valid_phone(candidate: str, region: str) -> bool:
    """Whether `candidate`, written as in `region`, is a valid phone number there."""
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


def _word_before(text: str, position: int) -> str:
    """The word a number is glued to: "mobile" of "mobile07700900123", "Tél" of "Tél.06 12 34 56 78"."""
    start = position - 1 if text[position - 1 : position] == "." else position
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return text[start:position].rstrip(".")


def _email(text: str) -> Iterator[Finding]:
    if "@" in text:
        for match in EMAIL_SCAN.finditer(text):
            yield Finding(match.start(), match.end(), "EMAIL", SOURCE_RULE, 1.0)
    lowered = text.lower()
    if any(hint in lowered for hint in OBFUSCATION_HINTS):
        for match in OBFUSCATED_EMAIL_SCAN.finditer(text):
            yield Finding(match.start(), match.end(), "EMAIL", SOURCE_RULE, 0.9)


def _url(text: str) -> Iterator[Finding]:
    for match in URL.finditer(text):
        end = match.end()
        while end > match.start() and text[end - 1] in TRAILING_PUNCTUATION:
            end -= 1
        # The tail of an email address ("x@hospital.org/...") is the email's, not a URL.
        if match.start() > 0 and text[match.start() - 1] == "@":
            continue
        if match.group("bare") and not match.group("path") and not PERSONAL_SITE.fullmatch(text, match.start(), end):
            continue  # "nhs.uk" names an organisation; a path or a personal site names someone
        yield Finding(match.start(), end, "URL", SOURCE_RULE, 0.9)


def _ip_address(text: str, openings: list[int]) -> Iterator[Finding]:
    ipv6 = list(IPV6.finditer(text)) if text.count(":") >= 2 else []
    ipv6 = [match for match in ipv6 if _is_address(match.group())]
    for match in ipv6:
        yield Finding(match.start(), match.end(), "IP_ADDRESS", SOURCE_RULE, 0.95)
    for match in finditer_from(IPV4, text, openings):
        inside_ipv6 = any(other.start() <= match.start() < other.end() for other in ipv6)
        if not inside_ipv6 and _is_address(match.group()):
            yield Finding(match.start(), match.end(), "IP_ADDRESS", SOURCE_RULE, 0.95)


def _is_address(candidate: str) -> bool:
    address, _, prefix = candidate.partition("/")
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not prefix or int(prefix) <= parsed.max_prefixlen


def _phone(text: str, language: str, openings: list[int]) -> Iterator[Finding]:
    own = LANGUAGE_REGIONS.get(language, ())
    regions = own + tuple(region for region in PHONE_REGIONS if region not in own)
    position = 0
    while match := search_from(PHONE_CANDIDATE, text, openings, position):
        start, end = _balanced(match.start(), match.end(), text)
        candidate, before = text[start:end], text[max(0, start - 40) : start]
        word = _word_before(text, match.start())
        if word and not _glued_is_phone(candidate, word):
            position = match.start() + 1  # a phone may start inside: "Room A3 06 12 34 56 78"
            continue
        position = match.end()
        if _is_phone(candidate, before, regions):
            # Below identifiers found by context (0.85): a number after "hospital number" is that.
            yield Finding(start, end, "PHONE", SOURCE_RULE, 0.8)


def _spoken_phone(text: str, language: str) -> Iterator[Finding]:
    for match in _spoken_run(language).finditer(text):
        start = _with_leading_digits(text, match.start())
        digits, words = spoken_digits(text[start : match.end()], language)
        if words < 2 or digits > MAX_PHONE_DIGITS:
            continue
        announced = PHONE_CONTEXT.search(text, max(0, start - 30), start)
        if digits >= (SPOKEN_PHONE_DIGITS_AFTER_CONTEXT if announced else SPOKEN_PHONE_DIGITS):
            yield Finding(start, match.end(), "PHONE", SOURCE_RULE, 0.8)


def _with_leading_digits(text: str, start: int) -> int:
    """Where a spoken phone starts once the digit groups before its first word are in: "+44 seven seven..."."""
    leading = LEADING_DIGITS.search(text, max(0, start - 24), start)
    return leading.start() if leading else start


def find_contacts(text: str, language: str = "en") -> list[Finding]:
    """Emails, URLs, IP addresses and phones; `language` says which number words and regions to try first."""
    openings = [match.start() for match in OPENINGS.finditer(text)]
    return [
        *_email(text),
        *_url(text),
        *_ip_address(text, openings),
        *_phone(text, language, openings),
        *_spoken_phone(text, language),
    ]


def is_domain_shaped(surface: str) -> bool:
    """An address or a domain ("google.co.il"): something a person's name never is."""
    return bool(DOMAIN_SHAPED.search(surface))
