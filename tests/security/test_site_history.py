"""Wagtail's site history shows every reveal of an original, linked to the review screen, and no original text."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.log_actions import log

from tests.factories import PRIVATE_STRINGS, CommunicationsFactory, ModeratorFactory, TestimonyFactory, UserFactory


@pytest.fixture
def revealed(site_pages):
    testimony = TestimonyFactory()
    revealer = ModeratorFactory(username="revealer")
    log(
        instance=testimony,
        action="moderation.reveal",
        user=revealer,
        data={"reason": "Checking Margarethe Oyelaran-Whitcombe", "minutes": 10},
    )
    return testimony


def signed_in(client, user):
    """Signed in with the second factor given, as staff who may reveal originals must be."""
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return user


def site_history(client, user):
    signed_in(client, user)
    return client.get(reverse("wagtailadmin_reports:site_history"))


def review_url(testimony) -> str:
    return reverse("testimony:review", args=[testimony.pk])


def assert_no_private_data(content: str) -> None:
    for private in PRIVATE_STRINGS:
        assert private not in content, private


class TestAdministrator:
    def test_site_history_lists_the_reveal_linked_to_the_review_screen(self, client, revealed):
        response = site_history(client, UserFactory(is_superuser=True))

        assert response.status_code == 200
        content = response.content.decode()
        assert f"Testimony {revealed.reference}" in content and "Opened the original text" in content
        assert f'href="{review_url(revealed)}"' in content
        assert_no_private_data(content)

    def test_site_history_export_carries_no_original_text(self, client, revealed):
        signed_in(client, UserFactory(is_superuser=True))

        response = client.get(reverse("wagtailadmin_reports:site_history"), {"export": "csv"})

        content = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
        assert response.status_code == 200 and f"Testimony {revealed.reference}" in content
        assert_no_private_data(content)


class TestModerator:
    def test_moderator_sees_the_reveal_linked_to_the_review_screen(self, client, revealed):
        response = site_history(client, ModeratorFactory())

        assert response.status_code == 200
        content = response.content.decode()
        assert f"Testimony {revealed.reference}" in content
        assert f'href="{review_url(revealed)}"' in content
        assert_no_private_data(content)


class TestStaffWhoMayNotReview:
    def test_communications_staff_see_no_testimony_and_cannot_open_one(self, client, revealed):
        communications = CommunicationsFactory()

        response = site_history(client, communications)

        assert response.status_code == 200 and revealed.reference not in response.content.decode()
        denied = client.get(review_url(revealed))
        assert denied.status_code == 302 and denied["Location"] == reverse("wagtailadmin_home")

    def test_staff_who_may_only_view_testimonies_get_no_link_to_the_review_screen(self, client, revealed):
        viewer = UserFactory()
        viewer.user_permissions.add(
            Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_testimony")
        )

        response = site_history(client, viewer)

        assert response.status_code == 200
        content = response.content.decode()
        assert f"Testimony {revealed.reference}" in content and review_url(revealed) not in content
        assert AdminURLFinder(viewer).get_edit_url(revealed) is None
        assert client.get(review_url(revealed))["Location"] == reverse("wagtailadmin_home")
