"""The incident import in the Wagtail admin: who may use it, the report, the problems, and the audit log."""

import html
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ModelLogEntry

from testimonials.admin_views import IMPORT_MAX_BYTES
from testimonials.incident_import import IMPORT_LOG_ACTION
from testimonials.models import Incident, ThreatActor
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
