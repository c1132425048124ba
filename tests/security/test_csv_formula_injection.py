"""CSV exports open in spreadsheets: a cell that would start a formula is exported as text (OWASP's CSV injection).

A published story holds text from a public submission, an incident text from an imported file: neither may
run in the spreadsheet of whoever downloads the open data or the consent records.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from moderation.services import testimony_approve, testimony_redact
from testimonials.csv_cells import escape_cell, unescape_cell
from testimonials.models import ConsentChange
from tests.factories import (
    IncidentFactory,
    ModeratorFactory,
    TestimonyFactory,
    ThreatActorFactory,
    UserFactory,
    VictimOrganisationFactory,
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HYPERLINK = '=HYPERLINK("http://x","click")'
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def cells(content: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content, newline="")))


def formula_cells(content: str) -> list[str]:
    return [cell for row in cells(content) for cell in row if cell.startswith(FORMULA_STARTS)]


def public_export(client, index, name: str) -> str:
    return client.get(index.url + index.reverse_subpage(f"{name}_export", args=["csv"])).content.decode()


@pytest.fixture
def formula_story(site_pages):
    testimony = TestimonyFactory(story="@SUM(1) The ransomware attack postponed my scan by three weeks.")
    testimony_redact(testimony_id=testimony.pk)
    page = testimony_approve(testimony=testimony, moderator=ModeratorFactory())
    page.title = HYPERLINK
    page.save_revision().publish()
    return page


def test_a_published_story_that_begins_with_a_formula_exports_as_text(client, formula_story, site_pages):
    content = public_export(client, site_pages["stories"], "stories")

    [story] = csv.DictReader(io.StringIO(content, newline=""))
    assert story["title"] == "'" + HYPERLINK
    assert story["text"].startswith("'@SUM(1) The ransomware attack")
    assert not formula_cells(content)
    assert story["told_by"] == "relative" and story["country"] == "IE" and story["year"] == "2021"
    assert story["url"] == f"http://testserver{formula_story.url}" and story["licence"] == "CC BY 4.0"


@pytest.fixture
def formula_incident(site_pages):
    incident = IncidentFactory(
        slug="formula-incident",
        title=HYPERLINK,
        description="-5 days of surgery, then +2 more",
        threat_actor=ThreatActorFactory(name="Formula Group", aliases="=1+1"),
        records_exposed=33000,
        days_of_disruption=120,
        organisation=None,
    )
    VictimOrganisationFactory(incident=incident, name="@SUM(1)")
    return incident


def test_an_incident_with_formula_text_exports_as_text_and_its_figures_unchanged(client, formula_incident, site_pages):
    content = public_export(client, site_pages["stories"], "incidents")

    rows = csv.DictReader(io.StringIO(content, newline=""))
    incident = next(row for row in rows if row["slug"] == "formula-incident")
    assert incident["title"] == "'" + HYPERLINK
    assert incident["description"] == "'-5 days of surgery, then +2 more"
    assert incident["organisation_1_name"] == "'@SUM(1)"
    assert incident["threat_actor_aliases"] == "'=1+1"
    assert not formula_cells(content)
    assert (incident["records_exposed"], incident["days_of_disruption"], incident["patients_affected"]) == (
        "33000",
        "120",
        "",
    )
    assert (incident["attack_date"], incident["countries"], incident["threat_actor"]) == (
        "2021-05-14",
        "IE",
        "Formula Group",
    )
    assert incident["source_1_url"] == "https://www.example.org/report"


def test_consent_records_with_a_formula_export_as_text(client, site_pages):
    testimony = TestimonyFactory()
    ConsentChange.objects.create(testimony=testimony, consent="consent_research", given=True, text_version=HYPERLINK)
    ConsentChange.objects.create(testimony=testimony, consent="consent_contact", given=False, text_version="v-2024")
    officer = UserFactory()
    officer.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", "export_consent_records"]))
    client.force_login(officer)

    response = client.get(reverse("consent_records_export"))

    content = b"".join(response.streaming_content).decode()
    header, formula, ordinary = cells(content)
    assert header == ["reference", "consent", "given", "wording_version", "changed_at"]
    assert formula[:4] == [testimony.reference, "consent_research", "True", "'" + HYPERLINK]
    assert ordinary[:4] == [testimony.reference, "consent_contact", "False", "v-2024"]
    assert ordinary[4] == ConsentChange.objects.get(text_version="v-2024").changed_at.isoformat()
    assert not formula_cells(content)


@pytest.mark.parametrize(
    ("value", "exported"),
    [
        ("=1+1", "'=1+1"),
        ("+31 20 123 4567", "'+31 20 123 4567"),
        ("-5 days", "'-5 days"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("'=1+1", "''=1+1"),
        ("A = B", "A = B"),
        ("it's", "it's"),
        ("'quoted'", "'quoted'"),
        ("", ""),
        (120, 120),
        (-5, -5),
        (None, None),
    ],
)
def test_only_text_that_would_start_a_formula_is_escaped(value, exported):
    assert escape_cell(value) == exported


@given(st.text())
def test_the_importer_reads_back_exactly_what_the_export_escaped(text):
    assert unescape_cell(escape_cell(text)) == text


def test_every_csv_the_apps_write_goes_through_the_escaping_writers():
    """A new export is covered the day it is written: the apps write CSV only through testimonials.csv_cells."""
    writers = re.compile(r"\bcsv\.(writer|DictWriter)\b")
    offenders = [
        str(path.relative_to(PROJECT_ROOT))
        for app in ("testimonials", "moderation", "home", "config")
        for path in (PROJECT_ROOT / app).rglob("*.py")
        if path.name != "csv_cells.py" and writers.search(path.read_text())
    ]
    assert offenders == []
