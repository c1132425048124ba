"""Stories that communications staff published past the personal-data check, with only a reason,
lose their clearance: the next publish or save of a live page scans their text again.

Only moderators may now judge a flagged text (testimonials.services.story_return_to_review).
"""

from django.db import migrations

OVERRIDE_ACTION = "testimonials.publish_override"


def clearances_revoke(apps, schema_editor):
    PageLogEntry = apps.get_model("wagtailcore", "PageLogEntry")
    StoryPage = apps.get_model("testimonials", "StoryPage")
    overridden = PageLogEntry.objects.filter(action=OVERRIDE_ACTION).values_list("page_id", flat=True)
    StoryPage.objects.filter(pk__in=list(overridden)).update(scan_cleared_digest="")


class Migration(migrations.Migration):
    dependencies = [
        ("testimonials", "0017_testimony_submission_digest"),
        ("wagtailcore", "0098_apitoken"),
    ]

    # Nothing to undo: a clearance given by a reason alone is not one to restore.
    operations = [migrations.RunPython(clearances_revoke, migrations.RunPython.noop)]
