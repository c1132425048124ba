"""Importing incidents from the open-data CSV and JSON shapes: the service and `manage.py import_incidents`."""

import csv
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry

from testimonials.incident_import import (
    IMPORT_LOG_ACTION,
    IncidentImportError,
    format_from_name,
    incidents_import,
    incidents_import_logged,
)
from testimonials.management.commands.import_incidents import Command as ImportIncidentsCommand
from testimonials.models import Incident, IncidentSource, ThreatActor, VictimOrganisation
from tests.factories import ThreatActorFactory

# The columns the public incidents CSV export writes, in its order.
COLUMNS = [
    "slug",
    "title",
    "description",
    "attack_date",
    "disclosure_date",
    "countries",
    "attack_type",
    "threat_actor",
    "threat_actor_type",
    "threat_actor_aliases",
    "attribution",
    "organisation_1_name",
    "organisation_1_type",
    "organisation_2_name",
    "organisation_2_type",
    "records_exposed",
    "days_of_disruption",
    "patients_affected",
    "care_disruption",
    "source_1_url",
    "source_1_title",
    "source_1_publisher",
    "source_1_kind",
    "url",
    "licence",
    "licence_url",
]
LICENCE = {"licence": "CC BY 4.0", "licence_url": "https://creativecommons.org/licenses/by/4.0/"}
SURPLUS = "surplus cells"

HSE = {
    "slug": "hse-conti-2021",
    "title": "Ransomware attack on the Health Service Executive",
    "description": "Systems across Irish hospitals were shut down for weeks.",
    "attack_date": "2021-05-14",
    "disclosure_date": "2021-05-14",
    "countries": "IE",
    "attack_type": "ransomware",
    "threat_actor": "Conti",
    "threat_actor_type": "criminal",
    "threat_actor_aliases": "Wizard Spider;Gold Ulrick",
    "attribution": "claimed",
    "organisation_1_name": "Health Service Executive",
    "organisation_1_type": "public_health_body",
    "organisation_2_name": "Rotunda Hospital",
    "organisation_2_type": "hospital",
    "days_of_disruption": "120",
    "care_disruption": "appointments_cancelled;systems_offline",
    "source_1_url": "https://www.example.org/hse/post-incident-review",
    "source_1_title": "Conti cyber attack on the HSE",
    "source_1_publisher": "Health Service Executive",
    "source_1_kind": "public_body",
    "url": "https://www.example.org/stories/incidents/hse-conti-2021/",
    **LICENCE,
}
CLINIC = {
    "slug": "nordic-clinic-breach-2021",
    "title": "Patient records stolen from a clinic chain",
    "attack_date": "2021-05",
    "countries": "FI;SE",
    "attack_type": "data_breach",
    "organisation_1_name": "A Nordic clinic chain",
    "organisation_1_type": "clinic",
    "records_exposed": "33,000",
    "care_disruption": "data_leaked",
    "source_1_url": "https://www.example.org/news/clinic-breach",
    "source_1_title": "Clinic chain confirms theft of patient records",
    "source_1_kind": "media",
}
LABORATORY = {
    "slug": "laboratory-leak-2021",
    "title": "Leak of a laboratory's test results",
    "attack_date": "2021",
    "countries": "de",
    "attack_type": "hack_and_leak",
    "threat_actor": "Vice Society",
    "attribution": "suspected",
    "organisation_1_name": "A diagnostics laboratory",
    "organisation_1_type": "laboratory",
    "source_1_url": "https://www.example.org/leak-site-listing",
    "source_1_title": "Listing on the leak site",
    "source_1_kind": "leak_site",
}
ROWS = (HSE, CLINIC, LABORATORY)


def csv_file(*rows: dict, columns: list[str] = COLUMNS) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns] + row.get(SURPLUS, []))
    return buffer.getvalue()


