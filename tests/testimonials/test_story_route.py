"""A story is found under its index in one query, without decrypting what its author sent."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from testimonials import crypto
from testimonials.models import ConsentField
from testimonials.services.erasure import consent_change
from tests.testimonials.test_story_index import published_story

pytestmark = pytest.mark.django_db

# A query string passes the kept story pages by (testimonials.page_cache): each read below is rendered.
RENDERED = "?from=test"


def test_a_public_read_of_a_story_decrypts_nothing_its_author_sent(client, story, monkeypatch):
    decrypted = []
    real = crypto.decrypt
    monkeypatch.setattr(crypto, "decrypt", lambda token: decrypted.append(token) or real(token))

    with CaptureQueriesContext(connection) as asked:
        response = client.get(story.url + RENDERED)

    assert response.status_code == 200
    assert "paper charts on the cardiac ward" in response.content.decode()
    assert decrypted == []
    # Not even as ciphertext: of the testimony, a public read loads what the publication rule reads.
    selected = " ".join(query["sql"] for query in asked.captured_queries)
    assert '"testimonials_testimony"."contact_email"' not in selected
    assert '"testimonials_testimony"."story"' not in selected


def test_a_story_whose_consent_was_withdrawn_is_not_found(client, story):
    consent_change(testimony=story.testimony, consent=ConsentField.PUBLICATION, given=False, text_version="test")

    assert client.get(story.url + RENDERED).status_code == 404


def test_an_unpublished_story_is_not_found(client, story):
    story.unpublish()

    assert client.get(story.url + RENDERED).status_code == 404


def test_the_index_own_pages_come_before_a_story_of_the_same_slug(client, story, site_pages):
    story.slug = "incidents"
    story.save_revision().publish()

    response = client.get(site_pages["stories"].url + "incidents/")

    assert response.status_code == 200
    assert "paper charts on the cardiac ward" not in response.content.decode()
    assert response.templates[0].name == "testimonials/incident_list.html"


def test_a_story_answers_under_its_index_only(client, story, site_pages):
    home = site_pages["stories"].get_parent()

    assert client.get(home.url + story.slug + "/").status_code == 404


def test_a_rendered_story_read_costs_seven_queries_once_its_parts_are_kept(
    client, story, django_assert_max_num_queries
):
    client.get(story.url + RENDERED)

    # Wagtail's site, locale and home (3), the index as a page only (1: routed through, not shown, its own
    # fields are not read), the story with its testimony's publication fields and the page generation (1), and
    # Wagtail's view restriction check (2: the page's ancestors, then their restrictions).
    with django_assert_max_num_queries(7):
        assert client.get(story.url + RENDERED).status_code == 200


def test_a_story_answers_under_its_own_languages_index_only(client, site_pages):
    french = published_story(story="Nous sommes revenus aux dossiers papier pendant trois semaines.", language="fr")
    english_index = site_pages["stories"]

    assert client.get(french.url + RENDERED).status_code == 200
    assert client.get(english_index.url + french.slug + "/" + RENDERED).status_code == 404


def test_stories_read_one_after_the_other_each_show_their_own_text(client, story):
    other = published_story(story="My chemotherapy was postponed twice and nobody could find my records.")

    # The route's query is built once: each read must still ask for its own slug.
    first = client.get(story.url + RENDERED).content.decode()
    second = client.get(other.url + RENDERED).content.decode()

    assert "paper charts" in first and "chemotherapy" not in first
    assert "chemotherapy" in second and "paper charts" not in second


def test_a_story_below_an_index_that_does_not_exist_is_not_found(client, story, site_pages):
    home = site_pages["stories"].get_parent()

    assert client.get(home.url + "no-such-index/" + story.slug + "/" + RENDERED).status_code == 404


def test_an_index_routed_through_still_shows_its_own_fields_on_its_own_pages(client, story, site_pages):
    index = site_pages["stories"]
    index.intro = "<p>Stories told by people who lived through the attacks.</p>"
    index.save_revision().publish()

    # The incidents list is one of the index's own routes: the index is routed through, then shown.
    response = client.get(index.url + "incidents/")

    assert response.status_code == 200
    assert response.context["page"].intro == index.intro
