"""Importing incidents from CSV or JSON, in the shape the open-data exports write.

Every record is checked before anything is written, so a file imports whole or not at all; problems
name the row (or record) and the column. Incidents are matched by slug, so importing the same file
twice changes nothing the second time. Nothing a file holds may end in a server error: a value Python or
the database would choke on (a 5,000-digit number, NaN, a NUL character) is a problem like any other.
"""

import csv
import io
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.db import transaction
from django.db.models import Q
from django_countries import countries as known_countries
from wagtail.log_actions import log

from .csv_cells import unescape_cell
from .incident_records import (
    LIST_SEPARATOR,
    ORGANISATION_FIELDS,
    PROVENANCE_FIELDS,
    SOURCE_FIELDS,
    for_records,
    incident_record,
)
from .models import (
    AttackType,
    Attribution,
    CareDisruption,
    Incident,
    IncidentSource,
    OrganisationType,
    SourceKind,
    ThreatActor,
    ThreatActorType,
    VictimOrganisation,
)
from .models.incidents import parse_partial_date

MAX_RECORDS = 5000
# Importing creates and changes incidents and the threat actors they name, so it takes all four permissions.
IMPORT_PERMISSIONS = (
    "testimonials.add_incident",
    "testimonials.change_incident",
    "testimonials.add_threatactor",
    "testimonials.change_threatactor",
)
# Far beyond any real description (the CSV module reads cells up to 131,072 characters; JSON has no limit).
MAX_DESCRIPTION_LENGTH = 20_000
# A figure's column holds at most 19 digits; longer ones are refused before Python is asked to read them
# (past 4,300 digits it refuses with a ValueError).
MAX_FIGURE_DIGITS = 30
SCALAR_FIELDS = ("slug", "title", "description", "attack_date", "disclosure_date", "attack_type", "attribution")
FIGURE_FIELDS = ("records_exposed", "days_of_disruption", "patients_affected")
KNOWN_FIELDS = {
    *SCALAR_FIELDS,
    *FIGURE_FIELDS,
    *PROVENANCE_FIELDS,
    "countries",
    "threat_actor",
    "care_disruption",
    "organisations",
    "sources",
}
NUMBERED_COLUMN = re.compile(r"^(organisation|source)_([0-9]{1,4})_(\w+)$")
# C0 control characters but tab and line ends, and halves of a character (JSON's "\ud800"): PostgreSQL refuses
# a NUL, SQLite's driver an unpaired surrogate, and none of them is anything a person typed on purpose.
UNSAFE_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# Imported values are quoted in problems up to this length.
SHOWN_LENGTH = 60
UNKNOWN_COLUMN = "This column is not one the importer knows. Check its spelling."
UNNAMED_COLUMN = "This column has no name in the header: name it, or delete the column."


def _printable(text: str, limit: int) -> str:
    """Text from a file, safe to store and show: unsafe characters spelt out, and cut short."""
    text = UNSAFE_CHARACTER.sub(lambda match: ascii(match[0])[1:-1], text)
    return text if len(text) <= limit else text[:limit] + "…"


def _shown(value) -> str:
    """A value quoted in a problem: as Python writes it (its quotes and escapes), cut short."""
    return _printable(repr(value), SHOWN_LENGTH)


@dataclass(frozen=True)
class ImportProblem:
    row: int  # 0: the whole file
    column: str
    message: str
    file_format: str = "csv"

    def __post_init__(self):
        # Column names and messages can quote the file: a problem is stored with an import job and shown.
        object.__setattr__(self, "column", _printable(self.column, 100))
        object.__setattr__(self, "message", _printable(self.message, 1000))

    def __str__(self) -> str:
        if not self.row:  # the whole file, or its JSON syntax
            return self.message
        where = f"Row {self.row}" if self.file_format == "csv" else f"Record {self.row}"
        return f"{where}, column {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


class IncidentImportError(Exception):
    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    actors_created: list[str] = field(default_factory=list)
    actors_updated: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        def count(items: list, done: str) -> str:
            verb = ("would be" if self.dry_run else "was" if len(items) == 1 else "were") + " " + done
            return f"{len(items)} {verb}"

        parts = [count(self.created, "created"), count(self.updated, "updated"), f"{len(self.unchanged)} unchanged"]
        text = "Incidents: " + ", ".join(parts) + "."
        if self.actors_created or self.actors_updated:
            text += f" Threat actors: {count(self.actors_created, 'created')}, {count(self.actors_updated, 'updated')}."
        return text


