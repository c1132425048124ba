import time

import pytest

from moderation.redaction.addresses import find_addresses
from moderation.redaction.dates import find_dates, find_dates_of_birth


def found(text: str, label: str) -> list[str]:
    findings = find_addresses(text) + find_dates_of_birth(text)
    return [text[finding.start : finding.end] for finding in findings if finding.label == label]


@pytest.mark.parametrize(
    ("text", "street"),
    [
        # United Kingdom
        ("Please write to 12 High Street, Norwich NR2 4SQ.", "12 High Street"),
        ("My flat is Flat 3, 45 Park Road, Leeds LS6 2QT.", "Flat 3, 45 Park Road"),
        ("Post went to Studio 7b, Orchard Mews, Bath BA1 5LZ.", "Studio 7b, Orchard Mews"),
        ("they wrote to 8 willow close, york yo10 3ab.", "8 willow close"),
        # United States
        ("Send it to 1313 Oak Lane Apt. 684, Springfield, IL 62704.", "1313 Oak Lane Apt. 684"),
        ("I live at 40522 Hawthorn Ranch Suite 212, Dayton, OH 45402.", "40522 Hawthorn Ranch Suite 212"),
        ("Our house is 77 Maple Ave, Austin, TX 78701.", "77 Maple Ave"),
        # France
        ("J'habite 12 rue de la République, 69002 Lyon.", "12 rue de la République"),
        ("Write to 7, avenue Victor Hugo, 75016 Paris.", "7, avenue Victor Hugo"),
        ("They found me at 3 bis boulevard du Général Leclerc.", "3 bis boulevard du Général Leclerc"),
        # Germany
        ("Meine Adresse: Hauptstraße 12, 10115 Berlin.", "Hauptstraße 12"),
        ("Letters go to Am Markt 5a, 04109 Leipzig.", "Am Markt 5a"),
        ("They came to Karl-Marx-Allee 90/2, 10243 Berlin.", "Karl-Marx-Allee 90/2"),
        ("She lives in Berliner Straße 7, 14467 Potsdam.", "Berliner Straße 7"),
        # Spain
        ("Vivo en Calle Mayor 5, 3º B, 28013 Madrid.", "Calle Mayor 5, 3º B"),
        (
            "The bill went to Avenida de la Constitución 72 Piso 4 , 41001 Sevilla.",
            "Avenida de la Constitución 72 Piso 4",
        ),
        ("Write to Glorieta Bilbao 3, 28004 Madrid.", "Glorieta Bilbao 3"),
        # Brazil
        ("Moro na Rua das Flores, 123, Centro, Recife - PE, CEP 50010-230.", "Rua das Flores, 123"),
        ("The office is at Avenida Paulista, 1000 - CEP 01310-100.", "Avenida Paulista, 1000"),
        ("Mail went to Travessa do Carmo, 45, Belém - PA, CEP 66020-200.", "Travessa do Carmo, 45"),
    ],
)
def test_street_lines_are_found_per_locale(text, street):
    assert found(text, "ADDRESS") == [street]


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("My postcode is SW1A 1AA.", "SW1A 1AA"),
        ("They sent it to 3 Mill Lane, Oxford ox4 1gb.", "ox4 1gb"),
        ("Letters reach me at EC1V 9HX in London.", "EC1V 9HX"),
        ("I moved to 22 Birch Road, Dover, DE 19901-4411.", "19901-4411"),
        ("zip code 30301, if that helps.", "30301"),
        ("code postal : 13008", "13008"),
        ("Meine PLZ ist 80331.", "80331"),
        ("Mi código postal es 08001.", "08001"),
        ("CEP 01310100", "01310100"),
        ("Contact: Irene Vidal, 46002 Valencia.", "46002"),
        ("It arrived at Rua Augusta, 500 - 01305-000 São Paulo.", "01305-000"),
    ],
)
def test_postcodes_are_found_per_country(text, postcode):
    assert found(text, "POSTCODE") == [postcode]


def test_postcode_and_town_stay_outside_the_street_line():
    text = "Write to 71 Elm Street, Lake Carla, MN 55401 or call me."

    assert found(text, "ADDRESS") == ["71 Elm Street"]
    assert found(text, "POSTCODE") == ["55401"]
    assert "Lake Carla" not in found(text, "ADDRESS") + found(text, "POSTCODE")


