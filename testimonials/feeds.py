"""RSS and Atom feeds of published stories: public, redacted text only."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.text import Truncator
from django.utils.translation import gettext


class StoryRssFeed(Feed):
    description_words = 80

    def __init__(self, index):
        super().__init__()
        self.index = index
        # The feed's language element: its stories are in the language of their index.
        self.language = index.locale.language_code

    def title(self):
        return gettext("%(index)s: stories of cyberattacks on healthcare") % {"index": self.index.title}

    def link(self):
        return self.index.url

    def description(self):
        return gettext("Stories told by patients, relatives and healthcare staff, published with their consent.")

    def items(self):
        return (
            self.index.stories()
            .select_related("locale")
            .prefetch_related("incident_links__incident__translations")[:50]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # The body is plain text and readers take this as HTML (RSS description, Atom type="html"):
        # escaped, a "<img ...>" someone wrote is shown, not loaded.
        return linebreaks(Truncator(item.reader_body).words(self.description_words), autoescape=True)

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [incident.wording().title for incident in item.incidents]


class StoryAtomFeed(StoryRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
