"""Each testimony is redacted in its own language: with that language's pipeline, or by the rules alone."""

import pytest
from django.urls import reverse

from moderation.redaction import detect
from moderation.services import testimony_redact
from testimonials.models import CheckState, TestimonyStatus, TextCheck
from tests.factories import ModeratorFactory, TestimonyFactory

FR_MODEL = "fr_core_news_md"
FRENCH = (
    "Je suis Michelle Marchand, infirmière à l'hôpital de Lyon. Le jour de l'attaque, M. Raymond Ollivier "
    "attendait son opération. Écrivez-moi à michelle.marchand@example.fr ou au 06 68 40 12 34."
)
SPANISH = (
    "Me llamo Lucía Fernández. La operación de mi marido se canceló por el ataque. "
    "Escríbanme a lucia.fernandez@example.es o llamen al +34 612 345 678."
)


def test_french_names_are_found_by_the_french_pipeline():
    found = detect([FRENCH], language="fr", model="fr_core_news_md")[0]
    people = {FRENCH[f.start : f.end] for f in found if f.label == "PERSON"}

    assert {"Michelle Marchand", "Raymond Ollivier"} <= people
    assert {f.label for f in found} >= {"PERSON", "EMAIL", "PHONE"}


def test_a_language_without_a_pipeline_runs_the_rules_and_crashes_nothing():
    found = detect([SPANISH], language="es", model=None)[0]
    labels = {(f.label, SPANISH[f.start : f.end]) for f in found}

    assert ("EMAIL", "lucia.fernandez@example.es") in labels
    assert any(label == "PHONE" for label, _ in labels)


@pytest.mark.django_db
def test_a_french_testimony_is_redacted_and_checked_in_french(site_pages):
    testimony = TestimonyFactory(story=FRENCH, language="fr")

    testimony_redact(testimony_id=testimony.pk)

    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.AWAITING_REVIEW
    for private in ("Marchand", "Ollivier", "michelle.marchand@example.fr"):
        assert private not in testimony.redacted_text
    assert TextCheck.objects.get(testimony=testimony).state in (CheckState.CLEAR, CheckState.FLAGGED)


@pytest.mark.django_db
def test_moderators_are_told_when_names_were_found_by_rules_only(client, site_pages):
    testimony = TestimonyFactory(story=SPANISH, language="es")
    testimony_redact(testimony_id=testimony.pk)
    client.force_login(ModeratorFactory())

    content = client.get(reverse("testimony:review", args=[testimony.pk])).content.decode()

    assert "found by rules and name lists only" in content
    assert "lucia.fernandez@example.es" not in content


@pytest.mark.django_db
def test_an_english_testimony_carries_no_such_warning(client, site_pages):
    testimony = TestimonyFactory()
    testimony_redact(testimony_id=testimony.pk)
    client.force_login(ModeratorFactory())

    content = client.get(reverse("testimony:review", args=[testimony.pk])).content.decode()

    assert "found by rules and name lists only" not in content


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("es", "Pero la enfermera vino con el informe hasta el final. Era una nota breve. — Ana Pérez"),
        ("fr", "Mais la nuit était longue, avec le service fermé pendant une semaine. — Anne Dubois"),
    ],
)
def test_the_little_words_of_each_language_are_never_taken_for_names(language, text):
    found = detect([text], language=language, model=None)[0]

    assert [text[f.start : f.end] for f in found if f.label == "PERSON"] == [text.rsplit("— ", 1)[1]]


@pytest.mark.parametrize(
    ("language", "model", "text", "address"),
    [
        (
            "fr",
            "fr_core_news_md",
            "Écrivez-moi au 31 place de la Mairie, appt 23, à Lyon.",
            "31 place de la Mairie, appt 23",
        ),
        (
            "fr",
            "fr_core_news_md",
            "J'habite Résidence les Tilleuls, bât. A, 117 rue du 8-Mai-1945, 69003 Lyon.",
            "Résidence les Tilleuls, bât. A, 117 rue du 8-Mai-1945",
        ),
        ("fr", "fr_core_news_md", "Chez moi, 95 rue Anatole-France, 1e étage.", "95 rue Anatole-France, 1e étage"),
        (
            "es",
            None,
            "Vivo en Calle Dos de Mayo, 143, portal 1, 1º A, Madrid.",
            "Calle Dos de Mayo, 143, portal 1, 1º A",
        ),
    ],
)
def test_addresses_are_redacted_whole_as_each_language_writes_them(language, model, text, address):
    found = [text[f.start : f.end] for f in detect([text], language=language, model=model)[0] if f.label == "ADDRESS"]

    assert found == [address]


