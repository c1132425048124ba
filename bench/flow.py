"""The flow's own costs on this machine: a public submission, a worker redaction, a worker's memory.

Runs on a throwaway SQLite database with the test settings; prints figures, asserts nothing.
    .venv/bin/python bench/flow.py [--submissions 200] [--testimonies 200]
"""

import argparse
import resource
import statistics
import time

from _throwaway_site import site_ready
from django.test import Client

STORY = (
    "I am a nurse at the regional hospital. When the ransomware hit on 14 May 2021 we lost every screen. "
    "My colleague Dr. Saoirse Vandermeer-Okafor ran the ward from paper charts for three weeks, and the "
    "patient in bed 4, Mr. Tomasz Lindqvist, waited nine days for his scan. You can reach me on "
    "+353 87 123 4567 or nurse.kelly@example.ie. The attackers left a note from Conti."
)


def percentile(values: list[float], share: float) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * share))]


def bench_submissions(count: int, call_page) -> None:
    client = Client()
    durations = []
    for _ in range(count):
        data = {
            "story": STORY,
            "role": "healthcare_worker",
            "consent_processing": "on",
            "consent_publication": "on",
            "consent_version": call_page.consent_text_version,
        }
        started = time.perf_counter()
        response = client.post(call_page.url, data, REMOTE_ADDR=f"10.0.{len(durations) // 250}.{len(durations) % 250}")
        durations.append((time.perf_counter() - started) * 1000)
        if b"receipt-reference" not in response.content:
            raise SystemExit(f"Submission failed with status {response.status_code}: the benchmark would mislead.")
    print(
        f"submission request (form, sanitising, Fernet, Argon2 hash, queueing): n={count} "
        f"median {statistics.median(durations):.1f} ms, p95 {percentile(durations, 0.95):.1f} ms"
    )


def bench_redaction(count: int) -> None:
    from moderation.redaction import load_pipeline
    from moderation.services import testimony_redact
    from testimonials.models import Testimony, TestimonyStatus

    started = time.perf_counter()
    load_pipeline()
    print(f"spaCy pipeline load: {time.perf_counter() - started:.2f} s")
    ids = list(Testimony.objects.filter(status=TestimonyStatus.RECEIVED).values_list("pk", flat=True)[:count])
    started = time.perf_counter()
    for testimony_id in ids:
        testimony_redact(testimony_id=testimony_id)
    elapsed = time.perf_counter() - started
    print(
        f"worker redaction, one testimony per task ({len(STORY)} characters each): n={len(ids)} "
        f"{len(ids) / elapsed:.1f} testimonies/s, {elapsed / len(ids) * 1000:.1f} ms each"
    )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory of this process (pipeline loaded): {peak_mib:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--testimonies", type=int, default=200)
    args = parser.parse_args()

    site_ready()
    from django.conf import settings

    from testimonials.models import CallForTestimonialsPage

    # Production hashing cost: the bench measures what a real submission pays.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    bench_submissions(args.submissions, CallForTestimonialsPage.objects.get())
    bench_redaction(args.testimonies)


if __name__ == "__main__":
    main()
