"""Incidents as the Cyber Incident Tracer records them: edited in the admin, read on their public pages."""

import datetime

import pytest
from django.urls import reverse

from testimonials.models import Incident, ThreatActor
from tests.factories import CommunicationsFactory, IncidentFactory, ThreatActorFactory, UserFactory


@pytest.fixture
def communications(client, site_pages):
    user = CommunicationsFactory()
    client.force_login(user)
    return user


def incident_form(**changes) -> dict:
    data = {
        "title": "Ransomware attack on a regional laboratory",
        "slug": "regional-laboratory-2023",
        "description": "Test results were delayed for weeks.",
        "attack_date": "2023-03-01",
        "attack_date_precision": "month",
        "disclosure_date": "2023-03-20",
        "countries": ["FR", "BE"],
        "attack_type": "ransomware",
        "threat_actor": "",
        "attribution": "unknown",
        "days_of_disruption": "21",
        "surgery_postponed": "on",
        "systems_offline": "on",
        "organisations-TOTAL_FORMS": "2",
        "organisations-INITIAL_FORMS": "0",
        "organisations-MIN_NUM_FORMS": "1",
        "organisations-MAX_NUM_FORMS": "1000",
        "organisations-0-name": "A regional laboratory",
        "organisations-0-organisation_type": "laboratory",
        "organisations-0-ORDER": "1",
        "organisations-1-name": "A university research institute",
        "organisations-1-organisation_type": "research",
        "organisations-1-ORDER": "2",
        "sources-TOTAL_FORMS": "1",
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "1",
        "sources-MAX_NUM_FORMS": "1000",
        "sources-0-url": "https://www.example.org/statement",
        "sources-0-title": "Statement on the attack",
        "sources-0-publisher": "The laboratory",
        "sources-0-kind": "victim_statement",
        "sources-0-ORDER": "1",
        "translations-TOTAL_FORMS": "0",
        "translations-INITIAL_FORMS": "0",
        "translations-MIN_NUM_FORMS": "0",
        "translations-MAX_NUM_FORMS": "1000",
    }
    return data | changes


def add_url() -> str:
    return reverse("wagtailsnippets_testimonials_incident:add")


def test_communications_staff_record_an_incident_with_organisations_and_sources(client, communications):
    actor = ThreatActorFactory(name="LockBit", aliases="LockBit 3.0")

    response = client.post(add_url(), incident_form(threat_actor=str(actor.pk), attribution="claimed"))

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    incident = Incident.objects.get(slug="regional-laboratory-2023")
    assert [c.code for c in incident.countries] == ["BE", "FR"]
    assert incident.attack_date_text == "2023-03" and incident.threat_actor == actor
    assert incident.care_disruption == ["surgery_postponed", "systems_offline"]
    assert [(o.name, o.organisation_type) for o in incident.organisations.all()] == [
        ("A regional laboratory", "laboratory"),
        ("A university research institute", "research"),
    ]
    assert incident.sources.get().kind == "victim_statement"


def test_a_partial_date_is_stored_as_the_first_day_of_what_is_known(client, communications):
    client.post(add_url(), incident_form(attack_date="2023-03-17", attack_date_precision="month"))

    assert Incident.objects.get(slug="regional-laboratory-2023").attack_date == datetime.date(2023, 3, 1)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"attribution": "attributed"}, "attribution", "Name the threat actor"),
        ({"disclosure_date": "2023-01-01"}, "disclosure_date", "cannot be disclosed before"),
        ({"countries": ["XX"]}, "countries", "valid choice"),
    ],
)
def test_an_incident_that_contradicts_itself_is_refused(client, communications, changes, field, message):
    response = client.post(add_url(), incident_form(**changes))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Incident.objects.filter(slug="regional-laboratory-2023").exists()


def test_communications_staff_add_threat_actors(client, communications):
    response = client.post(
        reverse("wagtailsnippets_testimonials_threatactor:add"),
        {"name": "Rhysida", "aliases": "Vice Society\n\nVice Society\n", "actor_type": "criminal"},
    )

    assert response.status_code == 302
    assert ThreatActor.objects.get(name="Rhysida").alias_list == ["Vice Society"]


def test_the_incident_page_shows_the_tracer_facts(client, site_pages):
    actor = ThreatActorFactory(name="Qilin", aliases="Agenda", actor_type="criminal")
    incident = IncidentFactory(
        title="Attack on a pathology service",
        attack_date=datetime.date(2024, 6, 1),
        attack_date_precision="month",
        countries=["GB", "IE"],
        threat_actor=actor,
        attribution="claimed",
        surgery_postponed=True,
        patients_affected=12000,
    )
    index = site_pages["stories"]

    content = client.get(index.incident_url(incident)).content.decode()

    assert "Example Hospital (hospital)" in content
    assert "Ireland, United Kingdom" in content
    assert "Qilin (also known as Agenda), criminal group." in content and "Claimed by the actor." in content
    assert '<time datetime="2024-06">June 2024</time>' in content
    assert "Surgery postponed, Systems offline" in content and "12,000" in content
    assert "(public body)" in content


def test_the_incident_list_names_organisations_and_countries(client, site_pages):
    content = client.get(site_pages["stories"].url + "incidents/").content.decode()

    assert "Synnovis, King&#x27;s College Hospital NHS Foundation Trust" in content
    assert "Ransomware · National Health Service (NHS) in England · United Kingdom · May 2017" in content


