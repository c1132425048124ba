"""National and health identifier kinds, and valid and checksum-failing numbers of each, for the bench.

A kind says where candidates come from (a Faker provider, or our own check-digit code where Faker
has none), what validates them (python-stdnum where it knows the scheme), how people write them and
which keyword introduces one. Faker's candidates that fail validation are dropped; one of ours that
fails is a bug and stops the bench, so every number measured is a valid one.
To add a kind: a row in KINDS, and a generator below if Faker has no provider for it.
(The underscore keeps `make bench` from running this module as a bench of its own.)
"""

import random
import re
import string
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import cycle, islice

from faker import Faker
from stdnum import luhn
from stdnum.au import tfn
from stdnum.be import nn
from stdnum.ca import bc_phn, sin
from stdnum.ch import ssn as ahv
from stdnum.de import idnr
from stdnum.dk import cpr
from stdnum.es import dni, nie
from stdnum.fi import hetu
from stdnum.fr import nir
from stdnum.gb import nhs
from stdnum.in_ import aadhaar, pan
from stdnum.iso7064 import mod_11_10
from stdnum.it import codicefiscale
from stdnum.kr import rrn
from stdnum.nl import bsn
from stdnum.no import fodselsnummer
from stdnum.pl import pesel
from stdnum.pt import nif
from stdnum.se import personnummer
from stdnum.tr import tckimlik
from stdnum.us import itin, ssn
from stdnum.za import idnr as za_idnr

MEDICAL_ID = "MEDICAL_ID"
NATIONAL_ID = "NATIONAL_ID"
NUMBERS_PER_KIND = 40
# Faker's Korean, Aadhaar and Portuguese providers get most check digits wrong: allow many draws per number kept.
MAX_DRAWS_PER_NUMBER = 100
# A grouping pattern that writes the number as stored.
COMPACT = "compact"


@dataclass(frozen=True)
class FromFaker:
    locale: str
    provider: str
    tidy: Callable[[str], str] = lambda value: re.sub(r"[\s.-]", "", value).upper()

    def candidates(self, rng: random.Random) -> Iterator[str]:
        fake = Faker(self.locale)
        fake.seed_instance(rng.getrandbits(32))
        make = getattr(fake, self.provider)
        while True:
            yield self.tidy(make())

    def __str__(self) -> str:
        return f"Faker {self.locale} {self.provider}()"


@dataclass(frozen=True)
class OwnCode:
    make: Callable[[random.Random], str]

    def candidates(self, rng: random.Random) -> Iterator[str]:
        while True:
            yield self.make(rng)

    def __str__(self) -> str:
        return f"own code: {self.make.__name__}()"


@dataclass(frozen=True)
class IdentifierKind:
    name: str
    label: str
    source: FromFaker | OwnCode
    is_valid: Callable[[str], bool]
    # How people write a number: '#' takes the number's next character. A pattern with fewer '#'
    # than the number has characters writes its last ones (a Swedish personnummer without the century).
    groupings: tuple[str, ...]
    keyword_sentence: str  # "{}" marks the number
    check_index: int | None = -1  # the check character's position; None when the scheme has no public one


def written(number: str, pattern: str) -> str:
    if pattern == COMPACT:
        return number
    slots = pattern.count("#")
    if slots > len(number):
        raise ValueError(f"pattern {pattern!r} is longer than {number!r}")
    characters = iter(number[len(number) - slots :])
    return "".join(next(characters) if symbol == "#" else symbol for symbol in pattern)


def valid_numbers(kind: IdentifierKind, count: int = NUMBERS_PER_KIND) -> list[str]:
    """`count` distinct valid numbers of `kind`, the same on every run."""
    rng = random.Random(zlib.crc32(kind.name.encode()))  # crc32, not hash(): stable across runs
    numbers: list[str] = []
    for candidate in islice(kind.source.candidates(rng), count * MAX_DRAWS_PER_NUMBER):
        if not kind.is_valid(candidate):
            if isinstance(kind.source, OwnCode):
                raise AssertionError(f"{kind.source} made {candidate!r}, an invalid {kind.name}")
            continue
        if candidate not in numbers:
            numbers.append(candidate)
        if len(numbers) == count:
            return numbers
    raise RuntimeError(f"only {len(numbers)} valid {kind.name} numbers from {kind.source}")


