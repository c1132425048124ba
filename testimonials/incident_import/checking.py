"""Checking every record before anything is written: each value refused with a problem, or normalised."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django_countries import countries as known_countries

from ..incident_records import LIST_SEPARATOR, NUMBERED_LISTS, PROVENANCE_FIELDS
from ..models import (
    AttackType,
    Attribution,
    CareDisruption,
    Incident,
    OrganisationType,
    SourceKind,
    ThreatActorType,
)
from ..models.incidents import parse_partial_date, translation_languages
from .reading import _RawNumber, _whole_number
from .results import UNSAFE_CHARACTER, ImportProblem, IncidentImportError, _shown

# Far beyond any real description (the CSV module reads cells up to 131,072 characters; JSON has no limit).
MAX_DESCRIPTION_LENGTH = 20_000
SCALAR_FIELDS = ("slug", "title", "description", "attack_date", "disclosure_date", "attack_type", "attribution")
FIGURE_FIELDS = ("records_exposed", "days_of_disruption", "patients_affected")
KNOWN_FIELDS = {
    *SCALAR_FIELDS,
    *FIGURE_FIELDS,
    *PROVENANCE_FIELDS,
    "countries",
    "threat_actor",
    "care_disruption",
    *NUMBERED_LISTS,
}
UNKNOWN_COLUMN = "This column is not one the importer knows. Check its spelling."
UNNAMED_COLUMN = "This column has no name in the header: name it, or delete the column."


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
    translations: list[dict] | None  # None: the file does not give them, and those stored stay


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
        checked = _Checked(
            self.number, self.file_format, fields, actor, self.organisations(), self.sources(), self.translations()
        )
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

    def _items(self, key: str, *, required: bool = True) -> list[tuple[int, dict]]:
        names = NUMBERED_LISTS[key]
        items = self.record.get(key) or []
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            self.problem(key, "Expected a list of objects.")
            return []
        if required and not items:
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
        for number, item in self._items("organisations"):
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
        for number, item in self._items("sources"):
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

    def translations(self) -> list[dict] | None:
        if "translations" not in self.record:
            return None
        checked, languages = [], dict(translation_languages())
        for number, item in self._items("translations", required=False):
            language = self.text(("translations", number, "language"), required=True, value=item.get("language") or "")
            if language and language not in languages:
                self.problem(
                    ("translations", number, "language"),
                    f"{_shown(language)} is not one of the languages an incident is translated into: "
                    f"{', '.join(languages)}.",
                )
            elif language in (translation["language"] for translation in checked):
                self.problem(("translations", number, "language"), f"There is already a translation into {language}.")
            title = self.text(
                ("translations", number, "title"), required=True, max_length=255, value=item.get("title") or ""
            )
            description = self.text(
                ("translations", number, "description"),
                max_length=MAX_DESCRIPTION_LENGTH,
                value=item.get("description") or "",
            )
            checked.append({"language": language, "title": title, "description": description or ""})
        return checked


def _unknown_columns(record: dict) -> list[str]:
    return [key for key in record if key not in KNOWN_FIELDS and key != "__extra_cells__"]


# Told (stage, done, total) as an import goes: "checking" every PROGRESS_EVERY records, then "writing" once.
Progress = Callable[[str, int, int], None]
PROGRESS_EVERY = 100


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
