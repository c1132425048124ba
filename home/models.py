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
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from testimonials.models import CallForTestimonialsPage, StoryIndexPage

        context = super().get_context(request, *args, **kwargs)
        context["call_page"] = CallForTestimonialsPage.objects.live().public().first()
        story_index = StoryIndexPage.objects.live().public().first()
        context["story_index"] = story_index
        context["latest_stories"] = story_index.stories()[:3] if story_index else []
        return context


class StandardPage(Page):
    """An ordinary content page: about, privacy policy, contact."""

    body = RichTextField(_("body"))

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