def checksum_failing(kind: IdentifierKind, numbers: list[str]) -> list[str]:
    """The numbers with their check character changed so that no kind with a checksum accepts them.

    Not only their own: redacting a number that another scheme accepts is no false positive. A number
    with no such change (an NHS number whose first nine digits make an Australian Medicare number) is left out.
    """
    if kind.check_index is None:
        return []
    rng = random.Random(zlib.crc32(kind.name.encode()) + 1)
    changed = (_with_wrong_check(kind, number, rng) for number in numbers)
    return [number for number in changed if number is not None]


def _with_wrong_check(kind: IdentifierKind, number: str, rng: random.Random) -> str | None:
    index = kind.check_index % len(number)
    alphabet = string.digits if number[index].isdigit() else string.ascii_uppercase
    for replacement in rng.sample(alphabet, len(alphabet)):
        changed = number[:index] + replacement + number[index + 1 :]
        if not any(other.is_valid(changed) for other in KINDS if other.check_index is not None):
            return changed
    return None


# -- Shared pieces of the schemes


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choices(string.digits, k=count))


def _birth_date(rng: random.Random) -> date:
    return date(1940, 1, 1) + timedelta(days=rng.randrange(66 * 365))


def _is_ddmmyy(text: str) -> bool:
    try:
        datetime.strptime(text, "%d%m%y")
    except ValueError:
        return False
    return True


def _nhs_check_digit(body: str) -> str | None:
    """Mod 11 with weights 10..2; None for a remainder that gives 10, which is never issued."""
    check = 11 - sum(weight * int(digit) for weight, digit in zip(range(10, 1, -1), body, strict=True)) % 11
    return None if check == 10 else str(check % 11)


def _cross_sum(number: int) -> int:
    return sum(int(digit) for digit in str(number))


def _icao_check_digit(characters: str) -> str:
    """ICAO 9303: digits count as themselves, A..Z as 10..35, weighted 7, 3, 1."""
    values = (int(c) if c.isdigit() else ord(c) - ord("A") + 10 for c in characters)
    return str(sum(value * weight for value, weight in zip(values, cycle((7, 3, 1)))) % 10)


# -- Health numbers


def nhs_number(rng: random.Random) -> str:
    while True:
        body = str(rng.randint(400_000_000, 799_999_999))
        if check := _nhs_check_digit(body):
            return body + check


def chi_number(rng: random.Random) -> str:
    while True:
        body = _birth_date(rng).strftime("%d%m%y") + _digits(rng, 3)
        if check := _nhs_check_digit(body):
            return body + check


def is_valid_chi(number: str) -> bool:
    return nhs.is_valid(number) and _is_ddmmyy(number[:6])


MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY"  # CMS leaves out S, L, O, I, B and Z
MBI_ALPHANUMERIC = string.digits + MBI_LETTERS
# What CMS allows at each of the eleven positions.
MBI_POSITIONS = ("123456789", MBI_LETTERS, MBI_ALPHANUMERIC, string.digits, MBI_LETTERS, MBI_ALPHANUMERIC)
MBI_POSITIONS += (string.digits, MBI_LETTERS, MBI_LETTERS, string.digits, string.digits)
MBI_PATTERN = re.compile("".join(f"[{allowed}]" for allowed in MBI_POSITIONS))


def medicare_beneficiary_identifier(rng: random.Random) -> str:
    return "".join(rng.choice(allowed) for allowed in MBI_POSITIONS)


def is_valid_mbi(number: str) -> bool:
    return bool(MBI_PATTERN.fullmatch(number))


def _australian_medicare_check(body: str) -> str:
    return str(sum(w * int(d) for w, d in zip((1, 3, 7, 9, 1, 3, 7, 9), body, strict=True)) % 10)


def australian_medicare_number(rng: random.Random) -> str:
    body = rng.choice("23456") + _digits(rng, 7)
    return body + _australian_medicare_check(body) + rng.choice("123456789")  # the last is the card's issue


def is_valid_australian_medicare(number: str) -> bool:
    return bool(re.fullmatch(r"[2-6]\d{9}", number)) and number[8] == _australian_medicare_check(number[:8])


