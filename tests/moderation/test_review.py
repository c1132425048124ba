import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from moderation.models import Review
from moderation.services import testimony_redact
from testimonials.models import StoryPage, TestimonyStatus
from tests.factories import (
    PRIVATE_STRINGS,
    CommunicationsFactory,
    ModeratorFactory,
    TestimonyFactory,
    redacted_testimony,
)


@pytest.fixture
def testimony(site_pages):
    return redacted_testimony()


@pytest.fixture
def moderator(site_pages):
    return ModeratorFactory()


def review_url(testimony):
    return reverse("testimony:review", args=[testimony.pk])


def assert_no_private_data(response):
    content = response.content.decode()
    for private in PRIVATE_STRINGS:
        assert private not in content, private


def test_moderator_sees_the_queue_without_personal_data(client, moderator, testimony):
    client.force_login(moderator)

    response = client.get(reverse("testimony:index"))

    assert response.status_code == 200
    assert testimony.reference in response.content.decode()
    assert review_url(testimony) in response.content.decode()
    assert_no_private_data(response)


def test_queue_filters_by_status(client, moderator, testimony):
    rejected = TestimonyFactory(status=TestimonyStatus.REJECTED)
    client.force_login(moderator)

    response = client.get(reverse("testimony:index"), {"status": "awaiting_review"})

    content = response.content.decode()
    assert testimony.reference in content
    assert rejected.reference not in content


def test_review_screen_shows_the_redacted_text_and_never_the_original(client, moderator, testimony):
    client.force_login(moderator)

    response = client.get(review_url(testimony))

    assert response.status_code == 200
    content = response.content.decode()
    assert "[PERSON 1]" in content and "[PHONE 1]" in content
    assert "was due for surgery at the hospital" in content
    assert_no_private_data(response)


def test_approval_creates_a_draft_story_holding_only_the_redacted_text(client, moderator, testimony):
    client.force_login(moderator)

    response = client.post(review_url(testimony), {"action": "approve", "note": "Clear and well redacted."})

    assert response.status_code == 302
    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.APPROVED
    story = StoryPage.objects.get(testimony=testimony)
    assert not story.live
    assert story.body == testimony.redacted_text
    assert story.get_parent().specific_class.__name__ == "StoryIndexPage"
    for private in PRIVATE_STRINGS:
        assert private not in story.body and private not in story.title
    assert Review.objects.get(testimony=testimony).moderator == moderator


def test_approval_links_the_story_to_the_testimony_incident(moderator, testimony, client):
    from tests.factories import IncidentFactory

    incident = IncidentFactory()
    testimony.incident = incident
    testimony.save()
    client.force_login(moderator)

    client.post(review_url(testimony), {"action": "approve"})

    assert list(StoryPage.objects.get(testimony=testimony).incidents) == [incident]


def test_approval_without_consent_to_publish_is_refused(client, moderator, site_pages):
    testimony = TestimonyFactory(consent_publication=False)
    testimony_redact(testimony_id=testimony.pk)
    client.force_login(moderator)

    response = client.post(review_url(testimony), {"action": "approve"})

    assert response.status_code == 200
    assert "did not consent to publication" in response.content.decode()
    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.AWAITING_REVIEW
    assert not StoryPage.objects.exists()


def test_rejection_needs_a_reason(client, moderator, testimony):
    client.force_login(moderator)

    response = client.post(review_url(testimony), {"action": "reject", "note": ""})

    assert "Say why the testimony is rejected." in response.content.decode()
    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.AWAITING_REVIEW


def test_rejection_with_a_reason_is_recorded(client, moderator, testimony):
    client.force_login(moderator)

    client.post(review_url(testimony), {"action": "reject", "note": "Not about a cyberattack."})

    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.REJECTED
    assert Review.objects.get(testimony=testimony).note == "Not about a cyberattack."


def test_decisions_go_to_the_audit_log_without_personal_data(client, moderator, testimony):
    client.force_login(moderator)

    client.post(review_url(testimony), {"action": "approve"})

    entry = ModelLogEntry.objects.get(action="moderation.approve")
    assert entry.user == moderator
    assert entry.label == f"Testimony {testimony.reference}"
    assert "Oyelaran" not in str(entry.data)


def test_a_testimony_waiting_for_manual_redaction_can_be_queued_again(client, moderator, site_pages):
    testimony = TestimonyFactory(status=TestimonyStatus.MANUAL_REDACTION, redaction_attempts=3)
    client.force_login(moderator)

    response = client.get(review_url(testimony))
    assert "Run redaction again" in response.content.decode()
    assert_no_private_data(response)

    client.post(review_url(testimony), {"action": "retry_redaction"})

    testimony.refresh_from_db()
    assert (testimony.status, testimony.redaction_attempts) == (TestimonyStatus.RECEIVED, 0)


class TestWhoMayReview:
    """Only moderators (and administrators) reach testimonies; everyone else is turned away."""

    @pytest.mark.parametrize(
        "view", ["index", "review_get", "review_post", "findings_post", "reveal_post", "contact_post"]
    )
    def test_outsiders_are_turned_away(self, client, outsider, testimony, view):
        if view == "index":
            response = client.get(reverse("testimony:index"))
        elif view == "review_get":
            response = client.get(review_url(testimony))
        elif view == "review_post":
            response = client.post(review_url(testimony), {"action": "approve"})
        elif view == "findings_post":
            place = testimony.findings.filter(label="LOC").first()
            response = client.post(
                reverse("testimony:findings", args=[testimony.pk]),
                {"action": "decide", "finding": place.pk, "decision": "redact"},
            )
        elif view == "reveal_post":
            response = client.post(reverse("testimony:reveal", args=[testimony.pk]), {"reason": "Curious about it."})
        else:
            response = client.post(reverse("testimony:contact", args=[testimony.pk]), {"reason": "Curious about it."})
            assert b"aoife.bk@example.net" not in response.content

        assert response.status_code == 302
        expected = reverse("wagtailadmin_login") if outsider == "anonymous" else reverse("wagtailadmin_home")
        assert response["Location"].startswith(expected)
        testimony.refresh_from_db()
        assert testimony.status == TestimonyStatus.AWAITING_REVIEW
        assert "[LOC" not in testimony.redacted_text
        assert not ModelLogEntry.objects.filter(action="moderation.reveal").exists()

    def test_the_menu_shows_testimonies_only_to_moderators(self, client, site_pages):
        client.force_login(CommunicationsFactory())
        assert reverse("testimony:index") not in client.get(reverse("wagtailadmin_home")).content.decode()

        client.force_login(ModeratorFactory())
        assert reverse("testimony:index") in client.get(reverse("wagtailadmin_home")).content.decode()

    def test_administrators_may_review(self, admin_client, testimony):
        assert admin_client.get(review_url(testimony)).status_code == 200


def test_moderators_get_no_page_image_or_document_permissions(site_pages):
    """Wagtail's migrations create a "Moderators" group that may edit and publish every page."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    moderators = Group.objects.get(name="Moderators")

    assert not GroupPagePermission.objects.filter(group=moderators).exists()
    assert not GroupCollectionPermission.objects.filter(group=moderators).exists()
    assert sorted(moderators.permissions.values_list("codename", flat=True)) == [
        "access_admin",
        "review_testimony",
        "view_testimony",
    ]


def test_a_moderator_cannot_edit_or_publish_pages(client, moderator, site_pages):
    client.force_login(moderator)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[site_pages["stories"].pk]))

    assert response.status_code == 302
