"""National and health numbers by scheme: typed bare, after their keyword, mistyped, or mistaken for phones."""

from pathlib import Path

import pytest

from moderation.redaction import detect
from moderation.redaction.identifiers import find_identifiers
from moderation.redaction.identifiers.schemes import SCHEMES

README = Path(__file__).resolve().parents[2] / "README.md"

# One valid number per scheme, in a grouping its holders type, and the label it must get.
VALID = [
    ("NHS number", "943 476 5919", "NATIONAL_ID"),
    ("NHS number with dashes", "401-023-2137", "NATIONAL_ID"),
    ("NHS number in one run", "0032698674", "NATIONAL_ID"),
    ("CHI number", "120399 1232", "NATIONAL_ID"),
    ("Medicare Beneficiary Identifier", "1EG4-TE5-MK73", "MEDICAL_ID"),
    ("Medicare (Australia)", "2123 45670 1", "MEDICAL_ID"),
    ("Ontario health card", "1234-567-897", "MEDICAL_ID"),
    ("British Columbia PHN", "9698 658 215", "MEDICAL_ID"),
    ("Krankenversichertennummer", "A123456780", "MEDICAL_ID"),
    ("SSN", "536-90-4399", "NATIONAL_ID"),
    ("SSN with dots", "078.05.1123", "NATIONAL_ID"),
    ("SSN with spaces", "078 05 1123", "NATIONAL_ID"),
    ("SSN in one run", "536904399", "NATIONAL_ID"),
    ("ITIN", "912-71-1234", "NATIONAL_ID"),
    ("ITIN in one run", "912711234", "NATIONAL_ID"),
    ("National Insurance number", "AB 12 34 56 C", "NATIONAL_ID"),
    ("National Insurance number in one run", "AB123456C", "NATIONAL_ID"),
    ("Tax file number", "123 456 782", "NATIONAL_ID"),
    ("Social insurance number", "130 692 544", "NATIONAL_ID"),
    ("Steuer-ID", "36 574 261 809", "NATIONAL_ID"),
    ("Sozialversicherungsnummer", "65 170839 J 003", "NATIONAL_ID"),
    ("Personalausweis", "T220001293", "NATIONAL_ID"),
    ("Personalausweis with one digit before the check", "LLHFNJ3TV9", "NATIONAL_ID"),
    ("DNI", "45678123-P", "NATIONAL_ID"),
    ("DNI with its letter apart", "45678123 P", "NATIONAL_ID"),
    ("NIE", "X1234567L", "NATIONAL_ID"),
    ("Codice fiscale", "RSSMRA85T10A562S", "NATIONAL_ID"),
    ("Henkilötunnus", "131052-308T", "NATIONAL_ID"),
    ("Personnummer", "811228-9874", "NATIONAL_ID"),
    ("CPR number", "211062-5629", "NATIONAL_ID"),
    ("CPR number in one run", "2110625629", "NATIONAL_ID"),
    ("Fødselsnummer", "15108695088", "NATIONAL_ID"),
    ("PESEL", "44051401359", "NATIONAL_ID"),
    ("BSN", "1112.22.333", "NATIONAL_ID"),
    ("Belgian national number", "85.07.30-033.28", "NATIONAL_ID"),
    ("Portuguese NIF", "123 456 789", "NATIONAL_ID"),
    ("AHV number", "756.9217.0769.85", "NATIONAL_ID"),
    ("CPF", "390.533.447-05", "NATIONAL_ID"),
    ("South African ID", "7503305044089", "NATIONAL_ID"),
    ("Aadhaar", "2341 2341 2346", "NATIONAL_ID"),
    ("PAN", "ABCPD1234E", "NATIONAL_ID"),
    ("NRIC", "S1234567D", "NATIONAL_ID"),
    ("Korean RRN", "971013-9019902", "NATIONAL_ID"),
    ("TC kimlik no", "17291716060", "NATIONAL_ID"),
]


def found(text: str, language: str = "en") -> list[tuple[str, str]]:
    return [(text[f.start : f.end], f.label) for f in detect([text], language=language, model=None)[0]]


@pytest.mark.parametrize(("kind", "value", "label"), VALID, ids=[kind for kind, _, _ in VALID])
def test_a_valid_number_typed_bare_is_found_whole_with_its_label(kind, value, label):
    text = f"They wrote {value} on my wristband and sent me home."

    assert found(text) == [(value, label)]