def as_json_record(row: dict) -> dict:
    """The record the JSON export holds for what the CSV export flattens into `row`."""

    def listed(key):
        return [item for item in row.get(key, "").split(";") if item]

    def numbered(kind, fields):
        return [
            {field: row.get(f"{kind}_{number}_{field}", "") for field in fields}
            for number in (1, 2)
            if row.get(f"{kind}_{number}_{fields[0]}")
        ]

    figures = ("records_exposed", "days_of_disruption", "patients_affected")
    return {
        **{key: row.get(key) or None for key in ("slug", "title", "attack_date", "disclosure_date", "attribution")},
        "description": row.get("description", ""),
        "countries": listed("countries"),
        "attack_type": row["attack_type"],
        "threat_actor": (
            {"name": row["threat_actor"], "type": row.get("threat_actor_type") or None}
            | {"aliases": listed("threat_actor_aliases")}
            if row.get("threat_actor")
            else None
        ),
        "organisations": numbered("organisation", ("name", "type")),
        **{key: int(row[key].replace(",", "")) if row.get(key) else None for key in figures},
        "care_disruption": listed("care_disruption"),
        "sources": numbered("source", ("url", "title", "publisher", "kind")),
        **LICENCE,
    }


def json_file(*records: dict) -> str:
    return json.dumps({**LICENCE, "count": len(records), "results": list(records)}, indent=1)


FILES = {"csv": csv_file(*ROWS), "json": json_file(*(as_json_record(row) for row in ROWS))}


def problems_of(content: str | bytes, file_format: str = "csv") -> list[tuple[int, str]]:
    with pytest.raises(IncidentImportError) as raised:
        incidents_import(content=content, file_format=file_format)
    return [(problem.row, problem.column) for problem in raised.value.problems]


def database_rows() -> dict[str, list[dict]]:
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Incident, VictimOrganisation, IncidentSource, ThreatActor)
    }


# The service


@pytest.mark.django_db
def test_a_country_given_twice_is_one_country_and_imports_again_unchanged():
    content = csv_file({**HSE, "countries": "IE;ie;IE"})
    incidents_import(content=content, file_format="csv")

    assert [country.code for country in Incident.objects.get().countries] == ["IE"]
    assert incidents_import(content=content, file_format="csv").unchanged == ["hse-conti-2021"]


