import pytest

from moderation.redaction.findings import SOURCE_RULE
from moderation.redaction.identifiers import SCORE_CHECKSUM, SCORE_CONTEXT, find_identifiers


def found(text: str) -> list[tuple[str, str]]:
    return [(text[finding.start : finding.end], finding.label) for finding in find_identifiers(text)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("I paid with my card 4111 1111 1111 1111, and it was used abroad.", "4111 1111 1111 1111"),
        ("Card: 4111-1111-1111-1111.", "4111-1111-1111-1111"),
        ("the number 5555555555554444 was on the receipt", "5555555555554444"),
        ("An Amex, 3782 822463 10005, was charged twice.", "3782 822463 10005"),
        ("Discover 6011111111111117 too", "6011111111111117"),
        # A 12-digit Maestro number only counts after a payment word.
        ("my debit card 675984103431 was blocked", "675984103431"),
    ],
)
def test_card_numbers_passing_luhn_are_found(text, value):
    assert found(text) == [(value, "CREDIT_CARD")]


@pytest.mark.parametrize(
    "text",
    [
        "I paid with my card 4111 1111 1111 1112 at the pharmacy.",
        "the number 5555555555554445 was on the receipt",
        "An Amex, 3782 822463 10006, was charged twice.",
        # Luhn-valid, but 12 digits with no payment word is not a card.
        "Reference 675984103431 on the letter.",
    ],
)
def test_card_numbers_failing_luhn_are_not_redacted(text):
    assert found(text) == []


def test_a_card_number_wins_over_a_french_nir_after_a_payment_word():
    # 346412338913585 passes both Luhn and the NIR key.
    assert found("my credit card number is 346412338913585?") == [("346412338913585", "CREDIT_CARD")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Money left my account GB82 WEST 1234 5698 7654 32 three weeks later.", "GB82 WEST 1234 5698 7654 32"),
        ("IBAN: DE89370400440532013000.", "DE89370400440532013000"),
        ("iban fr14 2004 1010 0505 0001 3m02 606 at la poste", "fr14 2004 1010 0505 0001 3m02 606"),
        ("account ES9121000418450200051332", "ES9121000418450200051332"),
        ("Conta BR18 0036 0305 0000 1000 9795 493C 1 no banco", "BR18 0036 0305 0000 1000 9795 493C 1"),
        ("NL91ABNA0417164300", "NL91ABNA0417164300"),
    ],
)
def test_ibans_are_found_without_their_keyword(text, value):
    assert found(text) == [(value, "IBAN")]


def test_ibans_failing_mod_97_are_not_redacted():
    assert found("IBAN DE89 3704 0044 0532 0130 01 was rejected.") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("My NHS number is 943 476 5919.", "943 476 5919"),
        ("nhs no: 9434765919", "9434765919"),
        ("Her national insurance number, AB 12 34 56 C, was leaked.", "AB 12 34 56 C"),
        ("NINO jg103793a", "jg103793a"),
        ("numéro de sécurité sociale 2 84 03 76 451 089 46", "2 84 03 76 451 089 46"),
        ("mon numero de secu: 196059935000296", "196059935000296"),
        ("Mi DNI es 12345678Z.", "12345678Z"),
        ("my NIE (X-1234567-L) again", "X-1234567-L"),
        ("meu CPF: 111.444.777-35", "111.444.777-35"),
        ("o cpf 52998224725 foi usado", "52998224725"),
        ("Meine Steuer-ID ist 86 095 742 719.", "86 095 742 719"),
        ("Personalausweis Nummer T22000129, bitte", "T22000129"),
        ("They used my Social Security number, 078-05-1120.", "078-05-1120"),
        ("my ssn is 123456789", "123456789"),
        ("passport number 533380006", "533380006"),
    ],
)
def test_national_ids_are_found(text, value):
    assert found(text) == [(value, "NATIONAL_ID")]


