"""Story pages were addressed by their testimony's reference, half of the author's receipt: anyone
holding a receipt could find its story. Each gets a new random address; the old one is not redirected,
since a redirect would keep answering the reference."""

import secrets

from django.db import migrations
from django.utils.text import slugify


def slugs_replace(apps, schema_editor):
    StoryPage = apps.get_model("testimonials", "StoryPage")
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    for story in StoryPage.objects.exclude(testimony=None).select_related("testimony"):
        if story.slug != slugify(story.testimony.reference):
            continue
        parent = Page.objects.get(path=story.path[:-4])  # Wagtail's tree steps are four characters
        story.slug = f"{slugify(story.title)[:80].rstrip('-')}-{secrets.token_hex(3)}"
        story.url_path = f"{parent.url_path}{story.slug}/"
        story.save(update_fields=["slug", "url_path"])
        # A draft published later would bring the old address back from its revision.
        revisions = Revision.objects.filter(object_id=str(story.pk))
        if page_type:
            revisions = revisions.filter(base_content_type=page_type)
        for revision in revisions:
            revision.content = {**revision.content, "slug": story.slug, "url_path": story.url_path}
            revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("testimonials", "0013_incident_tracer_fields"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(slugs_replace, migrations.RunPython.noop)]
