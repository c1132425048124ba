"""The header, footer and hreflang links each process keeps: the same for every reader, and new at once after a change.

They are kept under the generation that every change to what they show replaces (testimonials.page_cache), so
each test reads a page once to keep its chrome, changes something the chrome shows, and reads it again.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from home.models import Organisation, StandardPage
from home.templatetags import languages
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(site_pages):
    home = site_pages["call"].get_parent()
    page = home.add_child(
        instance=StandardPage(title="About us", slug="about", body="<p>Who we are.</p>", show_in_menus=True)
    )
    page.save_revision().publish()
    return page


def header(client, url: str) -> str:
    content = client.get(url).content.decode()
    return content[content.index('<header class="site-header">') : content.index("</header>")]


def test_the_chrome_is_kept_and_not_worked_out_again_on_the_next_read(client, about, monkeypatch):
    client.get(about.url)
    links_worked_out = []
    monkeypatch.setattr(languages, "language_links", lambda *args: links_worked_out.append(args) or [])

    with CaptureQueriesContext(connection) as second:
        content = client.get(about.url).content.decode()

    assert not links_worked_out
    assert 'hreflang="fr"' in content and "About us" in content
    asked = " ".join(query["sql"] for query in second.captured_queries)
    assert "home_organisation" not in asked  # the footer's organisation
    assert "wagtailcore_pageviewrestriction" in asked  # the page's own restriction check still runs


def test_a_renamed_menu_page_shows_in_the_menu_on_the_next_request(client, about):
    assert "About us" in header(client, about.url)

    about.title = "Who runs this site"
    about.save_revision().publish()

    menu = header(client, about.url)
    assert "Who runs this site" in menu and "About us" not in menu


def test_a_page_taken_out_of_the_menu_leaves_it_at_once(client, about):
    assert "About us" in header(client, about.url)

    about.show_in_menus = False
    about.save_revision().publish()

    assert "About us" not in header(client, about.url)


def test_the_organisations_new_name_shows_in_every_footer_at_once(client, about):
    assert "This site is run by" in client.get(about.url).content.decode()
    organisation = Organisation.current()
    organisation.name = "Patients First Foundation"
    organisation.save()

    assert "This site is run by Patients First Foundation." in client.get(about.url).content.decode()


def test_a_new_translation_is_offered_by_the_language_switch_at_once(client, about):
    assert 'href="/fr/" hreflang="fr"' in header(client, about.url)

    french = about.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.title = "Qui sommes-nous"
    french.save_revision().publish()

    assert f'href="{french.url}" hreflang="fr"' in header(client, about.url)
    assert f'hreflang="fr" href="http://testserver{french.url}"' in client.get(about.url).content.decode()


def test_each_language_keeps_its_own_chrome(client, about, site_pages):
    client.get(about.url)

    french_home = site_pages["call"].get_parent().get_translation(Locale.objects.get(language_code="fr"))
    content = client.get(french_home.url).content.decode()

    assert '<html lang="fr">' in content
    assert "Passer au contenu" in content or "Aller au contenu" in content
    assert 'aria-current="true">Français' in header(client, french_home.url)


def test_a_signed_in_editor_and_a_reader_see_the_same_chrome_and_only_the_editor_the_userbar(client, about):
    reader = client.get(about.url).content.decode()
    client.force_login(UserFactory(is_superuser=True))

    editor = client.get(about.url).content.decode()

    assert header(client, about.url) in reader
    assert "wagtail-userbar" in editor and "wagtail-userbar" not in reader


def test_a_new_logo_shows_in_the_header_at_once(client, about, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = get_image_model().objects.create(title="Logo", file=get_test_image_file(filename="first-logo.png"))
    organisation = Organisation.current()
    organisation.logo = image
    organisation.save()
    assert "first-logo" in header(client, about.url)

    # As the image editor does when a new file is chosen: the file, and renditions made anew.
    image.file = get_test_image_file(filename="second-logo.png")
    image.renditions.all().delete()
    image.save()

    logo = header(client, about.url)
    assert "second-logo" in logo and "first-logo" not in logo


def test_chrome_kept_while_an_editor_reads_shows_a_reader_nothing_of_theirs(client, about):
    client.force_login(UserFactory(is_superuser=True))
    editor = client.get(about.url).content.decode()
    client.logout()

    reader = client.get(about.url).content.decode()

    assert "wagtail-userbar" in editor
    assert "wagtail-userbar" not in reader and "/admin/" not in reader
