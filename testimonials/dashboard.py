"""Communications staff's panel on the admin dashboard: approved stories waiting to be published."""

from wagtail.admin.ui.components import Component
from wagtail.permission_policies.pages import PagePermissionPolicy

from . import publishing
from .models import StoryIndexPage, StoryPage

SHOWN = 10


class StoriesToPublishPanel(Component):
    """Drafts of approved stories that may go live: title, language, since when. Only their redacted words."""

    name = "stories_to_publish"
    template_name = "testimonials/home/stories_to_publish.html"
    order = 95

    def get_context_data(self, parent_context):
        drafts = StoryPage.objects.filter(publishing.publication_allowed(), live=False).select_related("locale")
        return {
            "drafts_count": drafts.count(),
            "drafts": list(drafts.order_by("latest_revision_created_at")[:SHOWN]),
        }


def stories_to_publish_panels(request, panels: list) -> None:
    """Shown to whoever may publish stories: under any story index (one per language)."""
    policy = PagePermissionPolicy()
    if any(
        policy.user_has_permission_for_instance(request.user, "publish", index)
        for index in StoryIndexPage.objects.all()
    ):
        panels.append(StoriesToPublishPanel())
