"""Staff roles hold only what DESIGN.md gives them: Wagtail's default groups keep no rights over the page tree."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail.models import GroupApprovalTask, GroupCollectionPermission, GroupPagePermission, Page

from home.bootstrap import home_page_ensure
from home.models import HomePage
from moderation.roles import COMMUNICATIONS, MODERATORS, roles_ensure
from moderation.services import testimony_approve
from testimonials.models import CallForTestimonialsPage, StoryIndexPage, StoryPage
from tests.factories import CommunicationsFactory, ModeratorFactory, redacted_testimony
from tests.testimonials.test_publishing import editor_form_data

NARROWING = ("moderation", "0007_wagtail_default_groups_narrowed")


@pytest.fixture
def story(site_pages):
    return testimony_approve(testimony=redacted_testimony(), moderator=ModeratorFactory())


def submitted_for_moderation(client, story: StoryPage):
    client.force_login(CommunicationsFactory(username="submitter"))
    data = editor_form_data(story)
    data["action-submit"] = "action-submit"
    assert client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), data).status_code == 302
    story.refresh_from_db()
    return story.current_workflow_task_state


class TestAfterSetUp:
    def test_no_group_holds_rights_over_the_whole_tree(self, site_pages):
        top = Page.objects.filter(depth__lte=2)

        assert not GroupPagePermission.objects.filter(page__in=top).exists()
        assert set(GroupPagePermission.objects.values_list("group__name", flat=True)) == {COMMUNICATIONS}
        assert not Group.objects.filter(name="Editors").exists()

    def test_setting_up_again_changes_nothing(self, site_pages):
        before = sorted(GroupPagePermission.objects.values_list("group__name", "page_id", "permission__codename"))

        roles_ensure(story_roots=list(StoryIndexPage.objects.all()))

        after = sorted(GroupPagePermission.objects.values_list("group__name", "page_id", "permission__codename"))
        assert before == after


class TestModerator:
    def test_moderator_may_neither_edit_nor_publish_a_story(self, story):
        permissions = story.permissions_for_user(ModeratorFactory())

        assert not permissions.can_edit() and not permissions.can_publish()

    def test_moderator_may_not_approve_a_story_submitted_for_moderation(self, client, story):
        task_state = submitted_for_moderation(client, story)
        client.force_login(ModeratorFactory())

        assert client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))["Location"] == reverse(
            "wagtailadmin_home"
        )
        client.post(reverse("wagtailadmin_pages:workflow_action", args=[story.pk, "approve", task_state.pk]))

        assert not StoryPage.objects.get(pk=story.pk).live
        assert not GroupApprovalTask.objects.filter(groups__name=MODERATORS).exists()


class TestCommunications:
    def test_communications_edit_and_publish_stories(self, story):
        permissions = story.permissions_for_user(CommunicationsFactory())

        assert permissions.can_edit() and permissions.can_publish()

    def test_communications_may_not_edit_pages_outside_the_story_index(self, site_pages):
        communications = CommunicationsFactory()

        for page in (*HomePage.objects.all(), *CallForTestimonialsPage.objects.all(), Page.get_first_root_node()):
            assert not page.permissions_for_user(communications).can_edit(), page.title


@pytest.mark.django_db(transaction=True)
def test_migrating_narrows_wagtails_default_groups_in_an_existing_database():
    executor = MigrationExecutor(connection)
    before = [key for key in executor.loader.graph.node_map[NARROWING].parents if key[0] == "moderation"]
    try:
        executor.migrate(before)
        root = home_page_ensure().get_parent()
        editors, _ = Group.objects.get_or_create(name="Editors")
        moderators, _ = Group.objects.get_or_create(name=MODERATORS)
        change_page = Permission.objects.get(codename="change_page")
        for group in (editors, moderators):
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=change_page)
        GroupApprovalTask.objects.create(name="Moderators approval").groups.add(moderators)

        executor = MigrationExecutor(connection)
        executor.migrate([NARROWING])

        assert not Group.objects.filter(name="Editors").exists()
        assert not GroupPagePermission.objects.filter(group__name=MODERATORS).exists()
        assert not GroupCollectionPermission.objects.filter(group__name=MODERATORS).exists()
        assert not GroupApprovalTask.objects.filter(groups__name=MODERATORS).exists()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
