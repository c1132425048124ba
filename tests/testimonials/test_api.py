"""The read-only API (Wagtail API v2) serves published stories and incidents as open data, and nothing private."""

import datetime

import pytest
from wagtail.models import PageViewRestriction, Site

from moderation.services import testimony_approve
from testimonials.incident_records import incident_record
from testimonials.models import ConsentField, Incident, StoryPage, Testimony, TestimonyStatus
from testimonials.services import consent_change
from tests.factories import STORY_WITH_PERSONAL_DATA, IncidentFactory, ModeratorFactory, redacted_testimony

STORIES = "/api/v2/stories/"
INCIDENTS = "/api/v2/incidents/"
# What the testimony behind the stories holds and no response may: the author's identity and the original's details.
PRIVATE = (
    STORY_WITH_PERSONAL_DATA,
    "Oyelaran",
    "+353 87",
    "m.oyelaran.w@example.com",
    "Aoife",
    "Brennan-Kowalczyk",
    "aoife.bk@example.net",
)


def approved_story(**testimony_fields) -> StoryPage:
    """A draft story from an approved testimony, as moderators leave it for communications staff."""
    return testimony_approve(testimony=redacted_testimony(**testimony_fields), moderator=ModeratorFactory())


def published_story(**testimony_fields) -> StoryPage:
    story = approved_story(**testimony_fields)
    story.save_revision().publish()
    return StoryPage.objects.get(pk=story.pk)


@pytest.fixture
def incident(site_pages):
    return IncidentFactory(title="Conti attack on the HSE", slug="hse-conti")


@pytest.fixture
def story(incident):
    return published_story(incident=incident, impacts=["care_delayed"])


@pytest.fixture
def draft(incident):
    return approved_story(incident=incident)


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


def keys_anywhere(data) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {key for value in data.values() for key in keys_anywhere(value)}
    if isinstance(data, list):
        return {key for value in data for key in keys_anywhere(value)}
    return set()


def withdraw_consent_behind_the_services_back(story: StoryPage) -> None:
    """The page stays live, as after a change that did not go through consent_change."""
    Testimony.objects.filter(pk=story.testimony_id).update(consent_publication=False)


def test_a_published_story_is_served_with_its_redacted_body_and_incidents(client, story, incident):
    listing = client.get(STORIES).json()

    assert [item["id"] for item in listing["items"]] == [story.pk]
    item = listing["items"][0]
    assert "[PERSON 1]" in item["body"] and "[PHONE 1]" in item["body"]
    assert (item["title"], item["role"], item["country"], item["year"], item["impacts"]) == (
        story.title,
        "relative",
        "IE",
        2021,
        ["care_delayed"],
    )
    assert item["meta"]["html_url"].endswith(story.url)
    assert item["meta"]["slug"] == story.slug and item["meta"]["first_published_at"]
    [linked] = item["incidents"]
    assert (linked["slug"], linked["title"]) == ("hse-conti", "Conti attack on the HSE")
    assert linked["detail_url"].endswith(f"{INCIDENTS}{incident.pk}/")
    assert client.get(item["meta"]["detail_url"]).json()["body"] == item["body"]


def test_a_story_never_published_is_not_served(client, story, draft):
    assert ids(client.get(STORIES)) == [story.pk]
    assert client.get(f"{STORIES}{draft.pk}/").status_code == 404


def test_a_story_with_unpublished_edits_serves_only_its_live_body(client, story):
    live_body = story.body
    story.body = "An edit waiting for review, not yet published."
    story.save_revision()

    assert client.get(f"{STORIES}{story.pk}/").json()["body"] == live_body
    assert client.get(STORIES).json()["items"][0]["body"] == live_body


def test_a_story_is_gone_once_its_author_withdraws_consent_to_publication(client, story):
    consent_change(testimony=story.testimony, consent=ConsentField.PUBLICATION, given=False, text_version="v-test")

    assert ids(client.get(STORIES)) == []
    assert client.get(f"{STORIES}{story.pk}/").status_code == 404


def test_a_live_story_whose_consent_is_gone_is_not_served(client, story, incident):
    withdraw_consent_behind_the_services_back(story)

    assert ids(client.get(STORIES)) == []
    assert client.get(f"{STORIES}{story.pk}/").status_code == 404
    assert client.get(INCIDENTS, {"slug": incident.slug}).json()["items"][0]["stories"] == []


