from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class User(AbstractUser):
    """Staff accounts. Victims never have one: they hold a receipt instead."""


class HomePage(Page):
    intro = RichTextField(blank=True)
    body = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    # One home per language (Wagtail's locales), each the root of that language's pages.
    max_count = len(settings.LANGUAGES)
    parent_page_types = ["wagtailcore.Page"]

    def get_context(self, request, *args, **kwargs):
        from testimonials.models import CallForTestimonialsPage, StoryIndexPage

        context = super().get_context(request, *args, **kwargs)
        context["call_page"] = CallForTestimonialsPage.objects.live().public().child_of(self).first()
        story_index = StoryIndexPage.objects.live().public().child_of(self).first()
        context["story_index"] = story_index
        context["latest_stories"] = story_index.stories().select_related("locale")[:3] if story_index else []
        return context


class StandardPage(Page):
    """An ordinary content page: about, privacy policy, contact."""

    body = RichTextField(_("body"))

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
