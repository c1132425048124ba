"""The incident import in the Wagtail admin: who may use it, the report, the problems, and the audit log."""

import html
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from testimonials.admin_views import IMPORT_MAX_BYTES
from testimonials.incident_import import IMPORT_LOG_ACTION
from testimonials.incident_import_jobs import IMPORT_AT_ONCE_MAX_BYTES
from testimonials.models import Incident, IncidentImportJob, ThreatActor
from testimonials.tasks import incident_import_task
from tests.factories import CommunicationsFactory, ModeratorFactory, UserFactory

HEADER = (
    "slug,title,attack_date,countries,attack_type,threat_actor,threat_actor_type,attribution,"
    "organisation_1_name,organisation_1_type,source_1_url,source_1_title\n"
)
GOOD_CSV = HEADER + (
    "kliniken-ransomware-2023,Ransomware attack on a hospital group,2023-11,DE,ransomware,"
    "Rhysida,criminal,claimed,A hospital group,hospital,https://www.example.org/kliniken,Hospital group attacked\n"
    "pharmacy-ddos-2022,DDoS attack on an online pharmacy,2022,NL;BE,ddos,,,,"
    "An online pharmacy,pharmaceutical,https://www.example.org/pharmacy,Pharmacy offline for a day\n"
)
BAD_CSV = HEADER + (
    "kliniken-ransomware-2023,Ransomware attack on a hospital group,2023-11,DE,ransomware,"
    "Rhysida,criminal,claimed,A hospital group,hospital,https://www.example.org/kliniken,Hospital group attacked\n"
    "pharmacy-ddos-2022,DDoS attack on an online pharmacy,2022-13-45,XX,ddos,,,,"
    "An online pharmacy,pharmaceutical,https://www.example.org/pharmacy,Pharmacy offline for a day\n"
    "lab-breach-2021,Data breach at a laboratory,2021,FR,data_breach,,,,"
    "A laboratory,laboratory,www.example.org/no-scheme,Laboratory breach\n"
)
SLUGS = ("kliniken-ransomware-2023", "pharmacy-ddos-2022", "lab-breach-2021")


def import_url() -> str:
    return reverse("incidents_import")


def upload(client, content: str | bytes, name: str = "incidents.csv", **data):
    content = content.encode() if isinstance(content, str) else content
    return client.post(import_url(), {"file": SimpleUploadedFile(name, content), **data})


def imported() -> set[str]:
    return set(Incident.objects.filter(slug__in=SLUGS).values_list("slug", flat=True))


def edit_url(slug: str) -> str:
    return reverse("wagtailsnippets_testimonials_incident:edit", args=[Incident.objects.get(slug=slug).pk])


def problem_rows(content: str) -> list[tuple[str, str, str]]:
    """The problems table as (row, column, problem) text, as an editor reads it."""
    table = content.split('data-testid="import-problems"')[1].split("</table>")[0]
    cells = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", table, re.S)
    return [tuple(html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in row) for row in cells]


@pytest.fixture
def communications(client, site_pages):
    client.force_login(CommunicationsFactory())
    return client


# Who may import


def test_anonymous_visitors_are_sent_to_the_admin_login(client, site_pages):
    response = client.get(import_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_moderators_without_incident_permissions_are_turned_away_like_elsewhere_in_the_admin(client, site_pages):
    client.force_login(ModeratorFactory())

    assert client.get(import_url())["Location"] == reverse("wagtailadmin_home")
    response = upload(client, GOOD_CSV)

    assert response["Location"] == reverse("wagtailadmin_home")
    assert not imported()


def test_changing_incidents_without_adding_them_is_not_enough(client, site_pages):
    editor = UserFactory()
    editor.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "view_incident", "change_incident"])
    )
    client.force_login(editor)

    assert client.get(import_url())["Location"] == reverse("wagtailadmin_home")
    listing = client.get(reverse("wagtailsnippets_testimonials_incident:list")).content.decode()
    assert import_url() not in listing


def test_editing_incidents_without_threat_actors_is_not_enough(client, site_pages):
    editor = UserFactory()
    codenames = ["access_admin", "view_incident", "add_incident", "change_incident"]
    editor.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(editor)

    assert client.get(import_url())["Location"] == reverse("wagtailadmin_home")


def test_communications_staff_hold_both_incident_permissions_and_may_import(communications):
    response = communications.get(import_url())

    assert response.status_code == 200
    assert "Check only, change nothing" in response.content.decode()


def test_administrators_may_import(client, site_pages):
    client.force_login(UserFactory(is_superuser=True))

    assert client.get(import_url()).status_code == 200


def test_the_incident_listing_has_an_import_button_for_those_who_may_import(communications):
    listing = communications.get(reverse("wagtailsnippets_testimonials_incident:list")).content.decode()

    assert f'href="{import_url()}"' in listing


def test_the_page_explains_the_columns_and_links_the_public_exports(communications, site_pages):
    content = communications.get(import_url()).content.decode()

    index = site_pages["stories"]
    assert index.url + index.reverse_subpage("incidents_export", args=["csv"]) in content
    assert index.url + index.reverse_subpage("incidents_export", args=["json"]) in content
    assert "Required: slug, title, attack_date" in content and "hack_and_leak" in content