def test_the_publication_query_agrees_with_publication_problem_for_every_testimony_state(draft):
    disagreements = []
    for status in TestimonyStatus:
        for consent in (True, False):
            Testimony.objects.filter(pk=draft.testimony_id).update(status=status, consent_publication=consent)
            story = StoryPage.objects.get(pk=draft.pk)
            allowed = StoryPage.objects.filter(StoryPage.publication_allowed(), pk=story.pk).exists()
            if allowed != (story.publication_problem() is None):
                disagreements.append((status, consent))
    StoryPage.objects.filter(pk=draft.pk).update(testimony=None)

    assert disagreements == []
    assert not StoryPage.objects.filter(StoryPage.publication_allowed(), pk=draft.pk).exists()


def test_stories_behind_a_view_restriction_are_not_served(client, story, incident, site_pages):
    PageViewRestriction.objects.create(
        page=site_pages["stories"], restriction_type=PageViewRestriction.PASSWORD, password="a shared secret"
    )

    assert ids(client.get(STORIES)) == []
    assert client.get(f"{STORIES}{story.pk}/").status_code == 404
    assert client.get(INCIDENTS, {"slug": incident.slug}).json()["items"][0]["stories"] == []


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("{stories}", 200),
        ("{stories}?fields=*", 200),
        ("{stories}{story}/", 200),
        ("{stories}{story}/?fields=*", 200),
        ("{stories}?type=home.HomePage&fields=*", 400),
        ("{stories}?fields=testimony", 400),
        ("{stories}{story}/?fields=_,testimony", 400),
        ("{incidents}", 200),
        ("{incidents}{incident}/?fields=*", 200),
    ],
)
def test_no_response_holds_anything_from_the_testimony(client, story, draft, incident, path, status):
    response = client.get(path.format(stories=STORIES, incidents=INCIDENTS, story=story.pk, incident=incident.pk))

    assert response.status_code == status
    content = response.content.decode()
    assert [private for private in PRIVATE if private.lower() in content.lower()] == []
    assert {"testimony", "scan_cleared_digest"}.isdisjoint(keys_anywhere(response.json()))
    if status == 200 and path.startswith("{stories}"):
        assert "[PERSON 1]" in content  # the story is there, redacted


def test_no_response_holds_the_testimony_reference(client, story):
    content = client.get(f"{STORIES}{story.pk}/").content.decode().lower()

    assert story.testimony.reference.lower() not in content


@pytest.mark.parametrize(
    "query",
    [
        {"fields": "testimony"},
        {"fields": "scan_cleared_digest"},
        {"fields": "_,title,testimony(story)"},
        {"testimony": "1"},
        {"testimony__name": "Aoife"},
        {"order": "testimony"},
        {"order": "scan_cleared_digest"},
    ],
)
def test_asking_the_stories_for_the_testimony_is_refused(client, story, query):
    response = client.get(STORIES, query)

    assert response.status_code == 400
    assert set(response.json()) == {"message"}


def test_other_page_types_cannot_be_reached_through_the_stories_endpoint(client, story, site_pages):
    home = Site.objects.get(is_default_site=True).root_page
    other_pages = [home, site_pages["call"], site_pages["stories"]]

    for page in other_pages:
        assert client.get(f"{STORIES}{page.pk}/").status_code == 404
        assert client.get(f"{STORIES}find/", {"id": page.pk}).status_code == 404
        assert client.get(f"{STORIES}find/", {"html_path": page.url}).status_code == 404
    for page_type in ("home.HomePage", "testimonials.CallForTestimonialsPage", "wagtailcore.Page"):
        assert client.get(STORIES, {"type": page_type}).status_code == 400
    for query in (
        {"child_of": "root"},
        {"descendant_of": "root"},
        {"descendant_of": home.pk},
        {"ancestor_of": story.pk},
    ):
        response = client.get(STORIES, query)
        assert response.status_code == 400 or set(ids(response)) <= {story.pk}, query


def test_a_story_is_found_by_its_public_path(client, story):
    response = client.get(f"{STORIES}find/", {"html_path": story.url})

    assert response.status_code == 302
    assert response["Location"].startswith(f"http://testserver{STORIES}{story.pk}/")  # WAGTAILAPI_BASE_URL


@pytest.mark.django_db(transaction=True)
def test_searching_the_stories_finds_only_published_ones(client, site_pages, run_worker):
    published = published_story(story="My chemotherapy was postponed twice and nobody could find my records.")
    approved_story(story="A draft about chemotherapy postponed, approved and never published.")
    run_worker()  # Wagtail indexes pages through the task queue

    response = client.get(STORIES, {"search": "chemotherapy"})

    assert response.status_code == 200
    assert ids(response) == [published.pk]


