"""Redaction throughput from one worker process to two on the same database (issue 15, point 5).

Serves the production configuration on a throwaway PostgreSQL on loopback (bench/load.py's helpers), queues
testimonies with `testimony_submit`, starts one `scripts/serve worker`, waits until it has finished its first
redaction task (its language pipeline loaded), then counts the testimonies that reach a redacted status over
a fixed window, from the status counts in PostgreSQL. Then the same with two workers started together on one
database, both warm before the window, with a fresh batch on a fresh server: a shared one would hand them the
first run's leftovers. Prints redacted/s for each run, the ratio two/one, each worker's peak RSS and share of a
core, the worker time by task, and checks that no testimony was lost or redacted twice. It never reads a
testimony's text. Needs PostgreSQL's server binaries; skips without them.
    .venv/bin/python bench/worker_scaling.py [--seconds 60] [--testimonies N (default: 50 a second of window)]
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from load import STORY, Postgres, postgres_bin, serve, served_env, start, stop, testimonies_by_status, waiting

REDACTED = ("awaiting_review", "manual_redaction")
WARM_UP_TIMEOUT_SECONDS = 300
POLL_SECONDS = 1.0

# Run with the bench settings in `manage.py shell`: the project's own service queues each one's redaction.
QUEUE = """
from testimonials.services import testimony_submit

for _ in range({count}):
    testimony_submit(story={story!r}, role="patient", consent_processing=True, consent_text_version="bench",
                     consent_publication=True, happened_year=2021)
"""

# From Wagtail's audit log (codes only): testimonies that reached a redacted status more than once, and those
# claimed again while a worker was redacting them (a move from redacting to redacting).
REDACTED_TWICE_AND_CLAIMED_AGAIN = """
SELECT count(*) FILTER (WHERE redacted > 1), count(*) FILTER (WHERE claimed_again > 0) FROM (
    SELECT
        count(*) FILTER (WHERE entry.data->>'to' IN ('awaiting_review', 'manual_redaction')) AS redacted,
        count(*) FILTER (WHERE entry.data->>'from' = 'redacting' AND entry.data->>'to' = 'redacting') AS claimed_again
    FROM wagtailcore_modellogentry entry JOIN django_content_type kind ON kind.id = entry.content_type_id
    WHERE kind.app_label = 'testimonials' AND kind.model = 'testimony' AND entry.action = 'testimonials.status_change'
    GROUP BY entry.object_id
) AS moves
"""

# Testimonies whose queued redaction task succeeded more than once (a task runs once per enqueue).
TASK_SUCCEEDED_TWICE = """
SELECT count(*) FROM (
    SELECT args_kwargs->'kwargs'->>'testimony_id' FROM django_tasks_database_dbtaskresult
    WHERE task_path = 'moderation.tasks.testimony_redact_task' AND status = 'SUCCESSFUL'
    GROUP BY 1 HAVING count(*) > 1
) AS twice
"""

# What the workers spent their time on: a redaction queues follow-up tasks (Wagtail's reference index, text
# checks) behind the redactions already waiting, so a long queue defers them past the window.
TASKS_BY_KIND = """
SELECT task_path, count(*) FILTER (WHERE finished_at IS NOT NULL), count(*) FILTER (WHERE status = 'READY'),
    coalesce(extract(epoch FROM sum(finished_at - started_at)), 0)