@pytest.mark.parametrize(
    ("text", "value", "label"),
    [
        ("My NHS number is 9434765919.", "9434765919", "NATIONAL_ID"),
        ("My Medicare card number: 2123456701.", "2123456701", "MEDICAL_ID"),
        ("My MBI 1EG4TE5MK73 was on the letter.", "1EG4TE5MK73", "MEDICAL_ID"),
        ("OHIP number 1234567897, they said.", "1234567897", "MEDICAL_ID"),
        ("Meine Krankenversichertennummer ist A 123456780.", "A 123456780", "MEDICAL_ID"),
        ("my SSN 536904399 leaked", "536904399", "NATIONAL_ID"),
        ("nino: PR 123612C", "PR 123612C", "NATIONAL_ID"),
        ("Meine Steuer-ID ist 36574261809.", "36574261809", "NATIONAL_ID"),
        ("Sozialversicherungsnummer 65170839J003", "65170839J003", "NATIONAL_ID"),
        ("my tax file number is 123456782", "123456782", "NATIONAL_ID"),
        ("social insurance number 130-692-544", "130-692-544", "NATIONAL_ID"),
        ("Il mio codice fiscale: RSSMRA85T10A562S", "RSSMRA85T10A562S", "NATIONAL_ID"),
        ("henkilötunnus 131052A308T", "131052A308T", "NATIONAL_ID"),
        ("Mitt personnummer är 198112289874.", "198112289874", "NATIONAL_ID"),
        ("CPR-nummer 2110625629", "2110625629", "NATIONAL_ID"),
        ("fødselsnummer 151086 95088", "151086 95088", "NATIONAL_ID"),
        ("numer PESEL 44051401359", "44051401359", "NATIONAL_ID"),
        ("burgerservicenummer 111222333", "111222333", "NATIONAL_ID"),
        ("rijksregisternummer 85073003328", "85073003328", "NATIONAL_ID"),
        ("número de contribuinte 123456789", "123456789", "NATIONAL_ID"),
        ("AHV-Nummer 7569217076985", "7569217076985", "NATIONAL_ID"),
        ("Aadhaar number 234123412346", "234123412346", "NATIONAL_ID"),
        ("PAN card ABCPD1234E", "ABCPD1234E", "NATIONAL_ID"),
        ("NRIC S 1234567 D", "S 1234567 D", "NATIONAL_ID"),
        ("resident registration number 9710139019902", "9710139019902", "NATIONAL_ID"),
        ("TC kimlik no: 172 917 160 60", "172 917 160 60", "NATIONAL_ID"),
        ("mi dni es 45678123 p y nada más", "45678123 p", "NATIONAL_ID"),
    ],
)
def test_after_its_keyword_a_number_is_found_in_any_grouping(text, value, label):
    assert found(text) == [(value, label)]


@pytest.mark.parametrize(
    "value",
    ["756.9217.0769.86", "131052-308U", "RSSMRA85T10A562T", "S1234567A", "44051401358", "7503305044088", "X1234567M"],
)
def test_a_number_failing_its_check_without_a_keyword_is_no_identifier(value):
    # Whether it is a phone is the phone recognizer's call; bench/redaction.py counts every false positive.
    labels = {label for _, label in found(f"The code {value} was printed on the box.")}

    assert labels.isdisjoint({"NATIONAL_ID", "MEDICAL_ID"})


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("My NHS number is 943 476 5918.", "943 476 5918"),
        ("AHV-Nummer 756.9217.0769.86", "756.9217.0769.86"),
        ("henkilötunnus 131052-308U", "131052-308U"),
        ("codice fiscale RSSMRA85T10A562T", "RSSMRA85T10A562T"),
        ("Meine Steuer-ID ist 36 574 261 808.", "36 574 261 808"),
    ],
)
def test_a_mistyped_number_after_its_keyword_is_still_redacted(text, value):
    assert found(text) == [(value, "NATIONAL_ID")]


@pytest.mark.parametrize(
    ("value", "label"),
    [
        # A date of birth (Danish CPR) over a Luhn digit (Ontario), which chance passes three times as often.
        ("2110620008", "NATIONAL_ID"),
        # Luhn (Ontario) and mod 11 (NHS) both pass: within the NHS's ranges the NHS number, outside them not.
        ("7126819684", "NATIONAL_ID"),
        ("5900000109", "MEDICAL_ID"),
    ],
)
def test_where_two_schemes_accept_a_number_the_one_chance_passes_least_often_names_it(value, label):
    assert found(f"They wrote {value} on my wristband.") == [(value, label)]


def test_a_checksum_valid_number_in_a_phones_shape_is_the_identifier():
    assert found("They wrote 401-023-2137 on the band.") == [("401-023-2137", "NATIONAL_ID")]
    assert found("it was 078 05 1123 on the form") == [("078 05 1123", "NATIONAL_ID")]


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Please call me on 943 476 5919 after six.", "en", "943 476 5919"),
        ("Llámeme al 612 345 678 por la tarde.", "es", "612 345 678"),
        ("Mi teléfono: 959349790, por la tarde.", "es", "959349790"),
        ("and my number to 609 140 759 if needed", "en", "609 140 759"),
        ("They contacted me on 130.769.8565 twice.", "en", "130.769.8565"),
        # An email or a phone word earlier in the sentence, however far, says contact.
        ("You can reach me at ana.ruiz@example.es or 619407772; please do.", "en", "619407772"),
        ("I am happy to be contacted by the moderators on 636857695.", "en", "636857695"),
    ],
)
def test_a_phone_that_passes_a_single_check_digit_stays_a_phone(text, language, value):
    assert (value, "PHONE") in found(text, language)
    assert [label for _, label in found(text, language) if label in {"NATIONAL_ID", "MEDICAL_ID"}] == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("An Amex, 3782 822463 10006, was charged twice.", "en"),
        ("Llamé a la línea de atención el 02/10/2022 y nadie contestó.", "es"),
        ("In 2021 we treated 12 345 678 patients and 4 000 staff.", "en"),
        ("Version 10.20.30.40 of the software was installed.", "en"),
        ("The ransom was $4 412 345 678 in bitcoin.", "en"),
    ],
)
def test_numbers_inside_other_numbers_dates_and_sums_are_no_identifier(text, language):
    assert [label for _, label in found(text, language) if label in {"NATIONAL_ID", "MEDICAL_ID"}] == []


def test_lowercase_letters_around_a_number_are_no_part_of_it_without_a_keyword():
    text = "the form said 45678123 p and nothing else"

    assert find_identifiers(text) == []


@pytest.mark.skipif(not README.exists(), reason="the README is not beside the tests")
def test_the_readme_names_every_scheme_the_engine_recognises():
    readme = README.read_text(encoding="utf-8")

    assert [scheme.name for scheme in SCHEMES if scheme.name not in readme] == []
