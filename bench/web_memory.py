"""A real web worker's memory through a review, an approval and a publication, and the review screen's speed.

gunicorn (one sync worker) serves a throwaway SQLite database with the test settings; the bench drives it
over HTTP only, signing in and posting the admin's own forms as a browser does, so it outlives refactors
of the services behind the screens. Prints figures, asserts nothing.
    .venv/bin/python bench/web_memory.py [--loads 20]
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import requests
from _throwaway_site import site_ready
from django.conf import settings
from django.db import connections
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "correct horse battery staple"  # noqa: S105 (throwaway accounts in a throwaway database)
MODERATOR = "bench-moderator"
COMMUNICATIONS = "bench-communications"
OVERRIDE_REASON = "Checked by hand: what the check flags identifies nobody."
TARGET_MIB = 150
# spacy.load maps this library and `import spacy` alone does not: the sign that a pipeline was loaded.
PIPELINE_LIBRARY = "/spacy/pipeline/multitask."
REFUSALS: list[str] = []


class Form:
    def __init__(self, attrs: dict):
        self.attrs = attrs
        self.fields: list[tuple[str, str]] = []
        self.buttons: list[tuple[str, str]] = []


class FormsParser(HTMLParser):
    """The forms of a page and what a browser would post from each: enabled, checked, selected fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.in_template = 0
        self.textarea: tuple[str, list[str]] | None = None
        self.select: tuple[str, bool, list[dict]] | None = None
        self.option: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "template":
            self.in_template += 1
        if self.in_template:
            return
        if tag == "form":
            self.form = Form(attrs)
            self.forms.append(self.form)
            return
        name = attrs.get("name")
        if self.form is None or not name or "disabled" in attrs:
            if tag == "option" and self.select is not None:
                self._option_start(attrs)
            return
        kind = (attrs.get("type") or ("submit" if tag == "button" else "text")).lower()
        if tag == "button" or (tag == "input" and kind in ("submit", "image")):
            if kind == "submit":
                self.form.buttons.append((name, attrs.get("value") or ""))
        elif tag == "input" and kind in ("checkbox", "radio"):
            if "checked" in attrs:
                self.form.fields.append((name, attrs.get("value") or "on"))
        elif tag == "input" and kind not in ("file", "reset", "button"):
            self.form.fields.append((name, attrs.get("value") or ""))
        elif tag == "textarea":
            self.textarea = (name, [])
        elif tag == "select":
            self.select = (name, "multiple" in attrs, [])

    def _option_start(self, attrs):
        self.option = {"value": attrs.get("value"), "selected": "selected" in attrs, "text": []}
        self.select[2].append(self.option)

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1].append(data)
        elif self.option is not None:
            self.option["text"].append(data)

    def handle_endtag(self, tag):
        if tag == "template":
            self.in_template = max(0, self.in_template - 1)
        if self.in_template:
            return
        if tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea is not None:
            name, parts = self.textarea
            # Browsers drop the one newline that follows <textarea>, which Django's widget writes.
            self.form.fields.append((name, re.sub(r"^\r?\n", "", "".join(parts))))
            self.textarea = None
        elif tag == "option":
            self.option = None
        elif tag == "select" and self.select is not None:
            name, multiple, options = self.select
            chosen = [option for option in options if option["selected"]] or ([] if multiple else options[:1])
            for option in chosen:
                value = option["value"] if option["value"] is not None else "".join(option["text"]).strip()
                self.form.fields.append((name, value))
            self.select = self.option = None


def forms_in(html: str) -> list[Form]:
    parser = FormsParser()
    parser.feed(html)
    return parser.forms