def ontario_health_number(rng: random.Random) -> str:
    body = rng.choice("123456789") + _digits(rng, 8)
    return body + luhn.calc_check_digit(body)


def is_valid_ontario_health_number(number: str) -> bool:
    return bool(re.fullmatch(r"\d{10}", number)) and luhn.is_valid(number)


def bc_personal_health_number(rng: random.Random) -> str:
    while True:
        body = "9" + _digits(rng, 8)
        check = bc_phn.calc_check_digit(body[1:])
        if len(check) == 1:  # a remainder giving 10 is never issued
            return body + check


def _kvnr_check_digit(body: str) -> str:
    """The letter as its two-digit place in the alphabet, then weights 1, 2 with cross sums."""
    digits = f"{ord(body[0]) - ord('A') + 1:02d}" + body[1:]
    return str(sum(_cross_sum(int(d) * w) for d, w in zip(digits, cycle((1, 2)))) % 10)


def krankenversichertennummer(rng: random.Random) -> str:
    body = rng.choice(string.ascii_uppercase) + _digits(rng, 8)
    return body + _kvnr_check_digit(body)


def is_valid_kvnr(number: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]\d{9}", number)) and number[-1] == _kvnr_check_digit(number[:-1])


def cip_sns(rng: random.Random) -> str:
    # The ministry describes it as eight letters, two letters and six digits (BBBBBBBBQR648597).
    return "".join(rng.choices(string.ascii_uppercase, k=10)) + _digits(rng, 6)


def is_valid_cip_sns(number: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{4}[A-Z0-9]{12}", number))


def numero_de_utente(rng: random.Random) -> str:
    return rng.choice("123456789") + _digits(rng, 8)


def is_valid_numero_de_utente(number: str) -> bool:
    return bool(re.fullmatch(r"[1-9]\d{8}", number))


# -- National numbers


def tax_file_number(rng: random.Random) -> str:
    # The last weight is 10, that is -1 mod 11: the check digit equals the weighted sum of the others.
    while True:
        body = _digits(rng, 8)
        check = sum(w * int(d) for w, d in zip((1, 4, 3, 7, 5, 8, 6, 9), body, strict=True)) % 11
        if check < 10:
            return body + str(check)


def steuer_id(rng: random.Random) -> str:
    # In the first ten digits exactly one digit appears twice and the others at most once.
    chosen = rng.sample(string.digits, 9)
    body = [*chosen, chosen[0]]
    rng.shuffle(body)
    while body[0] == "0":
        rng.shuffle(body)
    return "".join(body) + mod_11_10.calc_check_digit("".join(body))


def _sozialversicherung_check_digit(body: str) -> str:
    """DRV: the letter as its two-digit place, weights 2,1,2,5,7,1,2,1,2,1,2,1, cross sums, mod 10."""
    digits = body[:8] + f"{ord(body[8]) - ord('A') + 1:02d}" + body[9:]
    weights = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)
    return str(sum(_cross_sum(int(d) * w) for d, w in zip(digits, weights, strict=True)) % 10)


def sozialversicherungsnummer(rng: random.Random) -> str:
    area = f"{rng.randint(2, 89):02d}"
    body = area + _birth_date(rng).strftime("%d%m%y") + rng.choice(string.ascii_uppercase) + _digits(rng, 2)
    return body + _sozialversicherung_check_digit(body)


def is_valid_sozialversicherungsnummer(number: str) -> bool:
    return (
        bool(re.fullmatch(r"\d{8}[A-Z]\d{3}", number))
        and _is_ddmmyy(number[2:8])
        and number[-1] == _sozialversicherung_check_digit(number[:-1])
    )


AUSWEIS_CHARACTERS = "0123456789CFGHJKLMNPRTVWXYZ"  # no vowels, nor letters that pass for digits


def personalausweis_number(rng: random.Random) -> str:
    body = rng.choice("LMNPRTVWXYZ") + "".join(rng.choices(AUSWEIS_CHARACTERS, k=8))
    return body + _icao_check_digit(body)


def is_valid_personalausweis(number: str) -> bool:
    well_formed = re.fullmatch(rf"[{AUSWEIS_CHARACTERS[10:]}][{AUSWEIS_CHARACTERS}]{{8}}\d", number)
    return bool(well_formed) and number[-1] == _icao_check_digit(number[:-1])


