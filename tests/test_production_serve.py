"""The production serving kit end to end: `scripts/serve migrate`, then `scripts/serve web` (gunicorn)
on loopback against PostgreSQL, visited as a browser behind the HTTPS proxy would.

Runs only in the PostgreSQL pass (scripts/test): the served process gets a throwaway database of its
own on the same server, dropped afterwards.
"""

import base64
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

import altcha
import psycopg
import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from psycopg import sql

from home.demo_content import CALL_PAGE

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SERVE = PROJECT_ROOT / "scripts" / "serve"
STARTUP_SECONDS = 60
# What the served process may inherit; everything else (the test settings' keys) stays out.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


@pytest.fixture(scope="module")
def server_database() -> Iterator[str]:
    """The DATABASE_URL of a fresh database on the test run's PostgreSQL server, dropped afterwards."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs PostgreSQL: runs in scripts/test's PostgreSQL pass (DATABASE_URL=postgres://...)")
    params = {
        "host": database["HOST"],
        "port": database["PORT"] or 5432,
        "user": database["USER"],
        "password": database["PASSWORD"],
    }
    name = f"testimonies_serve_{secrets.token_hex(4)}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    credentials = urllib.parse.quote(params["user"], safe="")
    if params["password"]:
        credentials += ":" + urllib.parse.quote(params["password"], safe="")
    try:
        yield f"postgres://{credentials}@{params['host']}:{params['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def production_env(server_database, tmp_path_factory) -> dict[str, str]:
    var = tmp_path_factory.mktemp("var")
    return {
        **{name: os.environ[name] for name in INHERITED if name in os.environ},
        "PYTHON": sys.executable,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "TESTIMONY_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": server_database,
        "EMAIL_BACKEND": "anymail.backends.test.EmailBackend",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{_free_port()}",
        "STATIC_ROOT": str(var / "static"),
        "MEDIA_ROOT": str(var / "media"),
    }


def serve(*args: str, env: dict[str, str], timeout: int = 180) -> None:
    result = subprocess.run(
        [str(SERVE), *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"scripts/serve {' '.join(args)}:\n{result.stdout}\n{result.stderr}"


@dataclass
class Browser:
    """A browser behind the site's HTTPS proxy: it says so in X-Forwarded-Proto and keeps cookies itself,
    because the production cookies are Secure and urllib's jar never sends those over plain HTTP."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, path: str, data: dict | None = None, *, follow: bool = True, https: bool = True
    ) -> tuple[int, str, str]:
        """Status, final URL and body; `https=False` asks as the proxy's own health checks do."""
        url = urllib.parse.urljoin(self.base, path)
        for _ in range(5):
            status, headers, body = self._send(url, data, https=https)
            location = headers.get("Location")
            if not (follow and location and status in (301, 302, 303)):
                return status, url, body
            url, data = urllib.parse.urljoin(url, location), None
        raise AssertionError(f"too many redirects from {path}")

    def _send(self, url: str, data: dict | None, *, https: bool):
        headers = {"X-Forwarded-Proto": "https"} if https else {}
        headers["Accept-Language"] = "en"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            # Django checks the origin of every HTTPS post against the host.
            headers["Origin"] = "https://" + urllib.parse.urlsplit(self.base).netloc
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310 (our loopback server only)
        try:
            with _NO_REDIRECTS.open(request, timeout=30) as response:
                status, reply_headers, content = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, reply_headers, content = error.code, error.headers, error.read()
        for cookie in reply_headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return status, reply_headers, content.decode()


class _KeepRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_NO_REDIRECTS = urllib.request.build_opener(_KeepRedirects)


@dataclass
class Served:
    browser: Browser
    process: subprocess.Popen
    log: BinaryIO

    def logged(self) -> str:
        """What gunicorn wrote so far, read without moving the offset it writes at."""
        descriptor = self.log.fileno()
        return os.pread(descriptor, os.fstat(descriptor).st_size, 0).decode()


@pytest.fixture(scope="module")
def served(production_env) -> Iterator[Served]:
    serve("migrate", env=production_env)
    # The pages a new site needs, as docs/operating.md's first installation creates them.
    serve("manage", "bootstrap_site", "--no-accounts", env=production_env)
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen([str(SERVE), "web"], cwd=PROJECT_ROOT, env=production_env, stdout=log, stderr=log)
        try:
            browser = Browser(f"http://{production_env['GUNICORN_BIND']}/")
            _wait_until_answering(browser, process, log)
            yield Served(browser, process, log)
        finally:
            if process.poll() is None:
                process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def served_site(served) -> Browser:
    if served.process.poll() is not None:
        pytest.skip("the served web process was stopped by an earlier test")
    return served.browser


