"""Only approved, consented stories go live on every path Wagtail offers, and staff are told why not."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from moderation.services import testimony_approve
from testimonials.models import StoryPage
from tests.factories import CommunicationsFactory, ModeratorFactory, UserFactory, redacted_testimony
from tests.testimonials.test_publishing import editor_form_data


@pytest.fixture
def story(site_pages):
    return testimony_approve(testimony=redacted_testimony(), moderator=ModeratorFactory())


@pytest.fixture
def second_story(site_pages):
    return testimony_approve(testimony=redacted_testimony(), moderator=ModeratorFactory())


def consent_lost(story: StoryPage) -> None:
    # Any state in which the rule refuses: the services remove the page on withdrawal, but a
    # testimony can also stop being publishable while its page stays.
    story.testimony.consent_publication = False
    story.testimony.save()


def submitted_for_moderation(client, story: StoryPage):
    client.force_login(CommunicationsFactory())
    data = editor_form_data(story)
    data["action-submit"] = "action-submit"
    assert client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), data).status_code == 302
    story.refresh_from_db()
    return story.current_workflow_task_state


def approve_url(story, task_state) -> str:
    return reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk])


class TestWorkflowApproval:
    def test_approving_a_consented_story_publishes_it(self, client, story):
        task_state = submitted_for_moderation(client, story)
        client.force_login(UserFactory(is_superuser=True))

        client.post(approve_url(story, task_state))

        assert StoryPage.objects.get(pk=story.pk).live

    def test_approving_a_story_without_consent_is_refused_with_the_reason(self, client, story):
        task_state = submitted_for_moderation(client, story)
        consent_lost(story)
        client.force_login(UserFactory(is_superuser=True))
        edit_url = reverse("wagtailadmin_pages:edit", args=[story.pk])

        response = client.post(approve_url(story, task_state), HTTP_REFERER=f"http://testserver{edit_url}")

        assert response.status_code == 302 and response["Location"].endswith(edit_url)
        assert not StoryPage.objects.get(pk=story.pk).live
        task_state.refresh_from_db()
        assert task_state.status == "in_progress"  # the approval was rolled back whole
        page = client.get(edit_url).content.decode()
        assert "The story was not published" in page and "consented to publication" in page

    def test_the_approval_modal_is_answered_in_its_own_format(self, client, story):
        task_state = submitted_for_moderation(client, story)
        consent_lost(story)
        client.force_login(UserFactory(is_superuser=True))

        response = client.post(
            approve_url(story, task_state), {"comment": "Fine by me"}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
        )

        assert response.status_code == 200
        assert json.loads(response.content)["step"] == "success"
        assert not StoryPage.objects.get(pk=story.pk).live


class TestBulkPublishing:
    def bulk_publish(self, client, *stories):
        url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"])
        query = "&".join(f"id={story.pk}" for story in stories)
        return client.post(f"{url}?{query}&next=/admin/", {"include_descendants": ""})

    def test_bulk_publishing_consented_stories_publishes_them(self, client, story, second_story):
        client.force_login(CommunicationsFactory())

        self.bulk_publish(client, story, second_story)

        assert StoryPage.objects.filter(pk__in=[story.pk, second_story.pk], live=True).count() == 2

    def test_bulk_publishing_with_one_story_without_consent_publishes_nothing(self, client, story, second_story):
        consent_lost(second_story)
        client.force_login(CommunicationsFactory())

        response = self.bulk_publish(client, story, second_story)

        assert response.status_code == 302
        assert not StoryPage.objects.filter(pk__in=[story.pk, second_story.pk], live=True).exists()
        assert "consented to publication" in client.get(reverse("wagtailadmin_home")).content.decode()


class TestScheduledPublishing:
    def schedule(self, story: StoryPage, minutes_ago: int):
        revision = story.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))
        return revision

    def test_a_story_that_may_no_longer_go_live_does_not_hold_back_the_others(self, story, second_story):
        refused = self.schedule(story, minutes_ago=10)
        self.schedule(second_story, minutes_ago=5)
        consent_lost(story)

        call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115

        assert not StoryPage.objects.get(pk=story.pk).live
        assert StoryPage.objects.get(pk=second_story.pk).live
        refused.refresh_from_db()
        assert refused.approved_go_live_at is None
        assert PageLogEntry.objects.filter(page=story, action="wagtail.schedule.cancel").exists()

    def test_scheduled_consented_stories_go_live(self, story):
        self.schedule(story, minutes_ago=1)

        call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115

        assert StoryPage.objects.get(pk=story.pk).live


def test_a_live_story_whose_consent_is_gone_leaves_the_index_feeds_and_exports(client, story, site_pages):
    story.save_revision().publish()
    consent_lost(story)
    index = site_pages["stories"]
    addresses = [
        index.url,
        index.url + index.reverse_subpage("rss_feed"),
        index.url + index.reverse_subpage("atom_feed"),
        index.url + index.reverse_subpage("stories_export", args=["json"]),
        index.url + index.reverse_subpage("stories_export", args=["csv"]),
    ]

    for address in addresses:
        assert story.slug not in client.get(address).content.decode(), address


@pytest.mark.django_db(transaction=True)
def test_the_worker_publishes_scheduled_stories(story, run_worker):
    from testimonials.tasks import scheduled_publishing_task

    story.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1))
    scheduled_publishing_task.enqueue()

    run_worker()

    assert StoryPage.objects.get(pk=story.pk).live