# Reading files


@dataclass(frozen=True)
class _RawNumber:
    """A number kept as the file writes it: too many digits to read, or in JSON not a whole number (`1e400`, `NaN`)."""

    text: str

    def __repr__(self) -> str:
        return self.text


def _whole_number(text: str) -> int | _RawNumber:
    """Digits as an int, unless there are too many to be a figure (or for Python to read)."""
    return int(text) if len(text) <= MAX_FIGURE_DIGITS else _RawNumber(text)


def records_read(content: bytes | str, file_format: str) -> list[tuple[int, dict]]:
    """(row number, record) pairs from a CSV or JSON file; rows are numbered as a spreadsheet shows them."""
    if file_format not in ("csv", "json"):
        raise IncidentImportError([ImportProblem(0, "", "Import a .csv or .json file.", file_format)])
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise IncidentImportError([ImportProblem(0, "", "The file is not UTF-8 text.", file_format)]) from error
    numbered = _csv_records(content) if file_format == "csv" else list(enumerate(_json_records(content), 1))
    if not numbered:
        raise IncidentImportError([ImportProblem(0, "", "The file holds no incidents.", file_format)])
    if len(numbered) > MAX_RECORDS:
        raise IncidentImportError(
            [ImportProblem(0, "", f"Split the file: at most {MAX_RECORDS} incidents at a time.", file_format)]
        )
    return numbered


