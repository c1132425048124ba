"""The whole flow on real components: submit → the worker redacts → a moderator approves → communications publish."""

import re

import pytest
from django.urls import reverse

from testimonials.models import StoryPage, Testimony, TestimonyStatus
from tests.factories import CommunicationsFactory, IncidentFactory, ModeratorFactory
from tests.testimonials.test_publishing import editor_form_data
from tests.testimonials.test_submission import send_url

pytestmark = pytest.mark.django_db(transaction=True)

STORY = (
    "My name is Radoslava Ekwueme-Lindgren and I was due for chemotherapy on 17 May 2021. When the ransomware "
    "hit, the oncology ward in Cork went back to paper and my session was cancelled. My husband, Tobias "
    "Ekwueme-Lindgren, phoned every day on 087 765 4321. You can reach me at radoslava.el@example.ie."
)
PRIVATE = ("Radoslava", "Ekwueme-Lindgren", "087 765 4321", "radoslava.el@example.ie", "Tobias")


def test_a_story_travels_from_the_public_form_to_a_published_page(client, site_pages, run_worker, mailoutbox):
    call_page, story_index = site_pages["call"], site_pages["stories"]
    incident = IncidentFactory(title="Conti attack on the health service")
    moderator, communications = ModeratorFactory(), CommunicationsFactory()

    # A victim submits through the public page and keeps the receipt.
    response = client.post(
        send_url(call_page),
        {
            "story": STORY,
            "role": "patient",
            "country": "IE",
            "happened_month": "5",
            "happened_year": "2021",
            "incident": incident.pk,
            "impacts": ["care_delayed", "distress"],
            "name": "Radoslava",
            "contact_email": "radoslava.el@example.ie",
            "consent_processing": "on",
            "consent_publication": "on",
            "consent_contact": "on",
            "consent_version": call_page.consent_text_version,
        },
        follow=True,
    )
    reference = re.search(r'data-testid="receipt-reference">(T-[A-Z0-9]+)<', response.content.decode()).group(1)
    testimony = Testimony.objects.get(reference=reference)
    assert testimony.status == TestimonyStatus.RECEIVED

    # The real worker redacts it and tells moderators, without personal data.
    run_worker()
    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.AWAITING_REVIEW
    notices = [message for message in mailoutbox if message.bcc]
    assert notices and all(private not in notices[0].body for private in PRIVATE)
    confirmation = next(message for message in mailoutbox if message.to == ["radoslava.el@example.ie"])
    assert reference in confirmation.body

    # A moderator reads only the redacted text and approves it.
    client.force_login(moderator)
    review = client.get(reverse("testimony:review", args=[testimony.pk])).content.decode()
    assert all(private not in review for private in PRIVATE)
    client.post(reverse("testimony:review", args=[testimony.pk]), {"action": "approve"})
    story = StoryPage.objects.get(testimony=testimony)
    assert not story.live

    # Communications staff publish the draft with Wagtail's own editor.
    client.force_login(communications)
    data = editor_form_data(story, title="Chemotherapy cancelled in Cork", **{"action-publish": "action-publish"})
    assert client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]), data).status_code == 302

    # The public sees the redacted story on its page, in the index and on the incident's page.
    client.logout()
    story.refresh_from_db()
    page = client.get(story.url).content.decode()
    assert "Chemotherapy cancelled in Cork" in page
    # Placeholders read as words: two people are told apart, a single phone number is "a" phone number.
    assert "[name 1]" in page and "[name 2]" in page and "[a phone number]" in page and "[an email address]" in page
    assert "17 May 2021" in page and "Cork" in page
    assert all(private not in page for private in PRIVATE)
    assert story.url in client.get(story_index.url).content.decode()
    assert story.url in client.get(story_index.incident_url(incident)).content.decode()
    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.PUBLISHED