def test_a_postcode_closing_someones_details_is_found():
    text = "The desk kept asking for my details: Tomás Ferreira, 14/02/1961, 90210."

    assert found(text, "POSTCODE") == ["90210"]
    assert found(text, "DATE_OF_BIRTH") == ["14/02/1961"]


@pytest.mark.parametrize(
    "text",
    [
        "The waiting list grew by 2300 patients in a single month.",
        "They demanded 50000 dollars in bitcoin, then 75000, then 120000.",
        "The ransom was $4,500,000, later cut to €75000 and up to 10000 Euros.",
        "Ward 12 closed and 40 operations were cancelled in 2021.",
        "I remember the patient in bed 14, Oliver Brooks, whose scan was lost.",
        "At 03:45 the screens went black and stayed black for 36 hours.",
        "It took 3 weeks and 2 days to restore 45 servers and 12000 records.",
        "In 2019 Mercy Health Center was hit by Ryuk.",
        "Since 2021 Royal Park Hospital keeps paper records.",
        "During 2020 we moved 300 patients to another site.",
        "Monitoring 365 days a year costs money.",
        "The attackers used CVE-2019-19781 and stole 250 GB.",
        "i was in ward 5 on the 3rd floor for 10 days, then ward 7 closed.",
        "my sister waited at a3 4th floor for hours.",
        "We diverted 40 ambulances to St Thomas' Hospital.",
    ],
)
def test_numbers_that_are_not_addresses_are_left_alone(text):
    assert find_addresses(text) == []


@pytest.mark.parametrize(
    ("text", "streets"),
    [
        # Street type glued to the name, number after it: Danish, Norwegian, Finnish, Dutch, Swedish.
        ("Skriv til Nørrebrogade 14, København.", ["Nørrebrogade 14"]),
        ("Send it to Storgata 12B, Oslo.", ["Storgata 12B"]),
        ("Bitte an Mannerheimintie 5 schicken.", ["Mannerheimintie 5"]),
        ("Het pakket ging naar Keizersgracht 221 in Amsterdam.", ["Keizersgracht 221"]),
        ("Send it to Kungsgatan 7 Apt. 4, UPPSALA, Sweden.", ["Kungsgatan 7 Apt. 4", "UPPSALA, Sweden"]),
        # Street type before the name: Polish, Italian; after it, as a word: Hungarian, Czech.
        ("Adres: ul. Kwiatowa 7, Warszawa", ["ul. Kwiatowa 7"]),
        ("Scrivi a Via dei Mille 14, Napoli.", ["Via dei Mille 14"]),
        ("Lakásom: Petőfi Sándor utca 12.", ["Petőfi Sándor utca 12."]),
        ("Posílejte na Václavské náměstí 12.", ["Václavské náměstí 12"]),
        # A building number before the street, and a street named without a type after one.
        ("Deliver to 2417 12 Ocean Drive, Miami.", ["2417 12 Ocean Drive"]),
        ("Her address: 3120 Nyhavn 17", ["3120 Nyhavn 17"]),
        ("Meet me at the corner of Baker Street and Marylebone Road.", ["Baker Street and Marylebone Road"]),
    ],
)
def test_street_lines_of_more_countries_are_found(text, streets):
    assert found(text, "ADDRESS") == streets


@pytest.mark.parametrize(
    ("text", "lines", "postcode"),
    [
        ("Mail goes to PSC 1234, Box 5678\nAPO AE 09012.", ["PSC 1234, Box 5678", "APO AE"], "09012"),
        ("Unit 2050 Box 4190\nAPO AP 96278", ["Unit 2050 Box 4190", "APO AP"], "96278"),
        ("Write to USNS Comfort\nFPO AA 34055 please.", ["USNS Comfort", "FPO AA"], "34055"),
        (
            "Write to:\n4 Harbour View Road\nSuite 210\nWELLINGTON\nNew Zealand 6011\n\nKind regards, Tom",
            ["4 Harbour View Road", "Suite 210", "WELLINGTON", "New Zealand"],
            "6011",
        ),
        ("88 Juniper Court\nOak Ridge\n, TN\n 37830", ["88 Juniper Court", "Oak Ridge", "TN"], "37830"),
        (
            "> 7 Rosenvej 3\n> Apt. 2\n> Aarhus\n>\n> Denmark 8000",
            ["7 Rosenvej 3", "Apt. 2", "Aarhus", "Denmark"],
            "8000",
        ),
    ],
)
def test_the_lines_of_an_address_block_are_found(text, lines, postcode):
    assert found(text, "ADDRESS") == lines
    assert found(text, "POSTCODE") == [postcode]


