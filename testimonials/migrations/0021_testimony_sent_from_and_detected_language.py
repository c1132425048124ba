from django.db import migrations, models


def sent_from_the_language_recorded(apps, schema_editor):
    # Until now `language` was always the page's: that is where these testimonies were sent from.
    Testimony = apps.get_model("testimonials", "Testimony")
    Testimony.objects.update(sent_from_language=models.F("language"))


class Migration(migrations.Migration):
    dependencies = [
        ("testimonials", "0020_testimony_languages"),
    ]

    operations = [
        migrations.AddField(
            model_name="testimony",
            name="detected_language",
            field=models.CharField(blank=True, editable=False, max_length=8),
        ),
        migrations.AddField(
            model_name="testimony",
            name="sent_from_language",
            field=models.CharField(
                choices=[("en", "English"), ("fr", "French"), ("es", "Spanish")], default="en", max_length=8
            ),
        ),
        migrations.RunPython(sent_from_the_language_recorded, migrations.RunPython.noop),
    ]