def test_a_threat_actor_named_by_incidents_cannot_be_deleted(client, communications):
    actor = ThreatActorFactory(name="Medusa")
    incident = IncidentFactory(threat_actor=actor)
    client.force_login(UserFactory(is_superuser=True))
    url = reverse("wagtailsnippets_testimonials_threatactor:delete", args=[actor.pk])

    warning = client.get(url).content.decode()
    response = client.post(url)

    assert "Medusa is named by 1 incident" in warning
    assert response.status_code == 302
    assert ThreatActor.objects.filter(pk=actor.pk).exists()
    incident.refresh_from_db()
    assert incident.threat_actor == actor


def test_a_threat_actor_no_incident_names_can_be_deleted(client, communications):
    actor = ThreatActorFactory(name="Unused")
    client.force_login(UserFactory(is_superuser=True))

    client.post(reverse("wagtailsnippets_testimonials_threatactor:delete", args=[actor.pk]))

    assert not ThreatActor.objects.filter(pk=actor.pk).exists()


@pytest.mark.parametrize(
    ("model", "views"),
    [
        ("incident", ["list", "add", "edit", "inspect", "history", "usage", "delete"]),
        ("threatactor", ["list", "add", "edit", "history", "usage", "delete"]),
    ],
)
def test_every_incident_admin_screen_renders(client, site_pages, model, views):
    incident = IncidentFactory()
    pk = incident.pk if model == "incident" else incident.threat_actor.pk
    client.force_login(UserFactory(is_superuser=True))

    for view in views:
        args = [] if view in ("list", "add") else [pk]
        response = client.get(reverse(f"wagtailsnippets_testimonials_{model}:{view}", args=args))
        assert response.status_code == 200, view


def test_the_inspect_screen_lists_countries_organisations_and_sources(client, site_pages):
    incident = IncidentFactory(countries=["GB", "IE"])
    client.force_login(UserFactory(is_superuser=True))

    content = client.get(reverse("wagtailsnippets_testimonials_incident:inspect", args=[incident.pk])).content.decode()

    assert "Ireland, United Kingdom" in content
    assert "Example Hospital" in content and "Post-incident report" in content


class TestIncidentList:
    @pytest.fixture
    def recorded(self, site_pages):
        return {
            "lab": IncidentFactory(
                title="Attack on a French laboratory",
                countries=["FR"],
                attack_type="data_breach",
                attack_date=datetime.date(2019, 2, 1),
            ),
            "ddos": IncidentFactory(
                title="DDoS on Belgian and French hospitals",
                countries=["BE", "FR"],
                attack_type="ddos",
                attack_date=datetime.date(2022, 11, 5),
            ),
        }

    def titles(self, client, site_pages, **params):
        response = client.get(site_pages["stories"].url + "incidents/", params)
        return {incident.title for incident in response.context["incidents"]}

    def test_incidents_are_filtered_by_country_attack_and_year(self, client, site_pages, recorded):
        assert self.titles(client, site_pages, country="FR") == {
            "Attack on a French laboratory",
            "DDoS on Belgian and French hospitals",
        }
        assert self.titles(client, site_pages, country="BE", attack_type="ddos") == {
            "DDoS on Belgian and French hospitals",
        }
        assert self.titles(client, site_pages, year="2019") == {"Attack on a French laboratory"}
        assert self.titles(client, site_pages, country="FR", organisation_type="hospital") == {
            "Attack on a French laboratory",  # the factory's victim is a hospital
            "DDoS on Belgian and French hospitals",
        }
        # The demo's Düsseldorf attack also hit the university behind the hospital.
        assert self.titles(client, site_pages, organisation_type="research") == {
            "Ransomware attack on Düsseldorf University Hospital"
        }

    def test_the_filters_offer_only_what_is_recorded(self, client, site_pages, recorded):
        response = client.get(site_pages["stories"].url + "incidents/")

        assert ("BE", "Belgium") in response.context["countries"]
        assert ("wiper", "Wiper") not in response.context["attack_types"]
        assert (2019, 2019) in response.context["year_choices"]

    def test_incidents_with_published_stories_only(self, client, site_pages, recorded):
        from moderation.services import testimony_approve
        from tests.factories import ModeratorFactory, redacted_testimony

        story = testimony_approve(testimony=redacted_testimony(incident=recorded["lab"]), moderator=ModeratorFactory())
        assert self.titles(client, site_pages, with_stories="1") == set()  # a draft is not a story yet

        story.save_revision().publish()

        assert self.titles(client, site_pages, with_stories="1") == {"Attack on a French laboratory"}
        content = client.get(site_pages["stories"].url + "incidents/").content.decode()
        assert "<strong>1 story</strong>" in content

    def test_the_list_is_paginated_with_the_filters_kept(self, client, site_pages, recorded):
        for number in range(30):
            IncidentFactory(countries=["FR"], title=f"Attack {number}")

        content = client.get(site_pages["stories"].url + "incidents/", {"country": "FR"}).content.decode()

        assert "Page 1 of 2" in content and "?country=FR&amp;page=2" in content


@pytest.mark.django_db(transaction=True)
def test_incidents_are_found_by_words_in_their_record(client, site_pages, run_worker):
    IncidentFactory(title="Attack on a regional blood service", description="Donor records were taken.")
    run_worker()  # Wagtail indexes through the task queue

    response = client.get(site_pages["stories"].url + "incidents/", {"q": "donor"})

    assert [incident.title for incident in response.context["incidents"]] == ["Attack on a regional blood service"]


def test_the_admin_listing_filters_incidents_by_organisation_type(client, site_pages):
    client.force_login(UserFactory(is_superuser=True))

    response = client.get(
        reverse("wagtailsnippets_testimonials_incident:list"), {"organisations__organisation_type": "research"}
    )

    content = response.content.decode()
    assert "Düsseldorf University Hospital" in content and "WannaCry" not in content
