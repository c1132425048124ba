"""The administrators' panel on the admin dashboard: whether the work behind the site is being done."""

from wagtail.admin.ui.components import Component

from . import health
from .views import is_administrator


class ServiceHealthPanel(Component):
    """Counts only: the worker's last beat, tasks waiting, failed and stalled, emails not delivered."""

    name = "service_health"
    template_name = "operations/home/service_health.html"
    order = 97  # under the moderators' queue and the stories to publish: the day's work comes first

    def get_context_data(self, parent_context):
        return {"summary": health.health_summary(), **health.shown_limits()}


def service_health_panels(request, panels: list) -> None:
    if is_administrator(request.user):
        panels.append(ServiceHealthPanel())
