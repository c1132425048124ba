"""The public, read-only API (Wagtail API v2) over the open data: published stories and incidents.

A story leaves only as readers see it on the site (StoryPage.api_fields); nothing from its testimony.
Every response names the open data's licence, as the exports do.
"""

from functools import cached_property

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import translation
from django.utils.translation import get_language_from_path
from rest_framework.fields import Field, SkipField
from rest_framework.renderers import JSONRenderer
from wagtail.api import APIField
from wagtail.api.querysets import get_public_pages_queryset
from wagtail.api.utils import get_full_url
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError, get_object_detail_url, page_models_from_string
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.models import Site

from . import selectors
from .exports import open_data_licence
from .incident_records import for_records, incident_record
from .models import Incident, StoryIncident, StoryIndexPage, StoryPage


def public_stories(request) -> QuerySet[StoryPage]:
    """Stories anyone may read now: live, not behind a view restriction, on this site, consent standing."""
    try:
        stories = get_public_pages_queryset(request, model=StoryPage)
    except ValueError as error:  # an unknown ?site=
        raise BadRequestError(str(error)) from error
    return stories.filter(StoryPage.publication_allowed())


class OpenDataAPIViewSet(BaseAPIViewSet):
    """What both endpoints share: JSON only, the same answer for everyone, whole records, the licence."""

    # The browsable API's inline scripts would break the Content-Security-Policy; there is nothing to browse.
    renderer_classes = [JSONRenderer]
    # Public data read anonymously: no session, so no CSRF, and nothing that depends on who asks.
    authentication_classes = []
    # The only fields a query may filter or order by (Wagtail offers every database field in the body).
    queryable_fields: tuple[str, ...] = ("id",)

    @classmethod
    def get_available_fields(cls, model, db_fields_only=False):
        fields = super().get_available_fields(model, db_fields_only)
        # Filtering and ordering are what ask for db_fields_only.
        return [field for field in fields if field in cls.queryable_fields] if db_fields_only else fields

    @classmethod
    def get_listing_default_fields(cls, model):
        # Open data: a listing carries whole records, as the exports do.
        return cls.get_available_fields(model)

    @classmethod
    def get_detail_default_fields(cls, model):
        return cls.get_available_fields(model)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["meta"].update(open_data_licence())
        return response

    def detail_view(self, request, pk):
        response = super().detail_view(request, pk)
        response.data.setdefault("meta", {}).update(open_data_licence())
        return response

    def handle_exception(self, exc):
        # A filter value its field cannot read (?attack_date=2021) is the client's mistake, not a server error.
        if isinstance(exc, ValidationError):
            exc = BadRequestError("; ".join(exc.messages))
        return super().handle_exception(exc)


class StoriesAPIViewSet(OpenDataAPIViewSet, PagesAPIViewSet):
    """Published stories whose authors' consent stands; no other page type is reachable from here."""

    name = "stories"
    model = StoryPage
    # Not Wagtail's page defaults (parent, alias_of, locale, SEO fields): only what a reader of the story sees.
    meta_fields = ["type", "detail_url", "html_url", "slug", "first_published_at"]
    detail_only_fields = []
    queryable_fields = ("id", "title", "slug", "first_published_at", "role", "country", "year")

    def find_object(self, queryset, request):
        # Public paths start with their language ("/fr/temoignages/…"): routed from that language's home.
        path = request.GET.get("html_path", "")
        site = Site.find_for_request(request)
        if (language := get_language_from_path(path)) and site is not None:
            with translation.override(language):
                home = site.root_page.localized.specific
            try:
                page, _, _ = home.route(request, [part for part in path.split("/") if part][1:])
            except Http404:
                return None
            return page if queryset.filter(pk=page.pk).exists() else None
        return super().find_object(queryset, request)

    def get_base_queryset(self):
        # Also where ?child_of, ?descendant_of and ?ancestor_of look up their page: other pages do not exist here.
        return public_stories(self.request)

    def get_queryset(self):
        if types := self.request.GET.get("type"):
            try:
                models = page_models_from_string(types)
            except (LookupError, ValueError) as error:
                raise BadRequestError("type doesn't exist") from error
            if set(models) != {StoryPage}:
                raise BadRequestError("this endpoint serves testimonials.StoryPage only")
        # Narrowed by primary key, as Wagtail does for a typed query: ?search filters only on indexed
        # fields, and the testimony's are not.
        return (
            StoryPage.objects.filter(pk__in=self.get_base_queryset().values("pk"))
            .order_by("-first_published_at", "-pk")
            .prefetch_related("incident_links__incident")
        )


class IncidentRecordField(Field):
    """One key of the incident's open-data record (incident_records), so the API and the exports agree."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, value):
        # Every field of an incident reads the same record: build it once.
        if not hasattr(value, "_open_data_record"):
            value._open_data_record = incident_record(value)
        return value._open_data_record[self.field_name]


class PublishedStoriesField(Field):
    """The incident's stories that are public now (prefetched by IncidentsAPIViewSet.get_queryset)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance.published_story_links

    def to_representation(self, value):
        request, router = self.context["request"], self.context["router"]
        return [
            {
                "id": link.page.pk,
                "title": link.page.title,
                "slug": link.page.slug,
                "html_url": link.page.get_full_url(request),
                "detail_url": get_object_detail_url(router, request, StoryPage, link.page.pk),
            }
            for link in value
        ]


class IncidentPageUrlField(Field):
    """The incident's public page, which the story index serves."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        index = self.context["view"].story_index
        if index is None:
            raise SkipField
        return index.incident_url(instance, self.context["request"])

    def to_representation(self, value):
        return get_full_url(self.context["request"], value)


class IncidentsAPIViewSet(OpenDataAPIViewSet):
    """Incidents as open data, with the published stories that are evidence for them."""

    name = "incidents"
    model = Incident
    filter_backends = [FieldsFilter, OrderingFilter, SearchFilter]
    body_fields = [
        *BaseAPIViewSet.body_fields,
        *(APIField(key, serializer=IncidentRecordField()) for key in ("slug", "title", "description", "attack_date")),
        "attack_date_precision",
        *(
            APIField(key, serializer=IncidentRecordField())
            for key in (
                "disclosure_date",
                "countries",
                "attack_type",
                "threat_actor",
                "attribution",
                "organisations",
                "records_exposed",
                "days_of_disruption",
                "patients_affected",
                "care_disruption",
                "sources",
                "translations",
            )
        ),
        APIField("stories", serializer=PublishedStoriesField()),
    ]
    meta_fields = [*BaseAPIViewSet.meta_fields, APIField("html_url", serializer=IncidentPageUrlField())]
    # Not countries (stored as one text, so ?countries=IE would miss "GB,IE") nor threat_actor (its id is not shown).
    queryable_fields = (
        "id",
        "slug",
        "title",
        "attack_date",
        "attack_date_precision",
        "disclosure_date",
        "attack_type",
        "attribution",
        "records_exposed",
        "days_of_disruption",
        "patients_affected",
    )

    def get_queryset(self):
        published_links = (
            StoryIncident.objects.filter(page__in=public_stories(self.request))
            .select_related("page")
            .order_by("-page__first_published_at", "-page__pk")
        )
        return for_records(Incident.objects.order_by("-attack_date", "title")).prefetch_related(
            Prefetch("story_links", queryset=published_links, to_attr="published_story_links")
        )

    @cached_property
    def story_index(self) -> StoryIndexPage | None:
        return selectors.story_index()


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("stories", StoriesAPIViewSet)
api_router.register_endpoint("incidents", IncidentsAPIViewSet)