def cpr_number(rng: random.Random) -> str:
    born = _birth_date(rng)
    # The seventh digit tells the century together with the year.
    century_digit = rng.choice("0123") if born.year < 2000 else rng.choice("456789")
    return born.strftime("%d%m%y") + century_digit + _digits(rng, 3)


def south_african_id(rng: random.Random) -> str:
    body = _birth_date(rng).strftime("%y%m%d") + _digits(rng, 4) + rng.choice("01") + "8"
    return body + luhn.calc_check_digit(body)


NRIC_CHECK_LETTERS = {"S": "JZIHGFEDCBA", "T": "JZIHGFEDCBA", "F": "XWUTRQPNMLK", "G": "XWUTRQPNMLK"}
NRIC_CHECK_LETTERS["M"] = "XWUTRQPNJLK"
NRIC_OFFSETS = {"S": 0, "F": 0, "T": 4, "G": 4, "M": 3}


def _nric_check_letter(body: str) -> str:
    total = NRIC_OFFSETS[body[0]] + sum(w * int(d) for w, d in zip((2, 7, 6, 5, 4, 3, 2), body[1:], strict=True))
    return NRIC_CHECK_LETTERS[body[0]][total % 11]


def nric(rng: random.Random) -> str:
    body = rng.choice("STFGM") + _digits(rng, 7)
    return body + _nric_check_letter(body)


def is_valid_nric(number: str) -> bool:
    return bool(re.fullmatch(r"[STFGM]\d{7}[A-Z]", number)) and number[-1] == _nric_check_letter(number[:-1])


NINO_FIRST_LETTERS = "ABCEGHJKLMNOPRSTWXYZ"
NINO_SECOND_LETTERS = "ABCEGHJKLMNPRSTWXYZ"
NINO_UNALLOCATED_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def national_insurance_number(rng: random.Random) -> str:
    while True:
        prefix = rng.choice(NINO_FIRST_LETTERS) + rng.choice(NINO_SECOND_LETTERS)
        if prefix not in NINO_UNALLOCATED_PREFIXES:
            return prefix + _digits(rng, 6) + rng.choice("ABCD")


def is_valid_national_insurance_number(number: str) -> bool:
    well_formed = re.fullmatch(rf"[{NINO_FIRST_LETTERS}][{NINO_SECOND_LETTERS}]\d{{6}}[A-D]", number)
    return bool(well_formed) and number[:2] not in NINO_UNALLOCATED_PREFIXES


def _with_century(personnummer_number: str) -> str:
    """Faker writes YYMMDD-NNNN; keep the century so both the short and the long forms can be written."""
    century = personnummer.get_birth_date(personnummer_number).year // 100
    return f"{century}{re.sub(r'[-+]', '', personnummer_number)}"