FROM django_tasks_database_dbtaskresult GROUP BY 1 ORDER BY 1
"""

REDACTION_TASKS_BY_WORKER = """
SELECT worker_ids->>-1, count(*) FROM django_tasks_database_dbtaskresult
WHERE task_path = 'moderation.tasks.testimony_redact_task' AND status IN ('SUCCESSFUL', 'FAILED') GROUP BY 1
"""


@dataclass
class Window:
    redacted: int
    seconds: float
    waiting_at_start: int
    # The window ends early when nothing waits any more: an idle worker would lower the rate.
    queue_emptied: bool
    # The machine's one-minute load average as it ended: other work on the cores makes the figures noisy.
    load_average: float

    @property
    def rate(self) -> float:
        return self.redacted / self.seconds


@dataclass
class WorkerFigures:
    peak_rss_mib: float
    # CPU time in the window over its length: how much of a core the worker had.
    cores_busy: float
    redaction_tasks: int = 0


@dataclass
class Run:
    workers: int
    window: Window
    figures: dict[str, WorkerFigures]
    # Per task: how many ran, how many still wait, seconds the workers spent running them.
    tasks_by_kind: list[tuple[str, int, int, float]]

    @property
    def redacted_per_cpu_second(self) -> float:
        """Less swayed than the rate by what else the cores run: what the workers did with the CPU they had."""
        cpu_seconds = sum(worker.cores_busy for worker in self.figures.values()) * self.window.seconds
        return self.window.redacted / cpu_seconds


def redacted(counts: dict[str, int]) -> int:
    return sum(counts.get(status, 0) for status in REDACTED)


def testimonies_queue(env: dict[str, str], count: int) -> None:
    serve(env, "manage", "shell", "-c", QUEUE.format(count=count, story=STORY))


def workers_start(env: dict[str, str], names: list[str], folder: Path) -> dict[str, subprocess.Popen]:
    # A worker id of our own per process: the task results say which worker ran each task. No lowered priority
    # (scripts/serve's WORKER_NICE): what else the machine runs would take the workers' CPU and set the figures.
    worker_env = env | {"WORKER_NICE": "0"}
    return {name: start(worker_env | {"WORKER_ID": name}, "worker", folder / f"{name}.log") for name in names}


def redaction_tasks_by_worker(postgres: Postgres) -> dict[str, int]:
    return dict(postgres.query(REDACTION_TASKS_BY_WORKER))


def workers_warm(postgres: Postgres, workers: dict[str, subprocess.Popen], folder: Path) -> None:
    """Wait until every worker has finished a redaction task: the first loads its language pipeline.

    The queue holds far more than one batch, so each worker's first task finds testimonies to redact."""
    deadline = time.monotonic() + WARM_UP_TIMEOUT_SECONDS
    while not set(workers) <= redaction_tasks_by_worker(postgres).keys():
        for name, process in workers.items():
            if process.poll() is not None or time.monotonic() > deadline:
                log = (folder / f"{name}.log").read_text()[-3000:]
                raise SystemExit(f"worker {name} finished no redaction task:\n{log}")
        time.sleep(POLL_SECONDS)


def window_measure(postgres: Postgres, seconds: int) -> Window:
    counts = testimonies_by_status(postgres)
    began, redacted_before, waiting_before = time.monotonic(), redacted(counts), waiting(counts)
    while time.monotonic() - began < seconds:
        time.sleep(POLL_SECONDS)
        counts = testimonies_by_status(postgres)
        if not waiting(counts):
            break
    elapsed = time.monotonic() - began
    return Window(redacted(counts) - redacted_before, elapsed, waiting_before, not waiting(counts), os.getloadavg()[0])


def stat_fields(pid: int | str) -> list[str]:
    """/proc/<pid>/stat from its third field (state) on: the command name before it may hold spaces."""
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def process_tree(pid: int) -> list[int]:
    """The process and its descendants, from each process's parent in /proc."""
    parents: dict[int, int] = {}
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            parents[int(folder.name)] = int(stat_fields(folder.name)[1])
        except (OSError, IndexError, ValueError):
            continue
    tree = [pid]
    for member in tree:
        tree.extend(child for child, parent in parents.items() if parent == member)
    return tree


def cpu_seconds(pid: int) -> float:
    """User and system time of the process and its children (stat fields 14 and 15, in clock ticks)."""
    ticks = 0
    for member in process_tree(pid):
        try:
            fields = stat_fields(member)
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def peak_rss_mib(pid: int) -> float:
    """VmHWM, the resident set's high-water mark, of the process and its children, added up."""
    kib = 0
    for member in process_tree(pid):
        try:
            lines = Path(f"/proc/{member}/status").read_text().splitlines()
        except OSError:
            continue
        kib += sum(int(line.split()[1]) for line in lines if line.startswith("VmHWM:"))
    return kib / 1024


def workers_stop(workers: dict[str, subprocess.Popen]) -> None:
    # Asked together, each finishes its task (db_worker's graceful stop) at the same time as the others.
    for process in workers.values():
        process.terminate()
    for process in workers.values():
        stop(process)


def run_measure(
    postgres: Postgres, env: dict[str, str], folder: Path, testimonies: int, seconds: int, count: int
) -> Run:
    """Queue a fresh batch, start `count` workers together, and measure them once all are warm."""
    testimonies_queue(env, testimonies)
    names = [f"bench-{count}-workers-{number}" for number in range(1, count + 1)]
    workers = workers_start(env, names, folder)
    try:
        workers_warm(postgres, workers, folder)
        cpu_before = {name: cpu_seconds(process.pid) for name, process in workers.items()}
        window = window_measure(postgres, seconds)
        figures = {
            name: WorkerFigures(
                peak_rss_mib(process.pid), (cpu_seconds(process.pid) - cpu_before[name]) / window.seconds
            )
            for name, process in workers.items()
        }
    finally:
        workers_stop(workers)
    for name, tasks in redaction_tasks_by_worker(postgres).items():
        if name in figures:
            figures[name].redaction_tasks = tasks
    return Run(count, window, figures, postgres.query(TASKS_BY_KIND))


