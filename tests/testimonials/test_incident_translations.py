"""An incident's title and description in each of the site's languages: written in the admin, carried by
the exports and imports, and read by each reader in theirs, with the language of what is not translated
said in `lang` for screen readers."""

import csv
import io
import json

import pytest
from django.urls import reverse

from testimonials.incident_import import IncidentImportError, incidents_import
from testimonials.models import Incident, IncidentTranslation
from testimonials.selectors import call_page, story_index
from tests.factories import CommunicationsFactory, IncidentFactory
from tests.testimonials.test_incidents import incident_form

pytestmark = pytest.mark.django_db

FRENCH = {
    "title": "L’attaque par rançongiciel contre le laboratoire régional",
    "description": "Les résultats d’analyses ont été retardés pendant des semaines.",
}
SPANISH = {
    "title": "El ataque de ransomware contra el laboratorio regional",
    "description": "Los resultados de los análisis se retrasaron durante semanas.",
}


def translated_incident(**kwargs) -> Incident:
    incident = IncidentFactory(title="Ransomware attack on the regional laboratory", **kwargs)
    IncidentTranslation.objects.create(incident=incident, language="fr", **FRENCH)
    IncidentTranslation.objects.create(incident=incident, language="es", **SPANISH)
    return incident


def translation_forms(*translations: dict) -> dict:
    data = {"translations-TOTAL_FORMS": str(len(translations))}
    for number, translation in enumerate(translations):
        data |= {f"translations-{number}-{key}": value for key, value in translation.items()}
        data[f"translations-{number}-ORDER"] = str(number + 1)
    return data


# Staff


def test_communications_staff_translate_an_incident_in_the_admin(client, site_pages):
    client.force_login(CommunicationsFactory())

    response = client.post(
        reverse("wagtailsnippets_testimonials_incident:add"),
        incident_form(**translation_forms({"language": "fr", **FRENCH}, {"language": "es", **SPANISH})),
    )

    assert response.status_code == 302
    incident = Incident.objects.get(slug="regional-laboratory-2023")
    assert incident.wording("fr").title == FRENCH["title"]
    assert incident.wording("es").description == SPANISH["description"]


def test_two_translations_into_one_language_are_refused_and_nothing_is_saved(client, site_pages):
    client.force_login(CommunicationsFactory())

    response = client.post(
        reverse("wagtailsnippets_testimonials_incident:add"),
        incident_form(**translation_forms({"language": "fr", **FRENCH}, {"language": "fr", **FRENCH})),
    )

    assert response.status_code == 200
    assert not Incident.objects.filter(slug="regional-laboratory-2023").exists()
    assert "Please correct the duplicate" in response.content.decode()


def test_the_language_the_record_is_written_in_is_not_offered_as_a_translation(client, site_pages):
    client.force_login(CommunicationsFactory())

    response = client.post(
        reverse("wagtailsnippets_testimonials_incident:add"),
        incident_form(**translation_forms({"language": "en", "title": "Another English title", "description": ""})),
    )

    assert response.status_code == 200 and not Incident.objects.filter(slug="regional-laboratory-2023").exists()
    assert "Select a valid choice" in response.content.decode()
    assert [code for code, _ in IncidentTranslation._meta.get_field("language").choices] == ["fr", "es"]


# Readers


@pytest.mark.parametrize("language, wording", [("fr", FRENCH), ("es", SPANISH)])
def test_a_reader_reads_the_incident_in_their_language(client, site_pages, language, wording):
    incident = translated_incident()
    index = story_index(language)

    detail = client.get(index.incident_url(incident)).content.decode()
    listing = client.get(index.url + "incidents/").content.decode()

    assert f'<h1 lang="{language}">{wording["title"]}</h1>' in detail.replace("&#x27;", "'")
    assert f'<div lang="{language}"><p>{wording["description"]}</p></div>' in detail.replace("&#x27;", "'")
    assert wording["title"] in listing.replace("&#x27;", "'")
    assert "Ransomware attack on the regional laboratory" not in detail + listing


