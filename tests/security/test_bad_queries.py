"""Readers, scrapers and scanners send any query: each gets a page or a client error, never a server error."""

import pytest

from tests.factories import IncidentFactory

URLS = [
    "/stories/?incident=nope",
    "/stories/?country=ZZ",
    "/stories/?role=x",
    "/stories/?year=abc",
    "/stories/?year=99999999999999999999",
    "/stories/?impact=x",
    "/stories/?page=-1",
    "/stories/?page=abc",
    "/stories/?page=999",
    "/stories/?q=%00",
    "/stories/?q=" + "a" * 5000,
    "/stories/incidents/",
    "/stories/incidents/nope/",
    "/stories/export/stories/xml/",
    "/stories/feed/rss/",
    "/stories/feed/atom/",
    "/api/v2/stories/?limit=abc",
    "/api/v2/stories/?offset=-1",
    "/api/v2/stories/?order=random",
    "/api/v2/stories/?search=%00",
    "/api/v2/stories/?fields=-title,body",
    "/api/v2/incidents/?limit=1000",
    "/api/v2/incidents/?attack_date=x",
    "/api/v2/incidents/?slug=",
    "/api/v2/incidents/9999/",
    "/api/v2/incidents/?search=conti",
    "/api/v2/incidents/?order=-attack_date",
    "/api/v2/incidents/?fields=*",
    "/api/v2/incidents/?fields=stories(title)",
    "/api/v2/stories/?type=wagtailcore.Page",
    "/api/v2/stories/find/?html_path=/",
    "/api/v2/incidents/find/?slug=hse-conti",
    "/api/v2/stories/?child_of=abc",
    "/api/v2/stories/?country=ZZ",
    "/tell-us/?incident=abc",
    "/stories/incidents/?country=ZZZ&attack_type=x&year=abc&page=abc&with_stories=x&q=conti",
    "/stories/incidents/?year=99999999999999999999",
    "/stories/?incident=%00",
    "/stories/?country=%00",
    "/stories/%00/",
    "/api/v2/incidents/?slug=%00",
    "/api/v2/stories/?fields=%00",
    "/admin/?q=%00",
    "/my-testimony/",
]


@pytest.mark.parametrize("url", URLS)
def test_a_bad_query_never_reaches_a_server_error(client, site_pages, url):
    IncidentFactory(slug="hse-conti")
    response = client.get(url)
    assert response.status_code < 500


@pytest.mark.parametrize("url", ["/stories/?q=%00", "/stories/%00/", "/api/v2/stories/?search=%00"])
def test_a_nul_character_is_refused_as_a_bad_request(client, site_pages, url):
    # PostgreSQL cannot hold NUL in text: it would fail there as a server error.
    assert client.get(url).status_code == 400
