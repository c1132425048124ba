import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from django_countries.serializer_fields import CountryField as CountrySerializerField
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index

from home.tree import children_of
from testimonials import exports, page_cache, publishing
from testimonials.admin_forms import StoryPageForm
from testimonials.compiled import CompiledQuery, compiled
from testimonials.feeds import StoryAtomFeed, StoryRssFeed
from testimonials.panels import TextCheckPanel
from testimonials.placeholders import placeholders_for_readers
from testimonials.serializers import IncidentLinkSerializer

from .incidents import AttackType, Incident, OrganisationType
from .testimony import ConsentField, Impact, Role, Testimony


@dataclass(frozen=True)
class CallTerms:
    """What a call asks an author to agree to, as read at one moment: each consent's wording (the
    organisation named), the version recorded with every testimony, and the call's language."""

    page_id: int
    language: str
    wording: dict[str, str]
    version: str


def _version_of(wording: dict[str, str]) -> str:
    """A fingerprint of consent wording (a call page's `consent_text_version`)."""
    joined = "\x1f".join(wording.values())
    return "v-" + hashlib.sha256(joined.encode()).hexdigest()[:16]


class CallForTestimonialsPage(RoutablePageMixin, Page):
    """The public call: an introduction, the consent wording, and the submission form."""

    intro = RichTextField(blank=True)
    privacy_notice = RichTextField(blank=True, help_text=_("What happens to a story once sent: shown beside the form."))
    consent_processing_text = models.TextField(
        _("consent to processing"),
        help_text=_(
            "Required consent. {organisation} stands for your organisation's name (Settings, Organisation). "
            "Changing any consent wording, or the name, starts a new consent version."
        ),
    )
    consent_publication_text = models.TextField(_("consent to publication"))
    consent_contact_text = models.TextField(_("consent to being contacted"))
    consent_research_text = models.TextField(_("consent to sharing with researchers"))
    receipt_intro = RichTextField(blank=True, help_text=_("Shown above the reference and secret after submission."))

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("privacy_notice"),
        MultiFieldPanel(
            [
                FieldPanel("consent_processing_text"),
                FieldPanel("consent_publication_text"),
                FieldPanel("consent_contact_text"),
                FieldPanel("consent_research_text"),
            ],
            heading=_("Consent wording"),
        ),
        FieldPanel("receipt_intro"),
    ]
    subpage_types: list[str] = []
    # One call per language's home.
    max_count_per_parent = 1

    def consent_wording(self) -> dict[str, str]:
        """Each consent (ConsentField) and the words this page asks it with (`<consent>_text`), the
        organisation named where the wording says {organisation}: the version is of the words as read."""
        name = self._organisation_name
        return {
            consent: getattr(self, f"{consent}_text").replace("{organisation}", name) for consent in ConsentField.values
        }

    @cached_property
    def _organisation_name(self) -> str:
        # Once per page object (a request's): the form and the version it records both ask.
        from home.models import Organisation

        return Organisation.for_site(self.get_site()).name_or_default

    @property
    def consent_text_version(self) -> str:
        """A fingerprint of the consent wording, recorded with every testimony."""
        return _version_of(self.consent_wording())

    def terms(self) -> CallTerms:
        wording = self.consent_wording()
        return CallTerms(
            page_id=self.pk, language=self.locale.language_code, wording=wording, version=_version_of(wording)
        )

    @path("")
    def call(self, request):
        from testimonials.views import call_for_testimonials

        return call_for_testimonials(request, page=self)


class _StoryChildRoute:
    """Finds a story under the index in one query, with what serving it reads.

    Wagtail finds a child as a Page, then its StoryPage row, then serving reads its testimony (for the
    publication rule) and its locale (for the placeholders' language): four queries, and the testimony
    decrypted whole, its original text and the author's contact included, on every public read. Here only
    what the publication rule reads of the testimony is loaded, with the page cache's generation (read
    before anything the page shows, and in the same statement). Placed after RoutablePageMixin, so the
    index's own routes (incidents/, feed/...) still come first, as they do in Wagtail.
    """

    def route(self, request, path_components):
        if len(path_components) == 1 and self.live:
            found = _story_route_query().instances(self.path, self.depth + 1, path_components[0])
            if found:
                story = found[0]
                # Read in the same statement as the story, so before anything it shows.
                page_cache.generation_read_with(request, story.page_cache_generation)
                story._cached_parent_obj = self
                return story.route(request, [])
        return super().route(request, path_components)


