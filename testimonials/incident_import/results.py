"""What an import tells: the problems that stop it, and the report of what it did or would do."""

import re
from dataclasses import dataclass, field

# C0 control characters but tab and line ends, and halves of a character (JSON's "\ud800"): PostgreSQL refuses
# a NUL, SQLite's driver an unpaired surrogate, and none of them is anything a person typed on purpose.
UNSAFE_CHARACTER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
# Imported values are quoted in problems up to this length.
SHOWN_LENGTH = 60


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
