"""The site's icon: linked from every page, and /favicon.ico never a 404."""

from django.contrib.staticfiles import finders
from django.templatetags.static import static


def test_every_page_links_the_site_icon_and_the_file_exists(client, site_pages):
    content = client.get(site_pages["call"].url).content.decode()

    assert f'<link rel="icon" href="{static("img/favicon.svg")}" type="image/svg+xml">' in content
    assert finders.find("img/favicon.svg")


def test_favicon_ico_leads_to_the_site_icon(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 301 and response["Location"] == static("img/favicon.svg")