def test_incidents_carry_organisations_threat_actor_and_sources(client, incident):
    response = client.get(INCIDENTS, {"slug": "hse-conti"})

    [item] = response.json()["items"]
    assert item["organisations"] == [{"name": "Example Hospital", "type": "hospital"}]
    assert item["threat_actor"] == {"name": "Conti", "type": "criminal", "aliases": ["Wizard Spider"]}
    assert item["sources"] == [
        {
            "url": "https://www.example.org/report",
            "title": "Post-incident report",
            "publisher": "Example Health Authority",
            "kind": "public_body",
        }
    ]
    assert (item["attack_date"], item["attack_date_precision"], item["countries"]) == ("2021-05-14", "day", ["IE"])
    assert (item["attribution"], item["care_disruption"]) == ("claimed", ["systems_offline"])
    assert item["meta"]["html_url"].endswith("/stories/incidents/hse-conti/")


def test_an_incident_is_the_same_record_as_in_the_exports(client, incident):
    item = client.get(f"{INCIDENTS}{incident.pk}/").json()

    assert {key: item[key] for key in incident_record(incident)} == incident_record(incident)


def test_an_attack_date_known_only_to_the_month_is_given_to_the_month(client, site_pages):
    IncidentFactory(slug="sometime-in-may", attack_date=datetime.date(2021, 5, 1), attack_date_precision="month")

    [item] = client.get(INCIDENTS, {"slug": "sometime-in-may"}).json()["items"]

    assert (item["attack_date"], item["attack_date_precision"]) == ("2021-05", "month")


def test_incidents_are_listed_latest_attack_first(client, site_pages):
    IncidentFactory(slug="oldest", attack_date=datetime.date(2001, 1, 1))
    IncidentFactory(slug="newest", attack_date=datetime.date(2099, 1, 1))

    slugs = [item["slug"] for item in client.get(INCIDENTS, {"fields": "_,slug"}).json()["items"]]

    assert slugs[0] == "newest" and slugs[-1] == "oldest"
    assert slugs == list(Incident.objects.order_by("-attack_date", "title").values_list("slug", flat=True))


def test_an_incident_lists_only_its_published_stories(client, incident, story, draft, site_pages):
    consent_gone = published_story(incident=incident)
    withdraw_consent_behind_the_services_back(consent_gone)

    [item] = client.get(INCIDENTS, {"slug": incident.slug}).json()["items"]

    assert [linked["id"] for linked in item["stories"]] == [story.pk]
    assert item["stories"][0]["html_url"].endswith(story.url)
    assert item["stories"][0]["detail_url"].endswith(f"{STORIES}{story.pk}/")


def test_an_unreadable_filter_value_is_a_bad_request(client, incident):
    response = client.get(INCIDENTS, {"attack_date": "2021"})

    assert response.status_code == 400
    assert "date" in response.json()["message"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(client, story, incident, method):
    for path in (STORIES, f"{STORIES}{story.pk}/", INCIDENTS, f"{INCIDENTS}{incident.pk}/"):
        response = getattr(client, method)(path, data={}, content_type="application/json")
        assert response.status_code == 405, path
    assert StoryPage.objects.filter(pk=story.pk, live=True).exists()


def test_every_response_is_json_and_carries_the_licence(client, story, incident, settings):
    settings.OPEN_DATA_LICENCE = "ODbL 1.0"
    settings.OPEN_DATA_LICENCE_URL = "https://opendatacommons.org/licenses/odbl/1-0/"
    licence = {"licence": "ODbL 1.0", "licence_url": "https://opendatacommons.org/licenses/odbl/1-0/"}

    for path in (STORIES, f"{STORIES}{story.pk}/", INCIDENTS, f"{INCIDENTS}{incident.pk}/"):
        response = client.get(path)
        assert response["Content-Type"] == "application/json", path
        assert licence.items() <= response.json()["meta"].items(), path


@pytest.mark.parametrize(("query", "headers"), [({"format": "api"}, {}), ({}, {"Accept": "text/html"})])
def test_there_is_no_browsable_html_api(client, story, query, headers):
    response = client.get(STORIES, query, headers=headers)

    assert response.status_code in (404, 406)
    assert response["Content-Type"] == "application/json"
    assert "<html" not in response.content.decode().lower()