# Stand-ins for an index's path, its children's depth and the slug asked for (testimonials.compiled).
_INDEX_PATH, _CHILD_DEPTH, _SLUG = "story-index:path", 7_101_007, "story-index:slug"


def _published_listing_query() -> CompiledQuery:
    """An index's published stories, without their bodies, with the page generation: built once per
    connection, as the story's route is (`_story_route_query`)."""

    def build() -> CompiledQuery:
        from testimonials.selectors import published_stories

        stories = (
            published_stories(StoryIndexPage(path=_INDEX_PATH, depth=_CHILD_DEPTH - 1))
            .only("pk", "impacts", "country", "year", "live_revision_id")
            .annotate(page_cache_generation=page_cache.generation_subquery())
        )
        return CompiledQuery(stories, (_INDEX_PATH, _CHILD_DEPTH))

    return compiled("story-index:published", build)


def _story_route_query() -> CompiledQuery:
    """A child of an index by its slug: built once per connection (building it each time cost more than
    running it)."""

    def build() -> CompiledQuery:
        stand_in_index = StoryIndexPage(path=_INDEX_PATH, depth=_CHILD_DEPTH - 1)
        stories = (
            StoryPage.objects.filter(children_of(stand_in_index), slug=_SLUG)
            .select_related("testimony", "locale")
            .annotate(page_cache_generation=page_cache.generation_subquery())
            .only(
                *(field.name for field in StoryPage._meta.concrete_fields),
                "locale__language_code",
                *(f"testimony__{name}" for name in publishing.PUBLICATION_RULE_FIELDS),
            )
            # A slug names one child at most (Wagtail keeps siblings' slugs apart): no ordering to build.
            .order_by()[:1]
        )
        return CompiledQuery(stories, (_INDEX_PATH, _CHILD_DEPTH, _SLUG))

    return compiled("story-route", build)


