"""What the tests of public story pages share."""

import pytest

from testimonials.models import StoryPage
from tests.factories import IncidentFactory
from tests.testimonials.test_story_index import published_story


@pytest.fixture
def story(site_pages):
    """A published story linked to an incident, read back as its page."""
    page = published_story(
        story="We went back to paper charts on the cardiac ward for three weeks.", incident=IncidentFactory()
    )
    return StoryPage.objects.get(pk=page.pk)
