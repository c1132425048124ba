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


def test_the_admin_loads_no_image_from_another_site(client, site_pages):
    import re

    from tests.factories import ModeratorFactory

    client.force_login(ModeratorFactory())
    content = client.get("/admin/").content.decode()

    external = [src for src in re.findall(r'<img[^>]+src="([^"]+)"', content) if src.startswith(("http", "//"))]
    assert external == [] and "gravatar" not in content
