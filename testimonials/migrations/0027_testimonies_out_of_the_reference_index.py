"""Rows about testimonies leave Wagtail's reference index: they are no longer tracked (Testimony and Review set
wagtail_reference_index_ignore), and the rows already there would list testimonies on the admin's usage screens."""

from django.db import migrations

# Testimonies and the rows that point at them, by (app label, model).
ABOUT_TESTIMONIES = [
    ("testimonials", "testimony"),
    ("testimonials", "consentchange"),
    ("testimonials", "textcheck"),
    ("testimonials", "outgoingemail"),
    ("moderation", "finding"),
    ("moderation", "review"),
]


def references_remove(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    for app_label, model in ABOUT_TESTIMONIES:
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is not None:
            ReferenceIndex.objects.filter(content_type=content_type).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("testimonials", "0026_story_page_cache_generation"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(references_remove, migrations.RunPython.noop)]
