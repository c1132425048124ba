"""Incidents after the Cyber Incident Tracer #HEALTH: several countries, victim organisations,
threat actors of their own with attribution certainty, care disruption flags and kinds of source.
Stories link to incidents through an orderable relation, so editors can use a chooser.
"""

import django.db.models.deletion
import django_countries.fields
import modelcluster.fields
import wagtail.search.index
from django.db import migrations, models
from django.db.migrations.exceptions import IrreversibleError

ATTACK_TYPES_RENAMED = {"phishing": "account_compromise", "wiper": "malware"}


def incidents_forwards(apps, schema_editor):
    Incident = apps.get_model("testimonials", "Incident")
    ThreatActor = apps.get_model("testimonials", "ThreatActor")
    VictimOrganisation = apps.get_model("testimonials", "VictimOrganisation")
    StoryPage = apps.get_model("testimonials", "StoryPage")
    StoryIncident = apps.get_model("testimonials", "StoryIncident")
    for incident in Incident.objects.all():
        incident.countries = incident.country
        incident.attack_type = ATTACK_TYPES_RENAMED.get(incident.attack_type, incident.attack_type)
        if incident.threat_actor.strip():
            actor, _ = ThreatActor.objects.get_or_create(
                name=incident.threat_actor.strip(), defaults={"actor_type": "unknown"}
            )
            # The old pages said "attributed to" whoever was named here.
            incident.threat_actor_ref, incident.attribution = actor, "attributed"
        incident.save()
        VictimOrganisation.objects.create(
            incident=incident, name=incident.organisation, organisation_type=incident.organisation_type, sort_order=0
        )
    for story in StoryPage.objects.prefetch_related("incidents"):
        StoryIncident.objects.bulk_create(
            StoryIncident(page=story, incident=incident, sort_order=order)
            for order, incident in enumerate(story.incidents.all())
        )


def _refuse_what_the_old_fields_cannot_hold(Incident) -> None:
    # The old Incident had one organisation and one country: moving back would drop the others.
    crowded = sorted(
        incident.slug
        for incident in Incident.objects.annotate(organisation_count=models.Count("organisations"))
        if incident.organisation_count > 1 or len(incident.countries) > 1
    )
    if crowded:
        raise IrreversibleError(
            "testimonials 0012 cannot be unapplied without losing data: before it an incident held one "
            "victim organisation and one country, and these incidents have more: "
            f"{', '.join(crowded)}. Restore a backup taken before 0012, or cut these incidents down to "
            "one organisation and one country yourself, then migrate back again."
        )