def format_from_name(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def _csv_records(content: str) -> list[tuple[int, dict]]:
    # newline="" lets the csv module find line ends itself: Excel for Mac still ends lines with a bare "\r".
    reader = csv.reader(io.StringIO(content, newline=""))
    rows: list[list[str]] = []
    try:
        rows.extend(reader)
    except csv.Error as error:
        raise IncidentImportError(
            [ImportProblem(len(rows) + 1, "", f"This row cannot be read as CSV: {error}.", "csv")]
        ) from error
    if not rows:
        return []
    header, *rows = rows
    records = []
    # Counted from the header's row 1, blank rows too, so the numbers match the spreadsheet's.
    for number, cells in enumerate(rows, 2):
        if not any(cell.strip() for cell in cells):  # blank, or the empty rows spreadsheets leave at the end
            continue
        cells = [unescape_cell(cell) for cell in cells]  # what the export escaped against formulas
        row: dict = dict(zip(header, cells, strict=False)) | dict.fromkeys(header[len(cells) :])
        if len(cells) > len(header):
            row[None] = cells[len(header) :]
        records.append((number, _record_from_row(row)))
    return records


def _json_records(content: str) -> list:
    try:
        # Python refuses an integer of over 4,300 digits (a ValueError, not a JSONDecodeError), and no float, NaN
        # or Infinity is a figure: such numbers are kept as written, for the checks to name their record and field.
        data = json.loads(content, parse_int=_whole_number, parse_float=_RawNumber, parse_constant=_RawNumber)
    except RecursionError as error:
        raise IncidentImportError([ImportProblem(0, "", "This JSON is nested too deeply to read.", "json")]) from error
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise IncidentImportError(
            [ImportProblem(0, "", f"This is not valid JSON: {error.msg} ({where}).", "json")]
        ) from error
    # Our own export wraps the records with the licence; a bare list is accepted too.
    records = data.get("results") if isinstance(data, dict) else data
    if not isinstance(records, list):
        raise IncidentImportError(
            [ImportProblem(0, "", 'Expected a list of incidents, or {"results": [...]}.', "json")]
        )
    return records


def _record_from_row(row: dict) -> dict:
    """A CSV row back into the nested record its export came from."""
    record: dict = {}
    numbered: dict[str, dict[int, dict]] = {"organisation": {}, "source": {}}
    actor = {}
    for column, value in row.items():
        if column is None:  # more cells than headers
            record.setdefault("__extra_cells__", value)
            continue
        value = (value or "").strip()
        if not column.strip() and not value:  # a trailing separator in the header
            continue
        match = NUMBERED_COLUMN.match(column)
        if match and match[3] in (ORGANISATION_FIELDS if match[1] == "organisation" else SOURCE_FIELDS):
            kind, number, name = match.groups()
            numbered[kind].setdefault(int(number), {})[name] = value
        elif column in ("threat_actor", "threat_actor_type", "threat_actor_aliases"):
            actor[column.removeprefix("threat_actor").lstrip("_") or "name"] = value
        elif column in ("countries", "care_disruption"):
            record[column] = [item.strip() for item in value.split(LIST_SEPARATOR) if item.strip()]
        else:
            record[column] = value or None
    if actor.get("name"):
        aliases = actor.get("aliases", "")
        record["threat_actor"] = {
            "name": actor["name"],
            "type": actor.get("type") or None,
            "aliases": [alias.strip() for alias in aliases.split(LIST_SEPARATOR) if alias.strip()],
        }
    else:
        record["threat_actor"] = None
    for kind, items in numbered.items():
        record[kind + "s"] = [
            {**item, "_number": number} for number, item in sorted(items.items()) if any(item.values())
        ]
    return record


# Checking records


def _column(path: tuple, file_format: str) -> str:
    """Where a value sits, as the file's own author would name it."""
    if len(path) == 3:
        key, number, name = path
        return f"{key.removesuffix('s')}_{number}_{name}" if file_format == "csv" else f"{key}[{number}].{name}"
    if path[0] == "threat_actor" and len(path) == 2:
        return f"threat_actor_{path[1]}" if file_format == "csv" else f"threat_actor.{path[1]}"
    return path[0]


@dataclass
class _Checked:
    """A record that passed every check, ready to be written."""

    number: int
    file_format: str
    incident_fields: dict
    actor: dict | None
    organisations: list[dict]
    sources: list[dict]


class _RecordChecker:
    def __init__(self, number: int, record, file_format: str):
        self.number, self.record, self.file_format = number, record, file_format
        self.problems: list[ImportProblem] = []

    def problem(self, path: tuple | str, message: str) -> None:
        column = _column(path if isinstance(path, tuple) else (path,), self.file_format) if path else ""
        self.problems.append(ImportProblem(self.number, column, message, self.file_format))

    def check(self) -> _Checked | None:
        record = self.record
        if not isinstance(record, dict):
            self.problem("", "Each incident must be an object with named fields.")
            return None
        if "__extra_cells__" in record:
            self.problem("", "This row has more cells than the header has columns.")
        # A CSV's columns are its header's, checked once for the whole file in `_check_all`.
        if self.file_format == "json":
            for key in _unknown_columns(record):
                self.problem(key, UNKNOWN_COLUMN)
        fields = {
            "slug": self.slug(),
            "title": self.text("title", required=True, max_length=255),
            "description": self.text("description", max_length=MAX_DESCRIPTION_LENGTH) or "",
            **self.attack_date(),
            "disclosure_date": self.iso_date("disclosure_date"),
            "countries": self.countries(),
            "attack_type": self.choice("attack_type", AttackType, required=True),
            "attribution": self.choice("attribution", Attribution) or Attribution.UNKNOWN,
            **{name: self.figure(name) for name in FIGURE_FIELDS},
            **self.care_disruption(),
        }
        attacked, disclosed = fields.get("attack_date"), fields["disclosure_date"]
        if attacked and disclosed and disclosed < attacked:
            self.problem("disclosure_date", "It cannot be disclosed before the attack began.")
        actor = self.actor()
        if actor is None and fields["attribution"] != Attribution.UNKNOWN:
            self.problem("attribution", "Name the threat actor, or leave the attribution empty (unknown).")
        checked = _Checked(self.number, self.file_format, fields, actor, self.organisations(), self.sources())
        return None if self.problems else checked

    def text(self, key: str, *, required: bool = False, max_length: int | None = None, value=None) -> str | None:
        path = key if isinstance(key, tuple) else (key,)
        if value is None:
            value = self.record.get(key)
        if value is not None and not isinstance(value, str):
            self.problem(path, "Expected text.")
            return None
        value = (value or "").strip()
        if not self.safe(path, value):
            return None
        if required and not value:
            self.problem(path, "This is required.")
        elif max_length and len(value) > max_length:
            self.problem(path, f"At most {max_length} characters ({len(value)} given).")
        return value or None

    def safe(self, path: tuple | str, value: str) -> bool:
        if unsafe := UNSAFE_CHARACTER.search(value):
            character = f"U+{ord(unsafe[0]):04X}"
            kind = "half of a character (an unpaired surrogate)" if unsafe[0] >= "\ud800" else "a control character"
            self.problem(path, f"It holds {character}, {kind}, which cannot be imported: delete it.")
            return False
        return True

    def slug(self) -> str | None:
        slug = self.text("slug", required=True, max_length=255)
        if slug:
            try:
                validate_slug(slug)
                if slug != slug.lower():
                    raise ValidationError("uppercase")
            except ValidationError:
                self.problem("slug", f"{_shown(slug)} is not a slug: use lowercase letters, digits and hyphens.")
        return slug

    def attack_date(self) -> dict:
        value = self.text("attack_date", required=True)
        if not value:
            return {}
        try:
            date, precision = parse_partial_date(value)
        except ValueError:
            self.problem("attack_date", f"{_shown(value)} is not a date like 2021-05-14, 2021-05 or 2021.")
            return {}
        return {"attack_date": date, "attack_date_precision": precision}

    def iso_date(self, key: str):
        value = self.text(key)
        if not value:
            return None
        try:
            date, precision = parse_partial_date(value)
        except ValueError:
            precision = None
        if precision != "day":
            self.problem(key, f"{_shown(value)} is not a date like 2021-05-14.")
            return None
        return date

    def choice(self, key, choices, *, required: bool = False, value=None) -> str | None:
        value = self.text(key, required=required, value=value)
        if value and value not in choices.values:
            self.problem(key, f"{_shown(value)} is not one of: {', '.join(choices.values)}.")
            return None
        return value

    def figure(self, key: str) -> int | None:
        value = self.record.get(key)
        if value in (None, ""):
            return None
        if isinstance(value, str):
            digits = value.replace(",", "").replace("_", "").strip()
            # ASCII digits only: str.isdigit() takes "²", which int() refuses.
            value = _whole_number(digits) if re.fullmatch(r"[0-9]+", digits) else value
        if isinstance(value, _RawNumber) and value.text.isdigit():
            self.problem(key, f"A number of {len(value.text)} digits is too large to store.")
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.problem(key, f"{_shown(self.record.get(key))} is not a whole number of zero or more.")
            return None
        try:
            Incident._meta.get_field(key).run_validators(value)  # the database column's range
        except ValidationError as error:
            self.problem(key, f"{value} is too large. {' '.join(error.messages)}")
            return None
        return value

    def text_list(self, key: str) -> list[str]:
        values = self.record.get(key) or []
        if isinstance(values, str):
            values = [item.strip() for item in values.split(LIST_SEPARATOR) if item.strip()]
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            self.problem(key, "Expected a list of codes.")
            return []
        return [value for value in values if self.safe(key, value)]

    def countries(self) -> list[str]:
        codes = list(dict.fromkeys(code.upper() for code in self.text_list("countries")))
        if not codes:
            self.problem("countries", "Give at least one country as a two-letter ISO code, like IE.")
        unknown = [code for code in codes if code not in known_countries]
        if unknown:
            self.problem("countries", f"Not ISO country codes: {', '.join(unknown)}.")
        return codes

    def care_disruption(self) -> dict:
        flags = self.text_list("care_disruption")
        unknown = [flag for flag in flags if flag not in CareDisruption.values]
        if unknown:
            self.problem(
                "care_disruption",
                f"Not known: {', '.join(unknown)}. Use any of: {', '.join(CareDisruption.values)}.",
            )
        return {flag: flag in flags for flag in CareDisruption.values}

    def actor(self) -> dict | None:
        actor = self.record.get("threat_actor")
        if actor in (None, ""):
            return None
        if isinstance(actor, str):
            actor = {"name": actor}
        if not isinstance(actor, dict):
            self.problem("threat_actor", "Expected the threat actor's name, or an object with name, type and aliases.")
            return None
        name = self.text(("threat_actor",), required=True, max_length=255, value=actor.get("name") or "")
        actor_type = self.choice(("threat_actor", "type"), ThreatActorType, value=actor.get("type"))
        aliases = actor.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(alias, str) for alias in aliases):
            self.problem(("threat_actor", "aliases"), "Expected a list of names.")
            aliases = []
        aliases = [self.text(("threat_actor", "aliases"), max_length=255, value=alias) for alias in aliases]
        return {"name": name, "type": actor_type, "aliases": [alias for alias in aliases if alias]}

    def _items(self, key: str, names: tuple[str, ...]) -> list[tuple[int, dict]]:
        items = self.record.get(key) or []
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            self.problem(key, "Expected a list of objects.")
            return []
        if not items:
            first = (key, 1, "name" if key == "organisations" else "url") if self.file_format == "csv" else key
            self.problem(first, f"Give at least one {key.removesuffix('s')}.")
        numbered = []
        for position, item in enumerate(items, 1):
            number = item.get("_number", position)
            for name in item:
                if name not in names and name != "_number":
                    self.problem((key, number, name), "This column is not one the importer knows.")
            numbered.append((number, item))
        return numbered

    def organisations(self) -> list[dict]:
        checked = []
        for number, item in self._items("organisations", ORGANISATION_FIELDS):
            name = self.text(
                ("organisations", number, "name"), required=True, max_length=255, value=item.get("name") or ""
            )
            kind = self.choice(
                ("organisations", number, "type"), OrganisationType, required=True, value=item.get("type") or ""
            )
            checked.append({"name": name, "organisation_type": kind})
        return checked

    def sources(self) -> list[dict]:
        checked = []
        for number, item in self._items("sources", SOURCE_FIELDS):
            url = self.text(("sources", number, "url"), required=True, max_length=500, value=item.get("url") or "")
            if url:
                try:
                    URLValidator(schemes=["http", "https"])(url)
                except ValidationError:
                    self.problem(("sources", number, "url"), f"{_shown(url)} is not a web address (http or https).")
            title = self.text(
                ("sources", number, "title"), required=True, max_length=255, value=item.get("title") or ""
            )
            publisher = self.text(("sources", number, "publisher"), max_length=255, value=item.get("publisher") or "")
            kind = self.choice(("sources", number, "kind"), SourceKind, value=item.get("kind") or "")
            checked.append({"url": url, "title": title, "publisher": publisher or "", "kind": kind or SourceKind.MEDIA})
        return checked


