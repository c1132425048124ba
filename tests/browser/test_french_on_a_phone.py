"""A French-speaking victim on a phone: lands in French from the browser's language, sends a story."""

import re

import pytest
from django.utils.translation import gettext, override

from home.demo_content import TRANSLATED_PAGES
from testimonials.models import Testimony
from tests.browser.conftest import ARTIFACTS, fits_the_screen

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def french(text: str) -> str:
    with override("fr"):
        translated = gettext(text)
    assert translated != text, f"not translated into French: {text!r}"
    return translated


@pytest.fixture
def phone_in_french(browser):
    context = browser.new_context(viewport=PHONE, locale="fr-FR", has_touch=True, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    ARTIFACTS.mkdir(exist_ok=True)
    yield page
    context.close()


def test_a_french_victim_on_a_phone_tells_their_story_in_french(live_server, site_pages, phone_in_french):
    page = phone_in_french
    wording = TRANSLATED_PAGES["fr"]["call"]

    page.goto(live_server.url + "/")
    assert re.search(r"/fr/$", page.url)
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_role("navigation", name=french("Language")).get_by_role("link", name="English").wait_for()
    page.get_by_role("link", name=wording["title"]).first.click()
    page.get_by_role("heading", name=wording["title"]).wait_for()
    assert fits_the_screen(page)
    page.screenshot(path=str(ARTIFACTS / "call-fr-phone.png"), full_page=True)

    page.get_by_label(french("What happened, in your own words")).fill(
        "La nuit de l'attaque, mon père a été transféré dans un autre hôpital à deux heures de route. "
        "Personne n'a pu consulter son dossier pendant une semaine."
    )
    page.get_by_label(french("You are writing as")).select_option("relative")
    page.locator("#id_consent_processing").check()
    page.get_by_role("button", name=french("Send my testimony")).click()

    page.get_by_role("heading", name=french("Your receipt")).wait_for()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert fits_the_screen(page)
    page.screenshot(path=str(ARTIFACTS / "receipt-fr-phone.png"), full_page=True)
    reference = page.get_by_test_id("receipt-reference").inner_text()
    testimony = Testimony.objects.get(reference=reference)
    assert (testimony.language, testimony.sent_from_language) == ("fr", "fr")

    # The switch keeps the reader where they are: the receipt, in Spanish, which has shown its secret once.
    page.get_by_role("link", name="Español").click()
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.url.endswith("/es/my-testimony/receipt/")
    page.get_by_test_id("receipt-already-shown").wait_for()
    assert page.get_by_test_id("receipt-secret").count() == 0
