"""The move to the Cyber Incident Tracer model keeps every incident and every story's links."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
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
