from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Incident


class IncidentSnippetViewSet(SnippetViewSet):
    model = Incident
    icon = "warning"
    menu_label = "Incidents"
    menu_order = 160
    add_to_admin_menu = True
    list_display = ["title", "organisation", "country", "attack_type", "date"]
    list_filter = ["attack_type", "organisation_type", "country"]
    search_fields = ["title", "organisation", "threat_actor"]
    inspect_view_enabled = True


register_snippet(IncidentSnippetViewSet)


@hooks.register("register_log_actions")
def register_publishing_log_actions(actions):
    actions.register_action(
        "testimonials.publish_override",
        _("Published despite the check"),
        _("Published a story the personal-data check flagged, with a reason"),
    )
