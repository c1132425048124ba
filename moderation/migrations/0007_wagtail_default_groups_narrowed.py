"""Take back what Wagtail's own migrations grant its default groups, in databases set up before.

"Editors" may add and edit every page and manage images and documents: no role here needs it.
"Moderators" is the project's role (moderation/roles.py), and reviews testimonies, never pages:
it loses page and collection permissions, image and document permissions, and its place in the
default "Moderators approval" task, whose approval publishes any page in the tree.
`roles_ensure` does the same on every set-up; this only spares a database that is not set up again.
"""

from django.db import migrations

EDITORS = "Editors"
MODERATORS = "Moderators"


def groups_narrow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Group.objects.filter(name=EDITORS).delete()
    moderators = Group.objects.filter(name=MODERATORS).first()
    if moderators is None:
        return
    GroupPagePermission.objects.filter(group=moderators).delete()
    GroupCollectionPermission.objects.filter(group=moderators).delete()
    GroupApprovalTask.groups.through.objects.filter(group=moderators).delete()
    moderators.permissions.remove(
        *moderators.permissions.filter(content_type__app_label__in=["wagtailimages", "wagtaildocs"])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0006_finding_covers_hidden_text"),
        # The last migrations that grant the default groups anything.
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    # Migrating back leaves the groups narrowed: putting Wagtail's broad defaults back is no undo anyone wants.
    operations = [migrations.RunPython(groups_narrow, migrations.RunPython.noop)]