def test_an_address_block_stops_at_prose_and_phone_lines():
    text = "Office:\n12 Mill Lane\nSuite 4\nLeeds\nMobile: 0113 496 0000\nWe are open daily."

    assert found(text, "ADDRESS") == ["12 Mill Lane", "Suite 4"]
    assert found(text, "POSTCODE") == []


def test_a_town_on_the_street_line_is_kept_unless_a_country_or_capitals_mark_a_block():
    assert found("A letter came to 9 Elm Road, Springfield, IL 62704 today.", "ADDRESS") == ["9 Elm Road"]
    assert found("A letter came to 9 Elm Road, SPRINGFIELD, USA today.", "ADDRESS") == [
        "9 Elm Road",
        "SPRINGFIELD, USA",
    ]


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("ZIP: 3520", "3520"),
        ("my zip code is 880", "880"),
        ("Postcode: 1012 AB", "1012 AB"),
        ("zip code 394 13", "394 13"),
        ("postal code K1A 0B1", "K1A 0B1"),
        ("ZIP 00-950", "00-950"),
        ("Send it to Storgata 12B, 0155 Oslo.", "0155"),
        ("Adres: ul. Kwiatowa 7, 00-950 Warszawa", "00-950"),
    ],
)
def test_postcodes_of_any_shape_are_found_after_a_keyword_or_a_street(text, postcode):
    assert found(text, "POSTCODE") == [postcode]


@pytest.mark.parametrize(
    "text",
    [
        "Windows 10 crashed on 2300 machines.",
        "In 2019 Windows 10 was patched and LockBit 3.0 encrypted 40 servers.",
        "We waited at Gate 12 for 3 hours.",
        "Room 204 and bed 12 were empty; ward 7 reopened.",
        "i was in ward 7\nroom 204\nbed 12",
        "Suite 318 was booked for the conference.",
        "Top 5 Hits Of The 70s",
        "On 12 March 2021 the attack began.",
        "The corner of the room and the window was wet.",
        "Version 2 Build 17, release 4.",
        "The USS Enterprise docked at 9 am.",
        "We paid 4500 Euros 20 minutes later.",
        "The zip file held 2300 records.",
    ],
)
def test_numbered_things_that_are_not_addresses_are_left_alone(text):
    assert find_addresses(text) == []


@pytest.mark.parametrize(
    ("text", "birth_date"),
    [
        # English
        ("I was born on March 15, 1950 in Ohio.", "March 15, 1950"),
        ("Patient: Rosa Klein, DOB: 03/04/1950, ward 7.", "03/04/1950"),
        ("Hi, I am Omar Haddad (date of birth 9th of June 1977) and I was a patient.", "9th of June 1977"),
        ("my d.o.b. is 3rd of july 1995.", "3rd of july 1995"),
        ("My brother Jonas, born 1961-11-30, was on the ward.", "1961-11-30"),
        ("Date of birth:\n12/03/1950", "12/03/1950"),
        # French
        ("Je suis née le 15 mars 1950 à Lyon.", "15 mars 1950"),
        ("Ma mère, née le 1er janvier 1932, attend toujours.", "1er janvier 1932"),
        ("Date de naissance : 15/03/1950", "15/03/1950"),
        # German
        ("Ich bin am 15. März 1950 geboren.", "15. März 1950"),
        ("Geburtsdatum: 12.11.1958", "12.11.1958"),
        ("Erika Brandt, geb. 02.07.1944, wartet noch.", "02.07.1944"),
        # Spanish
        ("Nací el 15 de marzo de 1950 en Sevilla.", "15 de marzo de 1950"),
        ("Mi fecha de nacimiento es 22/10/1968.", "22/10/1968"),
        # Portuguese
        ("Sou nascida em 15 de março de 1950.", "15 de março de 1950"),
        ("Data de nascimento: 30/01/1972.", "30/01/1972"),
    ],
)
def test_birth_dates_are_found_in_five_languages(text, birth_date):
    assert found(text, "DATE_OF_BIRTH") == [birth_date]


