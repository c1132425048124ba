"""Published story pages are kept for anonymous readers, and never outlive a withdrawal, an unpublishing or an edit."""

from unittest import mock

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from testimonials import page_cache
from testimonials.models import ConsentField, StoryPage
from testimonials.publishing import text_check_request, text_checks_run
from testimonials.services.erasure import consent_change
from tests.factories import UserFactory

# A kept answer costs one query: the check that the story is still public at the revision kept.
QUERIES_WHEN_KEPT = 1


def kept(client, url, django_assert_num_queries) -> str:
    """Read `url` once to fill the cache, then again from it; the second answer's text."""
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(QUERIES_WHEN_KEPT):
        second = client.get(url)
    assert second.content == first.content
    return second.content.decode()


def republish(story: StoryPage, body: str) -> None:
    """Publish a corrected body, once the worker's check has cleared it."""
    text_check_request(body, testimony=story.testimony)
    text_checks_run()
    story.body = body
    story.save_revision().publish()


def test_story_page_is_served_from_the_cache_with_the_site_headers(client, story, django_assert_num_queries):
    text = kept(client, story.url, django_assert_num_queries)

    assert "paper charts" in text
    answer = client.get(story.url)
    assert answer["Content-Security-Policy"]
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert "Set-Cookie" not in answer


def test_withdrawn_consent_takes_the_cached_story_down_at_once(client, story, django_assert_num_queries):
    kept(client, story.url, django_assert_num_queries)

    consent_change(testimony=story.testimony, consent=ConsentField.PUBLICATION, given=False, text_version="v-test")

    assert client.get(story.url).status_code == 404


def test_unpublished_story_is_not_served_from_the_cache(client, story, django_assert_num_queries):
    kept(client, story.url, django_assert_num_queries)

    story.unpublish()

    assert client.get(story.url).status_code == 404


def test_corrected_story_is_served_as_corrected(client, story, django_assert_num_queries):
    kept(client, story.url, django_assert_num_queries)

    republish(story, "We went back to paper charts on the ward for [a duration].")

    text = client.get(story.url).content.decode()
    assert "[a duration]" in text
    assert "cardiac" not in text


def test_renamed_incident_shows_on_the_cached_story(client, story, django_assert_num_queries):
    kept(client, story.url, django_assert_num_queries)

    incident = story.incidents[0]
    incident.title = "Ransomware at the regional hospital"
    incident.save()

    assert "Ransomware at the regional hospital" in client.get(story.url).content.decode()


def test_a_lost_purge_never_serves_a_withdrawn_story(client, story, django_assert_num_queries):
    """The cache was unreachable when consent was withdrawn: the check on each hit still refuses the page."""
    kept(client, story.url, django_assert_num_queries)

    with mock.patch.object(page_cache, "purge"):
        consent_change(testimony=story.testimony, consent=ConsentField.PUBLICATION, given=False, text_version="v")

    assert client.get(story.url).status_code == 404


def test_a_lost_purge_never_serves_an_old_revision(client, story, django_assert_num_queries):
    kept(client, story.url, django_assert_num_queries)

    with mock.patch.object(page_cache, "purge"):
        republish(story, "We went back to paper charts for [a duration].")

    assert "[a duration]" in client.get(story.url).content.decode()


def test_signed_in_staff_neither_fill_nor_read_the_cache(client, story, django_assert_num_queries):
    key = page_cache.key_for(host="testserver", path=story.url)
    client.force_login(UserFactory(is_superuser=True))
    assert "userbar" in client.get(story.url).content.decode()
    assert caches["shared"].get(key) is None

    client.logout()
    kept(client, story.url, django_assert_num_queries)
    client.force_login(UserFactory(is_superuser=True))
    # Rendered for them, with Wagtail's user bar, not the kept answer.
    assert "userbar" in client.get(story.url).content.decode()


def test_query_strings_pass_the_cache_by(client, story, django_assert_num_queries):
    kept(client, story.url, django_assert_num_queries)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(story.url, {"utm_source": "x"}).status_code == 200
    assert len(queries) > QUERIES_WHEN_KEPT


def test_cache_turned_off_keeps_nothing(client, story, settings):
    settings.STORY_PAGE_CACHE_SECONDS = 0

    client.get(story.url)

    assert not caches["shared"].get(page_cache.key_for(host="testserver", path=story.url))


def test_a_page_rendered_before_a_change_is_not_served_after_it(client, story):
    """A slow rendering began before an incident was renamed and is kept after: its generation is old."""
    generation = page_cache.generation_now()
    stale = client.get(story.url, {"render": "before"}).content
    incident = story.incidents[0]
    incident.title = "Ransomware at the regional hospital"
    incident.save()
    entry = page_cache.Entry(generation, story.pk, story.live_revision_id, 200, (), stale)
    caches["shared"].set(page_cache.key_for(host="testserver", path=story.url), entry)

    assert "Ransomware at the regional hospital" in client.get(story.url).content.decode()


def test_a_story_made_private_is_not_served_from_the_cache(client, story, django_assert_num_queries):
    """A password put on the story after it was kept: readers get Wagtail's password form, not the story."""
    from wagtail.models import PageViewRestriction

    kept(client, story.url, django_assert_num_queries)

    PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.PASSWORD, password="x")

    assert "paper charts" not in client.get(story.url).content.decode()


@pytest.fixture
def database_shared_cache(settings):
    """Production's default shared cache: the database's."""
    settings.CACHES = {**settings.CACHES, "shared": settings.CACHES["database"]}
    yield
    caches["shared"].clear()


@pytest.mark.django_db
def test_with_the_database_as_shared_cache_a_hit_still_costs_one_query(
    client, story, database_shared_cache, django_assert_num_queries
):
    """Each process keeps its own copy: the shared cache is read once per process, the check on every hit."""
    kept(client, story.url, django_assert_num_queries)


def test_a_copy_kept_by_this_process_is_refused_after_a_withdrawal_without_purge(
    client, story, django_assert_num_queries
):
    kept(client, story.url, django_assert_num_queries)
    caches["shared"].clear()  # only this process's copy is left

    with mock.patch.object(page_cache, "purge"):
        consent_change(testimony=story.testimony, consent=ConsentField.PUBLICATION, given=False, text_version="v")

    assert client.get(story.url).status_code == 404