@pytest.mark.django_db
def test_json_nested_too_deeply_is_a_problem_not_a_crash():
    assert problems_of("[" * 100_000 + "]" * 100_000, "json") == [(0, "")]


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_a_good_file_creates_incidents_with_everything_the_export_holds(file_format):
    report = incidents_import(content=FILES[file_format], file_format=file_format)

    assert report.created == ["hse-conti-2021", "nordic-clinic-breach-2021", "laboratory-leak-2021"]
    assert report.actors_created == ["Conti", "Vice Society"] and not report.updated
    hse = Incident.objects.get(slug="hse-conti-2021")
    assert hse.title == "Ransomware attack on the Health Service Executive"
    assert [(o.name, o.organisation_type) for o in hse.organisations.order_by("sort_order")] == [
        ("Health Service Executive", "public_health_body"),
        ("Rotunda Hospital", "hospital"),
    ]
    source = hse.sources.get()
    assert (source.url, source.title, source.publisher, source.kind) == (
        "https://www.example.org/hse/post-incident-review",
        "Conti cyber attack on the HSE",
        "Health Service Executive",
        "public_body",
    )
    assert (hse.threat_actor.name, hse.threat_actor.actor_type, hse.threat_actor.alias_list) == (
        "Conti",
        "criminal",
        ["Wizard Spider", "Gold Ulrick"],
    )
    assert hse.attribution == "claimed" and hse.disclosure_date == datetime.date(2021, 5, 14)
    assert hse.care_disruption == ["appointments_cancelled", "systems_offline"] and hse.days_of_disruption == 120
    clinic = Incident.objects.get(slug="nordic-clinic-breach-2021")
    assert sorted(country.code for country in clinic.countries) == ["FI", "SE"]
    assert clinic.threat_actor is None and clinic.attribution == "unknown" and clinic.records_exposed == 33000
    assert clinic.care_disruption == ["data_leaked"] and not clinic.systems_offline
    laboratory = Incident.objects.get(slug="laboratory-leak-2021")
    assert [country.code for country in laboratory.countries] == ["DE"]
    assert laboratory.threat_actor.actor_type == "unknown" and laboratory.threat_actor.alias_list == []
    dates = {
        incident.slug: (incident.attack_date, incident.attack_date_precision, incident.attack_date_text)
        for incident in Incident.objects.all()
    }
    assert dates == {
        "hse-conti-2021": (datetime.date(2021, 5, 14), "day", "2021-05-14"),
        "nordic-clinic-breach-2021": (datetime.date(2021, 5, 1), "month", "2021-05"),
        "laboratory-leak-2021": (datetime.date(2021, 1, 1), "year", "2021"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_importing_the_same_file_again_changes_no_row(file_format):
    incidents_import(content=FILES[file_format], file_format=file_format)
    before = database_rows()

    report = incidents_import(content=FILES[file_format], file_format=file_format)

    assert report.unchanged == ["hse-conti-2021", "nordic-clinic-breach-2021", "laboratory-leak-2021"]
    assert not (report.created or report.updated or report.actors_created or report.actors_updated)
    assert report.summary() == "Incidents: 0 were created, 0 were updated, 3 unchanged."
    assert database_rows() == before


@pytest.mark.django_db
def test_a_changed_title_is_reported_as_updated():
    incidents_import(content=FILES["csv"], file_format="csv")
    organisation_ids = set(VictimOrganisation.objects.values_list("pk", flat=True))

    report = incidents_import(
        content=csv_file({**HSE, "title": "Conti ransomware attack on the HSE"}, CLINIC, LABORATORY), file_format="csv"
    )

    assert report.updated == ["hse-conti-2021"]
    assert report.unchanged == ["nordic-clinic-breach-2021", "laboratory-leak-2021"]
    assert Incident.objects.get(slug="hse-conti-2021").title == "Conti ransomware attack on the HSE"
    assert VictimOrganisation.objects.count() == len(organisation_ids)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "column", "said"),
    [
        ({"attack_date": "2021-13-45"}, "attack_date", "'2021-13-45' is not a date"),
        ({"attack_type": "cyberwar"}, "attack_type", "'cyberwar' is not one of"),
        ({"countries": "FI;XX"}, "countries", "Not ISO country codes: XX"),
        ({"source_1_url": "www.example.org/no-scheme"}, "source_1_url", "is not a web address"),
        ({"records_exposed": "-5"}, "records_exposed", "not a whole number of zero or more"),
        ({"title": ""}, "title", "This is required"),
        ({"organisation_1_type": ""}, "organisation_1_type", "This is required"),
        ({"slug": "hse-conti-2021"}, "slug", "already used by row 2"),
        ({"slug": "Clinic-2022"}, "slug", "is not a slug"),
        ({"organisation_1_name": "", "organisation_1_type": ""}, "organisation_1_name", "Give at least one"),
        ({SURPLUS: ["a stray cell"]}, "", "more cells than the header has columns"),
    ],
)
def test_one_bad_row_among_good_ones_imports_nothing_and_is_named(changes, column, said):
    with pytest.raises(IncidentImportError) as raised:
        incidents_import(content=csv_file(HSE, {**CLINIC, **changes}, LABORATORY), file_format="csv")

    [problem] = raised.value.problems
    assert (problem.row, problem.column) == (3, column)
    assert said in problem.message
    assert str(problem).startswith(f"Row 3, column {column}: " if column else "Row 3: ")
    assert not Incident.objects.exists() and not ThreatActor.objects.exists()


@pytest.mark.django_db
def test_every_bad_row_of_a_file_is_named_not_only_the_first():
    rows = [
        HSE,
        {**CLINIC, "attack_date": "May 2021", "countries": "UK"},
        LABORATORY,
        {**CLINIC, "slug": "clinic-2", "source_1_url": "ftp://example.org/file"},
    ]

    assert problems_of(csv_file(*rows)) == [(3, "attack_date"), (3, "countries"), (5, "source_1_url")]
    assert not Incident.objects.exists()


