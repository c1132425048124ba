"""The staff roles, as Django groups with exactly the permissions each needs."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page

MODERATORS = "Moderators"
COMMUNICATIONS = "Communications"

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
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtailimages", "change_image"),
]
COMMUNICATIONS_PAGE_PERMISSIONS = ["change", "publish", "view"]


def _permissions(pairs: list[tuple[str, str]]) -> list[Permission]:
    return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in pairs]


@transaction.atomic
def roles_ensure(*, story_root: Page | None = None) -> dict[str, Group]:
    """Create or repair the staff groups; idempotent. `story_root` is where communications may publish."""
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    moderators.permissions.set(_permissions(MODERATOR_PERMISSIONS))
    communications, _ = Group.objects.get_or_create(name=COMMUNICATIONS)
    communications.permissions.set(_permissions(COMMUNICATIONS_PERMISSIONS))
    if story_root is not None:
        for codename in COMMUNICATIONS_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=communications,
                page=story_root,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{codename}_page"),
            )
    return {MODERATORS: moderators, COMMUNICATIONS: communications}