def machine() -> str:
    import django

    return f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, Django {django.get_version()}"


def run_report(run: Run) -> None:
    window = run.window
    ended = "the queue ran dry: window ended early" if window.queue_emptied else "work left at the end"
    print(
        f"{run.workers} worker(s): {window.redacted} redacted in {window.seconds:.1f} s = {window.rate:.2f} "
        f"redacted/s, {run.redacted_per_cpu_second:.1f} per worker CPU-second"
    )
    print(
        f"  {window.waiting_at_start} waiting as the window began; {ended}; "
        f"load average {window.load_average:.1f} as it ended"
    )
    for name, worker in run.figures.items():
        print(
            f"  {name}: peak RSS {worker.peak_rss_mib:.0f} MiB, {worker.cores_busy:.2f} of a core in the window, "
            f"{worker.redaction_tasks} redaction tasks run in all"
        )
    for path, ran, waiting_tasks, seconds in run.tasks_by_kind:
        print(f"  {path.rsplit('.', 1)[-1]}: {ran} run ({seconds:.1f} s of worker time), {waiting_tasks} still queued")


def testimonies_accounted(postgres: Postgres, queued: int) -> bool:
    """Whether every queued testimony ended redacted or still waits; prints the rows per status."""
    counts = testimonies_by_status(postgres)
    print("testimonies by status: " + ", ".join(f"{status} {count}" for status, count in sorted(counts.items())))
    unaccounted = queued - redacted(counts) - waiting(counts)
    print(
        f"queued {queued}: {redacted(counts)} redacted, {waiting(counts)} still waiting, "
        f"{unaccounted} {'LOST or elsewhere' if unaccounted else 'lost'}"
    )
    return not unaccounted


def redacted_once(postgres: Postgres) -> bool:
    """Whether no testimony was redacted twice, by the audit log and by the task results."""
    twice, claimed_again = postgres.query(REDACTED_TWICE_AND_CLAIMED_AGAIN)[0]
    task_twice = postgres.query(TASK_SUCCEEDED_TWICE)[0][0]
    print(f"redacted more than once (audit log): {twice}; claimed again while being redacted: {claimed_again}")
    print(f"testimonies whose redaction task succeeded more than once (task results): {task_twice}")
    return not (twice or claimed_again or task_twice)


def run_on_throwaway_database(folder: Path, testimonies: int, seconds: int, count: int) -> tuple[Run, bool]:
    """One run on a PostgreSQL of its own, so the second run does not inherit the first's queue (the
    redactions left waiting and their deferred follow-up tasks); whether its testimonies are all accounted for."""
    postgres = Postgres()
    try:
        # No web process: the port served_env binds gunicorn to is never used.
        env = served_env(postgres.start(), folder, port=0)
        serve(env, "migrate")
        run = run_measure(postgres, env, folder, testimonies, seconds, count)
        run_report(run)
        accounted = testimonies_accounted(postgres, queued=testimonies)
        return run, redacted_once(postgres) and accounted
    finally:
        postgres.stop()
        shutil.rmtree(postgres.folder, ignore_errors=True)


def bench(folder: Path, arguments: argparse.Namespace) -> None:
    print(machine(), flush=True)
    one, one_sound = run_on_throwaway_database(folder, arguments.testimonies, arguments.seconds, count=1)
    two, two_sound = run_on_throwaway_database(folder, arguments.testimonies, arguments.seconds, count=2)
    print(
        f"two workers / one: {two.window.rate / one.window.rate:.2f} in redacted/s, "
        f"{two.redacted_per_cpu_second / one.redacted_per_cpu_second:.2f} in redacted per worker CPU-second"
    )
    if one_sound and two_sound:
        print("OK: every testimony redacted once or still waiting")
    else:
        print("PROBLEM: a testimony was lost or redacted twice (counts above)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60, help="the measured window of each run")
    parser.add_argument("--testimonies", type=int, help="queued before each run (default: 50 a second of window)")
    arguments = parser.parse_args()
    # Two workers redacted about forty a second on two quiet cores: the queue should outlast the window.
    arguments.testimonies = arguments.testimonies or 50 * arguments.seconds
    if not postgres_bin():
        print("skipped: PostgreSQL's server binaries are not under /usr/lib/postgresql (apt-get install postgresql)")
        return
    # Ctrl-C and a supervisor's TERM both end in the finally block below.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    folder = Path(tempfile.mkdtemp(prefix="bench-worker-scaling-"))
    try:
        bench(folder, arguments)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