@pytest.mark.django_db
def test_json_problems_name_the_record_and_the_nested_field():
    records = [as_json_record(row) for row in ROWS]
    records[1]["sources"][0]["url"] = "not a web address"
    records[1]["threat_actor"] = {"name": "Conti", "type": "gang"}
    records[2]["victims"] = 12

    with pytest.raises(IncidentImportError) as raised:
        incidents_import(content=json_file(*records), file_format="json")

    assert [str(problem) for problem in raised.value.problems] == [
        "Record 2, column threat_actor.type: 'gang' is not one of: criminal, state, hacktivist, insider, unknown.",
        "Record 2, column sources[1].url: 'not a web address' is not a web address (http or https).",
        "Record 3, column victims: This column is not one the importer knows. Check its spelling.",
    ]


@pytest.mark.django_db
def test_a_json_syntax_error_is_reported_with_its_line_and_not_as_a_record():
    content = '{"results": [\n {"slug": "hse-conti-2021",\n  "title": "HSE"\n  "attack_type": "ransomware"}\n]}'

    with pytest.raises(IncidentImportError) as raised:
        incidents_import(content=content, file_format="json")

    [problem] = raised.value.problems
    assert str(problem) == "This is not valid JSON: Expecting ',' delimiter (line 4, column 3)."


@pytest.mark.django_db
def test_a_file_that_is_neither_csv_nor_json_is_refused_for_its_extension():
    spreadsheet = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5\x8f\xe2\x90"

    with pytest.raises(IncidentImportError) as raised:
        incidents_import(content=spreadsheet, file_format=format_from_name("Incidents.XLSX"))

    assert [str(problem) for problem in raised.value.problems] == ["Import a .csv or .json file."]


@pytest.mark.django_db
def test_bytes_that_are_not_utf8_are_refused_as_a_whole_file():
    content = csv_file({**HSE, "title": "Ransomware attack on Düsseldorf University Hospital"}).encode("cp1252")

    with pytest.raises(IncidentImportError) as raised:
        incidents_import(content=content, file_format="csv")

    assert [str(problem) for problem in raised.value.problems] == ["The file is not UTF-8 text."]
    assert not Incident.objects.exists()


@pytest.mark.django_db
def test_a_threat_actor_is_found_by_its_alias_and_not_created_again():
    conti = ThreatActorFactory(name="Conti", aliases="Wizard Spider", actor_type="criminal")

    report = incidents_import(
        content=csv_file({**HSE, "threat_actor": "wizard spider", "threat_actor_aliases": "Gold Ulrick"}),
        file_format="csv",
    )

    assert Incident.objects.get().threat_actor == conti and ThreatActor.objects.count() == 1
    assert not report.actors_created and report.actors_updated == ["Conti"]
    conti.refresh_from_db()
    assert conti.alias_list == ["Wizard Spider", "Gold Ulrick"]


@pytest.mark.django_db
def test_an_attribution_without_a_threat_actor_is_refused():
    row = {**HSE, "threat_actor": "", "threat_actor_type": "", "threat_actor_aliases": "", "attribution": "claimed"}

    assert problems_of(csv_file(row)) == [(2, "attribution")]


@pytest.mark.django_db
def test_a_dry_run_reports_what_would_change_and_writes_nothing():
    report = incidents_import(content=FILES["csv"], file_format="csv", dry_run=True)

    assert report.created == ["hse-conti-2021", "nordic-clinic-breach-2021", "laboratory-leak-2021"]
    assert report.summary() == (
        "Incidents: 3 would be created, 0 would be updated, 0 unchanged. "
        "Threat actors: 2 would be created, 0 would be updated."
    )
    assert database_rows() == {"Incident": [], "VictimOrganisation": [], "IncidentSource": [], "ThreatActor": []}


@pytest.mark.django_db
def test_a_logged_import_puts_the_filename_and_counts_in_each_changed_records_history():
    ThreatActorFactory(name="Vice Society", aliases="", actor_type="criminal")
    incidents_import(content=csv_file(CLINIC), file_format="csv")

    incidents_import_logged(content=FILES["csv"], file_format="csv", filename="incidents.csv")

    entries = ModelLogEntry.objects.filter(action=IMPORT_LOG_ACTION)
    assert sorted(entry.label for entry in entries) == sorted([HSE["title"], LABORATORY["title"], "Conti"])
    assert entries.first().data == {
        "filename": "incidents.csv",
        "created": 2,
        "updated": 0,
        "unchanged": 1,
        "actors_created": 1,
        "actors_updated": 0,
    }