# Writing


def _actor_find(name: str) -> ThreatActor | None:
    exact = ThreatActor.objects.filter(name__iexact=name).first()
    if exact:
        return exact
    # Aliases are one per line: match a whole line only.
    pattern = r"(^|\n)\s*" + re.escape(name) + r"\s*(\n|$)"
    return ThreatActor.objects.filter(Q(aliases__iregex=pattern)).first()


def _actor_ensure(data: dict, report: ImportReport) -> ThreatActor:
    actor = _actor_find(data["name"])
    if actor is None:
        actor = ThreatActor(name=data["name"], actor_type=data["type"] or ThreatActorType.UNKNOWN)
        actor.aliases = "\n".join(data["aliases"])
        actor.full_clean()
        actor.save()
        report.actors_created.append(actor.name)
        return actor
    aliases = list(dict.fromkeys([*actor.alias_list, *(a for a in data["aliases"] if a.lower() != actor.name.lower())]))
    changed = aliases != actor.alias_list or (data["type"] and data["type"] != actor.actor_type)
    if changed:
        actor.aliases = "\n".join(aliases)
        actor.actor_type = data["type"] or actor.actor_type
        actor.full_clean()
        actor.save()
        if actor.name not in report.actors_created:
            report.actors_updated.append(actor.name)
    return actor


