import pytest
from django.urls import reverse

from moderation.services import testimony_redact
from testimonials.models import StoryPage, TestimonyStatus
from testimonials.publishing import text_checks_run
from tests.factories import ModeratorFactory, TestimonyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STORY = (
    "I am a nurse at Beaumont Hospital in Dublin. My colleague Saoirse Vandermeer-Okafor kept the ward going "
    "on paper for three weeks, and bed 4 waited nine days for a scan."
)


def drag_over(page, words: str) -> None:
    """Select `words` in the redacted text with the mouse, as a moderator would."""
    box = page.evaluate(
        """(words) => {
            const text = document.querySelector('[data-review-text]');
            const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(words);
                if (at < 0) continue;
                // Instant: the admin scrolls smoothly, and a moving page would spoil the measurements.
                node.parentElement.scrollIntoView({block: 'center', behavior: 'instant'});
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + words.length);
                const rects = range.getClientRects();
                const first = rects[0], last = rects[rects.length - 1];
                return {
                    x1: first.left + 1, y1: first.top + first.height / 2,
                    x2: last.right - 1, y2: last.top + last.height / 2,
                };
            }
            return null;
        }""",
        words,
    )
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=8)
    page.mouse.up()
    assert page.evaluate("() => window.getSelection().toString().trim()") == words


def test_a_moderator_reviews_a_testimony_with_keys_and_mouse(live_server, site_pages, page, screenshot, sign_in):
    moderator = ModeratorFactory(username="moderator-browser")
    testimony = TestimonyFactory(story=STORY)
    testimony_redact(testimony_id=testimony.pk)

    sign_in(moderator)
    page.goto(live_server.url + reverse("testimony:review", args=[testimony.pk]))
    text = page.get_by_test_id("redacted-text")
    assert "Vandermeer" not in text.inner_text()
    screenshot("review-start")

    # The first finding is the hospital, kept as a quasi-identifier: x redacts it, in place (no reload).
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Note for the other moderators").fill("Typed before a finding changed: must survive it.")
    page.get_by_test_id("redacted-text").click()  # out of the note, so the keys reach the findings
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.get_by_test_id("redacted-text").get_by_text("[ORG 1]").wait_for()
    assert page.evaluate("window.stillTheSamePage === true")
    assert page.evaluate("document.activeElement.dataset.findingItem") is not None  # the moderator's place kept
    assert page.get_by_label("Note for the other moderators").input_value().startswith("Typed before")
    page.get_by_label("Note for the other moderators").fill("")
    page.get_by_test_id("text-check").get_by_text("Checking the text").wait_for()
    text_checks_run()
    page.get_by_test_id("text-check").get_by_text("Checked: the engine finds no personal data").wait_for()

    drag_over(page, "bed 4")
    page.get_by_label("This is").select_option("MEDICAL_ID")
    with page.expect_navigation():
        page.get_by_role("button", name="Redact selection").click()
    redacted = page.get_by_test_id("redacted-text").inner_text()
    assert "bed 4" not in redacted and "[MEDICAL_ID 1]" in redacted
    # The changed text is checked on the worker: the screen says so, then shows the verdict in place.
    page.get_by_test_id("text-check").get_by_text("Checking the text").wait_for()
    page.get_by_label("Note for the other moderators").fill("Typed while the check runs: must survive it.")
    text_checks_run()
    page.get_by_test_id("text-check").get_by_text("Checked: the engine finds no personal data").wait_for()
    assert page.get_by_label("Note for the other moderators").input_value().startswith("Typed while")
    screenshot("review-after-changes")

    page.locator(".review__bar").get_by_role("button", name="Approve for publication").click()  # the sticky bar
    page.get_by_text("approved").first.wait_for()
    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.APPROVED
    story = StoryPage.objects.get(testimony=testimony)
    assert "Beaumont" not in story.body and "bed 4" not in story.body and "Vandermeer" not in story.body


def test_a_moderator_redacts_by_hand_what_the_engine_could_not(live_server, site_pages, page, screenshot, sign_in):
    from django.contrib.auth.models import Permission
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.conftest import totp_code

    revealer = ModeratorFactory(username="revealer-browser")
    revealer.user_permissions.add(Permission.objects.get(codename="view_raw_testimony"))
    # Whoever may reveal originals signs in with a second factor.
    device = TOTPDevice.objects.create(user=revealer, name="phone", confirmed=True)
    testimony = TestimonyFactory(story=STORY, status=TestimonyStatus.MANUAL_REDACTION, redaction_error="OSError")

    sign_in(revealer)
    page.fill("#id_otp_token", totp_code(device))
    page.click("button[type=submit]")
    page.goto(live_server.url + reverse("testimony:review", args=[testimony.pk]))
    page.get_by_label("Why do you need").first.fill("The engine failed on this testimony: redacting it by hand.")
    with page.expect_navigation():
        page.get_by_role("button", name="Reveal the original").click()

    for words, label in (("Saoirse Vandermeer-Okafor", "PERSON"), ("Beaumont Hospital", "ORG")):
        drag_over(page, words)
        page.get_by_label("This is").select_option(label)
        with page.expect_navigation():
            page.get_by_role("button", name="Redact selection").click()
    screenshot("review-by-hand")
    with page.expect_navigation():
        page.get_by_test_id("redacted-by-hand").click()

    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.AWAITING_REVIEW
    assert "Vandermeer" not in testimony.redacted_text and "Beaumont" not in testimony.redacted_text