# Importing


def test_a_good_file_is_imported_and_the_report_links_each_incident(communications):
    response = upload(communications, GOOD_CSV)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Incidents: 2 were created, 0 were updated, 0 unchanged." in content
    assert imported() == {"kliniken-ransomware-2023", "pharmacy-ddos-2022"}
    for slug in ("kliniken-ransomware-2023", "pharmacy-ddos-2022"):
        assert f'<a href="{edit_url(slug)}">{slug}</a>' in content
    assert ThreatActor.objects.filter(name="Rhysida").exists() and "Threat actors created" in content


def test_updated_incidents_are_reported_and_linked(communications):
    upload(communications, GOOD_CSV)

    response = upload(communications, GOOD_CSV.replace("on an online pharmacy", "on a mail-order pharmacy"))

    content = response.content.decode()
    assert "Incidents: 0 were created, 1 was updated, 1 unchanged." in content
    assert f'<a href="{edit_url("pharmacy-ddos-2022")}">pharmacy-ddos-2022</a>' in content


def test_an_import_is_in_the_audit_log_with_the_filename_and_counts_only(communications):
    upload(communications, GOOD_CSV, name="tracer-2023.csv")

    entries = ModelLogEntry.objects.filter(action=IMPORT_LOG_ACTION)
    assert {entry.label for entry in entries} == {
        "Ransomware attack on a hospital group",
        "DDoS attack on an online pharmacy",
        "Rhysida",
    }
    entry = entries.first()
    assert entry.user.groups.get().name == "Communications"
    assert set(entry.data) == {"filename", "created", "updated", "unchanged", "actors_created", "actors_updated"}
    assert entry.message == "Imported from tracer-2023.csv (2 incidents created, 0 updated)"
    for incident in Incident.objects.filter(slug__in=SLUGS):
        history = communications.get(reverse("wagtailsnippets_testimonials_incident:history", args=[incident.pk]))
        assert "Imported from tracer-2023.csv (2 incidents created, 0 updated)" in history.content.decode()


def test_check_only_reports_what_would_change_and_writes_nothing(communications):
    response = upload(communications, GOOD_CSV, dry_run="on")

    content = response.content.decode()
    assert "Incidents: 2 would be created, 0 would be updated, 0 unchanged." in content
    assert "nothing was changed" in content and "Would be created" in content
    assert not imported() and not ThreatActor.objects.filter(name="Rhysida").exists()
    assert not ModelLogEntry.objects.filter(action=IMPORT_LOG_ACTION).exists()


def test_a_file_with_problems_lists_every_row_and_column_and_imports_nothing(communications):
    response = upload(communications, BAD_CSV)

    content = response.content.decode()
    assert response.status_code == 200
    assert "incidents.csv: 3 problems" in content and "Nothing from this file was imported" in content
    assert problem_rows(content) == [
        ("3", "attack_date", "'2022-13-45' is not a date like 2021-05-14, 2021-05 or 2021."),
        ("3", "countries", "Not ISO country codes: XX."),
        ("4", "source_1_url", "'www.example.org/no-scheme' is not a web address (http or https)."),
    ]
    assert not imported() and not ThreatActor.objects.filter(name="Rhysida").exists()


def test_a_problem_with_the_whole_file_says_so(communications):
    response = upload(communications, '[{"slug": "a",\n "title": }]', name="incidents.json")

    content = response.content.decode()
    assert '<th scope="col">Record</th>' in content
    assert problem_rows(content) == [
        ("Whole file", "—", "This is not valid JSON: Expecting value (line 2, column 11).")
    ]


def test_a_file_over_five_megabytes_is_refused(communications):
    padding = "\n" * (IMPORT_MAX_BYTES + 1 - len(GOOD_CSV))

    response = upload(communications, GOOD_CSV + padding)

    assert "at most 5 MB can be imported at once" in response.context["form"].errors["file"][0]
    assert not imported()


def test_a_file_that_is_not_csv_or_json_is_refused(communications):
    response = upload(communications, GOOD_CSV, name="incidents.xlsx")

    assert "is not a .csv or .json file" in response.context["form"].errors["file"][0]
    assert not imported()


# Large files: imported by the worker, followed on the import's own page

LARGE_HEADER = HEADER.rstrip("\n") + ",description\n"
LARGE_SLUGS = [f"large-import-{number}" for number in range(40)]
LONG_DESCRIPTION = "Care moved to paper for weeks while systems were rebuilt. " * 30


def large_csv(*, bad_row: int | None = None) -> str:
    """Forty incidents with long descriptions: over the size imported within the request."""
    rows = [
        f"{slug},Ransomware attack number {number} on a hospital,{'2023-13' if number == bad_row else '2023'},DE,"
        f"ransomware,,,,A hospital,hospital,https://www.example.org/{slug},Report on attack {number},{LONG_DESCRIPTION}"
        for number, slug in enumerate(LARGE_SLUGS)
    ]
    content = LARGE_HEADER + "\n".join(rows) + "\n"
    assert len(content.encode()) > IMPORT_AT_ONCE_MAX_BYTES
    return content