@pytest.mark.django_db
def test_a_logged_dry_run_logs_nothing():
    incidents_import_logged(content=FILES["csv"], file_format="csv", filename="incidents.csv", dry_run=True)

    assert not ModelLogEntry.objects.filter(action=IMPORT_LOG_ACTION).exists()


# Bugs found in the service, pinned


@pytest.mark.django_db
def test_a_csv_with_bare_carriage_returns_as_excel_for_mac_writes_imports():
    report = incidents_import(content=FILES["csv"].replace("\r\n", "\r"), file_format="csv")

    assert len(report.created) == 3


@pytest.mark.django_db
def test_a_cell_longer_than_the_csv_module_reads_is_a_problem_not_a_crash():
    rows = [HSE, {**CLINIC, "description": "The attack. " * 12_000}]

    assert problems_of(csv_file(*rows)) == [(3, "")]


@pytest.mark.django_db
def test_rows_are_numbered_as_a_spreadsheet_shows_them_even_after_a_blank_line():
    lines = csv_file(HSE, {**CLINIC, "attack_date": "21/05/2021"}).splitlines(keepends=True)
    content = "".join([*lines[:2], "\r\n", *lines[2:]])

    assert problems_of(content) == [(4, "attack_date")]


@pytest.mark.django_db
def test_rows_whose_cells_are_all_empty_are_skipped():
    content = FILES["csv"] + "," * (len(COLUMNS) - 1) + "\r\n" + "," * (len(COLUMNS) - 1) + "\r\n"

    assert len(incidents_import(content=content, file_format="csv").created) == 3


@pytest.mark.django_db
def test_an_unknown_column_is_named_once_on_the_header_row():
    rows = [{**row, "victims": "12"} for row in ROWS]

    assert problems_of(csv_file(*rows, columns=[*COLUMNS, "victims"])) == [(1, "victims")]


@pytest.mark.django_db
def test_an_empty_column_without_a_name_is_ignored():
    content = "\r\n".join(line + "," for line in FILES["csv"].splitlines())

    assert len(incidents_import(content=content, file_format="csv").created) == 3


@pytest.mark.django_db
def test_a_csv_style_column_in_a_json_record_is_refused_not_ignored():
    record = as_json_record(HSE) | {"organisation_2_name": "Rotunda Hospital"}

    assert problems_of(json_file(record), "json") == [(1, "organisation_2_name")]


@pytest.mark.django_db
def test_a_disclosure_before_the_attack_is_named_on_every_row():
    rows = [{**HSE, "disclosure_date": "2021-05-01"}, {**LABORATORY, "disclosure_date": "2020-12-31"}]

    assert problems_of(csv_file(*rows)) == [(2, "disclosure_date"), (3, "disclosure_date")]


@pytest.mark.django_db
def test_a_figure_too_large_to_store_is_named_on_every_row():
    rows = [{**HSE, "records_exposed": "1" + "0" * 20}, {**CLINIC, "records_exposed": "1" + "0" * 20}]

    assert problems_of(csv_file(*rows)) == [(2, "records_exposed"), (3, "records_exposed")]


# Values Python, the database or a spreadsheet would choke on


def json_with_figure(number_text: str) -> str:
    """A JSON file whose first record's records_exposed is written as `number_text` (json.dumps cannot write some)."""
    return json_file(as_json_record(HSE) | {"records_exposed": 123456789}).replace("123456789", number_text)


