"""French and Spanish identifiers, phones and dates of birth, found by the rules alone (no pipeline needed).

Values are made up; the ones that carry a checksum have a valid one unless a case says otherwise.
"""

import pytest

from moderation.redaction import detect


def found(text: str, language: str) -> list[tuple[str, str]]:
    return [(text[f.start : f.end], f.label) for f in detect([text], language=language, model=None)[0]]


def redacted(text: str, language: str) -> list[str]:
    return [text[f.start : f.end] for f in detect([text], language=language, model=None)[0] if f.is_personal]


# French NIR (carte Vitale), key 90 for 1 84 03 75 123 456; Corsican départements 2A and 2B.
@pytest.mark.parametrize(
    "nir",
    [
        "1 84 03 75 123 456 90",
        "184037512345690",
        "1840375123456 90",
        "1.84.03.75.123.456.90",
        "1-84-03-75-123-456-90",
        "1 84 03 75 123 456 clé 90",
        "1 84 03 75 123 456 / 90",
        "2 94 10 2A 048 323 65",
        "1 80 12 2B 051 234 83",
    ],
)
def test_nir_in_any_grouping_is_a_national_id(nir):
    assert found(f"Quelqu'un a publié {nir} sur un forum.", "fr") == [(nir, "NATIONAL_ID")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Le numéro de ma carte Vitale, 1 84 03 75 123 456 91, a circulé.", "1 84 03 75 123 456 91"),
        ("mon numéro de sécu : 184037512345691", "184037512345691"),
        ("Ma carte Vitale 1 84 03 75 123 456 clé 91 a été volée.", "1 84 03 75 123 456 clé 91"),
        ("Mon n° de sécurité sociale, 2 94 10 2A 048 323 66, était dans le fichier.", "2 94 10 2A 048 323 66"),
    ],
)
def test_a_nir_with_a_wrong_key_is_still_redacted_after_its_keyword(text, value):
    assert found(text, "fr") == [(value, "NATIONAL_ID")]


@pytest.mark.parametrize("text", ["Le lot 1 84 03 75 123 456 91 est arrivé.", "Le lot 184037512345691 est arrivé."])
def test_a_nir_shape_with_a_wrong_key_and_no_keyword_is_no_identifier(text):
    assert not [label for _, label in found(text, "fr") if label.endswith("_ID")]


# Spanish Seguridad Social numbers: province, eight digits, mod-97 check digits.
@pytest.mark.parametrize(
    "nuss",
    [
        "28 12345678 40",
        "28/12345678/40",
        "28-12345678-40",
        "281234567840",
        "28 1234567840",
        # Below 10,000,000 the Seguridad Social drops the leading zero before the check; not every issuer does.
        "41 00456789 28",
        "41 00456789 39",
    ],
)
def test_a_seguridad_social_number_is_a_national_id_without_its_keyword(nuss):
    assert found(f"Se publicó {nuss} en un foro.", "es") == [(nuss, "NATIONAL_ID")]


def test_a_seguridad_social_number_with_a_wrong_check_is_still_redacted_after_its_keyword():
    text = "Con mi número de la Seguridad Social, 28 12345678 41, pidieron un préstamo."
    assert found(text, "es") == [("28 12345678 41", "NATIONAL_ID")]


def test_a_seguridad_social_shape_with_a_wrong_check_and_no_keyword_is_no_identifier():
    assert "NATIONAL_ID" not in {label for _, label in found("El pedido 281234567841 llegó tarde.", "es")}


@pytest.mark.parametrize(
    "card",
    [
        "BBBB 1234567890 12",  # CIP-SNS, sixteen characters, four letters first
        "KPRT482913M20571",
        "GAMA 0 560412 00 8",  # regional: four letters, sex, date of birth, sequence and check
        "MART1850703004",
    ],
)
def test_a_spanish_health_card_number_is_a_medical_id_without_its_keyword(card):
    assert found(f"Publicaron {card} en un foro.", "es") == [(card, "MEDICAL_ID")]


def test_a_health_card_number_typed_in_lowercase_is_a_medical_id():
    assert found("publicaron mart1850703004 en un foro.", "es") == [("mart1850703004", "MEDICAL_ID")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Con mi número de tarjeta sanitaria, AB 12345678, pidieron cita.", "AB 12345678"),
        ("Mi CIP es CIES 0 521003 957.", "CIES 0 521003 957"),
        ("mi tarjeta sanitaria: mart 1 850703 004", "mart 1 850703 004"),
    ],
)
def test_a_health_card_number_after_its_keyword_is_a_medical_id(text, value):
    assert found(text, "es") == [(value, "MEDICAL_ID")]


