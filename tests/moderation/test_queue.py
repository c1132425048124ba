"""The review queue: filters, the waiting count in the menu, and a query count that does not grow."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from testimonials.models import Testimony, TestimonyStatus
from tests.factories import IncidentFactory, ModeratorFactory, TestimonyFactory


@pytest.fixture
def moderator_client(client, site_pages):
    client.force_login(ModeratorFactory())
    return client


def queue(client, **filters):
    return client.get(reverse("testimony:index"), filters).content.decode()


def test_the_queue_filters_by_role_country_language_and_incident(moderator_client):
    incident = IncidentFactory()
    wanted = TestimonyFactory(role="patient", country="FR", incident=incident, status=TestimonyStatus.AWAITING_REVIEW)
    other = TestimonyFactory(role="relative", country="IE", status=TestimonyStatus.AWAITING_REVIEW)

    for filters in (
        {"role": "patient"},
        {"country": "FR"},
        {"incident": incident.pk},
        {"language": "en", "role": "patient"},
    ):
        content = queue(moderator_client, **filters)
        assert wanted.reference in content, filters
        assert other.reference not in content, filters


def test_the_queue_filters_by_time_waiting(moderator_client):
    old = TestimonyFactory(status=TestimonyStatus.AWAITING_REVIEW)
    Testimony.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    new = TestimonyFactory(status=TestimonyStatus.AWAITING_REVIEW)

    content = queue(moderator_client, waiting_longer_than="7")

    assert old.reference in content and new.reference not in content


def test_the_menu_counts_what_waits_for_a_moderator(moderator_client):
    TestimonyFactory(status=TestimonyStatus.AWAITING_REVIEW)
    TestimonyFactory(status=TestimonyStatus.MANUAL_REDACTION)
    TestimonyFactory(status=TestimonyStatus.APPROVED)

    assert "Testimonies (2)" in moderator_client.get(reverse("wagtailadmin_home")).content.decode()


def _queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("testimony:index"))
    assert response.status_code == 200
    return len(captured)


def test_the_queue_makes_as_many_queries_for_thousands_of_testimonies_as_for_a_few(moderator_client):
    incident = IncidentFactory()
    TestimonyFactory.create_batch(5, incident=incident, status=TestimonyStatus.AWAITING_REVIEW)
    few = _queue_queries(moderator_client)

    template = TestimonyFactory.build(incident=incident, status=TestimonyStatus.AWAITING_REVIEW)
    Testimony.objects.bulk_create(
        Testimony(
            **{
                **{
                    f.attname: getattr(template, f.attname)
                    for f in Testimony._meta.concrete_fields
                    if f.attname != "id"
                },
                "reference": f"T-B{n:05d}",
            }
        )
        for n in range(3000)
    )
    many = _queue_queries(moderator_client)

    assert many == few


@pytest.mark.parametrize(
    "name", ["testimony:inspect", "testimony:edit", "testimony:delete", "testimony:add", "testimony:copy"]
)
def test_no_generic_view_could_show_or_change_a_raw_testimony(name):
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        reverse(name, args=[1]) if name != "testimony:add" else reverse(name)


def test_the_queue_offers_no_export(moderator_client):
    TestimonyFactory(status=TestimonyStatus.AWAITING_REVIEW)

    response = moderator_client.get(reverse("testimony:index"), {"export": "csv"})

    assert response["Content-Type"].startswith("text/html")
    assert b"Aoife" not in response.content


def test_the_queue_sorts_by_a_column(moderator_client):
    older = TestimonyFactory(status=TestimonyStatus.AWAITING_REVIEW)
    Testimony.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))
    newer = TestimonyFactory(status=TestimonyStatus.AWAITING_REVIEW)

    oldest_first = queue(moderator_client, ordering="created_at")
    newest_first = queue(moderator_client, ordering="-created_at")

    assert oldest_first.index(older.reference) < oldest_first.index(newer.reference)
    assert newest_first.index(newer.reference) < newest_first.index(older.reference)


def test_the_queue_opens_on_what_waits_oldest_first_with_its_findings(moderator_client):
    from tests.factories import redacted_testimony

    newer = redacted_testimony()
    older = redacted_testimony()
    Testimony.objects.filter(pk=older.pk).update(created_at=timezone.now() - timedelta(days=3))
    approved = TestimonyFactory(status=TestimonyStatus.APPROVED)

    content = queue(moderator_client)

    assert approved.reference not in content
    assert content.index(older.reference) < content.index(newer.reference)
    assert "Waiting since" in content and "Findings" in content
    findings = older.findings.count()
    assert findings and f">{findings}</td>" in content.replace(" ", "").replace("\n", "")


def test_the_queue_still_shows_every_testimony_when_asked(moderator_client):
    approved = TestimonyFactory(status=TestimonyStatus.APPROVED)

    assert approved.reference in queue(moderator_client, queue="all")


def test_a_keep_that_needs_the_original_says_why_on_screen_and_the_way_forward(moderator_client):
    from tests.factories import redacted_testimony

    testimony = redacted_testimony()
    person = testimony.findings.get(label="PERSON")

    content = moderator_client.get(reverse("testimony:review", args=[testimony.pk])).content.decode()

    button = content[content.index(f'id="finding-{person.pk}"') :]
    assert f'disabled aria-describedby="keep-why-{person.pk}"' in button[: button.index("</form>")]
    why = button[button.index(f'id="keep-why-{person.pk}"') :]
    assert "ask for a second review" in why[: why.index("</p>")]


def test_on_a_phone_the_decision_stays_in_reach(moderator_client):
    from tests.factories import redacted_testimony

    testimony = redacted_testimony()

    content = moderator_client.get(reverse("testimony:review", args=[testimony.pk])).content.decode()

    bar = content[content.index('class="review__bar"') :]
    assert 'form="review-decision" name="action" value="approve"' in bar and 'id="review-decision"' in content


def test_asking_for_a_status_by_name_shows_it_even_if_it_waits_for_no_one(moderator_client):
    approved = TestimonyFactory(status=TestimonyStatus.APPROVED)

    assert approved.reference in queue(moderator_client, status="approved")