@pytest.mark.django_db
def test_a_json_number_of_thousands_of_digits_is_a_problem_naming_the_record_and_field():
    with pytest.raises(IncidentImportError) as raised:
        incidents_import(content=json_with_figure("1" * 5000), file_format="json")

    assert [str(problem) for problem in raised.value.problems] == [
        "Record 1, column records_exposed: A number of 5000 digits is too large to store."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("number", "said"),
    [
        ("1e400", "1e400 is not a whole number of zero or more."),
        ("-1e400", "-1e400 is not a whole number of zero or more."),
        ("NaN", "NaN is not a whole number of zero or more."),
        ("Infinity", "Infinity is not a whole number of zero or more."),
        ("-Infinity", "-Infinity is not a whole number of zero or more."),
        ("12.5", "12.5 is not a whole number of zero or more."),
        ("-5", "-5 is not a whole number of zero or more."),
        ("-" + "1" * 5000, "-" + "1" * 59 + "… is not a whole number of zero or more."),
    ],
)
def test_a_json_number_that_is_not_a_whole_number_of_zero_or_more_is_named(number, said):
    with pytest.raises(IncidentImportError) as raised:
        incidents_import(content=json_with_figure(number), file_format="json")

    [problem] = raised.value.problems
    assert (problem.row, problem.column, problem.message) == (1, "records_exposed", said)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "column", "said"),
    [
        ({"records_exposed": "9" * 5000}, "records_exposed", "A number of 5000 digits is too large to store."),
        ({"patients_affected": "²"}, "patients_affected", "'²' is not a whole number of zero or more."),
        ({"days_of_disruption": "1e400"}, "days_of_disruption", "'1e400' is not a whole number of zero or more."),
        ({"attack_date": "2021-02-30"}, "attack_date", "'2021-02-30' is not a date like 2021-05-14, 2021-05 or 2021."),
        ({"attack_date": "0000"}, "attack_date", "'0000' is not a date like 2021-05-14, 2021-05 or 2021."),
        ({"disclosure_date": "2021-02-29"}, "disclosure_date", "'2021-02-29' is not a date like 2021-05-14."),
        ({"disclosure_date": "99999-01-01"}, "disclosure_date", "'99999-01-01' is not a date like 2021-05-14."),
        ({"description": "x" * 20_001}, "description", "At most 20000 characters (20001 given)."),
        ({"slug": "a" * 5000}, "slug", "At most 255 characters (5000 given)."),
    ],
)
def test_a_value_out_of_range_is_a_problem_naming_row_and_column(changes, column, said):
    with pytest.raises(IncidentImportError) as raised:
        incidents_import(content=csv_file(HSE, {**CLINIC, **changes}), file_format="csv")

    assert (3, column, said) in [(problem.row, problem.column, problem.message) for problem in raised.value.problems]
    assert not Incident.objects.exists()


@pytest.mark.django_db
def test_a_numbered_column_with_thousands_of_digits_is_an_unknown_column_not_a_crash():
    column = "organisation_" + "9" * 5000 + "_name"

    with pytest.raises(IncidentImportError) as raised:
        incidents_import(content=csv_file(HSE, columns=[*COLUMNS, column]), file_format="csv")

    [problem] = raised.value.problems
    assert (problem.row, problem.message) == (1, "This column is not one the importer knows. Check its spelling.")
    assert problem.column == column[:100] + "…"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "column", "character"),
    [
        ({"title": "Ransomware attack\x00 on the HSE"}, "title", "U+0000, a control character"),
        ({"description": "\x1b[31mRed text"}, "description", "U+001B, a control character"),
        ({"organisation_1_name": "Rotunda\x0bHospital"}, "organisation_1_name", "U+000B, a control character"),
        ({"threat_actor_aliases": "Wizard Spider;Gold\x07Ulrick"}, "threat_actor_aliases", "U+0007"),
        ({"countries": "IE;\x00"}, "countries", "U+0000, a control character"),
        ({"source_1_publisher": "HSE\x1fCommunications"}, "source_1_publisher", "U+001F, a control character"),
    ],
)
def test_a_control_character_in_a_cell_is_refused_naming_row_and_column(changes, column, character):
    with pytest.raises(IncidentImportError) as raised:
        incidents_import(content=csv_file(CLINIC, {**HSE, **changes}), file_format="csv")

    [problem] = raised.value.problems
    assert (problem.row, problem.column) == (3, column)
    assert character in problem.message and "cannot be imported: delete it" in problem.message
    assert "\x00" not in str(problem) and not Incident.objects.exists()


@pytest.mark.django_db
def test_control_characters_and_unpaired_surrogates_in_json_are_refused_naming_record_and_field():
    record = as_json_record(HSE)
    record["organisations"][1]["name"] = "Rotunda\x00Hospital"
    record["threat_actor"]["name"] = "Conti\ud800"
    record["description"] = "Two lines\nand a\ttab are fine."

    with pytest.raises(IncidentImportError) as raised:
        incidents_import(content=json_file(record), file_format="json")

    assert [str(problem) for problem in raised.value.problems] == [
        "Record 1, column threat_actor: It holds U+D800, half of a character (an unpaired surrogate), "
        "which cannot be imported: delete it.",
        "Record 1, column organisations[2].name: It holds U+0000, a control character, "
        "which cannot be imported: delete it.",
    ]