def incidents_backwards(apps, schema_editor):
    Incident = apps.get_model("testimonials", "Incident")
    StoryIncident = apps.get_model("testimonials", "StoryIncident")
    _refuse_what_the_old_fields_cannot_hold(Incident)
    renamed_back = {new: old for old, new in ATTACK_TYPES_RENAMED.items()}
    for incident in Incident.objects.select_related("threat_actor_ref"):
        first = incident.organisations.order_by("sort_order").first()
        incident.country = incident.countries[0].code if incident.countries else ""
        incident.organisation = first.name if first else ""
        incident.organisation_type = first.organisation_type if first else "other"
        incident.threat_actor = incident.threat_actor_ref.name if incident.threat_actor_ref else ""
        incident.attack_type = renamed_back.get(incident.attack_type, incident.attack_type)
        incident.save()
    through = apps.get_model("testimonials", "StoryPage").incidents.through
    through.objects.bulk_create(
        through(storypage_id=link.page_id, incident_id=link.incident_id) for link in StoryIncident.objects.all()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("testimonials", "0011_story_filters"),
    ]

    operations = [
        migrations.CreateModel(
            name="ThreatActor",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=255, unique=True)),
                (
                    "aliases",
                    models.TextField(blank=True, help_text="Other names it is known by, one per line."),
                ),
                (
                    "actor_type",
                    models.CharField(
                        choices=[
                            ("criminal", "Criminal group"),
                            ("state", "State or state-sponsored"),
                            ("hacktivist", "Hacktivist"),
                            ("insider", "Insider"),
                            ("unknown", "Unknown"),
                        ],
                        max_length=16,
                        verbose_name="type",
                    ),
                ),
                ("description", models.TextField(blank=True)),
            ],
            options={"ordering": ["name"]},
            bases=(wagtail.search.index.Indexed, models.Model),
        ),
        migrations.CreateModel(
            name="VictimOrganisation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                ("name", models.CharField(max_length=255)),
                (
                    "organisation_type",
                    models.CharField(
                        choices=[
                            ("hospital", "Hospital"),
                            ("clinic", "Clinic"),
                            ("laboratory", "Laboratory"),
                            ("pharmaceutical", "Pharmaceutical"),
                            ("emergency", "Ambulance or emergency service"),
                            ("public_health_body", "Public health body"),
                            ("research", "Research"),
                            ("other", "Other"),
                        ],
                        max_length=32,
                        verbose_name="type",
                    ),
                ),
                (
                    "incident",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="organisations",
                        to="testimonials.incident",
                    ),
                ),
            ],
            options={"ordering": ["sort_order"], "abstract": False},
        ),
        migrations.CreateModel(
            name="StoryIncident",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sort_order", models.IntegerField(blank=True, editable=False, null=True)),
                (
                    "incident",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="story_links",
                        to="testimonials.incident",
                    ),
                ),
                (
                    "page",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="incident_links",
                        to="testimonials.storypage",
                    ),
                ),
            ],
            options={
                "ordering": ["sort_order"],
                "abstract": False,
                "constraints": [models.UniqueConstraint(fields=("page", "incident"), name="story_incident_once")],
            },
        ),
        migrations.RenameField(model_name="incident", old_name="date", new_name="attack_date"),
        migrations.AlterModelOptions(name="incident", options={"ordering": ["-attack_date", "title"]}),
        migrations.AddField(
            model_name="incident",
            name="attack_date_precision",
            field=models.CharField(
                choices=[("day", "Day"), ("month", "Month"), ("year", "Year")],
                default="day",
                max_length=8,
                verbose_name="known to the",
            ),
        ),
        migrations.AddField(
            model_name="incident",
            name="countries",
            field=django_countries.fields.CountryField(
                default="", help_text="Every country where the victims are.", max_length=746, multiple=True
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="incident",
            name="attribution",
            field=models.CharField(
                choices=[
                    ("claimed", "Claimed by the actor"),
                    ("attributed", "Attributed by an authority"),
                    ("suspected", "Suspected"),
                    ("unknown", "Unknown"),
                ],
                default="unknown",
                max_length=16,
                verbose_name="attribution certainty",
            ),
        ),
        migrations.AddField(
            model_name="incident",
            name="threat_actor_ref",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="incidents",
                to="testimonials.threatactor",
            ),
        ),
        *(
            migrations.AddField(model_name="incident", name=flag, field=models.BooleanField(default=False))
            for flag in (
                "appointments_cancelled",
                "surgery_postponed",
                "ambulances_diverted",
                "systems_offline",
                "data_leaked",
            )
        ),
        migrations.AddField(
            model_name="incidentsource",
            name="kind",
            field=models.CharField(
                choices=[
                    ("media", "Media"),
                    ("public_body", "Public body"),
                    ("victim_statement", "Victim statement"),
                    ("leak_site", "Threat actor leak site"),
                ],
                default="media",
                max_length=32,
            ),
        ),
        # Defaults on the fields about to go, so that migrating back can add them to filled tables.
        migrations.AlterField(
            model_name="incident", name="country", field=django_countries.fields.CountryField(default="", max_length=2)
        ),
        migrations.AlterField(
            model_name="incident",
            name="organisation",
            field=models.CharField(default="", max_length=255, verbose_name="targeted organisation"),
        ),
        migrations.AlterField(
            model_name="incident", name="organisation_type", field=models.CharField(default="other", max_length=32)
        ),
        migrations.AlterField(
            model_name="incident",
            name="threat_actor",
            field=models.CharField(blank=True, default="", max_length=255),
        ),
        migrations.RunPython(incidents_forwards, incidents_backwards),
        migrations.RemoveField(model_name="incident", name="country"),
        migrations.RemoveField(model_name="incident", name="organisation"),
        migrations.RemoveField(model_name="incident", name="organisation_type"),
        migrations.RemoveField(model_name="incident", name="threat_actor"),
        migrations.RemoveField(model_name="storypage", name="incidents"),
        migrations.RenameField(model_name="incident", old_name="threat_actor_ref", new_name="threat_actor"),
    ]
