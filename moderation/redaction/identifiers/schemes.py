"""National and health numbers by scheme: their shape, their checksum, the groupings people type bare.

One pass finds every run of number-like groups in a text ("943 476 5919", "756.9217.0769.85",
"PR 123612C", "131052-308T"); each run of consecutive groups is then tried against the schemes
of its length. A scheme recognises a value without a keyword only in the groupings its holders
type (a Korean RRN as 6-7 or in one run, never as 4-4-5), and only when its check, or the lack of
another reading, makes chance unlikely (nine digits in one run are a US SSN unless something says
phone). Where several schemes accept a value, the one that chance passes least often names it.
After a keyword, any grouping goes.

To support another scheme, add a `Scheme` to `SCHEMES`; python-stdnum's validator where it has one.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from stdnum import luhn
from stdnum.au import tfn
from stdnum.be import nn
from stdnum.br import cpf
from stdnum.ca import bc_phn, sin
from stdnum.ch import ssn as ahv
from stdnum.de import idnr
from stdnum.dk import cpr
from stdnum.es import dni, nie
from stdnum.es import nif as spanish_nif
from stdnum.fi import hetu
from stdnum.gb import nhs
from stdnum.in_ import aadhaar, pan
from stdnum.it import codicefiscale
from stdnum.kr import rrn
from stdnum.nl import bsn
from stdnum.no import fodselsnummer
from stdnum.pl import pesel
from stdnum.pt import nif as portuguese_nif
from stdnum.se import personnummer
from stdnum.tr import tckimlik
from stdnum.us import itin, ssn
from stdnum.za import idnr as south_african_id

from ..patterns import finditer_from, opens_word

# Any grouping: the check or the letters are strong enough on their own.
ANY_GROUPING = None

# Ranks settle overlaps between recognizers (see recognizers.find_identifiers): a strong check
# (mod 97, two check digits, a date and a check) over a single check digit over a format alone.
RANK_STRONG = 80
# A date of birth with a century digit passes about one number in thirty by chance, a single check digit one
# in ten: where both accept a number, the date scheme is the likelier (the odds are in the chance rates).
RANK_DATE = 71
RANK_CHECK_DIGIT = 70
RANK_FORMAT = 65


@dataclass(frozen=True)
class Scheme:
    name: str
    label: str
    # The value with separators removed and upper-cased, matched whole.
    shape: re.Pattern[str]
    is_valid: Callable[[str], bool]
    # The group lengths in which the value is recognised without a keyword; ANY_GROUPING, or () for never.
    bare: tuple[tuple[int, ...], ...] | None
    rank: int = RANK_CHECK_DIGIT
    # Some validators need the separators ("131052-308T": the dash is the century).
    raw: bool = False
    # A single check digit passes one number in ten by chance: typed bare where something says phone
    # (recognizers._phone_shaped), the phone recognizer names it.
    yields_to_phones: bool = False
    # The ranges the issuer allocates, where it says: a valid number outside them is still recognised, but
    # yields to any other scheme that accepts it.
    issued: Callable[[str], bool] | None = None

    def rank_of(self, compact: str) -> int:
        return self.rank if self.issued is None or self.issued(compact) else self.rank - 1


def _weighted_cross_sum(digits: str, weights: tuple[int, ...]) -> int:
    return sum(sum(divmod(int(digit) * weight, 10)) for digit, weight in zip(digits, weights, strict=True))


def _letter_number(letter: str) -> str:
    return f"{ord(letter) - ord('A') + 1:02d}"


def _is_kvnr(value: str) -> bool:
    # German health insurance number: the letter as its position in the alphabet, eight digits, weights 1 and 2.
    digits = _letter_number(value[0]) + value[1:9]
    return _weighted_cross_sum(digits, (1, 2) * 5) % 10 == int(value[9])


def _is_rvnr(value: str) -> bool:
    # German pension insurance number: area, date of birth, initial of the birth name, serial, check.
    if not _is_ddmmyy(value[2:8]):
        return False
    digits = value[:8] + _letter_number(value[8]) + value[9:11]
    return _weighted_cross_sum(digits, (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)) % 10 == int(value[11])


def _icao_check(value: str) -> int:
    numbers = [int(char) if char.isdigit() else ord(char) - ord("A") + 10 for char in value]
    return sum(number * (7, 3, 1)[index % 3] for index, number in enumerate(numbers)) % 10


def _is_german_id_card(value: str) -> bool:
    # Personalausweis and Reisepass: nine characters and an ICAO 9303 check digit. The alphabet has no vowels, so
    # no word has the shape; a digit among the nine keeps out runs of capitals such as acronyms.
    return any(char.isdigit() for char in value[:9]) and _icao_check(value[:9]) == int(value[9])


def _is_au_medicare(value: str) -> bool:
    return _weighted_sum(value[:8], (1, 3, 7, 9, 1, 3, 7, 9)) % 10 == int(value[8])


def _weighted_sum(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(digit) * weight for digit, weight in zip(digits, weights, strict=True))


NRIC_OFFSETS = {"S": 0, "T": 4, "F": 0, "G": 4, "M": 3}
NRIC_LETTERS = {"S": "JZIHGFEDCBA", "T": "JZIHGFEDCBA", "F": "XWUTRQPNMLK", "G": "XWUTRQPNMLK", "M": "XWUTRQPNJLK"}


def _is_nric(value: str) -> bool:
    # Singapore NRIC and FIN: weights 2,7,6,5,4,3,2, an offset by series, a letter from the series' table.
    total = _weighted_sum(value[1:8], (2, 7, 6, 5, 4, 3, 2)) + NRIC_OFFSETS[value[0]]
    return NRIC_LETTERS[value[0]][total % 11] == value[8]


def _is_chi(value: str) -> bool:
    # Scotland's Community Health Index: a date of birth, then the NHS check.
    return _is_ddmmyy(value[:6]) and nhs.is_valid(value)


def _is_issued_nhs(value: str) -> bool:
    # NHS numbers are allocated from 400 000 000 to 499 999 999 and 600 000 000 to 799 999 999 (England, Wales,
    # Isle of Man), and from 320 000 000 to 399 999 999 (Northern Ireland); Scotland's start with a date.
    return "320" <= value[:3] <= "499" or "600" <= value[:3] <= "799"


def _is_ddmmyy(digits: str) -> bool:
    day, month = int(digits[:2]), int(digits[2:4])
    try:
        date(2000, month, day)
    except ValueError:
        return False
    return True


def _is_spanish_id(value: str) -> bool:
    return dni.is_valid(value) or nie.is_valid(value) or (value[0] in "KLM" and spanish_nif.is_valid(value))


def _is_ontario_health(value: str) -> bool:
    return luhn.is_valid(value[:10])


def _is_portuguese_nif(value: str) -> bool:
    # 1, 2 and 3 open a person's number; the others belong to companies and the state.
    return value[0] in "123" and portuguese_nif.is_valid(value)


def _format_only(_value: str) -> bool:
    return True


_LETTERS_MBI = "AC-HJKMNP-RT-Y"
SCHEMES: tuple[Scheme, ...] = (
    # Health numbers. The dev sets label the NHS number a national one, as the people who carry it do.
    Scheme("NHS number (England, Wales, Isle of Man, Northern Ireland)", "NATIONAL_ID", re.compile(r"\d{10}"),
           nhs.is_valid, ((10,), (3, 3, 4)), yields_to_phones=True, issued=_is_issued_nhs),
    Scheme("CHI number (Scotland)", "NATIONAL_ID", re.compile(r"\d{10}"), _is_chi, ((10,), (6, 4), (3, 3, 4)),
           RANK_STRONG, yields_to_phones=True),
    Scheme("Medicare Beneficiary Identifier (US)", "MEDICAL_ID",
           re.compile(rf"[1-9][{_LETTERS_MBI}][{_LETTERS_MBI}\d]\d[{_LETTERS_MBI}][{_LETTERS_MBI}\d]\d"
                      rf"[{_LETTERS_MBI}]{{2}}\d\d"), _format_only, ANY_GROUPING, RANK_FORMAT),
    Scheme("Medicare number (Australia)", "MEDICAL_ID", re.compile(r"[2-6]\d{9,10}"), _is_au_medicare,
           ((4, 5, 1), (4, 5, 1, 1), (4, 5, 2), (10,)), yields_to_phones=True),
    Scheme("Ontario health card", "MEDICAL_ID", re.compile(r"\d{10}(?:[A-Z]{2})?"), _is_ontario_health,
           ((10,), (4, 3, 3), (4, 3, 3, 2), (4, 3, 5)), yields_to_phones=True),
    Scheme("British Columbia personal health number", "MEDICAL_ID", re.compile(r"9\d{9}"), bc_phn.is_valid,
           ((10,), (4, 3, 3)), yields_to_phones=True),
    Scheme("Krankenversichertennummer (Germany)", "MEDICAL_ID", re.compile(r"[A-Z]\d{9}"), _is_kvnr, ANY_GROUPING),
    # National numbers.
    # Nine digits in one run are an SSN or an ITIN unless something says phone: no country whose language
    # is English writes a phone number that way, and other schemes' check digits outrank the format.
    Scheme("Social Security number (US)", "NATIONAL_ID", re.compile(r"\d{9}"), ssn.is_valid, ((3, 2, 4), (9,)),
           RANK_FORMAT, yields_to_phones=True),
    Scheme("ITIN (US)", "NATIONAL_ID", re.compile(r"9\d{8}"), itin.is_valid, ((3, 2, 4), (9,)), RANK_FORMAT,
           yields_to_phones=True),
    Scheme("National Insurance number (UK)", "NATIONAL_ID",
           re.compile(r"(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]"), _format_only,
           ANY_GROUPING, RANK_FORMAT),
    Scheme("Tax file number (Australia)", "NATIONAL_ID", re.compile(r"\d{8,9}"), tfn.is_valid, ((9,), (3, 3, 3)),
           yields_to_phones=True),
    Scheme("Social insurance number (Canada)", "NATIONAL_ID", re.compile(r"\d{9}"), sin.is_valid,
           ((9,), (3, 3, 3)), yields_to_phones=True),
    Scheme("Steuer-ID (Germany)", "NATIONAL_ID", re.compile(r"[1-9]\d{10}"), idnr.is_valid,
           ((11,), (2, 3, 3, 3)), RANK_STRONG),
    Scheme("Sozialversicherungsnummer (Germany)", "NATIONAL_ID", re.compile(r"\d{8}[A-Z]\d{3}"), _is_rvnr,
           ANY_GROUPING, RANK_STRONG),
    Scheme("Personalausweis and passport (Germany)", "NATIONAL_ID",
           re.compile(r"[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ\d]{8}\d"), _is_german_id_card, ANY_GROUPING),
    Scheme("DNI, NIE and NIF (Spain)", "NATIONAL_ID", re.compile(r"(?:\d{8}|[XYZKLM]\d{7})[A-Z]"), _is_spanish_id,
           ANY_GROUPING, RANK_STRONG),
    Scheme("Codice fiscale (Italy)", "NATIONAL_ID",
           re.compile(r"[A-Z]{6}[\dLMNP-V]{2}[A-EHLMPR-T][\dLMNP-V]{2}[A-Z][\dLMNP-V]{3}[A-Z]"),
           codicefiscale.is_valid, ANY_GROUPING, RANK_STRONG),
    Scheme("Henkilötunnus (Finland)", "NATIONAL_ID", re.compile(r"\d{6}[A-Y]?\d{3}[\dA-Y]"), hetu.is_valid,
           ANY_GROUPING, RANK_STRONG, raw=True),
    Scheme("Personnummer (Sweden)", "NATIONAL_ID", re.compile(r"(?:\d\d)?\d{10}"), personnummer.is_valid,
           ((10,), (12,), (6, 4), (8, 4)), RANK_STRONG, raw=True),
    Scheme("CPR number (Denmark)", "NATIONAL_ID", re.compile(r"\d{10}"), cpr.is_valid, ((6, 4), (10,)), RANK_DATE,
           yields_to_phones=True),
    Scheme("Fødselsnummer (Norway)", "NATIONAL_ID", re.compile(r"\d{11}"), fodselsnummer.is_valid, ANY_GROUPING,
           RANK_STRONG),
    Scheme("PESEL (Poland)", "NATIONAL_ID", re.compile(r"\d{11}"), pesel.is_valid, ((11,), (6, 5))),
    Scheme("BSN (Netherlands)", "NATIONAL_ID", re.compile(r"\d{9}"), bsn.is_valid, ((9,), (4, 2, 3), (3, 3, 3)),
           yields_to_phones=True),
    Scheme("National number (Belgium)", "NATIONAL_ID", re.compile(r"\d{11}"), nn.is_valid, ANY_GROUPING,
           RANK_STRONG),
    Scheme("NIF (Portugal)", "NATIONAL_ID", re.compile(r"[123]\d{8}"), _is_portuguese_nif, ((9,), (3, 3, 3)),
           yields_to_phones=True),
    Scheme("AHV/AVS number (Switzerland)", "NATIONAL_ID", re.compile(r"756\d{10}"), ahv.is_valid, ANY_GROUPING,
           RANK_STRONG),
    Scheme("CPF (Brazil)", "NATIONAL_ID", re.compile(r"\d{11}"), cpf.is_valid, ((3, 3, 3, 2),), RANK_STRONG),
    Scheme("Identity number (South Africa)", "NATIONAL_ID", re.compile(r"\d{13}"), south_african_id.is_valid,
           ANY_GROUPING, RANK_STRONG),
    Scheme("Aadhaar (India)", "NATIONAL_ID", re.compile(r"[2-9]\d{11}"), aadhaar.is_valid, ((12,), (4, 4, 4))),
    Scheme("PAN (India)", "NATIONAL_ID", re.compile(r"[A-Z]{5}\d{4}[A-Z]"), pan.is_valid, ANY_GROUPING,
           RANK_STRONG),
    Scheme("NRIC and FIN (Singapore)", "NATIONAL_ID", re.compile(r"[STFGM]\d{7}[A-Z]"), _is_nric, ANY_GROUPING,
           RANK_STRONG),
    Scheme("Resident registration number (Korea)", "NATIONAL_ID", re.compile(r"\d{13}"), rrn.is_valid,
           ((13,), (6, 7)), RANK_STRONG),
    Scheme("TC kimlik no (Turkey)", "NATIONAL_ID", re.compile(r"[1-9]\d{10}"), tckimlik.is_valid, ANY_GROUPING,
           RANK_STRONG),
)  # fmt: skip

# Runs of groups that each hold a digit, or a lone capital ("12345678 Z", "65 170839 J 003"; not the "y" of
# "2022 y"), joined by one separator; a slash joins dates, not identifiers. Opening on a word boundary keeps
# the lookahead to a word's first character.
CANDIDATE = re.compile(r"\b(?=[^\W\d_]*\d)\w+(?:[ .\-\u00a0\u202f](?:\w*\d\w*|[A-Z](?!\w)))*")
# Where a candidate may open: the word start before a run of digits, past letters only.
DIGIT_RUN = re.compile(r"\d+")
GROUP = re.compile(r"[^\W_]+")
# The shortest value of any scheme, not counting a two-letter prefix ("PR" of "PR 123612C").
SHORTEST = 7
# Any scheme's shape, tried first: most runs ("2021", "12 345") are no scheme's at all.
ANY_SHAPE = re.compile("|".join(f"(?:{scheme.shape.pattern})" for scheme in SCHEMES))
# Two letters before a number may open it ("PR 123612C", "X 1234567 L").
LETTER_PREFIX = re.compile(r"(?<!\w)[^\W\d_]{1,2}[ .\-]$")
# After a keyword, a lone small letter may close a number ("dni 45678123 p").
LOWERCASE_LETTER = re.compile(r"[ -][a-z](?!\w)")
# A value glued to an address, a path, a version or a sum is part of that.
GLUED_BEFORE = frozenset("@+./,-_\\")
MAX_GROUPS = 7


class Candidate:
    """A run of number-like groups: where each group starts and ends."""

    def __init__(self, text: str, start: int, end: int, *, lowercase_letter: bool = False) -> None:
        prefix = LETTER_PREFIX.search(text, max(0, start - 3), start)
        if prefix:
            start = prefix.start()
        if lowercase_letter and (letter := LOWERCASE_LETTER.match(text, end)):
            end = letter.end()
        self.text = text
        self.groups = [match.span() for match in GROUP.finditer(text, start, end)]
        # Groups hold only letters and digits, and only separators lie between them: a run's compact value
        # is its groups' capitals joined.
        self._capitals = [text[start:end].upper() for start, end in self.groups]
        self._letters = [text[start:end].isalpha() for start, end in self.groups]

    @property
    def start(self) -> int:
        return self.groups[0][0]

    def values(self, first: int, last: int) -> Iterator[tuple[int, int, tuple[int, ...], str]]:
        """Runs of consecutive groups opening at `first` to `last`: their span, group lengths and compact value
        (letters and digits, in capitals).

        A run may leave out only groups of letters at either end ("PR", a lone "a" after the number),
        never digits: "3782 822463 10006" holds no eleven-digit number.
        """
        for i in range(first, min(last, len(self.groups) - 1) + 1):
            if not all(self._letters[:i]):
                break
            for j in range(i, min(len(self.groups), i + MAX_GROUPS)):
                if not all(self._letters[j + 1 :]):
                    continue
                lengths = tuple(end - start for start, end in self.groups[i : j + 1])
                yield self.groups[i][0], self.groups[j][1], lengths, "".join(self._capitals[i : j + 1])


def candidates(
    text: str, start: int = 0, end: int | None = None, *, lowercase_letter: bool = False
) -> Iterator[Candidate]:
    """Runs of number-like groups in `text`, not glued to an address, a path or a sum.

    `lowercase_letter`: a lone small letter may close the run ("dni 45678123 p"), as it may after a keyword.
    """
    if start == 0 and end is None:
        runs = finditer_from(CANDIDATE, text, _candidate_starts(text))
    else:
        runs = CANDIDATE.finditer(text, start, len(text) if end is None else end)
    for match in runs:
        if match.end() - match.start() < SHORTEST:
            continue
        candidate = Candidate(text, match.start(), match.end(), lowercase_letter=lowercase_letter)
        if candidate.start == 0 or text[candidate.start - 1] not in GLUED_BEFORE:
            yield candidate


def _candidate_starts(text: str) -> Iterator[int]:
    """Every position where CANDIDATE may match: a word start with only letters, if any, before a digit."""
    for run in DIGIT_RUN.finditer(text):
        first = run.start()
        while first > 0 and _is_letter(text[first - 1]):
            first -= 1
        if opens_word(text, first):
            yield first


def _is_letter(char: str) -> bool:
    # What [^\W\d_] matches: a word character that is no decimal digit and no underscore.
    return char.isalnum() and not char.isdecimal()


def matches(
    candidate: Candidate, *, bare: bool, first: int = 0, last: int = 1
) -> Iterator[tuple[int, int, Scheme, str]]:
    """(start, end, scheme, compact value) for each run of the candidate's groups, opening at `first` to `last`,
    that a scheme validates. `bare`: only in a grouping the scheme is recognised in without a keyword.
    """
    text = candidate.text
    for start, end, lengths, compact in candidate.values(first, last):
        if not ANY_SHAPE.fullmatch(compact):
            continue
        for scheme in SCHEMES:
            if bare and scheme.bare is not ANY_GROUPING and lengths not in scheme.bare:
                continue
            if scheme.shape.fullmatch(compact) and scheme.is_valid(text[start:end].upper() if scheme.raw else compact):
                yield start, end, scheme, compact