def alerts(html: str) -> str:
    """The error messages a page shows, for a refusal's line."""
    found = re.findall(r'class="[^"]*(?:help-critical|error-message)[^"]*"[^>]*>(.*?)</', html, re.DOTALL)
    texts = [" ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split()) for text in found]
    return "; ".join(dict.fromkeys(text for text in texts if text))[:400]


def refused(step: str, response: requests.Response | None, why: str = "") -> None:
    status = f"status {response.status_code}" if response is not None else "no response"
    line = f"REFUSED: {step}: {status}{f' ({why})' if why else ''}"
    REFUSALS.append(line)
    print(line)


class Browser:
    """One member of staff's cookie jar, signed in through the admin's own form."""

    def __init__(self, base: str):
        self.base = base
        self.session = requests.Session()

    def get(self, path: str) -> requests.Response:
        return self.session.get(urljoin(self.base, path), allow_redirects=False, timeout=120)

    def submit(self, page: requests.Response, form: Form, values: dict[str, str]) -> requests.Response:
        data = [(name, value) for name, value in form.fields if name not in values] + list(values.items())
        action = urljoin(page.url, form.attrs.get("action") or page.url)
        return self.session.post(action, data=data, headers={"Origin": self.base}, allow_redirects=False, timeout=120)

    def page(self, step: str, path: str) -> requests.Response | None:
        """A GET that should show a page; a redirect (the admin's answer to a denial) counts as refused."""
        response = self.get(path)
        if response.status_code != 200:
            refused(step, response, f"to {response.headers.get('Location', '')}" if response.is_redirect else "")
            return None
        return response

    def sign_in(self, username: str) -> bool:
        page = self.page(f"sign-in page for {username}", reverse("wagtailadmin_login"))
        if page is None:
            return False
        form = next((form for form in forms_in(page.text) if any(n == "username" for n, _ in form.fields)), None)
        if form is None:
            refused(f"sign in as {username}", page, "no sign-in form on the page")
            return False
        response = self.submit(page, form, {"username": username, "password": PASSWORD})
        if response.status_code != 302:
            refused(f"sign in as {username}", response, alerts(response.text))
            return False
        return True


def redirected_home(response: requests.Response) -> bool:
    """Wagtail answers a denied admin view with a redirect to the admin home."""
    return response.headers.get("Location", "").rstrip("/").endswith(reverse("wagtailadmin_home").rstrip("/"))


class Worker:
    """The gunicorn master's one worker process, read from /proc."""

    def __init__(self, master: subprocess.Popen):
        self.master = master
        self.first_pid = self.pid()

    def pid(self) -> int:
        children = Path(f"/proc/{self.master.pid}/task/{self.master.pid}/children").read_text().split()
        return int(children[0])

    def checkpoint(self, when: str) -> float:
        pid = self.pid()
        status = Path(f"/proc/{pid}/status").read_text()
        resident = int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)[1]) / 1024
        libraries = {line.split()[-1] for line in Path(f"/proc/{pid}/maps").read_text().splitlines()}
        spacy = [path for path in libraries if "/site-packages/spacy/" in path or "/site-packages/thinc/" in path]
        if not spacy:
            state = "spaCy not imported"
        elif any(PIPELINE_LIBRARY in path for path in spacy):
            state = "spaCy imported, a pipeline loaded"
        else:
            state = "spaCy imported, no pipeline loaded"
        restarted = f"; the worker restarted (pid {self.first_pid} -> {pid})" if pid != self.first_pid else ""
        print(f"worker resident memory {when}: {resident:.0f} MiB ({state}){restarted}")
        return resident

    def peak(self) -> float:
        status = Path(f"/proc/{self.pid()}/status").read_text()
        return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)[1]) / 1024