def _comparable(record: dict) -> dict:
    # The actor's own details are reported on their own; the incident only names it.
    actor = record.get("threat_actor")
    return {**record, "threat_actor": actor["name"] if actor else None, "countries": sorted(record["countries"])}


def _incident_write(checked: _Checked, existing: Incident | None, report: ImportReport) -> None:
    actor = _actor_ensure(checked.actor, report) if checked.actor else None
    slug = checked.incident_fields["slug"]
    before = _comparable(incident_record(existing)) if existing else None
    incident = existing or Incident()
    for name, value in checked.incident_fields.items():
        setattr(incident, name, value)
    incident.threat_actor = actor
    # Held in memory until save() (a clusterable model), so the record can be compared first.
    incident.organisations = [
        VictimOrganisation(sort_order=order, **organisation) for order, organisation in enumerate(checked.organisations)
    ]
    incident.sources = [IncidentSource(sort_order=order, **source) for order, source in enumerate(checked.sources)]
    if before is not None and _comparable(incident_record(incident)) == before:
        report.unchanged.append(slug)
        return
    try:
        incident.full_clean(exclude=["slug"] if existing else None)
    except ValidationError as error:
        # A rule the model holds beyond the checks above: still named, still nothing written.
        raise IncidentImportError(
            [
                ImportProblem(
                    checked.number, column if column != "__all__" else "", " ".join(messages), checked.file_format
                )
                for column, messages in error.message_dict.items()
            ]
        ) from error
    incident.save()  # with its organisations and sources, replacing the old ones
    (report.updated if existing else report.created).append(slug)


