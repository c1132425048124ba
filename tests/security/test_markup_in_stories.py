"""Markup in a story is text: stored as the author typed it, escaped by every page and feed that shows it."""

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import feedparser
import pytest

from moderation.services import testimony_approve, testimony_redact
from testimonials.models import StoryPage, Testimony
from tests.factories import ModeratorFactory, TestimonyFactory
from tests.testimonials.test_submission import form_data

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
ENTITY_IMG = "&lt;img src=x onerror=alert(1)&gt;"
DOUBLE_ENCODED = "&amp;lt;script&amp;gt;"
JS_LINK = '<a href="javascript:alert(1)">the portal</a>'
JS_URL = "javascript:alert(1)"
TEMPLATE = "{{ 7*7 }}"
STORY = (
    f"A forum post said {ENTITY_IMG} and {DOUBLE_ENCODED} were in the page source of {JS_LINK}.\n\n"
    f"My results page showed {SCRIPT} {IMG} and the link {JS_URL} with {TEMPLATE} instead of my scan."
)
# What a reader must see of STORY once tags are stripped: every character the author typed.
TYPED_TEXT = (ENTITY_IMG, DOUBLE_ENCODED, "the portal", JS_URL, TEMPLATE)
# What a reader must see of STORY when it reaches a page without the form's cleaning (an editor's paste).
RAW_TEXT = (SCRIPT, IMG, ENTITY_IMG, DOUBLE_ENCODED, JS_LINK, TEMPLATE)
ATOM = "{http://www.w3.org/2005/Atom}"


class Fragment(HTMLParser):
    """The elements and attributes a piece of HTML holds, and the text a browser shows of it."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.elements: set[str] = set()
        self.attributes: list[str] = []
        self.shown = ""
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.add(tag)
        self.attributes += [name for name, _ in attrs]

    def handle_data(self, data):
        self.shown += data


def assert_shown_as_text(markup: str, texts) -> None:
    fragment = Fragment(markup)
    assert "<img" not in markup and "<script" not in markup and "<a " not in markup
    assert fragment.elements <= {"p", "br"} and not fragment.attributes, markup
    for text in texts:
        assert text in fragment.shown
    assert "49" not in fragment.shown


def publish(testimony: Testimony) -> StoryPage:
    testimony_redact(testimony_id=testimony.pk)
    page = testimony_approve(testimony=testimony, moderator=ModeratorFactory())
    page.save_revision().publish()
    return page


@pytest.fixture
def submitted_story(client, site_pages):
    """The story as an author sends it through the public form."""
    client.post(site_pages["call"].url, form_data(site_pages["call"], story=STORY))
    return publish(Testimony.objects.get())


@pytest.fixture
def story_with_markup(site_pages):
    """Markup that reached a story's text without the form: built directly, as an editor's paste would."""
    return publish(TestimonyFactory(story=STORY))


def feed_descriptions(client, story: StoryPage, feed: str) -> list[str]:
    """The story's description as HTML, read from the raw XML and through feedparser."""
    index = story.get_parent().specific
    content = client.get(index.url + index.reverse_subpage(feed)).content
    link = f"http://testserver{story.url}"
    root = ET.fromstring(content)  # noqa: S314 (our own feed, not untrusted XML)
    if feed == "rss_feed":
        raw = next(item.findtext("description") for item in root.iter("item") if item.findtext("link") == link)
    else:
        entry = next(e for e in root.iter(f"{ATOM}entry") if e.find(f"{ATOM}link").get("href") == link)
        assert entry.find(f"{ATOM}summary").get("type") == "html"
        raw = entry.findtext(f"{ATOM}summary")
    # Not feedparser's own sanitising: it would hide a live element this feed sends.
    parsed = feedparser.parse(content, sanitize_html=False)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return [raw, next(entry.summary for entry in parsed.entries if entry.link == link)]


def story_body(client, story: StoryPage) -> str:
    content = client.get(story.url).content.decode()
    return re.search(r'<div class="story__body"[^>]*>(.*?)</div>', content, re.DOTALL).group(1)


def index_excerpt(client, story: StoryPage) -> str:
    content = client.get(story.get_parent().url).content.decode()
    card = re.search(rf'<a href="{re.escape(story.url)}">.*?</li>', content, re.DOTALL).group(0)
    return re.search(r"<p(?: dir=\"auto\")?>(.*?)</p>", card, re.DOTALL).group(1)


def test_entities_the_author_typed_are_stored_as_typed(submitted_story):
    story = submitted_story.testimony.story

    assert ENTITY_IMG in story and DOUBLE_ENCODED in story
    assert "<img" not in story and "<script" not in story and "alert(1)</" not in story


@pytest.mark.parametrize("feed", ["rss_feed", "atom_feed"])
def test_feeds_show_a_submitted_story_as_the_author_typed_it(client, submitted_story, feed):
    for description in feed_descriptions(client, submitted_story, feed):
        assert_shown_as_text(description, TYPED_TEXT)


def test_story_page_and_index_show_a_submitted_story_as_the_author_typed_it(client, submitted_story):
    assert_shown_as_text(story_body(client, submitted_story), TYPED_TEXT)
    assert_shown_as_text(index_excerpt(client, submitted_story), (ENTITY_IMG, DOUBLE_ENCODED))


@pytest.mark.parametrize("feed", ["rss_feed", "atom_feed"])
def test_feeds_escape_markup_in_a_story_body(client, story_with_markup, feed):
    for description in feed_descriptions(client, story_with_markup, feed):
        assert_shown_as_text(description, RAW_TEXT)


def test_story_page_and_index_escape_markup_in_a_story_body(client, story_with_markup):
    assert_shown_as_text(story_body(client, story_with_markup), RAW_TEXT)
    assert_shown_as_text(index_excerpt(client, story_with_markup), (ENTITY_IMG, DOUBLE_ENCODED))
