import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from testimonials.incident_import import IncidentImportError, format_from_name, incidents_import_logged

STDIN = "-"


class Command(BaseCommand):
    help = (
        "Create or update incidents by slug from CSV or JSON files shaped like the open-data exports "
        "(the incidents CSV/JSON links on /stories/). All the files import in one transaction: "
        "if any file has a problem, nothing from any file is written, and every problem is printed. "
        "With --dry-run each file is checked on its own against the database as it is."
    )
    # Tests hand in their own standard input, as createsuperuser's do.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help='A .csv or .json file; "-" reads standard input.')
        parser.add_argument(
            "--format",
            dest="file_format",
            choices=["csv", "json"],
            help="The files' format, instead of their extension (required with -).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report what would change; write nothing.")

    def handle(self, *args, files: list[str], file_format: str | None, dry_run: bool, **options) -> None:
        sources = [self.read(name, file_format, options.get("stdin") or sys.stdin) for name in files]
        reports, problems = [], 0
        with transaction.atomic():
            for name, content, name_format in sources:
                try:
                    report = incidents_import_logged(
                        content=content, file_format=name_format, filename=Path(name).name, dry_run=dry_run
                    )
                except IncidentImportError as error:
                    problems += len(error.problems)
                    for problem in error.problems:
                        self.stderr.write(f"{name}: {problem}")
                    continue
                reports.append((name, report))
            if problems:
                # Raised inside the transaction, so the files that did import are rolled back too.
                raise CommandError(f"Nothing was imported: {problems} problem(s) to fix first.")
        for name, report in reports:
            self.report_write(name, report)

    def read(self, name: str, file_format: str | None, stdin) -> tuple[str, bytes | str, str]:
        if name == STDIN:
            if not file_format:
                raise CommandError("Give --format csv or --format json to read standard input.")
            return "standard input", getattr(stdin, "buffer", stdin).read(), file_format
        try:
            content = Path(name).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror}.") from error
        return name, content, file_format or format_from_name(name)

    def report_write(self, name: str, report) -> None:
        self.stdout.write(f"{name}: {report.summary()}")
        sections = (
            ("Created", report.created),
            ("Updated", report.updated),
            ("Threat actors created", report.actors_created),
            ("Threat actors updated", report.actors_updated),
        )
        for heading, items in sections:
            if items:
                self.stdout.write(f"{heading}:")
                for item in items:
                    self.stdout.write(f"  {item}")
