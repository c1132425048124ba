from django.contrib import messages
from django.contrib.auth.models import Permission
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import HeaderButton
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import DeleteView as SnippetDeleteView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import (
    EXPORT_PERMISSION,
    IMPORT_PERMISSIONS,
    IncidentImportJobView,
    IncidentImportView,
    StoryReturnView,
    consent_records_export,
    story_text_check,
)
from .dashboard import stories_to_publish_panels
from .incident_import import IMPORT_LOG_ACTION
from .languages import LANGUAGE_CORRECTED_ACTION, LANGUAGE_DETECTED_ACTION, language_name
from .models import CareDisruption, Incident, StoryPage, ThreatActor


class IncidentIndexView(SnippetIndexView):
    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perms(IMPORT_PERMISSIONS):
            buttons = [*buttons, HeaderButton(_("Import"), url=reverse("incidents_import"), icon_name="upload")]
        return buttons


INCIDENT_COLUMNS = [
    Column("attack_date", label=_("Attack began"), accessor="attack_date_text"),
    Column("countries", label=_("Countries"), accessor="get_countries_display"),
]


class IncidentChooserColumns:
    """With hundreds of incidents imported, titles alone are ambiguous: show when and where."""

    @property
    def columns(self):
        return [*super().columns, *INCIDENT_COLUMNS]


class IncidentChooseView(IncidentChooserColumns, ChooseView):
    pass


class IncidentChooseResultsView(IncidentChooserColumns, ChooseResultsView):
    pass


class IncidentChooserViewSet(SnippetChooserViewSet):
    choose_view_class = IncidentChooseView
    choose_results_view_class = IncidentChooseResultsView


class IncidentSnippetViewSet(SnippetViewSet):
    model = Incident
    index_view_class = IncidentIndexView
    chooser_viewset_class = IncidentChooserViewSet
    icon = "warning"
    menu_label = _("Incidents")
    list_display = [
        "title",
        "attack_type",
        "threat_actor",
        *INCIDENT_COLUMNS,
    ]
    list_filter = ["attack_type", "attribution", "threat_actor", "organisations__organisation_type"]
    search_fields = ["title", "description"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "title",
        "slug",
        "description",
        "attack_date",
        "attack_date_precision",
        "disclosure_date",
        "countries",
        "organisations",
        "attack_type",
        "threat_actor",
        "attribution",
        "records_exposed",
        "days_of_disruption",
        "patients_affected",
        *CareDisruption.values,
        "sources",
        "translations",
    ]

    def get_queryset(self, request):
        return Incident.objects.select_related("threat_actor")


class ThreatActorDeleteView(SnippetDeleteView):
    """An actor incidents name stays: deleting it would take their attribution with it.

    Wagtail's own check reads the reference index, which the worker updates later; this one asks the database.
    """

    def in_use_message(self) -> str:
        count = self.object.incidents.count()
        return ngettext(
            "%(name)s is named by %(count)d incident. Choose another threat actor there first.",
            "%(name)s is named by %(count)d incidents. Choose another threat actor there first.",
            count,
        ) % {"name": self.object.name, "count": count}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.object.incidents.exists():
            context.update(is_protected=True, in_use_message=self.in_use_message())
        return context

    def form_valid(self, form):
        if self.object.incidents.exists():
            messages.error(self.request, self.in_use_message())
            return redirect(self.get_success_url())
        return super().form_valid(form)


class ThreatActorSnippetViewSet(SnippetViewSet):
    model = ThreatActor
    icon = "user"
    menu_label = _("Threat actors")
    list_display = ["name", "actor_type", "aliases"]
    list_filter = ["actor_type"]
    search_fields = ["name", "aliases"]
    delete_view_class = ThreatActorDeleteView
    delete_template_name = "testimonials/threat_actor_confirm_delete.html"


class IncidentRecordsGroup(SnippetViewSetGroup):
    items = (IncidentSnippetViewSet, ThreatActorSnippetViewSet)
    menu_icon = "warning"
    menu_label = _("Incidents")
    menu_order = 160


register_snippet(IncidentRecordsGroup)


@hooks.register("register_log_actions")
def register_publishing_log_actions(actions):
    actions.register_action(
        "testimonials.status_change", _("Status changed"), _("The testimony's status changed (worker or author)")
    )
    actions.register_action(
        "testimonials.publish_override",
        _("Published despite the check"),
        _("Published a story the personal-data check flagged, with a reason"),
    )  # No longer written (communications cannot override the check): kept so that old entries still read.
    actions.register_action(
        "testimonials.story_returned",
        _("Story sent back to moderators"),
        _("Sent the story back to moderators; its draft and history were deleted"),
    )


@hooks.register("register_log_actions")
def register_language_log_actions(actions):
    @actions.register_action(LANGUAGE_DETECTED_ACTION)
    class LanguageDetectedFormatter(LogFormatter):
        label = _("Language read in the text")

        def format_message(self, log_entry):
            return _("Redacted in %(to)s, the language read in the text, not %(from)s (the page's)") % _languages(
                log_entry
            )

    @actions.register_action(LANGUAGE_CORRECTED_ACTION)
    class LanguageCorrectedFormatter(LogFormatter):
        label = _("Language corrected")

        def format_message(self, log_entry):
            return _("Corrected the language from %(from)s to %(to)s; redacted again") % _languages(log_entry)


def _languages(log_entry) -> dict[str, str]:
    return {key: language_name(log_entry.data.get(key, "")) for key in ("from", "to")}


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


@hooks.register("register_log_actions")
def register_incidents_import_log_action(actions):
    @actions.register_action(IMPORT_LOG_ACTION)
    class IncidentsImportFormatter(LogFormatter):
        label = _("Import incidents")

        def format_message(self, log_entry):
            return _("Imported from %(filename)s (%(created)s incidents created, %(updated)s updated)") % {
                "filename": log_entry.data.get("filename", ""),
                "created": log_entry.data.get("created", 0),
                "updated": log_entry.data.get("updated", 0),
            }


@hooks.register("register_admin_urls")
def register_incidents_import_urls():
    return [
        path("incidents/import/", IncidentImportView.as_view(), name="incidents_import"),
        path("incidents/import/<int:pk>/", IncidentImportJobView.as_view(), name="incidents_import_job"),
    ]


@hooks.register("register_admin_urls")
def register_story_return_url():
    return [
        path("stories/<int:page_id>/return/", StoryReturnView.as_view(), name="story_return"),
        path("stories/<int:page_id>/check/<int:check_id>/", story_text_check, name="story_text_check"),
    ]


class StoryReturnButton(PageMenuItem):
    label = _("Send back to a moderator")
    icon_name = "resubmit"
    url_name = "story_return"

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_edit()


def _story_return_buttons(page):
    if issubclass(page.specific_class or type(page), StoryPage):
        yield StoryReturnButton(page=page, priority=55)


@hooks.register("register_page_header_buttons")
def register_story_return_header_button(page, user, view_name, next_url=None):
    yield from _story_return_buttons(page)


@hooks.register("register_page_listing_more_buttons")
def register_story_return_listing_button(page, user, next_url=None):
    yield from _story_return_buttons(page)


hooks.register("construct_homepage_panels", stories_to_publish_panels)
