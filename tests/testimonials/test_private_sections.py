"""Stories behind a view restriction are never listed: published_stories reads the restrictions in its own
query, and excludes what Wagtail's .public() would."""

import pytest
from wagtail.models import PageViewRestriction

from testimonials import publishing, selectors
from testimonials.models import StoryPage

pytestmark = pytest.mark.django_db


def test_a_story_whose_own_page_is_restricted_is_not_listed(story):
    PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)

    assert list(selectors.published_stories()) == []


def test_a_story_under_a_restricted_index_is_not_listed(story, site_pages):
    PageViewRestriction.objects.create(page=site_pages["stories"], restriction_type=PageViewRestriction.LOGIN)

    assert list(selectors.published_stories(site_pages["stories"])) == []


def test_a_restriction_elsewhere_hides_no_story(story, site_pages):
    PageViewRestriction.objects.create(page=site_pages["call"], restriction_type=PageViewRestriction.LOGIN)

    assert list(selectors.published_stories()) == [story]


def test_the_listing_agrees_with_wagtails_public(story, site_pages):
    for page in (site_pages["call"], story):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
        wagtails = StoryPage.objects.live().public().filter(publishing.publication_allowed())

        assert list(selectors.published_stories()) == list(wagtails)


def test_the_listing_reads_no_restriction_on_its_own(story, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(selectors.published_stories())