def test_an_untranslated_incident_is_shown_in_english_and_marked_as_english(client, site_pages):
    incident = IncidentFactory(title="Attack on a blood service", description="Donor records were taken.")

    detail = client.get(story_index("fr").incident_url(incident)).content.decode()

    assert '<h1 lang="en">Attack on a blood service</h1>' in detail
    assert '<div lang="en"><p>Donor records were taken.</p></div>' in detail
    assert '<html lang="fr"' in detail


def test_a_translated_title_without_a_description_keeps_the_english_one_marked_as_english(client, site_pages):
    incident = IncidentFactory(description="Donor records were taken.")
    IncidentTranslation.objects.create(incident=incident, language="fr", title="Attaque contre un service du sang")

    wording = incident.wording("fr")

    assert (wording.title, wording.title_language) == ("Attaque contre un service du sang", "fr")
    assert (wording.description, wording.description_language) == ("Donor records were taken.", "en")


def test_the_english_reader_reads_the_record_as_written(client, site_pages):
    incident = translated_incident()

    detail = client.get(story_index("en").incident_url(incident)).content.decode()

    assert '<h1 lang="en">Ransomware attack on the regional laboratory</h1>' in detail


def test_the_french_call_offers_incidents_by_their_french_title(client, site_pages):
    translated_incident()

    content = client.get(call_page("fr").url).content.decode().replace("&#x27;", "'")

    assert f"{FRENCH['title']} (2021)" in content


@pytest.mark.django_db(transaction=True)
def test_a_french_word_finds_the_incident_on_the_french_pages(client, site_pages, run_worker):
    translated_incident()
    IncidentFactory(title="Attack on a blood service", description="Donor records were taken.")
    run_worker()  # Wagtail indexes through the task queue

    response = client.get(story_index("fr").url + "incidents/", {"q": "retardés"})

    assert [incident.wording("fr").title for incident in response.context["incidents"]] == [FRENCH["title"]]


# Open data


def _exported_csv(client) -> str:
    index = story_index("en")
    return client.get(index.url + index.reverse_subpage("incidents_export", args=["csv"])).content.decode()


def _exported_row(content: str, incident: Incident) -> dict:
    return next(row for row in csv.DictReader(io.StringIO(content, newline="")) if row["slug"] == incident.slug)


def _exported_json(client, incident: Incident) -> tuple[dict, dict]:
    """The whole JSON export, and the record of `incident` in it (to be changed in place)."""
    index = story_index("en")
    exported = client.get(index.url + index.reverse_subpage("incidents_export", args=["json"])).json()
    return exported, next(record for record in exported["results"] if record["slug"] == incident.slug)


def test_the_exports_carry_the_translations_and_import_back_unchanged(client, site_pages):
    incident = translated_incident()
    content = _exported_csv(client)
    row = _exported_row(content, incident)
    assert (row["translation_1_language"], row["translation_1_title"]) == ("es", SPANISH["title"])
    assert (row["translation_2_language"], row["translation_2_description"]) == ("fr", FRENCH["description"])

    assert incident.slug in incidents_import(content=content, file_format="csv").unchanged

    IncidentTranslation.objects.filter(incident=incident).delete()
    assert incidents_import(content=content, file_format="csv").updated == [incident.slug]
    assert incident.wording("fr").title == FRENCH["title"] and incident.wording("es").title == SPANISH["title"]


def test_a_translated_title_that_looks_like_a_formula_is_escaped_and_imports_back_as_it_was(client, site_pages):
    incident = IncidentFactory()
    IncidentTranslation.objects.create(incident=incident, language="fr", title='=HYPERLINK("http://x","clic")')
    content = _exported_csv(client)

    assert _exported_row(content, incident)["translation_1_title"].startswith("'=")
    IncidentTranslation.objects.filter(incident=incident).delete()
    incidents_import(content=content, file_format="csv")

    assert incident.wording("fr").title == '=HYPERLINK("http://x","clic")'


