from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail.search import index

from home.tree import children_of


class User(AbstractUser):
    """Staff accounts. Victims never have one: they hold a receipt instead."""


# Each home's children's classes by slug, learnt as they are read: one entry per page that exists (a slug nobody
# published adds nothing), and only a hint (HomePage._child_as_hinted).
_child_classes: dict[tuple[int, str], type[Page]] = {}


class HomePage(Page):
    intro = RichTextField(blank=True)
    body = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    # One home per language (Wagtail's locales), each the root of that language's pages.
    max_count = len(settings.LANGUAGES)
    parent_page_types = ["wagtailcore.Page"]

    def route(self, request, path_components):
        """Wagtail's route, in one query per level rather than two.

        A child shown (the call page, a story index) is read with its own fields in one query, its class known
        from an earlier read (`_child_classes`). A child routed through, not shown (a story's index, on every
        read of a story), is given its class without its own fields: they are read if and when it shows them.
        """
        if not path_components:
            return super().route(request, path_components)
        slug, remaining = path_components[0], path_components[1:]
        child = (not remaining and self._child_as_hinted(slug)) or self._child_looked_up(slug, shown=not remaining)
        child._cached_parent_obj = self
        return child.route(request, remaining)

    def _child_as_hinted(self, slug: str) -> Page | None:
        hinted = _child_classes.get((self.pk, slug))
        if hinted is None:
            return None
        # A hint only: the parent, the depth, the slug and the class itself are still asked (every page is also a
        # plain Page), so a page since deleted, moved or replaced by one of another class is not found here, and
        # the lookup below answers instead.
        content_type = ContentType.objects.get_for_model(hinted)
        found = hinted.objects.filter(children_of(self), slug=slug, content_type=content_type).order_by()[:1]
        return next(iter(found), None)

    def _child_looked_up(self, slug: str, *, shown: bool) -> Page:
        try:
            child = self.get_children().get(slug=slug)
        except Page.DoesNotExist as error:
            raise Http404 from error
        if child.specific_class is not None:
            _child_classes[(self.pk, slug)] = child.specific_class
        return child.specific if shown else child.specific_deferred

    def get_context(self, request, *args, **kwargs):
        from testimonials.models import CallForTestimonialsPage, StoryIndexPage

        context = super().get_context(request, *args, **kwargs)
        context["call_page"] = CallForTestimonialsPage.objects.live().public().child_of(self).first()
        story_index = StoryIndexPage.objects.live().public().child_of(self).first()
        context["story_index"] = story_index
        context["latest_stories"] = story_index.stories().select_related("locale")[:3] if story_index else []
        return context


@register_setting(icon="group")
class Organisation(BaseSiteSetting):
    """Who runs this site: named in the consent wording, the privacy notice, every page's footer and emails."""

    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("Who runs this site and is responsible for the testimonies sent to it (the data controller)."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True, help_text=_("Where people can write to you."))
    postal_address = models.TextField(_("postal address"), blank=True)
    data_protection_email = models.EmailField(
        _("data protection officer's email"), blank=True, help_text=_("If you have a data protection officer.")
    )
    supervisory_authority = models.CharField(
        _("data protection authority"),
        max_length=200,
        blank=True,
        help_text=_(
            "Where people can complain about how you handle their data, "
            "for example the Data Protection Commission (Ireland)."
        ),
    )
    supervisory_authority_url = models.URLField(_("its website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("postal_address"), FieldPanel("data_protection_email")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [FieldPanel("supervisory_authority"), FieldPanel("supervisory_authority_url")],
            heading=_("Complaints"),
        ),
    ]

    class Meta:
        verbose_name = _("organisation")

    @classmethod
    def current(cls) -> "Organisation":
        """The settings of the site the public reads (the default site): for emails and work without a request."""
        return cls.for_site(Site.objects.get(is_default_site=True))

    @property
    def name_or_default(self) -> str:
        return self.name or str(_("the organisation running this site"))


class StandardPage(Page):
    """An ordinary content page: about, privacy policy, contact."""

    body = RichTextField(_("body"))

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]


class PrivacyPage(Page):
    """The privacy notice: the editors' words, then the facts the site itself holds, so they cannot drift
    from it: who is responsible (Organisation), how long each kind of testimony is kept (the retention
    settings), the authors' rights and where to complain."""

    body = RichTextField(_("body"), help_text=_("What you do with testimonies and why (the purposes)."))

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["retention_days"] = {
            "rejected": settings.RETENTION_REJECTED_DAYS,
            "not_for_publication": settings.RETENTION_NO_PUBLICATION_DAYS,
            "withdrawn": settings.RETENTION_WITHDRAWN_DAYS,
            "published_original": settings.RETENTION_PUBLISHED_ORIGINAL_DAYS,
        }
        return context
