"""Readers explore published stories: filters, search, pages, feeds."""

import feedparser
import pytest

from moderation.services import testimony_approve, testimony_redact
from testimonials.models import StoryIndexPage
from tests.factories import IncidentFactory, ModeratorFactory, TestimonyFactory


def published_story(*, story, **testimony_fields):
    testimony = TestimonyFactory(story=story, **testimony_fields)
    testimony_redact(testimony_id=testimony.pk)
    page = testimony_approve(testimony=testimony, moderator=ModeratorFactory())
    page.save_revision().publish()
    return page


@pytest.fixture
def stories(site_pages):
    conti = IncidentFactory(title="Conti attack on the HSE", slug="hse-conti")
    return {
        "nurse": published_story(
            story="We went back to paper charts on the cardiac ward for three weeks.",
            role="healthcare_worker",
            country="IE",
            happened_year=2021,
            impacts=["care_delayed"],
            incident=conti,
        ),
        "patient": published_story(
            story="My chemotherapy was postponed twice and nobody could find my records.",
            role="patient",
            country="GB",
            happened_year=2024,
            impacts=["distress", "data_exposed"],
        ),
    }


@pytest.fixture
def index_url(site_pages):
    return site_pages["stories"].url


def titles(client, url, **params):
    return client.get(url, params).content.decode()


@pytest.mark.parametrize(
    ("params", "shown", "hidden"),
    [
        ({"role": "patient"}, "patient", "nurse"),
        ({"country": "IE"}, "nurse", "patient"),
        ({"incident": "hse-conti"}, "nurse", "patient"),
        ({"impact": "distress"}, "patient", "nurse"),
        ({"year": "2021"}, "nurse", "patient"),
    ],
)
def test_readers_filter_and_search_stories(client, stories, index_url, params, shown, hidden):
    content = titles(client, index_url, **params)

    assert stories[shown].url in content
    assert stories[hidden].url not in content


@pytest.mark.django_db(transaction=True)
def test_readers_search_the_published_stories(client, stories, index_url, run_worker):
    run_worker()  # Wagtail indexes pages through the task queue

    content = titles(client, index_url, q="chemotherapy")

    assert stories["patient"].url in content
    assert stories["nurse"].url not in content


def test_stories_come_in_pages_and_keep_the_filters(client, stories, index_url, site_pages, monkeypatch):
    monkeypatch.setattr(StoryIndexPage, "STORIES_PER_PAGE", 1)

    first = titles(client, index_url, role="")

    assert "Page 1 of 2" in first
    assert "role=&amp;page=2" in first


@pytest.mark.parametrize("feed", ["rss_feed", "atom_feed"])
def test_the_feeds_list_published_stories_and_parse(client, stories, site_pages, feed):
    index = site_pages["stories"]
    draft = TestimonyFactory(story="A draft that is not published yet, about a delayed scan.")
    testimony_redact(testimony_id=draft.pk)
    testimony_approve(testimony=draft, moderator=ModeratorFactory())

    response = client.get(index.url + index.reverse_subpage(feed))

    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert {entry.link for entry in parsed.entries} == {f"http://testserver{story.url}" for story in stories.values()}
    assert all("Oyelaran" not in entry.summary for entry in parsed.entries)
    nurse = next(e for e in parsed.entries if e.link.endswith(stories["nurse"].url))
    assert "Conti attack on the HSE" in [tag.term for tag in nurse.tags]


def export(client, index, name, file_format):
    return client.get(index.url + index.reverse_subpage(f"{name}_export", args=[file_format]))


def test_stories_export_as_json_with_a_licence_and_only_published_redacted_text(client, stories, site_pages):
    index = site_pages["stories"]

    data = export(client, index, "stories", "json").json()

    assert data["licence"] == "CC BY 4.0" and data["count"] == 2
    assert {record["url"] for record in data["results"]} == {f"http://testserver{s.url}" for s in stories.values()}
    assert all(record["licence"] == "CC BY 4.0" for record in data["results"])
    texts = " ".join(record["text"] for record in data["results"])
    assert "chemotherapy" in texts and "Oyelaran" not in texts and "aoife" not in texts.lower()


def test_incidents_export_as_csv_with_a_licence(client, stories, site_pages):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(export(client, site_pages["stories"], "incidents", "csv").content.decode())))

    conti = next(row for row in rows if row["slug"] == "hse-conti")
    assert conti["licence"] == "CC BY 4.0" and conti["attack_type"] == "ransomware"
    assert (conti["threat_actor"], conti["threat_actor_aliases"], conti["attribution"]) == (
        "Conti",
        "Wizard Spider",
        "claimed",
    )
    assert conti["countries"] == "IE" and conti["organisation_1_type"] == "hospital"
    assert conti["source_1_url"].startswith("https://") and conti["source_1_kind"] == "public_body"
    assert conti["url"].endswith("/stories/incidents/hse-conti/")


def test_the_incidents_export_imports_again_unchanged(client, stories, site_pages):
    from testimonials.incident_import import incidents_import

    for file_format in ("csv", "json"):
        content = export(client, site_pages["stories"], "incidents", file_format).content

        report = incidents_import(content=content, file_format=file_format)

        assert "hse-conti" in report.unchanged and not report.created and not report.updated


def test_an_unknown_export_format_is_not_found(client, stories, site_pages):
    assert export(client, site_pages["stories"], "stories", "xlsx").status_code == 404


def test_the_index_summarises_impacts_and_countries_in_a_chart_drawn_on_the_server(client, stories, index_url):
    content = client.get(index_url).content.decode()

    assert "What 2 published stories tell us" in content
    assert content.count('<ul class="chart__bars"') == 2
    # Labels are whole (they wrap rather than being cut), bars sized by attributes (no inline style).
    assert '<span class="chart__label">My care (or someone&#x27;s care) was delayed or cancelled</span>' in content
    assert '<rect width="100" height="10">' in content and "style=" not in content.split('<section class="summary"')[1]
    assert "<script" not in content.split('<section class="summary"')[1].split("</section>")[0]
    for label in ("My care (or someone&#x27;s care) was delayed or cancelled", "Distress, fear or anxiety", "Ireland"):
        assert f"<td>{label}</td><td>1</td>" in content


def test_each_languages_index_summarises_and_offers_its_own_stories_only(client, stories, site_pages):
    published_story(
        story="Nous sommes revenus aux dossiers papier pendant trois semaines.", language="fr", country="FR"
    )
    french_index = StoryIndexPage.objects.get(locale__language_code="fr")

    english = client.get(site_pages["stories"].url)
    french = client.get(french_index.url)

    assert english.context["summary"]["stories"] == 2
    assert ("FR", "France") not in english.context["countries"]
    assert french.context["summary"]["stories"] == 1
    assert [code for code, _name in french.context["countries"]] == ["FR"]