def test_a_file_without_translations_leaves_an_incidents_translations_as_they_are(client, site_pages):
    incident = translated_incident()
    rows = list(csv.DictReader(io.StringIO(_exported_csv(client), newline="")))
    columns = [column for column in rows[0] if not column.startswith("translation_")]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)

    report = incidents_import(content=buffer.getvalue(), file_format="csv")

    assert incident.slug in report.unchanged and not report.updated
    assert incident.translations.count() == 2


def test_a_json_import_sets_translations_from_the_nested_list(client, site_pages):
    incident = IncidentFactory()
    exported, record = _exported_json(client, incident)
    record["translations"] = [{"language": "fr", **FRENCH}]

    report = incidents_import(content=json.dumps(exported), file_format="json")

    assert report.updated == [incident.slug]
    assert incident.wording("fr").title == FRENCH["title"]


@pytest.mark.parametrize(
    "translations, column",
    [
        ([{"language": "de", **FRENCH}], "translations[1].language"),
        ([{"language": "en", **FRENCH}], "translations[1].language"),
        ([{"language": "fr", **FRENCH}, {"language": "fr", **FRENCH}], "translations[2].language"),
        ([{"language": "fr", "title": "", "description": "Sans titre"}], "translations[1].title"),
        ([{"language": "fr", "title": "Titre", "colour": "bleu"}], "translations[1].colour"),
    ],
)
def test_a_bad_translation_is_named_and_nothing_is_written(client, site_pages, translations, column):
    incident = IncidentFactory()
    exported, record = _exported_json(client, incident)
    record["translations"] = translations

    with pytest.raises(IncidentImportError) as raised:
        incidents_import(content=json.dumps(exported), file_format="json")

    assert [problem.column for problem in raised.value.problems] == [column]
    assert not incident.translations.exists()


def test_the_demo_incidents_are_read_in_french_and_spanish(client, site_pages):
    from home.demo_content import DEMO_INCIDENTS
    from testimonials.incident_import import incidents_import_records

    incidents_import_records(DEMO_INCIDENTS)

    for incident in Incident.objects.all():
        for language in ("fr", "es"):
            wording = incident.wording(language)
            assert {wording.title_language, wording.description_language} == {language}
            assert wording.title != incident.title and wording.description != incident.description


# Invitations


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_incident_page_invites_a_story_with_the_incident_already_chosen(client, site_pages, language):
    import re

    incident = IncidentFactory()

    detail = client.get(story_index(language).incident_url(incident)).content.decode()
    invitation = re.search(r'<a href="([^"]+)">[^<]*</a></p>', detail[detail.index("invitation") :])[1]
    form = client.get(invitation.replace("&amp;", "&")).content.decode()

    assert invitation == f"{call_page(language).url}?incident={incident.slug}"
    assert f'<option value="{incident.pk}" selected>' in form


def test_a_story_invites_its_readers_to_tell_theirs_about_the_same_attack(client, site_pages):
    from moderation.services import testimony_approve
    from tests.factories import ModeratorFactory, redacted_testimony

    incident = IncidentFactory()
    story = testimony_approve(testimony=redacted_testimony(incident=incident), moderator=ModeratorFactory())
    story.save_revision().publish()

    content = client.get(story.url).content.decode()

    assert f'href="{call_page("en").url}?incident={incident.slug}">Tell your story about this attack</a>' in content


def test_an_unknown_incident_in_the_call_address_chooses_nothing(client, site_pages):
    import re

    response = client.get(call_page("en").url, {"incident": "no-such-attack' OR 1=1"})

    chosen = re.findall(r'<option value="([^"]*)" selected>', response.content.decode().split('name="incident"')[1])
    assert response.status_code == 200 and chosen[:1] == [""]
