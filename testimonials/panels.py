"""A panel in the story editor that waits, in place, for the worker's check of an edited text."""

from django.urls import reverse
from wagtail.admin.panels import Panel


class TextCheckPanel(Panel):
    """Shown only after Publish was refused because the edited text is still being checked."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "testimonials/panels/text_check.html"

        @property
        def waiting_check(self):
            return getattr(self.form, "text_check_waiting", None)

        def is_shown(self):
            return self.waiting_check is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["check_url"] = reverse("story_text_check", args=[self.instance.pk, self.waiting_check.pk])
            return context