def _wait_until_answering(browser: Browser, process: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            browser.request("/favicon.ico", follow=False)
            return
        except OSError:
            time.sleep(0.5)
    log.seek(0)
    pytest.fail(f"scripts/serve web did not answer within {STARTUP_SECONDS} s:\n{log.read().decode()}")


class _FormFields(HTMLParser):
    """The hidden fields of a page's form (CSRF token, consent version, submission token)."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "input" and attributes.get("type") == "hidden" and attributes.get("name"):
            self.hidden[attributes["name"]] = attributes.get("value") or ""


def _hidden_fields(html: str) -> dict[str, str]:
    parser = _FormFields()
    parser.feed(html)
    return parser.hidden


def _solved_proof(browser: Browser) -> str:
    """Solve the served proof of work as the browser's script does (site/static/js/proof-of-work.js)."""
    status, _, body = browser.request("/proof-of-work/")
    assert status == 200
    challenge = json.loads(body)
    solution = altcha.solve_challenge_v1(challenge["challenge"], challenge["salt"], "SHA-256", challenge["maxNumber"])
    fields = {key: challenge[key] for key in ("algorithm", "challenge", "salt", "signature")}
    return base64.b64encode(json.dumps({**fields, "number": solution.number}).encode()).decode()


def test_served_home_page_answers_in_the_visitors_language(served_site):
    status, url, body = served_site.request("/")

    assert status == 200
    assert urllib.parse.urlsplit(url).path == "/en/"
    assert "<html" in body


@pytest.mark.parametrize("https", [True, False], ids=["through-the-proxy", "plain-http-from-the-proxy"])
def test_served_health_check_answers_while_the_database_does(served_site, https):
    status, _, body = served_site.request("/healthz", follow=False, https=https)

    assert status == 200
    assert json.loads(body) == {"status": "ok"}


def test_served_submission_is_stored_and_shows_its_receipt(served_site, server_database):
    call_path = f"/en/{CALL_PAGE['slug']}/"
    status, _, page = served_site.request(call_path)
    assert status == 200
    story = "On the night of the attack the ward went back to paper charts and my operation was postponed twice."
    form = {
        **_hidden_fields(page),
        "story": story,
        "role": "patient",
        "country": "",
        "happened_month": "5",
        "happened_year": "2021",
        "impacts": ["care_delayed", "distress"],
        "consent_processing": "on",
        "consent_publication": "on",
        "proof": _solved_proof(served_site),
    }

    # Sent where the page's form sends it, as a browser would.
    action = re.search(r'<form method="post" action="([^"]+)" class="testimony-form"', page)[1]
    status, url, receipt = served_site.request(action, data=form)

    assert action == "/en/my-testimony/send/"
    assert status == 200, receipt
    reference = re.search(r'data-testid="receipt-reference">([A-Z0-9-]+)<', receipt)
    assert reference, f"no receipt at {url}"
    with psycopg.connect(server_database) as connection:
        stored = connection.execute(
            "SELECT count(*) FROM testimonials_testimony WHERE reference = %s", [reference.group(1)]
        ).fetchone()
    assert stored == (1,)


def test_served_worker_yields_the_cpu_to_the_web_processes(served, production_env):
    """Redaction is batch work: scripts/serve starts the worker at a lower priority than gunicorn's."""
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    worker = subprocess.Popen([str(SERVE), "worker"], cwd=PROJECT_ROOT, env=production_env, **quiet)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        # The script execs the worker in place: the same process, once its command line names db_worker.
        while b"db_worker" not in Path(f"/proc/{worker.pid}/cmdline").read_bytes():
            assert worker.poll() is None and time.monotonic() < deadline, "the worker did not start"
            time.sleep(0.2)

        assert os.getpriority(os.PRIO_PROCESS, worker.pid) == 10
        assert os.getpriority(os.PRIO_PROCESS, served.process.pid) == os.getpriority(os.PRIO_PROCESS, 0)
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_served_workers_set_their_start_up_objects_aside(served):
    """config/gunicorn.py's hook ran in each worker: full collections no longer walk the loaded site."""
    counts = re.findall(r"Set (\d+) objects loaded at start-up aside from the garbage collector", served.logged())

    assert len(counts) == 2  # config/gunicorn.py's default, one line from each worker
    assert all(int(count) > 100_000 for count in counts)


def test_served_web_stops_cleanly_on_sigterm(served):
    """scripts/serve execs gunicorn, so the supervisor's SIGTERM reaches it and nothing is left holding the port."""
    served.process.terminate()

    assert served.process.wait(timeout=30) == 0
    with pytest.raises(OSError):
        served.browser.request("/healthz", follow=False)
