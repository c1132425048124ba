"""The whole flow in French and in Spanish: the call, the receipt, the email, redaction in the story's
language, the story published under that language's pages with placeholders its readers understand."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.translation import override, pgettext
from wagtail.models import Locale

from testimonials.models import StoryPage, Testimony, TestimonyStatus
from tests.factories import CommunicationsFactory, IncidentFactory, ModeratorFactory
from tests.receipts import receipt_secret_in
from tests.testimonials.test_publishing import editor_form_data

pytestmark = pytest.mark.django_db(transaction=True)

STORIES = {
    "fr": {
        "story": (
            "Je m'appelle Éloïse Vandermeersch et mon opération à Lyon a été annulée le 14 mai 2021 après la "
            "cyberattaque contre l'hôpital. Mon mari, Gaspard Vandermeersch, a appelé le service tous les jours "
            "au 06 12 34 56 78. Vous pouvez m'écrire à eloise.v@example.fr."
        ),
        "private": ("Éloïse", "Vandermeersch", "Gaspard", "06 12 34 56 78", "eloise.v@example.fr"),
        "kept": ("14 mai 2021", "Lyon", "cyberattaque"),
        "word": "témoignage",
        "country": "FR",
    },
    "es": {
        "story": (
            "Me llamo Itziar Echeverría Goikoetxea y mi cirugía en Bilbao se aplazó el 14 de mayo de 2021 por el "
            "ataque informático al hospital. Mi marido, Aitor Echeverría, llamaba al hospital todos los días al "
            "612 345 678. Pueden escribirme a itziar.eg@example.es."
        ),
        "private": ("Itziar", "Echeverría", "Goikoetxea", "Aitor", "612 345 678", "itziar.eg@example.es"),
        "kept": ("14 de mayo de 2021", "Bilbao", "ataque informático"),
        "word": "testimonio",
        "country": "ES",
    },
}


def _call_page_in(language: str):
    from testimonials.selectors import call_page

    page = call_page(language)
    assert page.locale.language_code == language
    return page


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_story_in_another_language_travels_to_that_languages_pages(
    client, site_pages, run_worker, mailoutbox, language
):
    told = STORIES[language]
    call_page = _call_page_in(language)
    incident = IncidentFactory(title="Attack on the regional hospital")
    moderator, communications = ModeratorFactory(), CommunicationsFactory()

    # The call speaks the author's language, and so does the receipt.
    form_page = client.get(call_page.url)
    assert f'<html lang="{language}"' in form_page.content.decode()
    response = client.post(
        re.search(r'<form method="post" action="([^"]+)" class="testimony-form"', form_page.content.decode())[1],
        {
            "story": told["story"],
            "role": "patient",
            "country": told["country"],
            "happened_month": "5",
            "happened_year": "2021",
            "incident": incident.pk,
            "impacts": ["care_delayed"],
            "contact_email": told["private"][-1],
            "consent_processing": "on",
            "consent_publication": "on",
            "consent_contact": "on",
            "consent_version": call_page.consent_text_version,
        },
        follow=True,
    )
    receipt = response.content.decode()
    assert f'<html lang="{language}"' in receipt
    reference = re.search(r'data-testid="receipt-reference">(T-[A-Z0-9]+)<', receipt).group(1)
    secret = receipt_secret_in(receipt)
    testimony = Testimony.objects.get(reference=reference)
    assert (testimony.language, testimony.sent_from_language) == (language, language)

    # The worker redacts it in its language; the author's email is in theirs.
    run_worker()
    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.AWAITING_REVIEW
    redacted = testimony.redacted_text
    assert all(private not in redacted for private in told["private"])
    assert all(kept in redacted for kept in told["kept"])
    confirmation = next(message for message in mailoutbox if message.to == [told["private"][-1]])
    assert told["word"] in confirmation.subject.lower() and reference in confirmation.body
    assert "Thank you" not in confirmation.body

    # Approved, the draft goes under the story index of its language; published, it is read there.
    client.force_login(moderator)
    client.post(reverse("testimony:review", args=[testimony.pk]), {"action": "approve"})
    story = StoryPage.objects.get(testimony=testimony)
    assert story.get_parent().specific.locale.language_code == language
    client.force_login(communications)
    data = editor_form_data(story, title="Une histoire", **{"action-publish": "action-publish"})
    assert client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), data).status_code == 302
    client.logout()
    story.refresh_from_db()
    assert story.url.startswith(f"/{language}/")

    page = client.get(story.url).content.decode()
    with override(language):
        a_name = pgettext("placeholder", "name %(number)s") % {"number": 1}
        an_email = pgettext("placeholder", "an email address")
    with override("en"):
        assert a_name != pgettext("placeholder", "name %(number)s") % {"number": 1}
    assert f"[{a_name}]" in page and f"[{an_email}]" in page
    assert "[PERSON 1]" not in page
    assert all(private not in page for private in told["private"])

    # Listed under its language only; the incident's page in English says a story is in that language.
    index = story.get_parent().specific
    assert story.url in client.get(index.url).content.decode()
    english_index = site_pages["stories"]
    assert story.url not in client.get(english_index.url).content.decode()
    english_incident = client.get(english_index.incident_url(incident)).content.decode()
    assert index.incident_url(incident) in english_incident
    export = client.get(english_index.url + english_index.reverse_subpage("incidents_export", args=["json"])).json()
    assert next(r for r in export["results"] if r["slug"] == incident.slug)["story_languages"] == [language]

    # The author opens "My testimony" from the English page and is answered in their language.
    mail.outbox.clear()
    opened = client.post(reverse("my_testimony_open"), {"reference": reference, "secret": secret})
    assert opened.status_code == 302 and opened["Location"] == f"/{language}/my-testimony/"
    mine = client.get(opened["Location"]).content.decode()
    assert f'<html lang="{language}"' in mine


@pytest.mark.parametrize(
    ("accept", "lands_on"),
    [("fr-FR,fr;q=0.9,en;q=0.5", "/fr/"), ("es-ES,es;q=0.9", "/es/"), ("de-DE,de;q=0.9", "/en/"), ("", "/en/")],
)
def test_a_first_visit_lands_on_the_browsers_language(client, site_pages, accept, lands_on):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)

    assert response.status_code == 302 and response["Location"] == lands_on


def test_a_path_without_its_language_keeps_the_reader_on_that_page(client, site_pages):
    response = client.get("/my-testimony/open/", HTTP_ACCEPT_LANGUAGE="es")

    assert response["Location"] == "/es/my-testimony/open/"


def test_every_page_links_to_itself_in_the_other_languages(client, site_pages):
    english_call = site_pages["call"]
    pages = {code: english_call.get_translation(Locale.objects.get_for_language(code)) for code in "fr es".split()}

    html = client.get(english_call.url).content.decode()

    assert '<html lang="en"' in html
    for code, page in pages.items():
        assert f'<link rel="alternate" hreflang="{code}" href="http://testserver{page.url}">' in html
        assert re.search(rf'<a href="{re.escape(page.url)}" hreflang="{code}" lang="{code}"', html)
    french = client.get(pages["fr"].url).content.decode()
    assert re.search(rf'<a href="{re.escape(english_call.url)}" hreflang="en" lang="en"', french)
    assert 'aria-current="true">Français<' in french


def test_the_switch_on_an_incident_page_keeps_the_incident(client, site_pages):
    incident = IncidentFactory()
    english_index = site_pages["stories"]
    french_index = english_index.get_translation(Locale.objects.get_for_language("fr"))

    html = client.get(english_index.incident_url(incident)).content.decode()

    assert f'href="{french_index.specific.incident_url(incident)}" hreflang="fr"' in html


def test_the_switch_outside_the_page_tree_swaps_the_prefix(client, site_pages):
    html = client.get("/fr/my-testimony/open/").content.decode()

    assert '<a href="/es/my-testimony/open/" hreflang="es"' in html
    assert '<html lang="fr"' in html


def test_each_language_has_its_own_pages_and_menu(client, site_pages):
    for code in ("en", "fr", "es"):
        html = client.get(f"/{code}/").content.decode()
        home = site_pages["call"].get_parent().get_translation(Locale.objects.get_for_language(code))
        for child in home.get_children().live().in_menu():
            assert f'href="{child.url}"' in html
            assert child.locale.language_code == code


def test_testimonies_are_written_in_the_sites_languages(settings):
    from testimonials.models.testimony import Language

    assert set(Language.values) == {code for code, _ in settings.LANGUAGES} == {"en", "fr", "es"}


def test_the_language_links_are_worked_out_once_per_page(client, site_pages, monkeypatch):
    import home.templatetags.languages as tag

    calls = []
    original = tag.language_links
    monkeypatch.setattr(tag, "language_links", lambda *args: calls.append(args) or original(*args))

    html = client.get(site_pages["call"].url).content.decode()

    assert len(calls) == 1
    assert 'hreflang="fr"' in html and 'rel="alternate"' in html  # the switch and the alternates both used them
