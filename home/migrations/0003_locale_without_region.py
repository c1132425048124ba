"""The site's locales are languages without a region now ("en", not "en-gb"): rename the old one."""

from django.db import migrations


def locale_rename(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    if Locale.objects.filter(language_code="en").exists():
        return
    Locale.objects.filter(language_code__in=["en-gb", "en-us"]).update(language_code="en")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_homepage_standardpage"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(locale_rename, migrations.RunPython.noop)]