# One kind a row, read as a table: name, label, source, validator, groupings, keyword sentence.
# fmt: off
KINDS = [
    IdentifierKind(
        # The NHS and CHI numbers are labelled national, as in the annotated sets (../shared/pii-dev/README.md).
        "UK NHS number", NATIONAL_ID, OwnCode(nhs_number), nhs.is_valid,
        ("### ### ####", "###-###-####", COMPACT), "My NHS number is {}.",
    ),
    IdentifierKind(
        "Scottish CHI number", NATIONAL_ID, OwnCode(chi_number), is_valid_chi,
        (COMPACT, "###### ####", "######-####"), "My CHI number is {}.",
    ),
    IdentifierKind(
        "US Medicare MBI", MEDICAL_ID, OwnCode(medicare_beneficiary_identifier), is_valid_mbi,
        ("####-###-####", COMPACT, "#### ### ####"), "My Medicare Beneficiary Identifier is {}.", check_index=None,
    ),
    IdentifierKind(
        "Australian Medicare number", MEDICAL_ID, OwnCode(australian_medicare_number), is_valid_australian_medicare,
        ("#### ##### #", COMPACT, "####-#####-#"), "My Medicare card number is {}.", check_index=8,
    ),
    IdentifierKind(
        "Ontario health card", MEDICAL_ID, OwnCode(ontario_health_number), is_valid_ontario_health_number,
        ("#### ### ###", "####-###-###", COMPACT), "My OHIP number is {}.",
    ),
    IdentifierKind(
        "BC Personal Health Number", MEDICAL_ID, OwnCode(bc_personal_health_number), bc_phn.is_valid,
        ("#### ### ###", COMPACT), "My PHN is {}.",
    ),
    IdentifierKind(
        "German KVNR", MEDICAL_ID, OwnCode(krankenversichertennummer), is_valid_kvnr,
        (COMPACT,), "My Krankenversichertennummer is {}.",
    ),
    IdentifierKind(
        "Spanish CIP-SNS", MEDICAL_ID, OwnCode(cip_sns), is_valid_cip_sns,
        (COMPACT,), "The code on my tarjeta sanitaria is {}.", check_index=None,
    ),
    IdentifierKind(
        "Portuguese número de utente", MEDICAL_ID, OwnCode(numero_de_utente), is_valid_numero_de_utente,
        (COMPACT, "### ### ###"), "My número de utente is {}.", check_index=None,
    ),
    IdentifierKind(
        "US SSN", NATIONAL_ID, FromFaker("en_US", "ssn"), ssn.is_valid,
        ("###-##-####", "### ## ####", "###.##.####", COMPACT), "My SSN is {}.", check_index=None,
    ),
    IdentifierKind(
        "US ITIN", NATIONAL_ID, FromFaker("en_US", "itin"), itin.is_valid,
        ("###-##-####", "### ## ####", COMPACT), "My ITIN is {}.", check_index=None,
    ),
    IdentifierKind(
        "Australian TFN", NATIONAL_ID, OwnCode(tax_file_number), tfn.is_valid,
        ("### ### ###", COMPACT, "###-###-###"), "My TFN is {}.",
    ),
    IdentifierKind(
        "Canadian SIN", NATIONAL_ID, FromFaker("en_CA", "ssn"), sin.is_valid,
        ("### ### ###", "###-###-###", COMPACT), "My SIN is {}.",
    ),
    IdentifierKind(
        "German Steuer-ID", NATIONAL_ID, OwnCode(steuer_id), idnr.is_valid,
        ("## ### ### ###", COMPACT), "My Steuer-ID is {}.",
    ),
    IdentifierKind(
        "German Sozialversicherungsnr.", NATIONAL_ID, OwnCode(sozialversicherungsnummer),
        is_valid_sozialversicherungsnummer,
        ("## ###### # ###", COMPACT), "My Sozialversicherungsnummer is {}.",
    ),
    IdentifierKind(
        "German ID card number", NATIONAL_ID, OwnCode(personalausweis_number), is_valid_personalausweis,
        (COMPACT,), "My Ausweisnummer is {}.",
    ),
    IdentifierKind(
        "French NIR", NATIONAL_ID, FromFaker("fr_FR", "ssn"), nir.is_valid,
        ("# ## ## ## ### ### ##", COMPACT), "My numéro de sécurité sociale is {}.",
    ),
    IdentifierKind(
        "Spanish DNI", NATIONAL_ID, FromFaker("es_ES", "nif"), dni.is_valid,
        (COMPACT, "########-#", "##.###.###-#", "######## #"), "My DNI is {}.",
    ),
    IdentifierKind(
        "Spanish NIE", NATIONAL_ID, FromFaker("es_ES", "nie"), nie.is_valid,
        (COMPACT, "#-#######-#", "# ####### #"), "My NIE is {}.",
    ),
    IdentifierKind(
        "Italian codice fiscale", NATIONAL_ID, FromFaker("it_IT", "ssn"), codicefiscale.is_valid,
        (COMPACT,), "My codice fiscale is {}.",
    ),
    IdentifierKind(
        "Finnish henkilötunnus", NATIONAL_ID, FromFaker("fi_FI", "ssn", str.upper), hetu.is_valid,
        (COMPACT,), "My henkilötunnus is {}.",
    ),
    IdentifierKind(
        "Swedish personnummer", NATIONAL_ID, FromFaker("sv_SE", "ssn", _with_century), personnummer.is_valid,
        ("######-####", "########-####", "##########"), "My personnummer is {}.",
    ),
    IdentifierKind(
        "Danish CPR", NATIONAL_ID, OwnCode(cpr_number), cpr.is_valid,
        ("######-####", COMPACT, "###### ####"), "My CPR-nummer is {}.", check_index=None,  # checksum retired in 2007
    ),
    IdentifierKind(
        "Norwegian fødselsnummer", NATIONAL_ID, FromFaker("no_NO", "ssn"), fodselsnummer.is_valid,
        (COMPACT, "###### #####"), "My fødselsnummer is {}.",
    ),
    IdentifierKind(
        "Polish PESEL", NATIONAL_ID, FromFaker("pl_PL", "pesel"), pesel.is_valid,
        (COMPACT,), "My PESEL is {}.",
    ),
    IdentifierKind(
        "Dutch BSN", NATIONAL_ID, FromFaker("nl_NL", "ssn"), bsn.is_valid,
        (COMPACT, "####.##.###", "### ### ###"), "My BSN is {}.",
    ),
    IdentifierKind(
        "Belgian national number", NATIONAL_ID, FromFaker("nl_BE", "ssn"), nn.is_valid,
        (COMPACT, "##.##.##-###.##", "###### ### ##"), "My rijksregisternummer is {}.",
    ),
    IdentifierKind(
        # A person's NIF opens with 1, 2 or 3; Faker's VAT numbers include companies', which are not personal.
        "Portuguese NIF", NATIONAL_ID, FromFaker("pt_PT", "vat_id", lambda value: value.removeprefix("PT")),
        lambda number: number[0] in "123" and nif.is_valid(number),
        (COMPACT, "### ### ###"), "My NIF is {}.",
    ),
    IdentifierKind(
        "Swiss AHV number", NATIONAL_ID, FromFaker("de_CH", "ssn"), ahv.is_valid,
        ("###.####.####.##", COMPACT, "### #### #### ##"), "My AHV-Nummer is {}.",
    ),
    IdentifierKind(
        "South African ID", NATIONAL_ID, OwnCode(south_african_id), za_idnr.is_valid,
        (COMPACT, "###### #### ## #"), "My South African ID number is {}.",
    ),
    IdentifierKind(
        "Indian Aadhaar", NATIONAL_ID, FromFaker("en_IN", "aadhaar_id"), aadhaar.is_valid,
        ("#### #### ####", COMPACT, "####-####-####"), "My Aadhaar number is {}.",
    ),
    IdentifierKind(
        "Indian PAN", NATIONAL_ID, FromFaker("en_IN", "pan"), pan.is_valid,
        (COMPACT,), "My PAN is {}.", check_index=None,
    ),
    IdentifierKind(
        "Singapore NRIC/FIN", NATIONAL_ID, OwnCode(nric), is_valid_nric,
        (COMPACT,), "My NRIC is {}.",
    ),
    IdentifierKind(
        "Korean RRN", NATIONAL_ID, FromFaker("ko_KR", "ssn"), rrn.is_valid,
        ("######-#######", COMPACT), "My resident registration number is {}.",
    ),
    IdentifierKind(
        "Turkish TC kimlik no", NATIONAL_ID, FromFaker("tr_TR", "ssn"), tckimlik.is_valid,
        (COMPACT,), "My TC kimlik no is {}.",
    ),
    IdentifierKind(
        "UK National Insurance no.", NATIONAL_ID, OwnCode(national_insurance_number),
        is_valid_national_insurance_number,
        ("## ## ## ## #", COMPACT, "## ###### #"), "My National Insurance number is {}.", check_index=None,
    ),
]
# fmt: on


# Sample numbers the schemes' owners publish. Where the validator is ours it shares its check-digit code
# with our generator, so a mistake in that code would pass unseen without these.
PUBLISHED_SAMPLES = [
    (is_valid_kvnr, "A123456780"),
    (is_valid_sozialversicherungsnummer, "65170839J003"),
    (is_valid_personalausweis, "T220001293"),
    (is_valid_mbi, "1EG4TE5MK73"),
    (is_valid_australian_medicare, "2123456701"),
    (is_valid_nric, "S1234567D"),
    (is_valid_nric, "M1234567K"),
    (is_valid_cip_sns, "BBBBBBBBQR648597"),
    (is_valid_national_insurance_number, "AB123456C"),
]


def check_own_validators() -> None:
    for is_valid, sample in PUBLISHED_SAMPLES:
        if not is_valid(sample):
            raise AssertionError(f"{is_valid.__name__} refuses the published sample {sample}")
