from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_views import EXPORT_PERMISSION, consent_records_export
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


@hooks.register("register_admin_urls")
def register_consent_export_url():
    return [path("consent-records.csv", consent_records_export, name="consent_records_export")]


class ConsentExportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(EXPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_consent_export_menu_item():
    return ConsentExportMenuItem(
        _("Consent records (CSV)"), reverse("consent_records_export"), icon_name="download", order=900
    )


@hooks.register("register_permissions")
def register_consent_export_permission():
    return Permission.objects.filter(content_type__app_label="testimonials", codename="export_consent_records")
