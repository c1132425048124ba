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
