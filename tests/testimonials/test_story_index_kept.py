"""The unfiltered story listing is kept per process, and lists exactly the stories that may be public now.

It is kept under the stories each read finds may be public, at their revisions: a story withdrawn or
unpublished leaves it on the next read even if its change purged nothing, and a new one joins it.
"""

from unittest import mock

import pytest

from testimonials import page_cache, selectors
from testimonials.models import ConsentField
from testimonials.services.erasure import consent_change
from tests.testimonials import test_story_index
from tests.testimonials.test_story_index import published_story

pytestmark = pytest.mark.django_db
# The nurse's and the patient's stories, as the index's own tests read them.
stories = test_story_index.stories


def listing(client, site_pages, **params) -> str:
    response = client.get(site_pages["stories"].url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_unfiltered_listing_is_kept_between_readers(client, site_pages, stories, monkeypatch):
    first = listing(client, site_pages)
    monkeypatch.setattr(selectors, "filtered_stories", lambda *args: pytest.fail("the listing was drawn again"))

    assert listing(client, site_pages) == first


def test_a_withdrawn_story_leaves_the_kept_listing_even_without_a_purge(client, site_pages, stories):
    assert stories["nurse"].url in listing(client, site_pages)

    with mock.patch.object(page_cache, "purge"):
        consent_change(
            testimony=stories["nurse"].testimony, consent=ConsentField.PUBLICATION, given=False, text_version="v"
        )

    content = listing(client, site_pages)
    assert stories["nurse"].url not in content and stories["patient"].url in content


def test_a_newly_published_story_joins_the_listing_at_once(client, site_pages, stories):
    listing(client, site_pages)

    newest = published_story(story="The scanners were offline and the radiology queue doubled.")

    assert newest.url in listing(client, site_pages)


def test_a_filtered_listing_after_a_kept_one_shows_only_what_matches(client, site_pages, stories):
    listing(client, site_pages)

    content = listing(client, site_pages, role="patient")

    assert stories["patient"].url in content and stories["nurse"].url not in content


def test_a_warm_read_of_the_index_reads_its_stories_restrictions_and_generation_at_once(
    client, site_pages, stories, django_assert_max_num_queries
):
    listing(client, site_pages)
    client.cookies.clear()

    # Wagtail's routing and view restrictions (7, as for a bare page), then the stories in one query that
    # also reads their view restrictions and the page generation.
    with django_assert_max_num_queries(8):
        listing(client, site_pages)