@pytest.mark.parametrize(
    "text",
    [
        "Publicaron ABCD 0 991399 123 en un foro.",  # no thirteenth month
        "Publicaron Abcd1850703004 en un foro.",  # mixed case is a word or a handle
    ],
)
def test_health_card_shapes_that_cannot_be_one_are_no_medical_id(text):
    assert "MEDICAL_ID" not in {label for _, label in found(text, "es")}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Con mi DNI, 45678123P, abrieron una cuenta.", "45678123P"),
        ("Con mi DNI, 45678123-P, abrieron una cuenta.", "45678123-P"),
        ("Con mi DNI, 45.678.123-P, abrieron una cuenta.", "45.678.123-P"),
        ("Tengo el 45678123P en la cartera.", "45678123P"),
        ("Mi DNI: 45678123 P.", "45678123 P"),
        ("mi dni es 45678123 p y nada más", "45678123 p"),
        ("Mi NIE es X1234567L.", "X1234567L"),
        ("NIE: X-1234567-L", "X-1234567-L"),
        ("Tenía el Y 7654321 G en la cartera.", "Y 7654321 G"),
    ],
)
def test_dni_and_nie_are_national_ids_bare_or_with_their_keyword(text, value):
    assert found(text, "es") == [(value, "NATIONAL_ID")]


def test_a_dni_with_a_wrong_letter_and_no_keyword_is_left_alone():
    assert found("Tengo el 45678123A en la cartera.", "es") == []


@pytest.mark.parametrize(
    ("language", "phone"),
    [
        ("fr", "+33 6 12 34 56 78"),
        ("fr", "06.12.34.56.78"),
        ("fr", "06 12 34 56 78"),
        ("fr", "06-12-34-56-78"),
        ("fr", "01 42 68 53 00"),
        ("fr", "+33 (0)6 12 34 56 78"),
        ("fr", "0033 6 12 34 56 78"),
        ("fr", "(+33) 6 12 34 56 78"),
        ("es", "+34 612 345 678"),
        ("es", "912 34 56 78"),
        ("es", "612345678"),
        ("es", "(+34) 612 345 678"),
        ("es", "0034 612 34 56 78"),
        ("es", "+34 91 234 56 78"),
    ],
)
def test_french_and_spanish_phone_numbers_are_phones_whole(language, phone):
    assert found(f"Mon numéro : {phone}. Mi número: {phone}.", language) == [(phone, "PHONE"), (phone, "PHONE")]


def test_a_spanish_iban_in_its_national_groups_is_an_iban():
    assert found("Mi IBAN es ES91 2100 0418 45 0200051332.", "es") == [("ES91 2100 0418 45 0200051332", "IBAN")]


@pytest.mark.parametrize(
    ("language", "text", "date"),
    [
        ("fr", "Ici Jeanne, née le 3 mars 1958 à Lyon.", "3 mars 1958"),
        ("fr", "Mon père, né le 1er avril 1990, attendait.", "1er avril 1990"),
        ("fr", "Ma mère, née en 1958, a eu peur.", "1958"),
        ("fr", "Date de naissance : 03/03/1958.", "03/03/1958"),
        ("fr", "Né à Nantes le 03.03.1958, je suis suivi ici.", "03.03.1958"),
        ("fr", "DDN : 03/03/1958", "03/03/1958"),
        ("fr", "Année de naissance : 1958.", "1958"),
        ("es", "Mi madre, nacida el 12/04/1987, esperaba.", "12/04/1987"),
        ("es", "Mi padre, nacido el 3 de marzo de 1958, esperaba.", "3 de marzo de 1958"),
        ("es", "Fecha de nacimiento: 12-04-1987.", "12-04-1987"),
        ("es", "Mi abuela nació en 1958.", "1958"),
        ("es", "Fecha de nac.: 12/04/1987", "12/04/1987"),
    ],
)
def test_a_date_after_a_birth_word_is_a_date_of_birth(language, text, date):
    assert (date, "DATE_OF_BIRTH") in found(text, language)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "Le 12 mai 2021 l'hôpital a été attaqué, puis le 14/05/2021 tout a redémarré."),
        ("fr", "Depuis 1958, la clinique soigne le quartier ; en 2021 elle a fermé."),
        ("fr", "La rançon était de 45 € puis de 2 000 000 €."),
        ("fr", "Ma mère était en chambre 214 au 3e étage du bâtiment B."),
        ("es", "El 14 de mayo de 2021 el hospital dejó de funcionar; en 2021 todo cambió."),
        ("es", "Pagamos 45 € por la copia y 45 euros más."),
        ("es", "Mi madre estaba en la habitación 214, planta 3, cama 12."),
    ],
)
def test_attack_dates_years_prices_and_rooms_stay(language, text):
    assert redacted(text, language) == []


@pytest.mark.parametrize(
    ("language", "text", "postcode"),
    [
        ("fr", "Écrivez-moi au 31 rue des Lilas, 69003 Lyon.", "69003"),
        ("es", "Vivo en Calle Mayor 12, 28013 Madrid.", "28013"),
    ],
)
def test_a_postcode_is_a_postcode_and_no_identifier_or_phone(language, text, postcode):
    assert (postcode, "POSTCODE") in found(text, language)
