"""axe-core on every public page and every admin screen of our own, on a phone and on a desktop.

Any serious or critical violation fails; so does a moderate one not accepted below with its reason.
axe is injected through the DevTools protocol, so each page keeps its real Content-Security-Policy.
"""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import Page

from home.demo_content import PRIVACY_PAGE
from moderation.services import testimony_approve
from testimonials.models import IncidentImportJob
from testimonials.tasks import incident_import_task
from tests.browser.conftest import ARTIFACTS, STAFF_PASSWORD
from tests.conftest import totp_code
from tests.factories import CommunicationsFactory, IncidentFactory, ModeratorFactory, UserFactory, redacted_testimony
from tests.testimonials.test_incident_import_admin import large_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = sorted((Path(__file__).resolve().parents[2] / ".tools" / "axe-core").glob("*/axe.min.js"))
SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
FAILING_IMPACTS = {"serious", "critical"}
# (screen, rule) -> why it is accepted. Empty: nothing is.
ACCEPTED_MODERATE: dict[tuple[str, str], str] = {}
SECRET = "2345-6789-ABCD-EFGH"  # the factory's

RUN_AXE = """async (scope) => {
    const result = await axe.run(scope ? document.querySelector(scope) : document, {resultTypes: ["violations"]});
    return result.violations.map((v) => ({
        id: v.id, impact: v.impact, help: v.help, where: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    }));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE:
        pytest.fail("axe-core is not fetched: run `make test`, or scripts/fetch-axe")
    return AXE[-1].read_text()


def violations(page, axe_source: str, screen: str, scope: str = "") -> list[str]:
    page.evaluate(axe_source)
    found = page.evaluate(RUN_AXE, scope)
    return [
        f"{screen}: {v['impact']} {v['id']} ({v['help']}) at {v['where']}"
        for v in found
        if v["impact"] in FAILING_IMPACTS or (v["impact"] == "moderate" and (screen, v["id"]) not in ACCEPTED_MODERATE)
    ]


@pytest.fixture
def published(site_pages):
    incident = IncidentFactory(title="Ransomware attack on the regional hospital")
    story = testimony_approve(testimony=redacted_testimony(incident=incident), moderator=ModeratorFactory())
    story.save_revision().publish()
    return story, incident


@pytest.mark.parametrize("size", SIZES)
def test_every_public_page_passes_axe(live_server, site_pages, browser, axe_source, published, size):
    story, incident = published
    index, call = site_pages["stories"], site_pages["call"]
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.set_default_timeout(15_000)
    found = []

    def check(screen: str, url: str | None = None) -> None:
        if url:
            page.goto(live_server.url + url)
        found.extend(violations(page, axe_source, screen))

    for screen, url in {
        "home": "/en/",
        "call": call.url,
        "story-index": index.url,
        "story": story.url,
        "incident-list": index.url + "incidents/",
        "incident": index.incident_url(incident),
        "privacy": Page.objects.get(locale__language_code="en", slug=PRIVACY_PAGE["slug"]).url,
        "french-call": "/fr/racontez-nous/",
        "not-found": "/en/no-such-page/",
        "my-testimony-open": reverse("my_testimony_open"),
    }.items():
        check(screen, url)

    page.goto(live_server.url + call.url)
    page.get_by_role("button", name="Send my testimony").click()
    page.locator("[data-error-summary]").wait_for()
    check("call-with-errors")
    page.get_by_label("What happened, in your own words").fill("The night of the attack my father was moved away.")
    page.get_by_label("You are writing as").select_option("relative")
    page.get_by_label(re.compile("stores my testimony securely")).check()
    page.get_by_role("button", name="Send my testimony").click()
    page.get_by_role("heading", name="Your receipt").wait_for()
    check("receipt")

    testimony = story.testimony
    page.goto(live_server.url + reverse("my_testimony_open"))
    page.get_by_label("Reference").fill(testimony.reference)
    page.get_by_label("Secret").fill(SECRET)
    page.get_by_role("button", name="Open my testimony").click()
    page.get_by_role("heading", name="Changed your mind?").wait_for()
    check("my-testimony")
    check("take-off", reverse("my_testimony_take_off"))
    check("delete", reverse("my_testimony_delete"))
    context.close()

    assert found == []


@pytest.mark.parametrize("size", SIZES)
def test_every_admin_screen_of_our_own_passes_axe(live_server, site_pages, browser, axe_source, published, size):
    story, incident = published
    waiting = redacted_testimony()
    draft = testimony_approve(testimony=redacted_testimony(), moderator=ModeratorFactory())
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.set_default_timeout(15_000)
    found = []

    def sign_in(user) -> None:
        page.context.clear_cookies()
        page.goto(live_server.url + reverse("wagtailadmin_login"))
        page.fill("#id_username", user.username)
        page.fill("#id_password", STAFF_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(re.compile(r"/admin/$"))

    def check(screen: str, url: str) -> None:
        page.goto(live_server.url + url)
        # Wagtail's own frame (menus, header) is Wagtail's to fix: our part is the main content.
        found.extend(violations(page, axe_source, screen, scope="main"))
        if size == "phone":
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"admin-{screen}-phone.png"), full_page=True)

    sign_in(ModeratorFactory(username="moderator-axe"))
    check("moderator-dashboard", reverse("wagtailadmin_home"))
    check("queue", reverse("testimony:index"))
    check("review", reverse("testimony:review", args=[waiting.pk]))

    sign_in(CommunicationsFactory(username="communications-axe"))
    check("communications-dashboard", reverse("wagtailadmin_home"))
    check("incident-import", reverse("incidents_import"))
    check("story-return", reverse("story_return", args=[draft.pk]))
    page.goto(live_server.url + reverse("incidents_import"))
    upload = {"name": "tracer-export.csv", "mimeType": "text/csv", "buffer": large_csv().encode()}
    page.set_input_files("input[type=file]", files=[upload])
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/import/[0-9]+/$"))
    job_url = page.url.removeprefix(live_server.url)
    check("incident-import-waiting", job_url)
    incident_import_task.call(job_id=IncidentImportJob.objects.get().pk)
    check("incident-import-report", job_url)

    # Whoever may reveal originals and contact authors signs in with a second factor.
    revealer = ModeratorFactory(username="revealer-axe")
    revealer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_raw_testimony", "contact_testimony_author"])
    )
    device = TOTPDevice.objects.create(user=revealer, name="phone", confirmed=True)
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("wagtailadmin_login"))
    page.fill("#id_username", revealer.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button[type=submit]")
    page.fill("#id_otp_token", totp_code(device))
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(live_server.url + reverse("testimony:review", args=[waiting.pk]))
    page.get_by_label("Why do you need").first.fill("Checking a name the engine may have missed.")
    page.get_by_role("button", name="Reveal the original").click()
    page.get_by_test_id("original-text").wait_for()
    found.extend(violations(page, axe_source, "review-revealed", scope="main"))
    page.get_by_text("Contact the author").click()
    page.get_by_label("Why do you need to contact them?").fill("The author asked us to call back about the text.")
    page.get_by_role("button", name="Show contact details").click()
    page.get_by_text(waiting.contact_email).wait_for()
    found.extend(violations(page, axe_source, "contact", scope="main"))

    # An administrator, with a second factor too, reads the service's health.
    administrator = UserFactory(username="administrator-axe", is_superuser=True, is_staff=True)
    device = TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("wagtailadmin_login"))
    page.fill("#id_username", administrator.username)
    page.fill("#id_password", STAFF_PASSWORD)
    page.click("button[type=submit]")
    page.fill("#id_otp_token", totp_code(device))
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    check("administrator-dashboard", reverse("wagtailadmin_home"))
    check("service-health", reverse("service_health"))
    context.close()

    assert found == []


def test_the_check_finds_what_it_must(browser, axe_source):
    """Without this, an empty list above could mean axe never ran."""
    page = browser.new_page()
    page.set_content('<html lang="en"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>')

    found = violations(page, axe_source, "sample")

    page.close()
    assert any("image-alt" in violation for violation in found)