def job_url(job: IncidentImportJob) -> str:
    return reverse("incidents_import_job", args=[job.pk])


def large_imported() -> int:
    return Incident.objects.filter(slug__in=LARGE_SLUGS).count()


@pytest.fixture
def queued_job(communications, django_capture_on_commit_callbacks) -> IncidentImportJob:
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(communications, large_csv(), name="tracer-export.csv")
    job = IncidentImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job_url(job)
    return job


def test_a_large_file_returns_at_once_with_a_redirect_to_its_job_and_nothing_imported_yet(communications, queued_job):
    assert large_imported() == 0
    assert DBTaskResult.objects.filter(task_path="testimonials.tasks.incident_import_task", status="READY").count() == 1
    content = communications.get(job_url(queued_job)).content.decode()
    assert f"Import {queued_job.pk}: tracer-export.csv" in content
    assert "Waiting for the worker to start the import." in content
    assert '<meta http-equiv="refresh" content="3">' in content


def test_the_worker_imports_the_file_and_its_page_shows_the_report_with_links(communications, queued_job):
    incident_import_task.call(job_id=queued_job.pk)

    assert large_imported() == 40
    content = communications.get(job_url(queued_job)).content.decode()
    assert "Incidents: 40 were created, 0 were updated, 0 unchanged." in content
    assert f'<a href="{edit_url("large-import-7")}">large-import-7</a>' in content
    assert "http-equiv" not in content
    queued_job.refresh_from_db()
    assert (queued_job.status, queued_job.records_total, queued_job.content) == ("done", 40, b"")
    entry = ModelLogEntry.objects.filter(action=IMPORT_LOG_ACTION).first()
    assert entry.message == "Imported from tracer-export.csv (40 incidents created, 0 updated)"
    assert entry.user == queued_job.created_by


def test_the_import_page_lists_recent_imports_to_come_back_to(communications, queued_job):
    content = communications.get(import_url()).content.decode()

    assert f'<a href="{job_url(queued_job)}">Import {queued_job.pk}: tracer-export.csv</a> (waiting' in content


def test_a_task_delivered_twice_imports_once(communications, queued_job):
    incident_import_task.call(job_id=queued_job.pk)
    incident_import_task.call(job_id=queued_job.pk)

    assert ModelLogEntry.objects.filter(action=IMPORT_LOG_ACTION).count() == 40


def test_a_large_file_with_problems_shows_them_on_its_page_and_imports_nothing(
    communications, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(communications, large_csv(bad_row=30), name="tracer-export.csv")
    job = IncidentImportJob.objects.get()

    incident_import_task.call(job_id=job.pk)

    content = communications.get(response["Location"]).content.decode()
    assert "tracer-export.csv: 1 problem" in content and "Nothing from this file was imported" in content
    assert problem_rows(content) == [("32", "attack_date", "'2023-13' is not a date like 2021-05-14, 2021-05 or 2021.")]
    assert large_imported() == 0 and "Upload the corrected file" in content


def test_a_large_check_only_reports_and_writes_nothing(communications, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(communications, large_csv(), dry_run="on")

    incident_import_task.call(job_id=IncidentImportJob.objects.get().pk)

    content = communications.get(job_url(IncidentImportJob.objects.get())).content.decode()
    assert "Incidents: 40 would be created, 0 would be updated, 0 unchanged." in content
    assert large_imported() == 0 and not ModelLogEntry.objects.filter(action=IMPORT_LOG_ACTION).exists()


def test_a_job_whose_uploader_may_no_longer_import_imports_nothing(queued_job):
    queued_job.created_by.groups.clear()

    incident_import_task.call(job_id=queued_job.pk)

    queued_job.refresh_from_db()
    assert queued_job.status == "failed" and "may no longer import incidents" in queued_job.problems[0]["message"]
    assert large_imported() == 0


class TestSomeoneWithoutTheImportPermissions:
    def test_cannot_see_anothers_import_job(self, client, queued_job):
        client.force_login(ModeratorFactory())

        response = client.get(job_url(queued_job))

        assert response["Location"] == reverse("wagtailadmin_home")

    def test_nor_can_anonymous_visitors(self, client, queued_job):
        client.logout()

        response = client.get(job_url(queued_job))

        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_colleague_who_may_import_can_follow_the_import(client, queued_job):
    client.force_login(CommunicationsFactory())

    assert client.get(job_url(queued_job)).status_code == 200


def test_an_unknown_job_is_not_found(communications):
    assert communications.get(reverse("incidents_import_job", args=[9999])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_the_import_and_the_page_shows_its_report(client, site_pages, run_worker):
    client.force_login(CommunicationsFactory())
    job_page = upload(client, large_csv())["Location"]

    run_worker()

    assert large_imported() == 40
    assert "Incidents: 40 were created" in client.get(job_page).content.decode()