@pytest.mark.parametrize(
    "text",
    ["Soy el doctor Raúl Durán. La operación se canceló.\n\n— Raúl D.", "La operación se canceló.\n\n— Julián G."],
)
def test_a_signature_with_a_surnames_initial_loses_the_initial_too(text):
    found = [text[f.start : f.end] for f in detect([text], language="es", model=None)[0] if f.label == "PERSON"]

    assert text.rsplit("— ", 1)[1].rstrip(".") in found


def test_an_english_i_after_a_name_is_the_pronoun():
    text = "I told Maria I would call back."
    found = [text[f.start : f.end] for f in detect([text])[0] if f.label == "PERSON"]

    assert found == ["Maria"]


@pytest.mark.parametrize(
    ("language", "text", "name"),
    [
        ("es", "Mi marido rogelio salmerón llegó tarde al hospital.", "rogelio salmerón"),
        ("es", "Hola, me llamo zoraida y trabajo de noche.", "zoraida"),
        ("fr", "Ma femme élodie attendait son opération.", "élodie"),
        ("fr", "Le lendemain, M. Ledent a appelé le service.", "Ledent"),
        ("es", "Me atendió un tal Felipe, muy amable.", "Felipe"),
        ("es", "En el Hospital Clínico de Valencia, la doctora Alfaro me pidió perdón.", "Alfaro"),
        ("fr", "Je suis tombé sur une certaine Sophie, très gentille.", "Sophie"),
        ("fr", "À l'Hôpital Nord de Marseille, la professeure Ledent a affirmé le contraire.", "Ledent"),
        ("fr", "J'ai demandé des nouvelles à l'infirmier Édouard.", "Édouard"),
        ("es", "Soy Rogelio, tengo 59 años y me operaron en el Hospital La Fe.", "Rogelio"),
        ("es", "Pregunté en Urgencias del Hospital Clínico por una enfermera, Emelina, y nadie sabía.", "Emelina"),
        ("fr", "Au Centre Hospitalier de Dax, une infirmière, Justine, a tout écrit à la main.", "Justine"),
        ("fr", "À la Clinique du Parc de Lyon, le docteur Morel a tout noté sur papier.", "Morel"),
    ],
)
def test_each_languages_own_words_introduce_a_name(language, text, name):
    found = [text[f.start : f.end] for f in detect([text], language=language, model=None)[0] if f.label == "PERSON"]

    assert name in found


@pytest.mark.parametrize(
    "text", ["Soy el doctor Ambrosio Grande, médico de familia.", "Soy la doctora Flor Casado Bueno, médica."]
)
def test_a_surname_that_is_also_a_word_is_kept_in_the_name(text):
    # "Grande" and "Bueno" are Spanish words (big, good) and surnames; after a given name they are the surname.
    found = [text[f.start : f.end] for f in detect([text], language="es", model=None)[0] if f.label == "PERSON"]

    assert found and found[0].endswith(("Grande", "Bueno"))


@pytest.mark.parametrize(
    "text",
    ["El hospital Grande de la ciudad cerró.", "Todo salió Bueno para nadie.", "Fue un día Grande para el equipo."],
)
def test_a_capitalised_word_that_is_also_a_surname_is_no_name_alone(text):
    assert not [f for f in detect([text], language="es", model=None)[0] if f.label == "PERSON"]


def test_a_lowercase_m_is_no_french_title():
    text = "Le service m a rappelé Lundi."
    assert not [f for f in detect([text], language="fr", model=None)[0] if f.label == "PERSON"]
