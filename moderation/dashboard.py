"""The moderators' panel on the admin dashboard: how many testimonies wait, and for how long."""

from wagtail.admin.ui.components import Component

from testimonials import lifecycle
from testimonials.models import Testimony

from .selectors import queue_rows
from .views import testimony_permission_policy

OLDEST_SHOWN = 5


class ModerationQueuePanel(Component):
    """The oldest testimonies waiting for a moderator: reference, status, since when, findings. Never a word of text."""

    name = "moderation_queue"
    template_name = "moderation/home/moderation_queue.html"
    order = 90  # above Wagtail's own panels: the queue is a moderator's day

    def get_context_data(self, parent_context):
        waiting = Testimony.objects.filter(status__in=lifecycle.WAITING_FOR_MODERATORS)
        oldest = queue_rows(waiting).order_by("created_at")[:OLDEST_SHOWN]
        return {"waiting_count": waiting.count(), "oldest": list(oldest)}


def moderation_queue_panels(request, panels: list) -> None:
    if testimony_permission_policy.user_has_permission(request.user, "review"):
        panels.append(ModerationQueuePanel())