@pytest.mark.parametrize(
    "text",
    [
        # Outside the SSA's issued ranges: area 666, 000, 9xx; group 00; serial 0000.
        "Forms listed 666-12-3456, 000-12-3456 and 900-12-3456.",
        "Forms listed 123-00-4567 and 123-45-0000.",
        # Prefix BG is never allocated and no suffix letter is past D.
        "Forms listed BG 12 34 56 A and AB 12 34 56 E.",
        # 943 476 5918 fails the NHS mod-11 check.
        "The form said 943 476 5918.",
        # Nine digits alone could be anything: a phone number, a count.
        "Call 123456789 tomorrow.",
    ],
)
def test_invalid_or_contextless_national_id_shapes_are_not_redacted(text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("my hospital number PT-2021-444590 was in the files", "PT-2021-444590"),
        ("They printed MRN0111361 on every label.", "MRN0111361"),
        ("HC-71373460 appears on the wristband", "HC-71373460"),
        ("my case number at the hospital was 2022/452480 and my date of birth", "2022/452480"),
        ("MRN: 00123456", "00123456"),
        ("Dr. Smith read my MRN no. 12345678 aloud.", "12345678"),
        ("the patient ID, as I recall it, was K4218621.", "K4218621"),
        ("mon numéro de dossier est 283-121-480", "283-121-480"),
        ("Meine Fallnummer: 20231234567", "20231234567"),
        ("número de historia clínica 0034521", "0034521"),
        ("o número do prontuário 2023/004512 vazou", "2023/004512"),
        ("cartão SUS 898 0010 0000 0009", "898 0010 0000 0009"),
        ("member ID XJK123456789", "XJK123456789"),
    ],
)
def test_medical_ids_are_found_without_their_keyword(text, value):
    assert found(text) == [(value, "MEDICAL_ID")]


@pytest.mark.parametrize(
    "text",
    [
        "Ward 7 closed, the patient in bed 12 and room 204 moved.",
        "They demanded 4,000,000 dollars, then €2.5 million, then 0.05 bitcoin and finally $50,000.",
        "The ransom was 1500000 euros.",
        "They exploited CVE-2019-19781 and cve-2023-4966.",
        "The encryption started at 03:45 and ended at 14h30 in 2019.",
        "We worked on paper for 3 weeks, 72 hours without sleep.",
        "The waiting list grew by 2300 patients, 12000 patients in total.",
        "Born 12/03/1985, attacked on 2024-07-09 and on 15.11.2020.",
        "Call me on +44 20 7946 0958, 0161 496 0000 or (212) 555-0134.",
        "Encryption reached 45% of hosts; we upgraded to version 10.4.2.",
        "Blocked 192.168.1.100 and applied KB5012170.",
        "A record number of 45000 calls came in.",
        "My hospital number is on the letter; they have 123456 files.",
    ],
)
def test_narrative_numbers_are_not_redacted(text):
    assert found(text) == []


def test_a_phone_word_vetoes_a_checksum_valid_nhs_shape():
    assert found("my phone: 943 476 5919") == []


def test_context_words_do_not_reach_into_the_next_sentence():
    assert found("I never learned my MRN. 12345678 people were affected.") == []


def test_each_value_is_labelled_by_the_nearest_context_word():
    text = "My SSN and my hospital number 55512345 were leaked."
    assert found(text) == [("55512345", "MEDICAL_ID")]


def test_scores_tell_checksums_from_context():
    text = "card 4111 1111 1111 1111 and MRN 00123456"
    card, mrn = find_identifiers(text)
    assert (card.score, mrn.score) == (SCORE_CHECKSUM, SCORE_CONTEXT)
    assert card.source == mrn.source == SOURCE_RULE


def test_findings_are_sorted_and_do_not_overlap():
    text = "IBAN GB82 WEST 1234 5698 7654 32, NHS 943 476 5919, card 4111111111111111, MRN0111361."
    findings = find_identifiers(text)
    assert [f.label for f in findings] == ["IBAN", "NATIONAL_ID", "CREDIT_CARD", "MEDICAL_ID"]
    assert all(a.end <= b.start for a, b in zip(findings, findings[1:], strict=False))
