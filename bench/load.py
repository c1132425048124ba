"""Speed under load (issue 15, point 6): the public pages and the submission, against bare references.

Serves the production configuration as deployed (`scripts/serve migrate`, `web` with gunicorn's default
two workers, and a `worker` redacting 800 queued testimonies at the same time) on a throwaway PostgreSQL
on loopback, then drives each endpoint with wrk (8 connections, 2 threads, a warm-up, then 10 s):
a story page, the story index, the call page and a submission, beside a bare Wagtail page and a bare
one-row ModelForm post (bench/_load_reference/). The endpoints take turns, three rounds of each, and
each keeps its best round: a shared host's speed drifts over minutes, and rows measured one after the
other would compare two different machines. Prints requests/s, p50, p99 (of the best round), the
non-success count and the ratios the issue sets as targets, both of the best rounds and of each round
(an endpoint over its reference measured in the same round) with their median; checks that every
acknowledged submission was stored.
Needs wrk (apt-get install wrk) and PostgreSQL's server binaries; skips without them.
    .venv/bin/python bench/load.py [--seconds 10]
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVE = ROOT / "scripts" / "serve"
CONNECTIONS = 8
THREADS = 2
WARM_UP_SECONDS = 3
ROUNDS = 3
# wrk's default of 2 s would drop the slow answers of a loaded two-core machine instead of timing them.
TIMEOUT = "10s"
# Enough to keep the worker redacting through the first round (about 4 a second on two loaded cores); each
# round's submissions queue more than the next round needs.
QUEUED_TESTIMONIES = 800
# The same size for the real story and the reference's text, so the two posts carry the same payload.
STORY = (
    "On the night of the attack the ward went back to paper charts and every operation on the list was "
    "postponed. The pharmacy could not see prescriptions, so nurses copied them by hand from the folders. "
) * 10

LUA = r"""
-- Filled in by bench/load.py: the method, path, fixed headers and the body without its per-request parts.
local method, path, body, unique = "%(method)s", "%(path)s", [==[%(body)s]==], %(unique)s
local headers = %(headers)s
local run = "%(run)s"
local threads, next_id = {}, 0
statuses = {}

function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end

local counter = 0
function request()
  counter = counter + 1
  -- One visitor per request behind the proxy: the per-address limits count each once.
  headers["X-Forwarded-For"] = string.format("10.%%d.%%d.%%d", id, math.floor(counter / 250) %% 250, counter %% 250)
  local sent = body
  if unique then
    sent = sent .. string.format("&submission_token=bench%%s%%02dx%%026d", run, id, counter)
  end
  return wrk.format(method, path, headers, sent ~= "" and sent or nil)
end