@pytest.mark.parametrize(
    ("text", "birth_date"),
    [
        ("Reach me: Paul Weber, paul.weber@example.org, +49 30 1234567, 8 August 1966.", "8 August 1966"),
        ("Write to: Jane Doe, 3 May 1950, jane.doe@example.org.", "3 May 1950"),
        ("nadia costa, (21) 98765-4321, 1990-04-17.", "1990-04-17"),
    ],
)
def test_a_date_among_someones_contact_details_is_a_birth_date(text, birth_date):
    assert found(text, "DATE_OF_BIRTH") == [birth_date]


@pytest.mark.parametrize(
    "text",
    [
        "My operation was cancelled on 9th of May 2019, the night before.",
        "We are still waiting, 4 months since 31st December 2023.",
        "It took until Thursday 14 March before the records were back.",
        "After 04/14/2020 I changed my email address.",
        "The hospital was claimed by LockBit on 2022-10-20.",
        "The encryption started on Friday, 20 December 2019, at 02:10.",
        "Outages: 12/03/2020, 13/03/2020, 14/03/2020.",
        "I was born in Leeds and on 3 May 2020 the attack happened.",
        "They were born on the same ward where, on 3 May 2021, the attack began.",
        "My birthday was ruined, and on 4 June 2021 they cancelled my surgery.",
        "Le 12 mars 2021, l'hôpital a été attaqué.",
        "Am 7. Juni 2022 wurde die Klinik angegriffen.",
        "El 3 de abril de 2023 atacaron el hospital.",
        "Em 5 de maio de 2024 o hospital parou.",
        "after 9th of may 2019 i changed my email. on thursday 14 march we went home.",
    ],
)
def test_attack_dates_are_not_dates_of_birth(text):
    assert find_dates_of_birth(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Version 2.4.1 was exploited from 10.12.1.5 at 14:30.",
        "We lost 2300 patients' records and 1950 scans.",
        "The ransom was 1.950.000 euros.",
    ],
)
def test_numbers_that_are_not_dates_are_not_dates(text):
    assert find_dates(text) == []


def test_every_date_format_is_recognised_as_a_date():
    text = "15th of March 1950, 3 july 1995, 03/22/1993, 12.11.1958, 1950-03-15, March 15, 1950, 15 de marzo de 1950"

    assert [text[start:end] for start, end in find_dates(text)] == [
        "15th of March 1950",
        "3 july 1995",
        "03/22/1993",
        "12.11.1958",
        "1950-03-15",
        "March 15, 1950",
        "15 de marzo de 1950",
    ]


def test_findings_carry_the_rule_source_and_exact_offsets():
    text = "DOB 01/02/1960, address 5 Quay Street, Truro TR1 2HE."
    findings = sorted(find_addresses(text) + find_dates_of_birth(text), key=lambda finding: finding.start)

    assert [(finding.label, text[finding.start : finding.end]) for finding in findings] == [
        ("DATE_OF_BIRTH", "01/02/1960"),
        ("ADDRESS", "5 Quay Street"),
        ("POSTCODE", "TR1 2HE"),
    ]
    assert {finding.source for finding in findings} == {"rule"}


def test_long_texts_are_scanned_in_linear_time():
    paragraph = (
        "On 3 May 2021 the hospital at 12 High Street, Leeds LS1 4AP was hit; 2300 patients, ward 7, "
        "Calle Mayor 5, 28013 Madrid, born 1 June 1950, Hauptstraße 12, 10115 Berlin. "
    )
    text = paragraph * 400
    started = time.perf_counter()

    addresses = find_addresses(text)
    births = find_dates_of_birth(text)

    assert len(births) == 400
    assert len(addresses) == 400 * 6
    assert time.perf_counter() - started < 5
