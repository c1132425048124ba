"""The live server answers each request on its own thread; the browser tests need each to get its own connection.

Wagtail's editor pings its editing session while the page publishes, and a public page loads its favicon and
proof of work while the form is sent. With one in-memory SQLite connection shared by every thread, one request's
transaction was seen by another ("on_commit() cannot be used in manual transaction management") and every browser
test after it failed.
"""

import http.cookiejar
import re
import urllib.parse
import urllib.request

import pytest
from django.db import connection

from testimonials.models import Testimony
from tests.concurrency import at_once
from tests.testimonials.test_submission import form_data

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_live_server_gives_each_thread_its_own_connection(live_server):
    # Decided when the (session-wide) live server starts, which may be before the test database exists.
    assert live_server.thread.connections_override == {}
    assert not (connection.vendor == "sqlite" and connection.is_in_memory_db())


def test_submissions_sent_at_once_to_the_live_server_are_each_stored(live_server, site_pages):
    call_page = site_pages["call"]

    def submit() -> int:
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        form = browser.open(live_server.url + call_page.url).read().decode()
        fields = form_data(call_page)
        fields["csrfmiddlewaretoken"] = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        fields["submission_token"] = re.search(r'name="submission_token" value="([^"]+)"', form).group(1)
        body = urllib.parse.urlencode(fields, doseq=True).encode()
        request = urllib.request.Request(  # noqa: S310 (the live server's own http address)
            live_server.url + call_page.url, data=body, headers={"Referer": live_server.url}
        )
        return browser.open(request).status

    results = at_once(submit, times=3)

    assert results == [200, 200, 200]
    assert Testimony.objects.count() == 3