@pytest.mark.django_db
def test_tabs_and_line_breaks_inside_a_cell_are_kept():
    description = "Systems were shut down.\r\n\tAppointments were cancelled.\nCare went to paper."

    incidents_import(content=csv_file({**HSE, "description": description}), file_format="csv")

    assert Incident.objects.get().description == description.strip()


@pytest.mark.django_db
def test_a_problem_quoting_a_huge_value_quotes_only_its_start():
    with pytest.raises(IncidentImportError) as raised:
        incidents_import(content=csv_file({**HSE, "attack_type": "x" * 100_000}), file_format="csv")

    [problem] = raised.value.problems
    assert problem.message.startswith("'" + "x" * 59 + "… is not one of: ransomware")


# Exported cells that would start a formula in a spreadsheet come back as they were

FORMULAS = {
    "title": '=HYPERLINK("http://x","click")',
    "description": "-5 days of surgery cancelled",
    "organisation_1_name": "@SUM(1)",
    "threat_actor": "@Conti",
    "threat_actor_aliases": "+Gold Ulrick",
    "source_1_title": "=1+1 in the title",
}


def test_an_export_with_formula_looking_values_is_escaped_and_imports_back_unchanged(client, site_pages):
    incidents_import(content=csv_file({**HSE, **FORMULAS}), file_format="csv")
    index = site_pages["stories"]
    content = client.get(index.url + index.reverse_subpage("incidents_export", args=["csv"])).content.decode()

    exported = next(row for row in csv.DictReader(io.StringIO(content, newline="")) if row["slug"] == HSE["slug"])
    assert {column: exported[column] for column in FORMULAS} == {
        "title": "'" + FORMULAS["title"],
        "description": "'" + FORMULAS["description"],
        "organisation_1_name": "'" + FORMULAS["organisation_1_name"],
        "threat_actor": "'" + FORMULAS["threat_actor"],
        "threat_actor_aliases": "'" + FORMULAS["threat_actor_aliases"],
        "source_1_title": "'" + FORMULAS["source_1_title"],
    }
    assert (exported["days_of_disruption"], exported["countries"]) == ("120", "IE")
    report = incidents_import(content=content, file_format="csv")
    assert HSE["slug"] in report.unchanged and not (report.created or report.updated or report.actors_updated)

    Incident.objects.filter(slug=HSE["slug"]).delete()
    incidents_import(content=content, file_format="csv")
    hse = Incident.objects.get(slug=HSE["slug"])
    assert (hse.title, hse.description) == (FORMULAS["title"], FORMULAS["description"])
    assert hse.organisations.order_by("sort_order").first().name == "@SUM(1)"
    assert hse.sources.get().title == "=1+1 in the title"
    assert (hse.threat_actor.name, hse.threat_actor.alias_list) == ("@Conti", ["+Gold Ulrick"])


@pytest.mark.django_db
def test_only_the_quote_an_export_puts_before_a_formula_character_is_taken_off():
    row = {**HSE, "title": "'=1+1 written by hand", "description": "'Quoted' and it's fine", "threat_actor": "''@x"}

    incidents_import(content=csv_file(row), file_format="csv")

    hse = Incident.objects.get()
    assert (hse.title, hse.description, hse.threat_actor.name) == ("=1+1 written by hand", row["description"], "'@x")


# Progress


@pytest.mark.django_db
def test_an_import_tells_its_progress_checking_then_writing():
    told = []
    rows = [{**CLINIC, "slug": f"clinic-{number}"} for number in range(250)]

    incidents_import(content=csv_file(*rows), file_format="csv", progress=lambda *args: told.append(args))

    assert told == [("checking", 0, 250), ("checking", 100, 250), ("checking", 200, 250), ("writing", 0, 250)]


# The command