def staff_and_testimonies(count: int) -> tuple[list[int], int]:
    """A moderator without the reveal and contact permissions (so no second factor), a member of
    communications staff, and testimonies redacted by the engine here, not in the web worker."""
    from testimonials.models import StoryIndexPage
    from tests.factories import CommunicationsFactory, ModeratorFactory, redacted_testimony

    ModeratorFactory(username=MODERATOR, password=PASSWORD)
    CommunicationsFactory(username=COMMUNICATIONS, password=PASSWORD)
    started = time.perf_counter()
    testimonies = [redacted_testimony() for _ in range(count)]
    statuses = ", ".join(sorted({testimony.get_status_display().lower() for testimony in testimonies}))
    print(
        f"set-up: {count} testimonies redacted in the bench's own process ({statuses}): "
        f"{time.perf_counter() - started:.1f} s"
    )
    story_index = StoryIndexPage.objects.get().pk
    connections.close_all()
    return [testimony.pk for testimony in testimonies], story_index


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_start(port: int, log) -> subprocess.Popen:
    command = [
        str(BIN / "gunicorn"),
        "config.wsgi:application",
        "--workers=1",
        "--worker-class=sync",
        f"--bind=127.0.0.1:{port}",
        # The first scan may load a pipeline: the default 30 s could kill the worker and lose its figures.
        "--timeout=120",
        "--no-control-socket",
        "--log-level=warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT)  # noqa: S603


def gunicorn_ready(master: subprocess.Popen, base: str, log_path: Path) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < 60:
        if master.poll() is not None:
            raise SystemExit(f"gunicorn exited with {master.returncode}:\n{log_path.read_text()[-2000:]}")
        try:
            if requests.get(urljoin(base, reverse("wagtailadmin_login")), timeout=30).status_code == 200:
                return time.perf_counter() - started
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer within 60 s:\n{log_path.read_text()[-2000:]}")


def gunicorn_stop(master: subprocess.Popen) -> None:
    if master.poll() is not None:
        return
    master.terminate()
    try:
        master.wait(timeout=30)
    except subprocess.TimeoutExpired:
        master.kill()
        master.wait()


def percentile(values: list[float], share: float) -> float:
    return sorted(values)[min(len(values) - 1, int(len(values) * share))]


def bench_review(browser: Browser, testimony_id: int, loads: int) -> None:
    queue = browser.page("moderation queue", reverse("testimony:index"))
    if queue is not None and reverse("testimony:review", args=[testimony_id]) not in queue.text:
        print("the moderation queue does not link the testimony's review screen")
    review_url = reverse("testimony:review", args=[testimony_id])
    started = time.perf_counter()
    if browser.page("review screen", review_url) is None:
        return
    print(f"review screen, first load: {(time.perf_counter() - started) * 1000:.0f} ms")
    durations = []
    for _ in range(loads):
        started = time.perf_counter()
        response = browser.get(review_url)
        durations.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            refused("review screen, timed load", response)
            return
    print(
        f"review screen over HTTP: n={loads} median {statistics.median(durations):.0f} ms, "
        f"p95 {percentile(durations, 0.95):.0f} ms"
    )


def approve(browser: Browser, testimony_id: int) -> bool:
    page = browser.page("review screen before approving", reverse("testimony:review", args=[testimony_id]))
    if page is None:
        return False
    form = next((form for form in forms_in(page.text) if ("action", "approve") in form.buttons), None)
    if form is None:
        refused("approve", page, "the review screen shows no approve button")
        return False
    started = time.perf_counter()
    response = browser.submit(page, form, {"action": "approve"})
    gate = response.status_code == 200 and 'name="override_reason"' in response.text
    if gate:
        print(f"approval held by the personal-data check ({alerts(response.text)}); approving with a reason")
        form = next((form for form in forms_in(response.text) if ("action", "approve") in form.buttons), form)
        response = browser.submit(response, form, {"action": "approve", "override_reason": OVERRIDE_REASON})
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 302 or redirected_home(response):
        refused("approve", response, alerts(response.text) or response.headers.get("Location", ""))
        return False
    print(f"approval request{' (two posts, with the reason)' if gate else ''}: {elapsed:.0f} ms")
    return True


def task_queue_run() -> None:
    """Run the task worker once, as production's would between an approval and a publication."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v", "0"],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
    )
    outcome = "" if done.returncode == 0 else f", exited with {done.returncode}: {done.stderr[-300:]}"
    print(f"task worker, one batch in its own process: {time.perf_counter() - started:.1f} s{outcome}")


def publish(browser: Browser, story_index: int) -> bool:
    explorer = browser.page("stories in the page explorer", reverse("wagtailadmin_explore", args=[story_index]))
    if explorer is None:
        return False
    edit_link = re.escape(reverse("wagtailadmin_pages:edit", args=[0])).replace("0", r"(\d+)", 1)
    drafts = [int(pk) for pk in dict.fromkeys(re.findall(edit_link, explorer.text)) if int(pk) != story_index]
    if not drafts:
        refused("publish", explorer, "no story page under the story index to publish")
        return False
    page = browser.page("story page editor", reverse("wagtailadmin_pages:edit", args=[drafts[0]]))
    if page is None:
        return False
    form = next((form for form in forms_in(page.text) if form.attrs.get("id") == "page-edit-form"), None)
    if form is None:
        refused("publish", page, "no page edit form")
        return False
    started = time.perf_counter()
    response = browser.submit(page, form, {"action-publish": "action-publish"})
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 302 or redirected_home(response):
        refused("publish", response, alerts(response.text) or response.headers.get("Location", ""))
        return False
    print(f"publication request (page editor, action-publish): {elapsed:.0f} ms")
    return True


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--loads", type=int, default=20, help="timed loads of the review screen")
    parser.add_argument("--testimonies", type=int, default=3)
    args = parser.parse_args()

    folder = Path(settings.DATABASES["default"]["NAME"]).parent
    master = None
    try:
        site_ready()
        testimony_ids, story_index = staff_and_testimonies(args.testimonies)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log_path = folder / "gunicorn.log"
        with log_path.open("w") as log:
            master = gunicorn_start(port, log)
        print(f"gunicorn up, one sync worker, first answer after {gunicorn_ready(master, base, log_path):.1f} s")
        worker = Worker(master)
        worker.checkpoint("after boot (sign-in page served)")

        moderator = Browser(base)
        signed_in = moderator.sign_in(MODERATOR)
        if signed_in:
            bench_review(moderator, testimony_ids[0], args.loads)
        worker.checkpoint("after the queue and the review screen")
        approved = signed_in and approve(moderator, testimony_ids[0])
        worker.checkpoint("after the approval")

        task_queue_run()
        communications = Browser(base)
        if not approved:
            print("publication: tried anyway, though the approval was refused")
        if communications.sign_in(COMMUNICATIONS):
            publish(communications, story_index)
        final = worker.checkpoint("after the publication")
        print(f"worker peak resident memory (VmHWM): {worker.peak():.0f} MiB")
        print(f"target: under {TARGET_MIB} MiB after all three; after the publication: {final:.0f} MiB")
        log_text = log_path.read_text()
        if REFUSALS or re.search(r"Traceback|\[ERROR\]|\[CRITICAL\]", log_text):
            print("gunicorn's log, last lines:\n" + "\n".join(log_text.splitlines()[-15:]))
    finally:
        if master is not None:
            gunicorn_stop(master)
        connections.close_all()
        if folder.parent == Path(tempfile.gettempdir()):
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
