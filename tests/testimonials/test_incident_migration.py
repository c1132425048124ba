"""The move to the Cyber Incident Tracer model keeps every incident and every story's links, and back again
only when nothing would be dropped."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.exceptions import IrreversibleError
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("testimonials", "0011_story_filters")]
AFTER = [("testimonials", "0013_incident_tracer_fields")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _old_story(apps, title: str):
    Page, StoryPage, Locale = (
        apps.get_model(*name.split("."))
        for name in ("wagtailcore.Page", "testimonials.StoryPage", "wagtailcore.Locale")
    )
    locale = Locale.objects.first() or Locale.objects.create(language_code="en")
    root = Page.objects.filter(depth=1).first() or Page.objects.create(
        title="Root",
        slug="root",
        path="0001",
        depth=1,
        numchild=0,
        locale=locale,
        content_type_id=ContentType.objects.get_for_model(Page, for_concrete_model=True).pk,
    )
    content_type = ContentType.objects.get_for_model(StoryPage, for_concrete_model=True)
    return StoryPage.objects.create(
        title=title,
        slug="old-story",
        path=root.path + "0099",
        depth=2,
        numchild=0,
        content_type_id=content_type.pk,
        locale=locale,
        body="An old story.",
        live=False,
    )


@pytest.mark.django_db(transaction=True)
def test_old_incidents_and_story_links_survive_the_new_model():
    try:
        apps = _migrate(BEFORE)
        Incident = apps.get_model("testimonials", "Incident")
        conti = Incident.objects.create(
            title="HSE",
            slug="hse",
            date=datetime.date(2021, 5, 14),
            country="IE",
            organisation="Health Service Executive",
            organisation_type="public_health_body",
            attack_type="ransomware",
            threat_actor="Conti",
            patients_affected=100,
        )
        unknown = Incident.objects.create(
            title="Phished clinic",
            slug="clinic",
            date=datetime.date(2022, 1, 3),
            country="FR",
            organisation="A clinic",
            organisation_type="clinic",
            attack_type="phishing",
            threat_actor="",
        )
        story = _old_story(apps, "A story")
        # Historical pages are not clusterable models, so the links are written as rows.
        through = story.incidents.through
        through.objects.bulk_create(through(storypage=story, incident=incident) for incident in (conti, unknown))

        apps = _migrate(AFTER)
        Incident = apps.get_model("testimonials", "Incident")
        hse = Incident.objects.get(slug="hse")
        assert hse.attack_date == datetime.date(2021, 5, 14) and hse.attack_date_precision == "day"
        assert [country.code for country in hse.countries] == ["IE"]
        assert hse.threat_actor.name == "Conti" and hse.attribution == "attributed"
        assert [(o.name, o.organisation_type) for o in hse.organisations.all()] == [
            ("Health Service Executive", "public_health_body")
        ]
        assert hse.patients_affected == 100
        clinic = Incident.objects.get(slug="clinic")
        assert clinic.attack_type == "account_compromise"
        assert clinic.threat_actor is None and clinic.attribution == "unknown"
        StoryIncident = apps.get_model("testimonials", "StoryIncident")
        assert sorted(StoryIncident.objects.values_list("incident__slug", flat=True)) == ["clinic", "hse"]

        apps = _migrate(BEFORE)
        story = apps.get_model("testimonials", "StoryPage").objects.get(slug="old-story")
        assert sorted(story.incidents.values_list("slug", flat=True)) == ["clinic", "hse"]
        hse = apps.get_model("testimonials", "Incident").objects.get(slug="hse")
        assert (hse.country, hse.organisation, hse.threat_actor) == ("IE", "Health Service Executive", "Conti")
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_stories_addressed_by_their_testimony_reference_get_a_new_address():
    try:
        apps = _migrate([("testimonials", "0013_incident_tracer_fields")])
        Testimony, Revision = (
            apps.get_model(*n.split(".")) for n in ("testimonials.Testimony", "wagtailcore.Revision")
        )
        testimony = Testimony.objects.create(
            reference="T-7K3M9Q", secret_hash="x", role="patient", story="A story.", consent_text_version="v-1"
        )
        story = _old_story(apps, "A story from a patient")
        story.slug, story.url_path, story.testimony_id = "t-7k3m9q", "/home/t-7k3m9q/", testimony.pk
        story.save()
        Revision.objects.create(
            content_type_id=story.content_type_id,
            base_content_type_id=ContentType.objects.get(app_label="wagtailcore", model="page").pk,
            object_id=str(story.pk),
            content={"slug": "t-7k3m9q", "title": story.title},
            created_at=timezone.now(),
        )

        apps = _migrate([("testimonials", "0014_story_slugs_without_reference")])
        story = apps.get_model("testimonials", "StoryPage").objects.get(pk=story.pk)
        assert "7k3m9q" not in story.slug and story.slug.startswith("a-story-from-a-patient-")
        assert story.url_path.endswith(f"{story.slug}/") and "7k3m9q" not in story.url_path
        revision = apps.get_model("wagtailcore", "Revision").objects.get(object_id=str(story.pk))
        assert revision.content["slug"] == story.slug
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migrating_back_refuses_to_drop_organisations_and_countries_the_old_fields_cannot_hold():
    try:
        apps = _migrate(AFTER)
        Incident, VictimOrganisation = (
            apps.get_model("testimonials", name) for name in ("Incident", "VictimOrganisation")
        )
        fields = {"attack_date": datetime.date(2023, 11, 2), "attack_type": "ransomware"}
        hospitals = Incident.objects.create(title="Two hospitals", slug="two-hospitals", countries=["DE"], **fields)
        for order, name in enumerate(["Klinikum Nord", "Klinikum Süd"]):
            VictimOrganisation.objects.create(
                incident=hospitals, name=name, organisation_type="hospital", sort_order=order
            )
        borders = Incident.objects.create(
            title="Across borders", slug="across-borders", countries=["BE", "NL"], **fields
        )
        VictimOrganisation.objects.create(incident=borders, name="A laboratory", organisation_type="laboratory")

        with pytest.raises(IrreversibleError) as refusal:
            _migrate(BEFORE)

        assert "two-hospitals" in str(refusal.value) and "across-borders" in str(refusal.value)
        apps = _migrate([("testimonials", "0012_incident_tracer_model")])
        hospitals = apps.get_model("testimonials", "Incident").objects.get(slug="two-hospitals")
        assert [o.name for o in hospitals.organisations.order_by("sort_order")] == ["Klinikum Nord", "Klinikum Süd"]
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