@pytest.fixture
def incidents_csv(tmp_path):
    path = tmp_path / "incidents.csv"
    path.write_text(FILES["csv"], encoding="utf-8")
    return path


def run(*args, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_incidents", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_the_command_prints_the_report_then_the_slugs_and_actors(incidents_csv):
    out, err = run(str(incidents_csv))

    assert out.splitlines() == [
        f"{incidents_csv}: Incidents: 3 were created, 0 were updated, 0 unchanged. "
        "Threat actors: 2 were created, 0 were updated.",
        "Created:",
        "  hse-conti-2021",
        "  nordic-clinic-breach-2021",
        "  laboratory-leak-2021",
        "Threat actors created:",
        "  Conti",
        "  Vice Society",
    ]
    assert err == "" and Incident.objects.count() == 3


@pytest.mark.django_db
def test_the_command_takes_the_format_option_over_the_extension(tmp_path):
    path = tmp_path / "incidents-export.txt"
    path.write_text(FILES["json"], encoding="utf-8")

    out, _ = run(str(path), "--format", "json")

    assert "3 were created" in out


@pytest.mark.django_db
def test_the_command_reads_standard_input_when_given_a_format():
    out, _ = run("-", "--format", "csv", stdin=io.StringIO(FILES["csv"]))

    assert out.startswith("standard input: Incidents: 3 were created")


@pytest.mark.django_db
def test_the_command_needs_a_format_to_read_standard_input():
    with pytest.raises(CommandError, match="--format"):
        run("-", stdin=io.StringIO(FILES["csv"]))


@pytest.mark.django_db
def test_the_command_dry_run_writes_nothing(incidents_csv):
    out, _ = run(str(incidents_csv), "--dry-run")

    assert "3 would be created" in out and "  hse-conti-2021" in out
    assert not Incident.objects.exists() and not ThreatActor.objects.exists()


@pytest.mark.django_db
def test_the_command_prints_each_problem_to_stderr_and_imports_no_file(incidents_csv, tmp_path):
    bad = tmp_path / "more.csv"
    bad.write_text(csv_file({**CLINIC, "slug": "other", "attack_date": "soon", "attack_type": "cyberwar"}))
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="Nothing was imported: 2 problem") as raised:
        call_command("import_incidents", str(incidents_csv), str(bad), stdout=out, stderr=err)

    assert err.getvalue().splitlines() == [
        f"{bad}: Row 2, column attack_date: 'soon' is not a date like 2021-05-14, 2021-05 or 2021.",
        f"{bad}: Row 2, column attack_type: 'cyberwar' is not one of: "
        "ransomware, data_breach, account_compromise, ddos, malware, hack_and_leak, defacement, supply_chain, other.",
    ]
    assert raised.value.returncode == 1 and out.getvalue() == ""
    assert not Incident.objects.exists() and not ThreatActor.objects.exists()


@pytest.mark.django_db
def test_the_command_refuses_a_file_it_cannot_read(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.csv"))


def test_the_command_exits_with_status_one_on_problems_and_zero_otherwise(transactional_db, tmp_path, capsys):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.json"
    good.write_text(FILES["csv"])
    bad.write_text("[{")

    ImportIncidentsCommand().run_from_argv(["manage.py", "import_incidents", str(good)])
    with pytest.raises(SystemExit) as exited:
        ImportIncidentsCommand().run_from_argv(["manage.py", "import_incidents", str(bad)])

    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "This is not valid JSON" in err and "CommandError: Nothing was imported" in err
    assert Incident.objects.count() == 3


@pytest.mark.django_db
def test_an_organisation_left_out_of_a_reimport_is_removed(site_pages):
    from testimonials.incident_records import for_records, incident_record

    record = incident_record(for_records(Incident.objects.filter(slug="synnovis-ransomware-attack-2024")).get())
    record["organisations"] = record["organisations"][:1]

    report = incidents_import(content=json.dumps([record]), file_format="json")

    assert report.updated == ["synnovis-ransomware-attack-2024"]
    incident = Incident.objects.get(slug="synnovis-ransomware-attack-2024")
    assert list(VictimOrganisation.objects.filter(incident=incident).values_list("name", flat=True)) == ["Synnovis"]
