import pytest

from moderation.redaction import detect
from moderation.redaction.contacts import spoken_digits
from moderation.redaction.rules import find_by_rules


def found(text: str, label: str, language: str = "en") -> list[str]:
    return [text[f.start : f.end] for f in find_by_rules(text, language) if f.label == label]


def people(text: str, language: str = "en") -> list[str]:
    return [text[f.start : f.end] for f in detect([text], language=language)[0] if f.label == "PERSON"]


@pytest.mark.parametrize(
    ("language", "email"),
    [
        ("en", "j.doe at mail dot com"),
        ("en", "jdoe(at)example(dot)org"),
        ("en", "jdoe [at] example [dot] org"),
        ("en", "jdoe {at} example {dot} co {dot} uk"),
        ("en", "jdoe AT example DOT org"),
        ("en", "jdoe @ example . org"),
        ("en", "jdoe [at] example.org"),
        ("fr", "jean.dupont arobase orange point fr"),
        ("es", "maria arroba gmail punto com"),
    ],
)
def test_an_obfuscated_email_is_one_email_from_local_part_to_top_level_domain(language, email):
    text = f"Write to {email}, any time."

    assert found(text, "EMAIL", language) == [email]


def test_a_name_inside_an_obfuscated_email_is_redacted_with_the_email_as_one_span():
    text = "Escríbame a maria arroba gmail punto com, por favor."

    findings = detect([text], language="es", model=None)[0]

    assert [(f.label, text[f.start : f.end]) for f in findings] == [("EMAIL", "maria arroba gmail punto com")]


@pytest.mark.parametrize(
    "text",
    [
        "We met at the hospital and waited.",
        "Look at example. Org charts were gone too.",
        "They came at noon dot on time.",
        "We met at the dot com boom.",
        "See you @ home. We left at six.",
    ],
)
def test_at_and_dot_in_prose_are_no_email(text):
    assert found(text, "EMAIL") == []


@pytest.mark.parametrize(
    ("language", "text", "phone"),
    [
        ("en", "Call me on {} after six.", "oh seven seven double oh 900123"),
        ("en", "It was {}, I think.", "zero seven seven nine zero zero one two three four five"),
        ("en", "My mobile is {}.", "oh seven triple seven, double four five, six one two"),
        ("en", "Ring {} tonight.", "+44 seven seven double oh nine oh oh one two three"),
        ("fr", "Mon portable : {}.", "zéro six douze trente-quatre cinquante-six soixante-dix-huit quatre-vingt-dix"),
        ("fr", "Appelez-moi au {}.", "zéro six, un deux, trente-quatre, cinquante-six, soixante-dix-huit"),
        ("es", "Mi número: {}.", "seis uno dos tres cuatro cinco seis siete ocho"),
        ("es", "Llame al {}.", "seiscientos doce trescientos cuarenta y cinco seiscientos setenta y ocho"),
    ],
)
def test_a_phone_spoken_in_words_is_one_phone(language, text, phone):
    assert found(text.format(phone), "PHONE", language) == [phone]