class StoryIndexPage(RoutablePageMixin, _StoryChildRoute, Page):
    """Published stories, and the public pages of the incidents they are linked to."""

    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["testimonials.StoryPage"]
    # One per language's home: a story is published under the index of its testimony's language.
    max_count_per_parent = 1

    def stories(self):
        from testimonials.selectors import published_stories

        return published_stories(self)

    STORIES_PER_PAGE = 10

    def get_context(self, request, *args, **kwargs):
        from testimonials.selectors import filtered_stories, impact_summary

        context = super().get_context(request, *args, **kwargs)
        # Loaded once, without bodies: the chart and the filters' choices both come from it. The generation is
        # read in the same statement, before anything the page shows (as the story's route reads it).
        published = _published_listing_query().instances(self.path, self.depth + 1)
        if published:
            page_cache.generation_read_with(request, published[0].page_cache_generation)
        # Lazy: a listing kept from an earlier read (kept_under, below) never asks for it.
        page = SimpleLazyObject(
            lambda: Paginator(filtered_stories(self, request.GET), self.STORIES_PER_PAGE).get_page(
                request.GET.get("page")
            )
        )
        filters = request.GET.copy()
        filters.pop("page", None)
        context.update(
            summary=impact_summary(published),
            stories=SimpleLazyObject(lambda: page.object_list),
            page_obj=page,
            filter_query=filters.urlencode(),
            filters=request.GET,
            incident_choices=Incident.objects.filter(story_links__page__in=[story.pk for story in published])
            .distinct()
            .values_list("slug", "title"),
            countries=sorted({(str(s.country), s.country.name) for s in published if s.country}, key=lambda c: c[1]),
            roles=Role.choices,
            impacts=Impact.choices,
            year_choices=[(year, year) for year in sorted({s.year for s in published if s.year}, reverse=True)],
            kept_under=self._listing_key(request, published),
        )
        return context

    @staticmethod
    def _listing_key(request, published) -> str:
        """For the unfiltered listing, which stories may be public at which revisions, as this request found
        them: the listing is kept under it (and the page generation), so a story that may no longer be
        public leaves the listing on the next read, whether or not its change purged anything."""
        if request.GET:
            return ""
        found = ",".join(f"{story.pk}:{story.live_revision_id}" for story in published)
        return hashlib.sha256(found.encode()).hexdigest()

    @path("")
    def index(self, request):
        return self.render(request)

    @path("export/stories/<str:file_format>/")
    def stories_export(self, request, file_format):
        records = exports.story_records(
            self.stories().select_related("locale").prefetch_related("incident_links__incident"), request
        )
        return self._export(records, file_format, "stories")

    @path("export/incidents/<str:file_format>/")
    def incidents_export(self, request, file_format):
        return self._export(exports.incident_records(Incident.objects.all(), self, request), file_format, "incidents")

    def _export(self, records, file_format, name):
        if file_format == "csv":
            return exports.as_csv(records, f"{name}.csv")
        if file_format == "json":
            return exports.as_json(records)
        raise Http404

    @path("feed/rss/")
    def rss_feed(self, request):
        return StoryRssFeed(self)(request)

    @path("feed/atom/")
    def atom_feed(self, request):
        return StoryAtomFeed(self)(request)

    INCIDENTS_PER_PAGE = 25

    @path("incidents/")
    def incident_list(self, request):
        from testimonials.selectors import filtered_incidents

        paginator = Paginator(filtered_incidents(self, request.GET), self.INCIDENTS_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        filters = request.GET.copy()
        filters.pop("page", None)
        recorded = Incident.objects.values_list("countries", "attack_type", "attack_date")
        # Read as stored ("GB,IE"): values_list skips the field's conversion to Country objects.
        codes = {code for stored, _, _ in recorded for code in stored.split(",") if code}
        return self.render(
            request,
            context_overrides={
                "incidents": page.object_list,
                "page_obj": page,
                "filter_query": filters.urlencode(),
                "filters": request.GET,
                "countries": sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1]),
                "attack_types": [(v, label) for v, label in AttackType.choices if v in {t for _, t, _ in recorded}],
                "organisation_types": OrganisationType.choices,
                "year_choices": [(year, year) for year in sorted({date.year for _, _, date in recorded}, reverse=True)],
            },
            template="testimonials/incident_list.html",
        )

    @path("incidents/<slug:slug>/")
    def incident_detail(self, request, slug):
        incident = get_object_or_404(
            Incident.objects.select_related("threat_actor").prefetch_related(
                "organisations", "sources", "translations"
            ),
            slug=slug,
        )
        return self.render(
            request,
            context_overrides={
                "incident": incident,
                "wording": incident.wording(),
                "stories": self.stories().filter(incident_links__incident=incident).select_related("locale"),
                "stories_elsewhere": self.incident_stories_elsewhere(incident, request),
            },
            template="testimonials/incident_detail.html",
        )

    def incident_stories_elsewhere(self, incident: Incident, request=None) -> list[tuple[str, str, str]]:
        """The other languages with stories about `incident`: (code, name, its page on that language's index)."""
        from testimonials.selectors import story_languages

        names = dict(settings.LANGUAGES)
        elsewhere = []
        for code in story_languages([incident.pk]).get(incident.pk, []):
            index = self.get_translation_or_none(Locale.objects.get(language_code=code))
            if code != self.locale.language_code and index is not None and index.live:
                elsewhere.append((code, names[code], index.specific.incident_url(incident, request)))
        return elsewhere

    def incident_url(self, incident: Incident, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("incident_detail", kwargs={"slug": incident.slug})


class StoryPage(Page):
    """A victim's story as the public reads it: only the redacted, approved text."""

    testimony = models.OneToOneField(
        Testimony, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="story_page"
    )
    body = models.TextField(help_text=_("The redacted story. Never paste the original text here."))
    role = models.CharField(max_length=32, choices=Role.choices, blank=True)
    country = CountryField(blank=True)
    # Copied from the testimony at approval, for readers to filter by: no personal data.
    impacts = models.JSONField(default=list, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    # The body that last passed the personal-data scan (or a moderator approved with a reason).
    scan_cleared_digest = models.CharField(max_length=64, blank=True, editable=False)

    base_form_class = StoryPageForm
    content_panels = [
        *Page.content_panels,
        HelpPanel(
            content=_(
                "This story comes from an approved testimony. It can go live only while its "
                "author's consent to publication stands."
            )
        ),
        TextCheckPanel(),
        FieldPanel("body"),
        MultipleChooserPanel(
            "incident_links", chooser_field_name="incident", heading=_("Incidents"), label=_("Incident")
        ),
        FieldPanel("role"),
        FieldPanel("country"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    # With the title and the page's meta, all the API (testimonials.api) shows: a list of what may leave,
    # so that the testimony and the scan digest never can.
    api_fields = [
        APIField("body"),
        APIField("role"),
        APIField("country", serializer=CountrySerializerField(read_only=True)),
        APIField("impacts"),
        APIField("year"),
        APIField("incidents", serializer=IncidentLinkSerializer(many=True, read_only=True)),
    ]
    parent_page_types = ["testimonials.StoryIndexPage"]
    subpage_types: list[str] = []
    # Stories come only from approved testimonies (testimonials.services.story_draft_create).
    is_creatable = False

    def publication_problem(self, body: str | None = None) -> str | None:
        """Why this story may not go live now, or None; with `body`, whether that text may go public too.

        Asks testimonials.publishing, where the rules live.
        """
        if problem := publishing.publication_problem(self.testimony):
            return problem
        if body is not None and (refusal := self.text_refusal(body)):
            return " ".join(refusal.messages)
        return None

    def text_refusal(self, body: str) -> "publishing.TextRefused | None":
        return publishing.text_refusal(body, testimony=self.testimony, cleared_digest=self.scan_cleared_digest)

    @staticmethod
    def publication_allowed() -> models.Q:
        return publishing.publication_allowed()

    def clean(self):
        super().clean()
        # Page.save() calls full_clean() whenever the page is live, so this holds on every
        # publishing path: edit view, workflow approval, scheduled and bulk publishing.
        if not self.live:
            return
        if problem := self.publication_problem():
            raise ValidationError(problem, code=publishing.NOT_PUBLISHABLE)

    def save(self, *args, **kwargs):
        # The text rule is checked here rather than in clean(): Wagtail cleans a live page when a draft of it
        # is saved too, and a draft puts nothing public. A live page saved with its body is going public
        # (every publishing path saves it so): edited since its last check, it needs the worker's verdict.
        update_fields = kwargs.get("update_fields")
        goes_public = self.live and (update_fields is None or "body" in update_fields)
        if goes_public and not self.publication_problem():  # that refusal comes first, from clean()
            if refusal := self.text_refusal(self.body):
                raise ValidationError({"body": refusal})
            self.scan_cleared_digest = publishing.text_digest(self.body)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "scan_cleared_digest"}
        return super().save(*args, **kwargs)

    @property
    def reader_body(self) -> str:
        """The body as the public reads it: placeholders in words of the story's language ("[un nom]")."""
        return placeholders_for_readers(self.body, self.locale.language_code)

    @property
    def incidents(self) -> list[Incident]:
        links = self.incident_links.select_related("incident").prefetch_related("incident__translations")
        return [link.incident for link in links]

    def serve(self, request, *args, **kwargs):
        # Read before anything the page shows: a change committed after it makes this answer's generation old.
        generation = page_cache.request_generation(request)
        if self.publication_problem():
            raise Http404
        response = super().serve(request, *args, **kwargs)
        if page_cache.eligible(request):
            page_cache.cacheable_as(response, generation=generation, page_id=self.pk, revision_id=self.live_revision_id)
        return response


class StoryIncident(Orderable):
    """A story's link to an incident it is evidence about, chosen in the editor."""

    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="incident_links")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="story_links")

    panels = [FieldPanel("incident")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["page", "incident"], name="story_incident_once")]


class StoryPageCacheGeneration(models.Model):
    """The one row naming the current generation of kept story pages (testimonials.page_cache).

    In the database, not the cache: replaced inside the transaction that withdraws or changes a story, it
    commits or rolls back with it, and a cache that is down or restarted cannot lose it.
    """

    value = models.CharField(max_length=32)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="story_page_cache_generation_one_row")]

    def __str__(self) -> str:
        return f"Story page cache generation {self.value}"