function response(status, response_headers, response_body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(total) do table.insert(parts, status .. ":" .. count) end
  local errors = summary.errors
  io.write(string.format("BENCH %%d %%d %%d %%d %%d %%s\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    errors.connect + errors.read + errors.write + errors.timeout, table.concat(parts, ",")))
end
"""


@dataclass
class Figures:
    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    socket_errors: int
    statuses: dict[int, int] = field(default_factory=dict)
    # A page answers 200; both posts redirect (a 200 to a post is its form shown again with an error).
    success: int = 200
    # Testimonies waiting for the worker as the run began: whether it was redacting during this row.
    queued: int = 0

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def successes(self) -> int:
        return self.statuses.get(self.success, 0)

    @property
    def failures(self) -> int:
        return self.requests - self.successes + self.socket_errors


@dataclass
class Endpoint:
    name: str
    path: str
    method: str = "GET"
    body: str = ""
    unique_token: bool = False
    note: str = ""


def missing_tools() -> str:
    if not shutil.which("wrk"):
        return "wrk is not installed (apt-get install wrk)"
    if not postgres_bin():
        return "PostgreSQL's server binaries are not under /usr/lib/postgresql (apt-get install postgresql)"
    return ""


def postgres_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    return found[-1].parent if found else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Postgres:
    """A throwaway server in a temporary folder, as scripts/test starts one (default durability)."""

    def __init__(self) -> None:
        self.bin = postgres_bin()
        # A folder of its own at the top of /tmp: the postgres user cannot enter the bench's private one.
        self.folder = Path(tempfile.mkdtemp(prefix="bench-load-postgres-"))
        self.port = free_port()
        # PostgreSQL refuses to run as root.
        self.run_as = ["runuser", "-u", "postgres", "--"] if os.getuid() == 0 else []

    def start(self) -> str:
        if self.run_as:
            shutil.chown(self.folder, "postgres")
        self._run("initdb", "-D", str(self.folder / "data"), "-U", "postgres", "-A", "trust", "--no-sync")
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.folder} -c max_connections=100"
        log = str(self.folder / "server.log")
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-l", log, "-w", "-o", options, "start")
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "testimonies")
        return f"postgres://postgres@127.0.0.1:{self.port}/testimonies"

    def stop(self) -> None:
        if (self.folder / "data" / "postmaster.pid").exists():
            command = [*self.run_as, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate"]
            subprocess.run([*command, "stop"], capture_output=True)  # noqa: S603 (our own arguments)

    def _run(self, program: str, *args: str) -> None:
        command = [*self.run_as, str(self.bin / program), *args]
        result = subprocess.run(command, capture_output=True, text=True)  # noqa: S603 (our own arguments)
        if result.returncode:
            log = self.folder / "server.log"
            raise SystemExit(f"{program} failed:\n{result.stderr}{log.read_text() if log.exists() else ''}")

    def query(self, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(f"postgres://postgres@127.0.0.1:{self.port}/testimonies") as connection:
            return connection.execute(sql).fetchall()


def served_env(database_url: str, folder: Path, port: int) -> dict[str, str]:
    """Production's environment with generated secrets; the bench settings add only the reference app."""
    from cryptography.fernet import Fernet

    inherited = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if name in os.environ}
    return {
        **inherited,
        "PYTHON": sys.executable,
        "PYTHONPATH": str(ROOT / "bench"),
        "DJANGO_SETTINGS_MODULE": "_load_reference.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "TESTIMONY_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": database_url,
        "EMAIL_BACKEND": "anymail.backends.test.EmailBackend",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        # The proxy in front appends the visitor's address; wrk plays both.
        "RATE_LIMIT_TRUSTED_PROXIES": "1",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
    }


def serve(env: dict[str, str], *args: str) -> str:
    command = [str(SERVE), *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)  # noqa: S603
    if result.returncode:
        raise SystemExit(f"scripts/serve {args[0]} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


# Run with the bench settings in `manage.py shell`: the project's own services and factories make the
# content. It prints page paths only, never a testimony's text.
CONTENT = f"""
import json
from wagtail.models import Page, Site
from moderation.services import testimony_approve
from testimonials.services import testimony_submit
from tests.factories import IncidentFactory, ModeratorFactory, redacted_testimony

story = {STORY!r}
incident = IncidentFactory()
testimony = redacted_testimony(story=story, incident=incident, name="", contact_email="", consent_contact=False)
page = testimony_approve(testimony=testimony, moderator=ModeratorFactory())
page.save_revision().publish()
root = Site.objects.get(is_default_site=True).root_page
bare = root.add_child(instance=Page(title="Bench bare page", slug="bench-bare-page"))
bare.save_revision().publish()
for _ in range({QUEUED_TESTIMONIES}):
    testimony_submit(story=story, role="patient", consent_processing=True, consent_text_version="bench",
                     consent_publication=True, happened_year=2021)
print("BENCH-PAGES " + json.dumps({{"story": page.url, "index": page.get_parent().url, "bare": bare.url}}))
"""


def content_make(env: dict[str, str]) -> dict[str, str]:
    output = serve(env, "manage", "shell", "-c", CONTENT)
    line = next(line for line in output.splitlines() if line.startswith("BENCH-PAGES "))
    return json.loads(line.removeprefix("BENCH-PAGES "))


def start(env: dict[str, str], kind: str, log: Path) -> subprocess.Popen:
    with log.open("w") as handle:
        command = [str(SERVE), kind]
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)  # noqa: S603


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def fetch(base: str, path: str, cookies: dict[str, str] | None = None) -> tuple[int, str]:
    """A GET through the proxy's eyes; keeps the Secure cookies itself (urllib's jar would not send them)."""
    headers = {"X-Forwarded-Proto": "https", "Accept-Language": "en"}
    request = urllib.request.Request(urllib.parse.urljoin(base, path), headers=headers)  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (loopback)
            status, reply_headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, reply_headers, body = error.code, error.headers, error.read()
    for cookie in reply_headers.get_all("Set-Cookie") or []:
        name, _, rest = cookie.partition("=")
        if cookies is not None:
            cookies[name] = rest.split(";", 1)[0]
    return status, body.decode()


def wait_until_answering(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            fetch(base, "/healthz")
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"scripts/serve web did not answer:\n{log.read_text()[-3000:]}")


class HiddenFields(HTMLParser):
    """The hidden fields of a page's forms, and where its posting form sends them."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: dict[str, str] = {}
        self.action = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "form" and attributes.get("method") == "post":
            self.action = attributes.get("action") or ""
        if tag == "input" and attributes.get("type") == "hidden" and attributes.get("name"):
            self.hidden[attributes["name"]] = attributes.get("value") or ""


def post_bodies(base: str, call_path: str) -> tuple[str, str, str, str]:
    """The CSRF cookie, where the call's form is sent, and the two posts' bodies without their per-request
    submission token."""
    cookies: dict[str, str] = {}
    status, page = fetch(base, call_path, cookies)
    if status != 200:
        raise SystemExit(f"the call page answered {status}")
    parser = HiddenFields()
    parser.feed(page)
    hidden = {name: value for name, value in parser.hidden.items() if name != "submission_token"}
    # No proof of work: solving one per request would measure this machine's SHA-256, not the site.
    submission = {
        **hidden,
        "proof": "",
        "story": STORY,
        "role": "patient",
        "country": "",
        "happened_month": "5",
        "happened_year": "2021",
        "impacts": ["care_delayed", "distress"],
        "consent_processing": "on",
        "consent_publication": "on",
    }
    reference = {"csrfmiddlewaretoken": hidden["csrfmiddlewaretoken"], "text": STORY}
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    return cookie, parser.action, urllib.parse.urlencode(submission, doseq=True), urllib.parse.urlencode(reference)


def lua_script(endpoint: Endpoint, base: str, cookie: str, run: str, folder: Path) -> Path:
    host = urllib.parse.urlsplit(base).netloc
    headers = {"Host": host, "X-Forwarded-Proto": "https", "Accept-Language": "en"}
    if endpoint.method == "POST":
        headers |= {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            # Django checks the origin of every HTTPS post against the host.
            "Origin": "https://" + host,
        }
    table = "{" + ", ".join(f"[{json.dumps(name)}] = {json.dumps(value)}" for name, value in headers.items()) + "}"
    script = folder / f"{run}.lua"
    script.write_text(
        LUA
        % {
            "method": endpoint.method,
            "path": endpoint.path,
            "body": endpoint.body,
            "unique": "true" if endpoint.unique_token else "false",
            "headers": table,
            "run": run,
        }
    )
    return script


def wrk(base: str, script: Path, seconds: int, success: int) -> Figures:
    options = ["-c", str(CONNECTIONS), "-t", str(THREADS), "-d", f"{seconds}s", "--timeout", TIMEOUT, "--latency"]
    command = [shutil.which("wrk"), *options, "-s", str(script)]
    result = subprocess.run([*command, base], capture_output=True, text=True, timeout=seconds + 60, check=True)  # noqa: S603
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH "))
    requests, duration_us, p50_us, p99_us, errors, *statuses = line.split()[1:]
    counts = dict(part.split(":") for part in statuses[0].split(",")) if statuses and statuses[0] else {}
    return Figures(
        requests=int(requests),
        seconds=int(duration_us) / 1e6,
        p50_ms=int(p50_us) / 1000,
        p99_ms=int(p99_us) / 1000,
        socket_errors=int(errors),
        statuses={int(status): int(count) for status, count in counts.items()},
        success=success,
    )


def measure(endpoint: Endpoint, base: str, cookie: str, folder: Path, seconds: int) -> tuple[Figures, Figures]:
    """The warm-up's figures (kept for the stored-submissions check) and the measured run's."""
    success = 302 if endpoint.method == "POST" else 200
    warm_script = lua_script(endpoint, base, cookie, f"w{secrets.token_hex(3)}", folder)
    measured_script = lua_script(endpoint, base, cookie, f"m{secrets.token_hex(3)}", folder)
    return wrk(base, warm_script, WARM_UP_SECONDS, success), wrk(base, measured_script, seconds, success)


def testimonies_by_status(postgres: Postgres) -> dict[str, int]:
    return dict(postgres.query("SELECT status, count(*) FROM testimonials_testimony GROUP BY status"))


def ratios_by_round(rounds: dict[str, list[Figures]], name: str, reference: str) -> list[float]:
    """Each round's rate of `name` over its reference's in the same round: rows measured minutes apart, not
    a lucky round of one against an unlucky round of the other."""
    return [row.rate / base.rate for row, base in zip(rounds[name], rounds[reference], strict=True)]


def report(figures: dict[str, Figures], notes: dict[str, str], rounds: dict[str, list[Figures]]) -> None:
    print(f"{'endpoint':<34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-success':>12} {'worker queue':>13}")
    for name, row in figures.items():
        figures_line = f"{row.rate:>8.1f} {row.p50_ms:>8.1f} {row.p99_ms:>8.1f} {row.failures:>12} {row.queued:>13}"
        print(f"{name:<34} {figures_line}")
        if notes.get(name):
            print(f"  {notes[name]}")
        if row.failures:
            answers = ", ".join(f"{status}: {count}" for status, count in sorted(row.statuses.items()))
            print(f"  answers by status: {answers}; socket errors and timeouts: {row.socket_errors}")
    targets = [
        ("story page uncached / bare page", "story page, uncached", "bare Wagtail page", "≥ 0.90"),
        ("story index / bare page", "story index", "bare Wagtail page", "≥ 0.70"),
        ("call page / bare page", "call page", "bare Wagtail page", "≥ 0.70"),
        ("submission / bare post", "submission", "bare ModelForm post", "≥ 0.60"),
    ]
    print(f"{'ratio':<34} {'best':>8}  {'each round':<18} {'median':>6}")
    for label, name, reference, target in targets:
        each = ratios_by_round(rounds, name, reference)
        by_round = " ".join(f"{ratio:.2f}" for ratio in each)
        best = figures[name].rate / figures[reference].rate
        print(f"{label:<34} {best:>8.2f}  {by_round:<18} {statistics.median(each):>6.2f}  target {target}")
    print(f"{'story page cached':<34} {figures['story page, cached'].rate:>8.1f}  target ≥ 1000 req/s")
    print(f"{'submission p99':<34} {figures['submission'].p99_ms:>8.1f}  target ≤ 60 ms")


def machine() -> str:
    import django

    wrk_version = subprocess.run([shutil.which("wrk"), "--version"], capture_output=True, text=True).stdout.split()[1]  # noqa: S603
    python = sys.version.split()[0]
    return f"machine: {os.cpu_count()} cores, Python {python}, Django {django.get_version()}, wrk {wrk_version}"


CALL_PATH = "/en/tell-us/"


def site_serve(folder: Path, processes: list[subprocess.Popen], postgres: Postgres) -> tuple[str, dict[str, str]]:
    """Migrate, bootstrap and fill the site, then start its web and worker processes: the base URL and pages."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    env = served_env(postgres.start(), folder, port)
    serve(env, "migrate")
    # The reference app has no migrations: its one table is made from the model.
    serve(env, "manage", "migrate", "--run-syncdb", "--no-input")
    serve(env, "manage", "bootstrap_site", "--no-accounts")
    pages = content_make(env)
    processes.append(start(env, "web", folder / "web.log"))
    wait_until_answering(base, processes[-1], folder / "web.log")
    processes.append(start(env, "worker", folder / "worker.log"))
    worker_busy(postgres, processes[-1], folder / "worker.log")
    return base, pages


def worker_busy(postgres: Postgres, worker: subprocess.Popen, log: Path) -> None:
    """Wait for the worker's first redaction: loading its language pipeline takes a while, and the rows
    are meant to be measured with it redacting, not starting."""
    queued = waiting(testimonies_by_status(postgres))
    deadline = time.monotonic() + 300
    while waiting(testimonies_by_status(postgres)) >= queued:
        if worker.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the worker redacted nothing:\n{log.read_text()[-3000:]}")
        time.sleep(1)


def endpoints_list(base: str, pages: dict[str, str]) -> tuple[str, list[Endpoint]]:
    """The CSRF cookie the posts carry, and the endpoints in the order they are measured."""
    cookie, submission_path, submission_body, reference_body = post_bodies(base, CALL_PATH)
    return cookie, [
        Endpoint("bare Wagtail page", pages["bare"]),
        # Any query string passes the story page cache by (testimonials.page_cache): rendered each time.
        Endpoint("story page, uncached", pages["story"] + "?from=bench", note="a query string passes the cache by"),
        Endpoint("story page, cached", pages["story"]),
        Endpoint("story index", pages["index"]),
        Endpoint("call page", CALL_PATH),
        Endpoint("bare ModelForm post", "/bench-reference/", "POST", reference_body),
        Endpoint(
            "submission",
            submission_path,
            "POST",
            submission_body,
            unique_token=True,
            note="the slow lane: no proof of work, one forwarded address per request",
        ),
    ]


def submissions_check(acknowledged: int, unanswered: int, stored: int, wrk_runs: int) -> None:
    # More rows than acknowledgements is expected, never fewer: wrk stops its clock with a post in flight on
    # each connection (every warm-up and run), and a post it timed out on may have been stored.
    in_flight = wrk_runs * CONNECTIONS + unanswered
    if stored < acknowledged:
        verdict = "MISSING: an acknowledged submission is not in the database"
    elif stored > acknowledged + in_flight:
        verdict = f"MISMATCH: more rows than the {in_flight} posts that could be in flight explain"
    else:
        verdict = f"every acknowledged one stored ({stored - acknowledged} more: posts in flight when wrk stopped)"
    print(
        f"submissions acknowledged (302 to the receipt), warm-ups included: {acknowledged}; "
        f"timed out: {unanswered}; new rows: {stored}: {verdict}"
    )


def waiting(counts: dict[str, int]) -> int:
    return counts.get("received", 0) + counts.get("redacting", 0)


def worker_report(before: dict[str, int], after: dict[str, int]) -> None:
    def redacted(counts: dict[str, int]) -> int:
        return counts.get("awaiting_review", 0) + counts.get("manual_redaction", 0)

    state = "still busy" if waiting(after) else "idle"
    print(
        f"worker: {waiting(before)} testimonies waiting for redaction when the runs began; "
        f"{redacted(after) - redacted(before)} redacted during them; at the end {state}, {waiting(after)} waiting"
    )


def run(folder: Path, seconds: int, processes: list[subprocess.Popen], postgres: Postgres) -> None:
    base, pages = site_serve(folder, processes, postgres)
    cookie, endpoints = endpoints_list(base, pages)
    before = testimonies_by_status(postgres)
    # Every wrk run of each endpoint, warm-ups included: all of them count towards the stored-submissions check.
    runs: dict[str, list[Figures]] = {endpoint.name: [] for endpoint in endpoints}
    measured: dict[str, list[Figures]] = {endpoint.name: [] for endpoint in endpoints}
    for _round in range(ROUNDS):
        for endpoint in endpoints:
            queued = waiting(testimonies_by_status(postgres))
            warm_up, figures = measure(endpoint, base, cookie, folder, seconds)
            figures.queued = queued
            runs[endpoint.name] += [warm_up, figures]
            measured[endpoint.name].append(figures)
    after = testimonies_by_status(postgres)
    print(machine())
    print(f"best of {ROUNDS} rounds per endpoint, the endpoints taking turns")
    best = {name: max(rounds, key=lambda figures: figures.rate) for name, rounds in measured.items()}
    report(best, {endpoint.name: endpoint.note for endpoint in endpoints}, measured)
    submissions = runs["submission"]
    submissions_check(
        sum(figures.successes for figures in submissions),
        sum(figures.socket_errors for figures in submissions),
        sum(after.values()) - sum(before.values()),
        len(submissions),
    )
    worker_report(before, after)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=10)
    arguments = parser.parse_args()
    if why := missing_tools():
        print(f"skipped: {why}")
        return
    # Ctrl-C and a supervisor's TERM both end in the finally block below.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    processes: list[subprocess.Popen] = []
    postgres = Postgres()
    try:
        run(folder, arguments.seconds, processes, postgres)
    finally:
        for process in reversed(processes):
            stop(process)
        postgres.stop()
        shutil.rmtree(postgres.folder, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
