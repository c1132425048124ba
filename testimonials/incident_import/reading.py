"""Reading a CSV or JSON file into (row number, record) pairs, the CSV's flat columns nested as the JSON's."""

import csv
import io
import json
import re
from dataclasses import dataclass

from ..csv_cells import unescape_cell
from ..incident_records import LIST_SEPARATOR, NUMBERED_LISTS
from .results import ImportProblem, IncidentImportError

MAX_RECORDS = 5000
# A figure's column holds at most 19 digits; longer ones are refused before Python is asked to read them
# (past 4,300 digits it refuses with a ValueError).
MAX_FIGURE_DIGITS = 30
# organisation_1_name, source_2_url, translation_1_title: a list's singular, a number, a field.
NUMBERED_COLUMN = re.compile(rf"^({'|'.join(key.removesuffix('s') for key in NUMBERED_LISTS)})_([0-9]{{1,4}})_(\w+)$")


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
    numbered: dict[str, dict[int, dict]] = {key.removesuffix("s"): {} for key in NUMBERED_LISTS}
    seen = dict.fromkeys(numbered, False)
    actor = {}
    for column, value in row.items():
        if column is None:  # more cells than headers
            record.setdefault("__extra_cells__", value)
            continue
        value = (value or "").strip()
        if not column.strip() and not value:  # a trailing separator in the header
            continue
        match = NUMBERED_COLUMN.match(column)
        if match and match[3] in NUMBERED_LISTS[match[1] + "s"]:
            kind, number, name = match.groups()
            seen[kind] = True
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
        if not seen[kind]:
            continue  # a file without translation columns leaves an incident's translations as they are
        record[kind + "s"] = [
            {**item, "_number": number} for number, item in sorted(items.items()) if any(item.values())
        ]
    return record
