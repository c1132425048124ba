import hashlib
from collections import Counter

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from django_countries.serializer_fields import CountryField as CountrySerializerField
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.api import APIField
from wagtail.api.utils import get_full_url
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.search.backends import get_search_backend

from moderation.redaction import scan
from testimonials import exports, lifecycle
from testimonials.feeds import StoryAtomFeed, StoryRssFeed

from .incidents import AttackType, Incident, OrganisationType
from .testimony import Impact, Role, Testimony


class CallForTestimonialsPage(RoutablePageMixin, Page):
    """The public call: an introduction, the consent wording, and the submission form."""

    intro = RichTextField(blank=True)
    privacy_notice = RichTextField(blank=True, help_text=_("What happens to a story once sent: shown beside the form."))
    consent_processing_text = models.TextField(
        _("consent to processing"),
        help_text=_("Required consent. Changing any consent wording starts a new consent version."),
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
    max_count = 1

    @property
    def consent_text_version(self) -> str:
        """A fingerprint of the consent wording, recorded with every testimony."""
        wording = "\x1f".join(
            [
                self.consent_processing_text,
                self.consent_publication_text,
                self.consent_contact_text,
                self.consent_research_text,
            ]
        )
        return "v-" + hashlib.sha256(wording.encode()).hexdigest()[:16]

    @path("")
    def call(self, request):
        from testimonials.views import call_for_testimonials

        return call_for_testimonials(request, page=self)

    @path("receipt/")
    def receipt(self, request):
        from testimonials.views import testimony_receipt

        return testimony_receipt(request, page=self)


class StoryIndexPage(RoutablePageMixin, Page):
    """Published stories, and the public pages of the incidents they are linked to."""

    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["testimonials.StoryPage"]
    max_count = 1

    def stories(self):
        return (
            StoryPage.objects.child_of(self)
            .live()
            .public()
            .filter(StoryPage.publication_allowed())
            .order_by("-first_published_at")
        )

    STORIES_PER_PAGE = 10

    def filtered_stories(self, params):
        """Published stories narrowed by the reader's filters and search (Wagtail search, PostgreSQL full text)."""
        stories = self.stories()
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
        return stories.distinct().prefetch_related("incident_links__incident")

    def impact_summary(self, published: list["StoryPage"]) -> dict:
        """Counts of published stories by impact and by country, with bar lengths for a server-drawn chart."""
        impact_labels = dict(Impact.choices)
        by_impact = Counter(impact for story in published for impact in story.impacts)
        by_country = Counter(story.country.name for story in published if story.country)

        def chart(counts: Counter, labels=None) -> dict:
            # In the SVG's coordinates (400 wide): rows 22 apart, the longest bar 170 long.
            largest = max(counts.values(), default=0)
            bars = [
                {
                    "label": (labels or {}).get(key, key),
                    "count": count,
                    "length": round(170 * count / largest),
                    "y": 22 * row,
                }
                for row, (key, count) in enumerate(counts.most_common())
            ]
            return {"bars": bars, "height": 22 * len(bars)}

        return {"stories": len(published), "impacts": chart(by_impact, impact_labels), "countries": chart(by_country)}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Loaded once, without bodies: the chart and the filters' choices both come from it.
        published = list(self.stories().only("pk", "impacts", "country", "year"))
        paginator = Paginator(self.filtered_stories(request.GET), self.STORIES_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        filters = request.GET.copy()
        filters.pop("page", None)
        context.update(
            summary=self.impact_summary(published),
            stories=page.object_list,
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
        )
        return context

    @path("")
    def index(self, request):
        return self.render(request)

    @path("export/stories/<str:file_format>/")
    def stories_export(self, request, file_format):
        records = exports.story_records(self.stories().prefetch_related("incident_links__incident"), request)
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

    def filtered_incidents(self, params):
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
            incidents = incidents.filter(story_links__page__in=self.stories().values("pk")).distinct()
        if query := params.get("q", "").strip():
            found = get_search_backend().search(query, Incident)
            incidents = incidents.filter(pk__in=[incident.pk for incident in found])
        published = models.Count("story_links", filter=models.Q(story_links__page__in=self.stories().values("pk")))
        # Meta.ordering does not apply to an aggregating query: ordered here, latest attack first.
        return (
            incidents.annotate(published_stories=published)
            .order_by("-attack_date", "title")
            .prefetch_related("organisations")
        )

    @path("incidents/")
    def incident_list(self, request):
        paginator = Paginator(self.filtered_incidents(request.GET), self.INCIDENTS_PER_PAGE)
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
            Incident.objects.select_related("threat_actor").prefetch_related("organisations", "sources"), slug=slug
        )
        return self.render(
            request,
            context_overrides={
                "incident": incident,
                "stories": self.stories().filter(incident_links__incident=incident),
            },
            template="testimonials/incident_detail.html",
        )

    def incident_url(self, incident: Incident, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("incident_detail", kwargs={"slug": incident.slug})


class StoryPageForm(WagtailAdminPageForm):
    """The story editor. Publishing scans the body: communications staff cannot override what the
    scan finds; only moderators judge that, so a disputed text goes back to them (story_return_to_review).
    """

    def clean(self):
        cleaned_data = super().clean()
        if not self.data.get("action-publish"):
            return cleaned_data
        # Say why publishing is refused in the editor, rather than failing in the model's save.
        if problem := self.instance.publication_problem():
            self.add_error(None, problem)
        body = cleaned_data.get("body", "")
        # As in StoryPage.clean(): a text already cleared (by a scan, or by a moderator's reasoned
        # approval) is not scanned again, or a moderator's decision could never be published.
        if self.instance.scan_cleared_digest == scan.text_digest(body):
            return cleaned_data
        leftovers = scan.personal_data_left(body)
        if scan.UNCHECKED in leftovers:
            self.add_error(
                "body",
                _(
                    "The personal-data check could not run (the redaction engine failed), so this text cannot be "
                    "published now. Try again later, or send the story back to a moderator, who can approve it "
                    "with a reason."
                ),
            )
        elif leftovers:
            self.add_error(
                "body",
                _(
                    "This text still looks like it holds personal data: %(found)s. Remove it before publishing. "
                    "If you believe it is not personal data, send the story back to a moderator "
                    "(“Send back to a moderator” in the page’s actions)."
                )
                % {"found": scan.describe(leftovers)},
            )
        elif not self.errors:
            self.instance.scan_cleared_digest = scan.text_digest(body)
        return cleaned_data


class IncidentLinkSerializer(serializers.Serializer):
    """An incident as a story in the API names it: enough to follow the link to its record."""

    slug = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    detail_url = serializers.SerializerMethodField()

    def get_detail_url(self, incident: Incident) -> str | None:
        path = self.context["router"].get_object_detail_urlpath(Incident, incident.pk)
        return get_full_url(self.context["request"], path) if path else None


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
    # Stories come only from approved testimonies (moderation.services.story_draft_from_testimony).
    is_creatable = False

    def publication_problem(self) -> str | None:
        """Why this story may not go live now, or None. The one place the rule lives."""
        testimony = self.testimony
        if testimony is None:
            return str(_("This story has no testimony behind it, so it cannot be published."))
        if not testimony.consent_publication:
            return str(_("Its author has not consented to publication (or has withdrawn consent)."))
        if not testimony.can_be_published:
            return str(_("The testimony behind this story is not approved."))
        return None

    @staticmethod
    def publication_allowed() -> models.Q:
        """publication_problem() as a query filter: the stories it has nothing against.

        Change both together (a test compares them for every testimony status).
        """
        return models.Q(
            testimony__consent_publication=True,
            testimony__status__in=lifecycle.PUBLISHABLE,
        )

    def clean(self):
        super().clean()
        # Page.save() calls full_clean() whenever the page is live, so this holds on every
        # publishing path: edit view, workflow approval, scheduled and bulk publishing.
        if not self.live:
            return
        if problem := self.publication_problem():
            raise ValidationError(problem, code="not_publishable")
        if self.scan_cleared_digest != scan.text_digest(self.body):
            # Edited since its last scan and published by a path without the editor's check.
            if leftovers := scan.personal_data_left(self.body):
                raise ValidationError(
                    {
                        "body": ValidationError(
                            f"This text still looks like it holds personal data: {scan.describe(leftovers)}.",
                            code="personal_data_left",
                        )
                    }
                )
            self.scan_cleared_digest = scan.text_digest(self.body)

    @property
    def incidents(self) -> list[Incident]:
        return [link.incident for link in self.incident_links.all()]

    def serve(self, request, *args, **kwargs):
        if self.publication_problem():
            raise Http404
        return super().serve(request, *args, **kwargs)


class StoryIncident(Orderable):
    """A story's link to an incident it is evidence about, chosen in the editor."""

    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="incident_links")
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="story_links")

    panels = [FieldPanel("incident")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["page", "incident"], name="story_incident_once")]
