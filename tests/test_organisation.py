"""Who runs the site, said where people need it: the consent, the privacy notice, every footer, emails."""

import pytest
from django.core import mail
from wagtail.models import Page

from home.bootstrap import site_bootstrap
from home.demo_content import DEMO_ORGANISATION
from home.models import Organisation, PrivacyPage, StandardPage

pytestmark = pytest.mark.django_db


def privacy_page(language: str = "en") -> PrivacyPage:
    return PrivacyPage.objects.get(locale__language_code=language)


def test_make_run_names_a_demo_organisation_and_keeps_one_an_administrator_set(site_pages):
    assert Organisation.current().name == DEMO_ORGANISATION["name"]
    organisation = Organisation.current()
    organisation.name = "Patients First Foundation"
    organisation.save()

    site_bootstrap(with_demo_accounts=False)

    assert Organisation.current().name == "Patients First Foundation"


def test_the_privacy_notice_names_the_controller_and_its_contacts(client, site_pages):
    content = client.get(privacy_page().url).content.decode()

    assert f"{DEMO_ORGANISATION['name']} is responsible for the testimonies" in content
    assert 'href="mailto:contact@example.org"' in content and 'href="mailto:dpo@example.org"' in content
    assert "1 Example Street<br>1000 Example City" in content


def test_the_privacy_notice_gives_the_retention_the_site_applies(client, site_pages, settings):
    settings.RETENTION_REJECTED_DAYS = 45
    settings.RETENTION_WITHDRAWN_DAYS = 1

    content = client.get(privacy_page().url).content.decode()

    assert "we delete it 45 days after that decision" in content
    assert "we delete what you sent 1 day later" in content
    assert f"delete your original words {settings.RETENTION_PUBLISHED_ORIGINAL_DAYS} days later" in content


def test_the_privacy_notice_says_where_to_complain(client, site_pages):
    assert (
        "the data protection authority of the country where you live" in client.get(privacy_page().url).content.decode()
    )
    organisation = Organisation.current()
    organisation.supervisory_authority = "the Data Protection Commission"
    organisation.supervisory_authority_url = "https://www.dataprotection.ie/"
    organisation.save()

    content = client.get(privacy_page().url).content.decode()

    assert '<a href="https://www.dataprotection.ie/">the Data Protection Commission</a>' in content


def test_the_french_privacy_notice_is_in_french_and_names_the_organisation(client, site_pages):
    content = client.get(privacy_page("fr").url).content.decode()

    assert '<html lang="fr"' in content and DEMO_ORGANISATION["name"] in content
    assert "Combien de temps nous gardons ce que vous envoyez" in content


def test_every_page_says_who_runs_the_site(client, site_pages):
    for page in (site_pages["call"], site_pages["stories"], privacy_page("es")):
        assert f"{DEMO_ORGANISATION['name']}" in client.get(page.url).content.decode().split("site-footer")[1]


def test_a_site_made_before_the_privacy_page_had_its_type_keeps_its_page(site_pages):
    english = privacy_page()
    home = english.get_parent()
    for page in PrivacyPage.objects.all():
        page.delete()
    old = home.add_child(instance=StandardPage(title="Privacy", slug="privacy", body="<p>Our old notice.</p>"))

    site_bootstrap(with_demo_accounts=False)

    assert Page.objects.child_of(home).filter(slug="privacy").get().pk == old.pk


@pytest.mark.django_db(transaction=True)
def test_the_confirmation_email_is_signed_by_the_organisation_not_localhost(client, site_pages, run_worker):
    from tests.testimonials.test_submission import submit

    submit(client, site_pages["call"], contact_email="author@example.org", consent_contact="on")
    run_worker()

    [email] = [message for message in mail.outbox if "We received your testimony" in message.subject]
    assert f"{DEMO_ORGANISATION['name']}\ncontact@example.org" in email.body
    assert "localhost" not in email.body


def test_markup_in_the_organisations_name_is_shown_as_text_everywhere(client, site_pages):
    organisation = Organisation.current()
    organisation.name = '<img src=x onerror="alert(1)">Clinic Friends'
    organisation.save()

    for page in (site_pages["call"], privacy_page()):
        content = client.get(page.url).content.decode()
        assert "<img src=x" not in content and "&lt;img src=x" in content
