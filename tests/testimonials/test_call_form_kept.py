"""The call's questions, as nobody has answered them yet, are kept per process; what is each reader's is not.

Every reader still gets a submission token and a CSRF token of their own (shared ones would make two
people's testimonies one), and a change to what the questions show (an incident, the consent wording,
the organisation) shows on the next read.
"""

import re

import pytest
from django.utils import timezone
from wagtail.models import Locale

from testimonials import forms, views
from tests.factories import IncidentFactory
from tests.testimonials.test_submission import form_data, send_url

pytestmark = pytest.mark.django_db


def hidden(content: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', content)[1]


def test_two_readers_never_share_a_submission_or_csrf_token(client, site_pages):
    call_page = site_pages["call"]
    first = client.get(call_page.url).content.decode()
    client.cookies.clear()

    second = client.get(call_page.url).content.decode()

    assert hidden(first, "submission_token") != hidden(second, "submission_token")
    assert hidden(first, "csrfmiddlewaretoken") != hidden(second, "csrfmiddlewaretoken")


def test_the_questions_are_kept_between_readers(client, site_pages, monkeypatch):
    call_page = site_pages["call"]
    first = client.get(call_page.url).content.decode()
    monkeypatch.setattr(forms, "incident_choices_by_country", lambda: pytest.fail("the questions were drawn again"))

    second = client.get(call_page.url).content.decode()

    assert 'name="story"' in second and second.count("<option") == first.count("<option")


def test_a_new_incident_is_offered_at_once(client, site_pages):
    call_page = site_pages["call"]
    client.get(call_page.url)

    IncidentFactory(title="Ransomware at Riverside Clinic")

    assert "Ransomware at Riverside Clinic" in client.get(call_page.url).content.decode()


def test_new_consent_wording_is_asked_at_once_and_is_the_version_recorded(client, site_pages):
    call_page = site_pages["call"]
    client.get(call_page.url)

    call_page.consent_publication_text = "I agree that {organisation} publishes my redacted story, from today."
    call_page.save_revision().publish()

    content = client.get(call_page.url).content.decode()
    assert "publishes my redacted story, from today." in content
    assert hidden(content, "consent_version") == type(call_page).objects.get(pk=call_page.pk).consent_text_version


def test_this_year_is_offered(client, site_pages):
    content = client.get(site_pages["call"].url).content.decode()

    assert f'<option value="{timezone.now().year}">' in content


def test_a_form_sent_back_with_errors_keeps_what_this_reader_wrote(client, site_pages):
    call_page = site_pages["call"]
    client.get(call_page.url)

    refused = client.post(send_url(call_page), form_data(call_page, consent_processing=""))

    assert refused.status_code == 200
    assert "Siobhan Fitzgerald-Nakamura" in refused.content.decode()
    client.cookies.clear()
    assert "Siobhan Fitzgerald-Nakamura" not in client.get(call_page.url).content.decode()


def test_an_incident_chosen_from_its_page_is_chosen_in_the_form(client, site_pages):
    incident = IncidentFactory(title="Conti attack on the HSE", slug="hse-conti")
    call_page = site_pages["call"]
    client.get(call_page.url)

    content = client.get(call_page.url + "?incident=hse-conti").content.decode()

    assert f'<option value="{incident.pk}" selected>' in content


def test_a_preview_shows_its_draft_wording_and_readers_never_see_it(client, site_pages):
    call_page = site_pages["call"]
    call_page.consent_publication_text = "Draft wording about publication."

    before = call_page.make_preview_request().render().content.decode()
    reader = client.get(call_page.url).content.decode()
    after = call_page.make_preview_request().render().content.decode()

    assert "Draft wording about publication." in before and "Draft wording about publication." in after
    assert "Draft wording about publication." not in reader


def test_a_plain_read_builds_no_whole_form_once_the_questions_are_kept(client, site_pages, monkeypatch):
    call_page = site_pages["call"]
    client.get(call_page.url)

    def whole_form(*args, **kwargs):
        pytest.fail("the whole form was built for a reader who answered nothing")

    monkeypatch.setattr(views, "TestimonyForm", whole_form)
    content = client.get(call_page.url).content.decode()

    assert 'name="story"' in content
    assert hidden(content, "consent_version") == call_page.consent_text_version
    assert forms.SUBMISSION_TOKEN.fullmatch(hidden(content, "submission_token"))


def test_a_readers_own_inputs_are_drawn_as_the_whole_form_draws_them(site_pages):
    terms = site_pages["call"].terms()

    unanswered = [str(field) for field in forms.UnansweredCallForm(terms=terms).hidden_fields()]
    whole = [str(field) for field in forms.TestimonyForm(terms=terms).hidden_fields()]

    token = re.compile(r'(name="submission_token" value=")[^"]*"')
    assert [token.sub(r'\1"', html) for html in unanswered] == [token.sub(r'\1"', html) for html in whole]
    drawn = " ".join(unanswered)
    for name in ("consent_version", "submission_token", "proof", "contact_question_asked"):
        assert f'name="{name}"' in drawn


def test_a_plain_read_in_french_is_drawn_in_french_after_an_english_one(client, site_pages):
    english = site_pages["call"]
    french = english.get_translation(Locale.objects.get(language_code="fr"))
    client.get(english.url)
    client.get(french.url)

    content = client.get(french.url).content.decode()

    assert 'name="story"' in content and "What happened, in your own words" not in content
    assert hidden(content, "consent_version") == french.consent_text_version
