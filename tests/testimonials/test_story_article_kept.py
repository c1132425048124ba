"""A story's article is kept by each process for readers the page cache passes by, and is never older than the story.

Every read below carries a query string, so the page cache (testimonials.page_cache) passes it by and the page
is rendered: what is kept is only the article inside it, under the story's revision and the page generation.
"""

from unittest import mock

import pytest

from testimonials import page_cache
from testimonials.models import ConsentField
from testimonials.services.erasure import consent_change
from tests.testimonials.test_story_page_cache import republish

pytestmark = pytest.mark.django_db

RENDERED = "?utm_source=test"


def read(client, story) -> str:
    response = client.get(story.url + RENDERED)
    assert response.status_code == 200
    return response.content.decode()


def test_the_article_is_kept_between_readers(client, story, monkeypatch):
    first = read(client, story)
    monkeypatch.setattr(
        type(story), "reader_body", property(lambda page: pytest.fail("the article was rendered again"))
    )

    assert read(client, story) == first


def test_a_corrected_story_is_read_corrected_at_once(client, story):
    read(client, story)

    republish(story, "We went back to paper charts on the ward for [a duration].")

    text = read(client, story)
    assert "[a duration]" in text and "cardiac" not in text


def test_a_new_revision_shows_even_when_its_purge_was_lost(client, story):
    read(client, story)

    with mock.patch.object(page_cache, "purge"):
        republish(story, "We went back to paper charts on the ward for [a duration].")

    assert "[a duration]" in read(client, story)


def test_a_withdrawn_story_is_not_found_though_its_article_was_kept(client, story):
    read(client, story)

    with mock.patch.object(page_cache, "purge"):
        consent_change(testimony=story.testimony, consent=ConsentField.PUBLICATION, given=False, text_version="v")

    assert client.get(story.url + RENDERED).status_code == 404


def test_a_renamed_incident_shows_in_the_article_at_once(client, story):
    read(client, story)

    incident = story.incidents[0]
    incident.title = "Ransomware at the regional hospital"
    incident.save()

    assert "Ransomware at the regional hospital" in read(client, story)


def test_a_preview_shows_each_draft_never_a_kept_article(story):
    story.body = "First draft: the ward went back to [a duration] of paper."
    first = story.make_preview_request().render().content.decode()
    story.body = "Second draft: the pharmacy copied prescriptions for [a duration]."
    second = story.make_preview_request().render().content.decode()

    assert "First draft" in first
    assert "Second draft" in second and "First draft" not in second
