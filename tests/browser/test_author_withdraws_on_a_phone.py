"""An author on a phone changes their mind: each step that cannot be undone says so, and asks first."""

import pytest

from moderation.services import testimony_approve
from testimonials.models import Testimony, TestimonyStatus
from tests.browser.conftest import ARTIFACTS, fits_the_screen
from tests.factories import ModeratorFactory, redacted_testimony

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
SECRET = "2345-6789-ABCD-EFGH"  # the factory's


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    ARTIFACTS.mkdir(exist_ok=True)
    yield page
    context.close()


def _shot(page, name: str) -> None:
    assert fits_the_screen(page), f"{name} scrolls sideways"
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_an_author_takes_their_story_off_then_deletes_everything_on_a_phone(live_server, site_pages, phone):
    testimony = redacted_testimony()
    story = testimony_approve(testimony=testimony, moderator=ModeratorFactory())
    story.save_revision().publish()
    page = phone

    page.goto(live_server.url + "/en/my-testimony/open/")
    page.get_by_label("Reference").fill(testimony.reference)
    page.get_by_label("Secret").fill(SECRET)
    page.get_by_role("button", name="Open my testimony").click()
    page.get_by_role("heading", name="Changed your mind?").wait_for()
    _shot(page, "my-testimony-phone")

    page.get_by_role("link", name="Take my story off the website").click()
    page.get_by_role("heading", name="What will happen").wait_for()
    _shot(page, "take-off-confirmation-phone")
    assert Testimony.objects.get(pk=testimony.pk).status == TestimonyStatus.PUBLISHED  # nothing yet
    page.get_by_role("button", name="Take my story off the website").click()
    page.get_by_text("Your story is off this website").wait_for()
    assert page.get_by_role("link", name="Take my story off the website").count() == 0

    page.get_by_role("link", name="Delete everything I sent").click()
    page.get_by_role("heading", name="What will happen").wait_for()
    _shot(page, "delete-confirmation-phone")
    page.get_by_role("button", name="Delete everything I sent").click()
    page.get_by_text("Everything you sent us is deleted.").wait_for()
    _shot(page, "my-testimony-erased-phone")

    erased = Testimony.objects.get(pk=testimony.pk)
    assert erased.status == TestimonyStatus.ERASED and erased.story == ""
