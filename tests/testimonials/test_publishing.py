import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from moderation.services import testimony_approve
from testimonials.models import StoryPage, TestimonyStatus
from tests.factories import (
    CommunicationsFactory,
    IncidentFactory,
    ModeratorFactory,
    redacted_testimony,
)


def editor_form_data(story: StoryPage, **changes) -> dict:
    """What Wagtail's page editor posts for a story, with the comments formset it expects."""
    links = list(story.incident_links.all())
    data = {
        "title": story.title,
        "slug": story.slug,
        "body": story.body,
        "role": story.role,
        "country": str(story.country or ""),
        "incident_links-TOTAL_FORMS": str(len(links)),
        "incident_links-INITIAL_FORMS": str(len(links)),
        "incident_links-MIN_NUM_FORMS": "0",
        "incident_links-MAX_NUM_FORMS": "1000",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
    }
    for number, link in enumerate(links):
        data |= {
            f"incident_links-{number}-id": str(link.pk),
            f"incident_links-{number}-incident": str(link.incident_id),
            f"incident_links-{number}-ORDER": str(number + 1),
        }
    data.update(changes)
    return data


@pytest.fixture
def incident(site_pages):
    return IncidentFactory(title="Ransomware attack on St Example's")


@pytest.fixture
def story(site_pages, incident):
    testimony = redacted_testimony(incident=incident)
    return testimony_approve(testimony=testimony, moderator=ModeratorFactory())


@pytest.fixture
def communications(client, site_pages):
    user = CommunicationsFactory()
    client.force_login(user)
    return user


def publish(client, story, **changes):
    data = editor_form_data(story, **changes)
    data["action-publish"] = "action-publish"
    return client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), data)


def test_communications_staff_publish_an_approved_story(client, communications, story):
    response = publish(client, story, title="A relative's story from Ireland")

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.live
    assert story.title == "A relative's story from Ireland"
    story.testimony.refresh_from_db()
    assert story.testimony.status == TestimonyStatus.PUBLISHED


def test_publishing_is_refused_in_the_editor_when_consent_was_withdrawn(client, communications, story):
    story.testimony.consent_publication = False
    story.testimony.save()

    response = publish(client, story)

    assert response.status_code == 200
    assert "has not consented to publication" in response.content.decode()
    story.refresh_from_db()
    assert not story.live


def test_no_publishing_path_can_bypass_the_consent_rule(story):
    story.testimony.consent_publication = False
    story.testimony.save()
    revision = story.save_revision()

    with pytest.raises(ValidationError, match="consented"):
        revision.publish()

    assert not StoryPage.objects.get(pk=story.pk).live


def test_a_story_without_a_testimony_cannot_go_live(story):
    story.testimony = None
    story.live = True

    with pytest.raises(ValidationError, match="no testimony"):
        story.save()


def test_unpublishing_returns_the_testimony_to_approved(client, communications, story):
    publish(client, story)

    client.post(reverse("wagtailadmin_pages:unpublish", args=[story.pk]))

    story.testimony.refresh_from_db()
    assert story.testimony.status == TestimonyStatus.APPROVED


def test_the_public_reads_only_the_redacted_story(client, communications, story):
    publish(client, story)
    client.logout()

    response = client.get(story.url)

    content = response.content.decode()
    assert response.status_code == 200
    assert "[a name]" in content and "[PERSON 1]" not in content  # placeholders in the reader's words
    for private in ("Oyelaran", "+353 87", "m.oyelaran.w@example.com", "Aoife"):
        assert private not in content


def test_a_live_story_whose_consent_is_gone_is_not_served(client, communications, story):
    publish(client, story)
    client.logout()
    story.testimony.consent_publication = False
    story.testimony.save()

    assert client.get(story.url).status_code == 404


def test_the_story_index_lists_published_stories_only(client, communications, story, site_pages):
    index_url = site_pages["stories"].url
    assert story.title not in client.get(index_url).content.decode()

    publish(client, story)

    assert story.title in client.get(index_url).content.decode()


def test_each_incident_has_a_public_page_listing_its_stories(client, communications, story, incident, site_pages):
    publish(client, story)
    client.logout()
    index = site_pages["stories"]

    response = client.get(index.incident_url(incident))

    content = response.content.decode()
    assert response.status_code == 200
    assert escape(incident.title) in content
    assert incident.sources.first().url in content
    assert story.url in content


def test_communications_staff_cannot_reach_testimonies(client, communications, story):
    for url in (reverse("testimony:index"), reverse("testimony:review", args=[story.testimony.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailadmin_home")


def test_communications_staff_cannot_publish_elsewhere_in_the_site(client, communications, site_pages):
    call = site_pages["call"]

    response = client.get(reverse("wagtailadmin_pages:edit", args=[call.pk]))

    assert response.status_code == 302


@pytest.mark.parametrize(
    "language, role, country, year, title",
    [
        ("en", "it_security", "GB", 2024, "A story from a member of IT or security staff (United Kingdom, 2024)"),
        ("en", "relative", "", None, "A story from a patient’s relative"),
        ("en", "other", "IE", None, "A story (Ireland)"),
        ("fr", "patient", "GB", 2021, "Le récit d’un patient (Royaume-Uni, 2021)"),
        ("es", "healthcare_worker", "US", 2024, "El relato de un profesional sanitario (Estados Unidos, 2024)"),
    ],
)
def test_a_first_title_is_grammatical_in_the_storys_language(site_pages, language, role, country, year, title):
    from testimonials.services.stories import story_title
    from tests.factories import TestimonyFactory

    testimony = TestimonyFactory.build(language=language, role=role, country=country, happened_year=year)

    assert story_title(testimony) == title


def test_the_story_editor_asks_for_a_title_of_their_own(client, site_pages):
    from django.urls import reverse

    from tests.factories import CommunicationsFactory

    story = testimony_approve(testimony=redacted_testimony(), moderator=ModeratorFactory())
    client.force_login(CommunicationsFactory())

    content = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()

    assert "Write your own: say what happened to them" in content
