from itertools import chain

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import csv_cells, selectors
from .incident_import import IMPORT_PERMISSIONS, ImportReport, format_from_name
from .incident_import_jobs import (
    IMPORT_AT_ONCE_MAX_BYTES,
    incident_import_job_create,
    incident_import_job_enqueue,
    incident_import_job_run,
    job_problems,
    job_report,
)
from .models import (
    AttackType,
    Attribution,
    CareDisruption,
    CheckState,
    ConsentChange,
    Incident,
    IncidentImportJob,
    OrganisationType,
    SourceKind,
    StoryPage,
    TextCheck,
    ThreatActorType,
)
from .services import story_return_to_review

EXPORT_PERMISSION = "testimonials.export_consent_records"
COLUMNS = ("reference", "consent", "given", "wording_version", "changed_at")
IMPORT_FORMATS = ("csv", "json")
IMPORT_MAX_BYTES = 5 * 1024 * 1024
RECENT_JOBS_SHOWN = 5


class _Echo:
    def write(self, value):
        return value


@never_cache
def consent_records_export(request):
    """Every consent given or withdrawn, for the data protection officer: references and dates, never text."""
    if not request.user.has_perm(EXPORT_PERMISSION):
        return permission_denied(request)
    rows = ConsentChange.objects.order_by("changed_at").values_list(
        "testimony__reference", "consent", "given", "text_version", "changed_at"
    )
    writer = csv_cells.writer(_Echo())
    lines = (writer.writerow(row[:4] + (row[4].isoformat(),)) for row in rows.iterator())
    response = StreamingHttpResponse(chain([writer.writerow(COLUMNS)], lines), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="consent-records.csv"'
    return response


class IncidentImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A .csv or .json file of at most 5 MB."),
        widget=forms.FileInput(attrs={"accept": ".csv,.json,text/csv,application/json"}),
    )
    dry_run = forms.BooleanField(
        label=_("Check only, change nothing"),
        required=False,
        help_text=_("Shows what the import would create and update, and any problems, without saving anything."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if format_from_name(upload.name) not in IMPORT_FORMATS:
            raise ValidationError(
                _("“%(name)s” is not a .csv or .json file. Save the spreadsheet as CSV (UTF-8) and upload that."),
                params={"name": upload.name},
            )
        if upload.size > IMPORT_MAX_BYTES:
            raise ValidationError(
                _("“%(name)s” is %(size)s: at most 5 MB can be imported at once. Split it into smaller files."),
                params={"name": upload.name, "size": filesizeformat(upload.size)},
            )
        return upload


class IncidentImportMixin:
    """The import's permissions (checked on every view of it, as on the import), breadcrumbs and results."""

    page_title = _("Import incidents")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perms(IMPORT_PERMISSIONS):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        listing_url = reverse(Incident.snippet_viewset.get_url_name("list"))
        return [*self.breadcrumbs_items, {"url": listing_url, "label": _("Incidents")}]

    def result_context(self, job: IncidentImportJob) -> dict:
        report = job_report(job)
        return {
            "job": job,
            "filename": job.filename,
            "report": report,
            "links": self.edit_links(report) if report else {},
            "problems": job_problems(job),
        }

    def edit_links(self, report: ImportReport) -> dict[str, list[tuple[str, str | None]]]:
        """Each created and updated slug with its edit view (none for what a check only would create)."""
        finder = AdminURLFinder(self.request.user)
        incidents = Incident.objects.filter(slug__in=[*report.created, *report.updated])
        urls = {incident.slug: finder.get_edit_url(incident) for incident in incidents}
        return {kind: [(slug, urls.get(slug)) for slug in getattr(report, kind)] for kind in ("created", "updated")}


@method_decorator(never_cache, name="dispatch")
class IncidentImportView(IncidentImportMixin, WagtailAdminTemplateMixin, FormView):
    """Create or update incidents from a CSV or JSON file: the report, or every problem and nothing written.

    A small file is imported at once and its report shown here; a larger one by the worker, on its job's page.
    """

    form_class = IncidentImportForm
    template_name = "testimonials/incident_import.html"

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        job = incident_import_job_create(
            content=upload.read(),
            filename=upload.name,
            file_format=format_from_name(upload.name),
            user=self.request.user,
            dry_run=form.cleaned_data["dry_run"],
        )
        if upload.size > IMPORT_AT_ONCE_MAX_BYTES:
            incident_import_job_enqueue(job)
            return redirect("incidents_import_job", pk=job.pk)
        job = incident_import_job_run(job_id=job.pk)
        # A report starts a fresh form; problems keep the form as it was sent.
        form = form if job.problems_count else self.get_form_class()()
        return self.render_to_response(self.get_context_data(form=form, **self.result_context(job)))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            action_url=reverse("incidents_import"),
            submit_button_label=_("Import"),
            submit_button_active_label=_("Importing…"),
            export_urls=self.export_urls(),
            recent_jobs=IncidentImportJob.objects.defer("content")[:RECENT_JOBS_SHOWN],
            choices={
                "attack_type": AttackType.values,
                "attribution": Attribution.values,
                "threat_actor_type": ThreatActorType.values,
                "care_disruption": CareDisruption.values,
                "organisation_N_type": OrganisationType.values,
                "source_N_kind": SourceKind.values,
            },
        )
        return context

    def export_urls(self) -> dict[str, str]:
        """The public site's incident exports: a file in the right shape to start from."""
        index = selectors.story_index()
        base = index.get_url(self.request) if index else None
        if not base:
            return {}
        return {name: base + index.reverse_subpage("incidents_export", args=[name]) for name in IMPORT_FORMATS}


@method_decorator(never_cache, name="dispatch")
class IncidentImportJobView(IncidentImportMixin, WagtailAdminTemplateMixin, TemplateView):
    """An import the worker runs: its progress, reloaded every few seconds, then its report or problems."""

    template_name = "testimonials/incident_import_job.html"
    # A meta refresh, not a script: the admin's Content-Security-Policy allows no inline script.
    REFRESH_SECONDS = 3

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse("incidents_import"), "label": self.get_page_title()},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def get_page_subtitle(self):
        return _("Import %(number)s") % {"number": self.kwargs["pk"]}

    def get_context_data(self, **kwargs):
        job = get_object_or_404(IncidentImportJob, pk=self.kwargs["pk"])
        return super().get_context_data(
            **kwargs,
            **self.result_context(job),
            refresh_seconds=None if job.is_finished else self.REFRESH_SECONDS,
            import_url=reverse("incidents_import"),
        )


class StoryReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it goes back"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example, what the check flags and why you believe it is not personal data. "
            "Moderators read this as a note, and it is kept in the testimony’s history."
        ),
    )


@method_decorator(never_cache, name="dispatch")
class StoryReturnView(WagtailAdminTemplateMixin, FormView):
    """Send a story back to the moderators: what will happen, then, with a reason, do it."""

    form_class = StoryReturnForm
    template_name = "testimonials/story_return.html"
    page_title = _("Send back to a moderator")
    header_icon = "resubmit"

    def dispatch(self, request, *args, **kwargs):
        self.story = get_object_or_404(StoryPage, pk=kwargs["page_id"])
        if not self.story.permissions_for_user(request.user).can_edit():
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.story.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailadmin_pages:edit", args=[self.story.pk]), "label": self.get_page_subtitle()},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            story=self.story,
            action_url=reverse("story_return", args=[self.story.pk]),
            submit_button_label=_("Send back to a moderator"),
            submit_button_active_label=_("Sending back…"),
        )

    def form_valid(self, form):
        listing_url = reverse("wagtailadmin_explore", args=[self.story.get_parent().pk])
        try:
            story_return_to_review(story=self.story, user=self.request.user, reason=form.cleaned_data["reason"])
        except PermissionDenied:
            return permission_denied(self.request)
        except ValidationError as error:
            form.add_error("reason", error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The story went back to the moderators; its draft and history were deleted."),
        )
        return redirect(listing_url)


# What the editor says once the worker has checked an edited text; communications staff cannot override it.
STORY_CHECK_MESSAGES = {
    CheckState.CLEAR: _("Checked: no personal data found. Publish again to publish it."),
    CheckState.FLAGGED: _(
        "Checked: the edited text still looks like it holds personal data. Remove it, or send the story back "
        "to a moderator."
    ),
    CheckState.FAILED: _("The check could not run. Try again later, or send the story back to a moderator."),
}


def story_text_check(request, page_id: int, check_id: int):
    """Where the check of a story's edited text stands, for the editor to show without reloading."""
    story = get_object_or_404(StoryPage, pk=page_id)
    if not story.permissions_for_user(request.user).can_edit():
        return permission_denied(request)
    check = get_object_or_404(TextCheck, pk=check_id, testimony_id=story.testimony_id)
    message = STORY_CHECK_MESSAGES.get(check.state, "")
    return JsonResponse({"state": check.state, "message": str(message), "html": format_html("<p>{}</p>", message)})