def _unknown_columns(record: dict) -> list[str]:
    return [key for key in record if key not in KNOWN_FIELDS and key != "__extra_cells__"]


# Told (stage, done, total) as an import goes: "checking" every PROGRESS_EVERY records, then "writing" once.
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 100


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


def _check_all(numbered: list[tuple[int, dict]], file_format: str, progress: Progress) -> list[_Checked]:
    problems, checked, seen = [], [], {}
    if file_format == "csv":
        # A misspelt header would otherwise be named on every row; it is row 1's problem.
        unknown = dict.fromkeys(column for _, record in numbered for column in _unknown_columns(record))
        problems += [
            ImportProblem(1, column, UNKNOWN_COLUMN if column.strip() else UNNAMED_COLUMN, file_format)
            for column in unknown
        ]
    for done, (number, record) in enumerate(numbered):
        if not done % PROGRESS_EVERY:
            progress("checking", done, len(numbered))
        checker = _RecordChecker(number, record, file_format)
        result = checker.check()
        problems += checker.problems
        if result is None:
            continue
        slug = result.incident_fields["slug"]
        if slug in seen:
            problems.append(
                ImportProblem(number, "slug", f"{_shown(slug)} is already used by row {seen[slug]}.", file_format)
            )
        seen[slug] = number
        checked.append(result)
    if problems:
        raise IncidentImportError(problems)
    return checked


class _DryRun(Exception):
    pass


def incidents_import(
    *,
    content: bytes | str,
    file_format: str,
    dry_run: bool = False,
    progress: Progress | None = None,
    on_written: Callable[[ImportReport], None] | None = None,
) -> ImportReport:
    """Create or update incidents by slug from a CSV or JSON file; all of it, or nothing (IncidentImportError).

    The file is read and checked outside any transaction, so that `progress` can be seen as it goes;
    the writes, and `on_written` after them, are one transaction.
    """
    progress = progress or _no_progress
    numbered = records_read(content, file_format)
    checked = _check_all(numbered, file_format, progress)
    report = ImportReport(dry_run=dry_run)
    existing = {
        incident.slug: incident
        for incident in for_records(Incident.objects.filter(slug__in=[c.incident_fields["slug"] for c in checked]))
    }
    progress("writing", 0, len(checked))
    try:
        with transaction.atomic():
            for record in checked:
                _incident_write(record, existing.get(record.incident_fields["slug"]), report)
            if dry_run:
                raise _DryRun
            if on_written:
                on_written(report)
    except _DryRun:
        pass
    return report


IMPORT_LOG_ACTION = "testimonials.incidents_import"


def incidents_import_logged(
    *,
    content: bytes | str,
    file_format: str,
    filename: str,
    user=None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """`incidents_import`, and each incident and threat actor it created or changed says so in its history.

    The log holds the file's name and the counts only: the audit log keeps what it is given for ever.
    """
    log_written = partial(_import_log, filename=filename, user=user)
    return incidents_import(
        content=content, file_format=file_format, dry_run=dry_run, progress=progress, on_written=log_written
    )


def _import_log(report: ImportReport, *, filename: str, user) -> None:
    data = {
        "filename": filename,
        "created": len(report.created),
        "updated": len(report.updated),
        "unchanged": len(report.unchanged),
        "actors_created": len(report.actors_created),
        "actors_updated": len(report.actors_updated),
    }
    changed = [
        *Incident.objects.filter(slug__in=[*report.created, *report.updated]),
        *ThreatActor.objects.filter(name__in=[*report.actors_created, *report.actors_updated]),
    ]
    for instance in changed:
        # Each its own uuid: Wagtail's history views keep only the latest entry of a uuid and action,
        # whatever object it is for, so a shared one would leave the import in one record's history only.
        log(instance, IMPORT_LOG_ACTION, user=user, uuid=uuid.uuid4(), data=data)


def incidents_import_records(records: list[dict]) -> ImportReport:
    """Import records already in the JSON shape (the demo incidents), all or nothing."""
    return incidents_import(content=json.dumps(records), file_format="json")
