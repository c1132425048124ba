"""A hot query built by the ORM once per connection gives what the ORM gives, for each run's own values."""

import pytest
from django.db.models import Exists, Q
from django.db.models.functions import Now
from django.utils import timezone

from testimonials import page_cache
from testimonials.compiled import CompiledQuery, compiled
from testimonials.models import StoryPage

pytestmark = pytest.mark.django_db

SLUG = "compiled-test:slug"


def stories_by_slug(slug):
    return (
        StoryPage.objects.filter(slug=slug)
        .select_related("testimony", "locale")
        .annotate(page_cache_generation=page_cache.generation_subquery())
    )


def test_compiled_instances_are_those_the_orm_gives(story, django_assert_num_queries):
    expected = stories_by_slug(story.slug).get()

    with django_assert_num_queries(1):
        (found,) = CompiledQuery(stories_by_slug(SLUG), (SLUG,)).instances(story.slug)
        # Its related rows and its annotation came with it: reading them asks nothing more.
        assert found.testimony.status == expected.testimony.status
        assert found.locale.language_code == expected.locale.language_code
        assert found.page_cache_generation == expected.page_cache_generation

    fields = [field.attname for field in StoryPage._meta.concrete_fields]
    assert [getattr(found, name) for name in fields] == [getattr(expected, name) for name in fields]
    assert found._state.adding is False and found._state.db == expected._state.db


def test_each_run_puts_its_own_values_in_place_of_the_stand_ins(story):
    query = CompiledQuery(stories_by_slug(SLUG), (SLUG,))

    assert [page.pk for page in query.instances(story.slug)] == [story.pk]
    assert query.instances("no-such-story") == []
    assert query.instances(SLUG) == []


@pytest.mark.parametrize(
    "queryset",
    [
        pytest.param(lambda: StoryPage.objects.filter(slug="another"), id="absent"),
        pytest.param(lambda: StoryPage.objects.filter(Q(slug=SLUG) | Q(title=SLUG)), id="twice"),
    ],
)
def test_a_stand_in_must_be_exactly_one_of_the_parameters(queryset):
    with pytest.raises(ValueError, match="not one"):
        CompiledQuery(queryset(), (SLUG,))


def test_a_query_is_built_once_per_connection():
    built = []

    def build():
        built.append(1)
        return CompiledQuery(StoryPage.objects.filter(slug=SLUG), (SLUG,))

    first = compiled("compiled-test", build)

    assert compiled("compiled-test", build) is first
    assert built == [1]


@pytest.mark.parametrize(
    "condition",
    [
        pytest.param(lambda: Q(first_published_at__lte=timezone.now()), id="before-now"),
        pytest.param(lambda: Q(first_published_at__in=[timezone.now()]), id="among-times"),
        pytest.param(lambda: Q(title="x") | Q(go_live_at__date=timezone.now().date()), id="nested-date"),
    ],
)
def test_a_query_that_reads_the_clock_is_refused(condition):
    # Compiled once, "published before now" would keep the moment it was first built.
    with pytest.raises(ValueError, match="clock"):
        CompiledQuery(StoryPage.objects.filter(condition(), slug=SLUG), (SLUG,))


def test_a_query_that_reads_the_clock_of_the_database_is_compiled():
    query = CompiledQuery(StoryPage.objects.filter(slug=SLUG, first_published_at__lte=Now()), (SLUG,))

    assert query.instances("no-such-story") == []


def test_a_subquery_that_reads_the_clock_is_refused():
    recent = StoryPage.objects.filter(first_published_at__gte=timezone.now()).values("pk")

    with pytest.raises(ValueError, match="clock"):
        CompiledQuery(StoryPage.objects.filter(Exists(recent), slug=SLUG), (SLUG,))
