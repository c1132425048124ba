"""Open data's costs on this machine: importing incidents, and serving the API, exports, feeds and index.

Runs on a throwaway SQLite database with the test settings; prints figures, asserts nothing.
    .venv/bin/python bench/open_data.py [--incidents 2000] [--stories 300]
"""

import argparse
import csv
import io
import statistics
import time

from _throwaway_site import site_ready
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

ATTACK_TYPES = ["ransomware", "data_breach", "ddos", "account_compromise", "malware"]
COUNTRIES = ["IE", "GB", "FR", "DE", "US", "ES", "IT", "NL"]
ACTORS = ["Conti", "LockBit", "Qilin", "Rhysida", "ALPHV", "Killnet"]


def incident_rows(count: int) -> list[dict]:
    from testimonials.incident_records import flatten

    rows = []
    for number in range(count):
        record = {
            "slug": f"incident-{number}",
            "title": f"Attack number {number} on a hospital group",
            "description": "Systems were encrypted and care moved to paper for weeks. " * 4,
            "attack_date": f"{2015 + number % 10}-{1 + number % 12:02d}-{1 + number % 28:02d}",
            "disclosure_date": None,
            "countries": sorted({COUNTRIES[number % 8], COUNTRIES[(number * 3) % 8]}),
            "attack_type": ATTACK_TYPES[number % 5],
            "threat_actor": {"name": ACTORS[number % 6], "type": "criminal", "aliases": []},
            "attribution": "claimed",
            "organisations": [
                {"name": f"Hospital {number}-{site}", "type": "hospital"} for site in range(1 + number % 3)
            ],
            "records_exposed": number * 100,
            "days_of_disruption": number % 40,
            "patients_affected": None,
            "care_disruption": ["systems_offline"],
            "sources": [
                {"url": f"https://news.example.org/{number}/{kind}", "title": "Report", "publisher": "", "kind": kind}
                for kind in ("media", "public_body")
            ],
        }
        rows.append(flatten(record))
    return rows


def as_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(dict.fromkeys(key for row in rows for key in row)), restval="")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def expect(holds: bool, what: str) -> None:
    if not holds:
        raise SystemExit(f"The benchmark would mislead: {what}.")


def timed(label: str, action) -> object:
    started = time.perf_counter()
    result = action()
    print(f"{label}: {time.perf_counter() - started:.2f} s")
    return result


def bench_import(count: int) -> None:
    from testimonials.incident_import import incidents_import

    rows = incident_rows(count)
    content = as_csv(rows)
    print(f"incident file: {count} incidents, {len(content) / 1024 / 1024:.1f} MiB of CSV")
    timed("import, checking only (dry run)", lambda: incidents_import(content=content, file_format="csv", dry_run=True))
    report = timed("import, creating every incident", lambda: incidents_import(content=content, file_format="csv"))
    expect(len(report.created) == count, "the first import should create every incident")
    report = timed("import again, nothing changed", lambda: incidents_import(content=content, file_format="csv"))
    expect(len(report.unchanged) == count, "importing the same file should change nothing")
    rows[0]["title"] = "A corrected title"
    changed = as_csv(rows)
    report = timed("import again, one title changed", lambda: incidents_import(content=changed, file_format="csv"))
    expect(report.updated == ["incident-0"], "one changed title should update one incident")


def stories_publish(count: int) -> None:
    from testimonials.models import Incident, StoryIncident, StoryIndexPage, StoryPage, Testimony, TestimonyStatus

    index = StoryIndexPage.objects.get()
    incidents = list(Incident.objects.values_list("pk", flat=True)[:50])
    for number in range(count):
        testimony = Testimony.objects.create(
            secret_hash="!",  # noqa: S106 (unusable: no receipt opens it)
            role="patient",
            story="Not read by the benchmark.",
            consent_processing=True,
            consent_publication=True,
            consent_text_version="v-bench",
            status=TestimonyStatus.APPROVED,
        )
        body = f"My operation was postponed for the {number}th time when the systems went down. " * 6
        story = StoryPage(
            title=f"A story from a patient {number}",
            slug=f"story-{number}",
            testimony=testimony,
            body=body,
            role="patient",
            country=COUNTRIES[number % 8],
            impacts=["care_delayed"],
            year=2015 + number % 10,
        )
        story.incident_links.add(StoryIncident(incident_id=incidents[number % len(incidents)]))
        index.add_child(instance=story)
        from testimonials.crypto import text_digest

        story.scan_cleared_digest = text_digest(body)
        story.save_revision().publish()


def bench_reads(url: str, label: str, client: Client, repeats: int = 20) -> None:
    durations = []
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            durations.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}: the benchmark would mislead.")
    print(
        f"{label}: median {statistics.median(durations):.1f} ms, max {max(durations):.1f} ms, "
        f"{len(queries)} queries, {len(response.content) / 1024:.0f} KiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=2000)
    parser.add_argument("--stories", type=int, default=300)
    args = parser.parse_args()

    site_ready()
    from testimonials.models import StoryIndexPage

    bench_import(args.incidents)
    timed(f"publishing {args.stories} stories (setup, not a figure to watch)", lambda: stories_publish(args.stories))

    client = Client()
    index = StoryIndexPage.objects.get()
    for url, label in [
        ("/api/v2/stories/?limit=20", "API, 20 stories"),
        ("/api/v2/incidents/?limit=20", "API, 20 incidents"),
        (index.url, "story index (filters, chart, 10 stories)"),
        (index.url + "?q=postponed", "story index, searched"),
        (index.url + index.reverse_subpage("rss_feed"), "RSS feed (50 stories)"),
        (index.url + index.reverse_subpage("stories_export", args=["json"]), f"stories export, JSON ({args.stories})"),
        (
            index.url + index.reverse_subpage("incidents_export", args=["csv"]),
            f"incidents export, CSV ({args.incidents + 5})",
        ),
    ]:
        bench_reads(url, label, client, repeats=5 if "export" in url else 20)


if __name__ == "__main__":
    main()
