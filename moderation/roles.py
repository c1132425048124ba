"""The staff roles, as Django groups with exactly the permissions each needs.

Wagtail's own migrations create a "Moderators" group that may edit and publish every page,
approve every page in the default "Moderators approval" workflow and manage images and
documents; `roles_ensure` takes that group over and resets it. They also create an "Editors"
group that may edit the whole tree, which no role here needs: `roles_ensure` deletes it.
moderation/migrations/0007 does the same for databases set up before.
"""

from collections.abc import Sequence

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupApprovalTask, GroupCollectionPermission, GroupPagePermission, Page

MODERATORS = "Moderators"
COMMUNICATIONS = "Communications"
WAGTAIL_EDITORS = "Editors"

MODERATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("testimonials", "view_testimony"),
    ("testimonials", "review_testimony"),
]
# Communications staff never see testimonies: only stories (pages) and incidents.
COMMUNICATIONS_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("testimonials", "add_incident"),
    ("testimonials", "change_incident"),
    ("testimonials", "view_incident"),
    ("testimonials", "add_threatactor"),
    ("testimonials", "change_threatactor"),
    ("testimonials", "view_threatactor"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtailimages", "change_image"),
]
COMMUNICATIONS_PAGE_PERMISSIONS = ["change", "publish", "view"]


def _permissions(pairs: list[tuple[str, str]]) -> list[Permission]:
    return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in pairs]


def _page_permissions_set(group: Group, pages: Sequence[Page], codenames: list[str]) -> None:
    GroupPagePermission.objects.filter(group=group).exclude(page__in=pages).delete()
    wanted = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=[f"{codename}_page" for codename in codenames]
    )
    for page in pages:
        GroupPagePermission.objects.filter(group=group, page=page).exclude(permission__in=wanted).delete()
        for permission in wanted:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


@transaction.atomic
def roles_ensure(*, story_roots: Sequence[Page] = ()) -> dict[str, Group]:
    """Create the staff groups, or reset them to exactly these permissions; idempotent.

    `story_roots` are the pages (a story index per language) under which communications staff
    edit and publish.
    """
    Group.objects.filter(name=WAGTAIL_EDITORS).delete()
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    moderators.permissions.set(_permissions(MODERATOR_PERMISSIONS))
    _page_permissions_set(moderators, [], [])
    GroupCollectionPermission.objects.filter(group=moderators).delete()
    # Moderators review testimonies, not pages: approving a page in a workflow publishes it.
    GroupApprovalTask.groups.through.objects.filter(group=moderators).delete()

    communications, _ = Group.objects.get_or_create(name=COMMUNICATIONS)
    communications.permissions.set(_permissions(COMMUNICATIONS_PERMISSIONS))
    if story_roots:
        _page_permissions_set(communications, story_roots, COMMUNICATIONS_PAGE_PERMISSIONS)
    GroupCollectionPermission.objects.filter(group=communications).delete()
    return {MODERATORS: moderators, COMMUNICATIONS: communications}
