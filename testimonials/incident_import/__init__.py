"""Importing incidents from CSV or JSON, in the shape the open-data exports write.

Every record is checked before anything is written, so a file imports whole or not at all; problems
name the row (or record) and the column. Incidents are matched by slug, so importing the same file
twice changes nothing the second time. Nothing a file holds may end in a server error: a value Python or
the database would choke on (a 5,000-digit number, NaN, a NUL character) is a problem like any other.

Imports run one way, each module from those below it only:
`services` (the entry points, the transaction and the audit log) → `writing` (compared with what is
stored, and saved) → `checking` (each record's values, refused or normalised) → `reading` (the file
into records) → `results` (the problems and the report that all of them speak).
Callers import from this package, never from its modules.
"""

from .reading import format_from_name
from .results import ImportProblem, ImportReport, IncidentImportError
from .services import (
    IMPORT_LOG_ACTION,
    IMPORT_PERMISSIONS,
    incidents_import,
    incidents_import_logged,
    incidents_import_records,
)

__all__ = [
    "IMPORT_LOG_ACTION",
    "IMPORT_PERMISSIONS",
    "ImportProblem",
    "ImportReport",
    "IncidentImportError",
    "format_from_name",
    "incidents_import",
    "incidents_import_logged",
    "incidents_import_records",
]
