"""Reads for testimonials: what the public may see, narrowed by the reader's filters.

The story index, its feeds and exports, and the API all list stories through `published_stories`,
so the one rule of what may be public (testimonials.publishing) is applied on every path.
"""

from collections import Counter

from django.conf import settings
from django.core.cache import caches
from django.db import models
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.http import HttpRequest
from django.utils.translation import get_language
from django_countries import countries
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from home.tree import children_of

from . import page_cache
from .models import (
    AttackType,
    CallForTestimonialsPage,
    CallTerms,
    Impact,
    Incident,
    OrganisationType,
    StoryIndexPage,
    StoryPage,
)
from .publishing import publication_allowed


def _in_language(model: type[Page], language: str | None, *, live: bool) -> Page | None:
    pages = model.objects.live() if live else model.objects.all()
    default = settings.LANGUAGE_CODE
    wanted = pages.filter(locale__language_code=language or default).first()
    return wanted or pages.filter(locale__language_code=default).first() or pages.first()


def story_index(language: str | None = None, *, live: bool = True) -> StoryIndexPage | None:
    """The story index in `language` (the site's default language when None or missing there)."""
    return _in_language(StoryIndexPage, language, live=live)


def call_page(language: str | None = None) -> CallForTestimonialsPage | None:
    """The live call for testimonials in `language` (the default language's when missing there)."""
    return _in_language(CallForTestimonialsPage, language, live=True)


# Long enough to serve a day's submissions from one read; a change to the call replaces the generation at once.
CALL_TERMS_SECONDS = 3600


def call_terms(request: HttpRequest, page: CallForTestimonialsPage | None = None) -> CallTerms | None:
    """The terms of `page`, or of the live call in the request's language, as the page shows them now.

    Kept by each process under the page generation (testimonials.page_cache), which publishing a page
    or renaming the organisation replaces: the call page and a submission read that one row, not the
    call page, its site and its organisation. A preview shows its draft's terms, never kept.
    """
    if page is not None and getattr(request, "is_preview", False):
        return page.terms()  # a draft's wording: never kept, never served to readers
    language = get_language()
    key = f"call-terms:{language}:{page.pk if page else 'live'}:{page_cache.request_generation(request)}"
    if (terms := caches["default"].get(key)) is None:
        page = page or call_page(language)
        if page is None:
            return None
        terms = page.terms()
        caches["default"].set(key, terms, timeout=CALL_TERMS_SECONDS)
    return terms


def published_stories(index_page: StoryIndexPage | None = None) -> QuerySet[StoryPage]:
    """Live, public stories that may be public now, newest first (under `index_page` if given)."""
    stories = StoryPage.objects.live().filter(_outside_private_sections(), publication_allowed())
    if index_page is not None:
        stories = stories.filter(children_of(index_page))
    return stories.order_by("-first_published_at")


def _outside_private_sections() -> Q:
    """Wagtail's `.public()` inside the query itself: no view restriction on the page or an ancestor, whose
    paths are the prefixes of its path. `.public()` first reads every restriction in a query of its own."""
    restricted = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return ~Q(Exists(restricted))


def story_languages(incident_ids) -> dict[int, list[str]]:
    """For each incident, the languages its published stories are in (codes, in the site's order)."""
    found: dict[int, set[str]] = {}
    links = published_stories().filter(incident_links__incident__in=incident_ids)
    for incident_id, language in links.values_list("incident_links__incident", "locale__language_code"):
        found.setdefault(incident_id, set()).add(language)
    order = [code for code, _ in settings.LANGUAGES]
    return {incident_id: sorted(codes, key=order.index) for incident_id, codes in found.items()}


def filtered_stories(index_page: StoryIndexPage, params) -> QuerySet[StoryPage]:
    """Published stories narrowed by the reader's filters and search (Wagtail search, PostgreSQL full text)."""
    stories = published_stories(index_page)
    if slug := params.get("incident"):
        stories = stories.filter(incident_links__incident__slug=slug)
    for field in ("country", "role"):
        if value := params.get(field):
            stories = stories.filter(**{field: value})
    if (year := params.get("year", "")).isdigit():
        stories = stories.filter(year=int(year))
    if impact := params.get("impact"):
        # JSON containment is not on every database: narrowed in Python, the index is small.
        stories = stories.filter(pk__in=[s.pk for s in stories.only("pk", "impacts") if impact in s.impacts])
    if query := params.get("q", "").strip():
        found = [page.pk for page in StoryPage.objects.live().public().search(query)]
        stories = stories.filter(pk__in=found)
    return stories.distinct().select_related("locale").prefetch_related("incident_links__incident__translations")


def impact_summary(published: list[StoryPage]) -> dict:
    """Counts of published stories by impact and by country, with bar lengths (percent of the largest) for a chart."""
    impact_labels = dict(Impact.choices)
    by_impact = Counter(impact for story in published for impact in story.impacts)
    by_country = Counter(story.country.name for story in published if story.country)

    def chart(counts: Counter, labels=None) -> dict:
        largest = max(counts.values(), default=0)
        bars = [
            {"label": (labels or {}).get(key, key), "count": count, "percent": round(100 * count / largest)}
            for key, count in counts.most_common()
        ]
        return {"bars": bars}

    return {"stories": len(published), "impacts": chart(by_impact, impact_labels), "countries": chart(by_country)}


def filtered_incidents(index_page: StoryIndexPage, params) -> QuerySet[Incident]:
    """Incidents narrowed by the reader's filters and search (Wagtail search, as for stories)."""
    incidents = Incident.objects.all()
    if (code := params.get("country", "").upper()) and code in countries:
        # Stored as "GB,IE": codes are two letters between commas, so containment is exact.
        incidents = incidents.filter(countries__contains=code)
    if (attack_type := params.get("attack_type")) in AttackType.values:
        incidents = incidents.filter(attack_type=attack_type)
    if (year := params.get("year", "")).isdigit() and len(year) == 4:
        incidents = incidents.filter(attack_date__year=int(year))
    if (organisation_type := params.get("organisation_type")) in OrganisationType.values:
        incidents = incidents.filter(organisations__organisation_type=organisation_type).distinct()
    if params.get("with_stories"):
        incidents = incidents.filter(story_links__page__in=published_stories(index_page).values("pk")).distinct()
    if query := params.get("q", "").strip():
        found = get_search_backend().search(query, Incident)
        incidents = incidents.filter(pk__in=[incident.pk for incident in found])
    public = published_stories(index_page).values("pk")
    published = models.Count("story_links", filter=models.Q(story_links__page__in=public))
    # Meta.ordering does not apply to an aggregating query: ordered here, latest attack first.
    return (
        incidents.annotate(published_stories=published)
        .order_by("-attack_date", "title")
        .prefetch_related("organisations", "translations")
    )
