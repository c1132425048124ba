"""Nothing on the public side tracks the people who tell their story."""

import re
import runpy
from pathlib import Path

import pytest
from django.test import Client

from tests.security.test_encryption_at_rest import database_bytes
from tests.testimonials.test_submission import send_url

ROOT = Path(__file__).resolve().parents[2]
ADDRESS, AGENT = "203.0.113.77", "DistinctiveAgent/9.9 (tracking test)"


@pytest.mark.parametrize("path", ["/en/", "/en/stories/", "/en/privacy/", "/fr/", "/es/testimonios/"])
def test_public_pages_set_no_cookies(client, site_pages, path):
    response = client.get(path)

    assert response.status_code == 200
    assert dict(response.cookies) == {}


def test_the_form_sets_only_the_csrf_cookie(client, site_pages):
    response = client.get(site_pages["call"].url)

    assert set(response.cookies) == {"csrftoken"}


@pytest.mark.parametrize(
    "path", ["/en/", "/en/tell-us/", "/en/stories/", "/en/stories/incidents/", "/fr/racontez-nous/", "/es/"]
)
def test_public_pages_load_nothing_from_other_sites(client, site_pages, path):
    html = client.get(path).content.decode()
    loaded = re.findall(r"<(?:script|img|iframe|source|video|audio)[^>]*\ssrc=\"([^\"]+)\"", html)
    loaded += re.findall(r"<link(?![^>]*rel=\"alternate\")[^>]*\shref=\"([^\"]+)\"", html)
    # Alternates (this page in other languages, feeds) are not loaded; hreflang wants them absolute.
    alternates = re.findall(r"<link[^>]*rel=\"alternate\"[^>]*\shref=\"([^\"]+)\"", html)

    assert loaded, "the page loads its own stylesheet at least"
    assert all(url.startswith("/") and not url.startswith("//") for url in loaded), loaded
    assert all(url.startswith(("/", "http://testserver/")) and not url.startswith("//") for url in alternates)


@pytest.mark.django_db(transaction=True)
def test_a_submission_keeps_neither_the_address_nor_the_user_agent(site_pages, tmp_path, caplog):
    call = site_pages["call"]
    client = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    data = {
        "story": "The attack cancelled my scan and nobody could tell me when it would happen.",
        "role": "patient",
        "consent_processing": "on",
        "consent_version": call.consent_text_version,
    }

    response = client.post(send_url(call), data, follow=True)

    assert b"receipt-reference" in response.content
    dump = database_bytes(tmp_path)
    assert ADDRESS.encode() not in dump and AGENT.encode() not in dump
    assert ADDRESS not in caplog.text and AGENT not in caplog.text


def test_the_production_access_log_records_no_address_or_user_agent():
    settings = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))

    assert "%(h)s" not in settings["access_log_format"] and "%(a)s" not in settings["access_log_format"]
    assert "%({x-forwarded-for}i)s" not in settings["access_log_format"]