@pytest.mark.parametrize(
    ("language", "words", "digits"),
    [
        ("en", "double oh", 2),
        ("en", "triple nine", 3),
        ("en", "nine hundred", 3),
        ("en", "twenty-one", 2),
        ("fr", "trente-quatre", 2),
        ("fr", "soixante-dix-huit", 2),
        ("fr", "quatre-vingt-dix", 2),
        ("fr", "vingt et un", 2),
        ("fr", "six cent quatre-vingt", 3),
        ("es", "seiscientos doce", 3),
        ("es", "cuarenta y cinco", 2),
        ("es", "dieciseis", 2),
        ("en", "oh seven 700 900123", 11),
    ],
)
def test_spoken_numbers_count_the_digits_they_stand_for(language, words, digits):
    assert spoken_digits(words, language)[0] == digits


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "One or two nurses, three doctors and a porter stayed."),
        ("en", "She counted one two three four five six seven and opened her eyes."),
        ("en", "Nineteen ninety-nine, twenty twenty: the same servers."),
        ("en", "We worked twenty-four seven for two weeks."),
        ("fr", "Il y avait deux ou trois infirmières, quatre médecins, un brancardier."),
        ("fr", "Vingt-quatre heures sur vingt-quatre, pendant douze jours."),
        ("es", "Éramos dos o tres enfermeras y cuatro médicos."),
        ("es", "Tardaron veinticuatro horas y treinta y cinco minutos."),
    ],
)
def test_numbers_in_prose_are_no_phone(language, text):
    assert found(text, "PHONE", language) == []


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Her number is415-555-0132, she said.", "415-555-0132"),
        ("tel:+44 20 7946 0958", "+44 20 7946 0958"),
        ("Reach me: mobile07700900123", "07700900123"),
        ("Tél.06 12 34 56 78 le soir.", "06 12 34 56 78"),
    ],
)
def test_a_phone_glued_to_the_word_before_is_found(text, phone):
    assert found(text, "PHONE", "fr" if text.startswith("Tél") else "en") == [phone]


@pytest.mark.parametrize("text", ["The code was abc123456789.", "Invoice AB0612345678 was unpaid."])
def test_a_number_glued_to_letters_is_no_phone_without_a_strict_shape(text):
    assert found(text, "PHONE") == []


def test_a_phone_after_a_code_glued_to_letters_is_still_found():
    text = "Chambre A3 06 12 34 56 78, au fond du couloir."

    assert found(text, "PHONE", "fr") == ["06 12 34 56 78"]


@pytest.mark.parametrize(
    "address",
    ["::ffff:192.0.2.128", "64:ff9b::192.0.2.33", "10.20.0.0/16", "2001:db8::/32", "fe80::1%eth0", "fe80::1%25en0"],
)
def test_an_ip_address_is_one_span_with_its_prefix_zone_and_embedded_ipv4(address):
    text = f"The attackers came from {address} that night."

    assert found(text, "IP_ADDRESS") == [address]


@pytest.mark.parametrize(
    "email",
    ["josé.garcía@correo.es", "user@bücher.example", "user@xn--bcher-kva.example", "anna@xn--80ak6aa92e.xn--p1ai"],
)
def test_an_internationalised_email_is_covered_whole(email):
    assert found(f"Mail {email} today.", "EMAIL", "es") == [email]


@pytest.mark.parametrize(
    "url",
    [
        "facebook.com/anna.smith",
        "instagram.com/jane_doe",
        "jane-doe.blogspot.com",
        "janedoe.wordpress.com",
        "janedoe.substack.com",
        "jdoe.github.io",
        "linktr.ee/janedoe",
        "gofundme.com/f/help-anna",
    ],
)
def test_a_personal_page_without_a_scheme_is_a_url(url):
    assert found(f"I wrote about it on {url}.", "URL") == [url]


@pytest.mark.parametrize("text", ["Advice was on nhs.uk, nothing else.", "I searched google.co.il for news."])
def test_an_organisations_bare_domain_is_neither_a_url_nor_a_person(text):
    findings = detect([text])[0]

    assert [f.label for f in findings if f.label in ("URL", "PERSON")] == []


def test_a_domain_the_model_takes_for_a_person_is_no_person():
    assert people("google.co.il") == []


def test_an_email_the_model_takes_into_a_person_is_one_email():
    text = "Coordonnées : tél. 07 17 68 71 95, mail dorothee.guerin@orange.fr, merci."

    findings = detect([text], language="fr", model="fr_core_news_md")[0]

    assert [text[f.start : f.end] for f in findings if f.label in ("EMAIL", "PERSON")] == ["dorothee.guerin@orange.fr"]


def test_an_identifier_keyword_the_model_takes_for_a_person_is_no_person():
    assert people("Meine Steuer-ID ist 12 345 678 903") == []


def test_a_name_that_spells_an_identifier_acronym_is_still_a_person():
    assert "Tin Nguyen" in people("Nir Cohen and Tin Nguyen were on shift.")
