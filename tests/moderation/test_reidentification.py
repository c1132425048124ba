import pytest
from django.urls import reverse

from moderation.reidentification import risks
from moderation.services import testimony_redact
from tests.factories import ModeratorFactory, TestimonyFactory


def test_a_named_facility_with_a_ward_is_a_risk():
    [risk] = risks("I was on ward 7 at St Example's Hospital when the screens went black.", ["St Example's Hospital"])

    assert risk.generalise == ("St Example's Hospital", "ward 7")


def test_a_job_title_a_date_and_a_workplace_together_are_a_risk():
    found = risks("As the night-shift nurse in the dialysis unit on 14 May 2021 I wrote everything down.", [])

    assert any(r.generalise == ("night-shift nurse", "14 May 2021", "dialysis unit") for r in found)


def test_an_age_with_a_named_facility_is_a_risk():
    found = risks("I am 84 and was a patient at Riverside Clinic.", ["Riverside Clinic"])

    assert any("age" in r.message for r in found)


def test_a_story_without_such_combinations_raises_no_warning():
    assert risks("The hospital went back to paper for three weeks and my operation was postponed.", []) == []


def test_the_review_screen_lists_what_to_generalise(client, site_pages):
    testimony = TestimonyFactory(
        story="I am a nurse on ward 7 at Beaumont Hospital in Dublin, and the attack came on 14 May 2021."
    )
    testimony_redact(testimony_id=testimony.pk)
    client.force_login(ModeratorFactory())

    content = client.get(reverse("testimony:review", args=[testimony.pk])).content.decode()

    assert 'data-testid="reidentification-risks"' in content
    assert "ward 7" in content


@pytest.mark.parametrize("text", ["Ward 7", "The oncology unit reopened."])
def test_a_unit_alone_is_no_risk(text):
    assert risks(text, []) == []


def test_only_a_number_or_a_proper_name_completes_a_unit():
    [risk] = risks("At Beaumont Hospital my colleague kept the ward going on paper.", ["Beaumont Hospital"])

    assert risk.generalise == ("Beaumont Hospital", "ward")


def test_the_queue_counts_each_testimonys_warnings_without_reading_its_text(client, site_pages):
    from testimonials.models import Testimony

    risky = TestimonyFactory(
        story="I am a nurse on ward 7 at Beaumont Hospital in Dublin, and the attack came on 14 May 2021."
    )
    plain = TestimonyFactory(story="The hospital went back to paper for three weeks and my operation was postponed.")
    for testimony in (risky, plain):
        testimony_redact(testimony_id=testimony.pk)
    client.force_login(ModeratorFactory())

    counts = dict(Testimony.objects.values_list("pk", "reidentification_warnings"))
    content = client.get(reverse("testimony:index")).content.decode()

    assert counts[risky.pk] >= 1 and counts[plain.pk] == 0
    assert "Re-identification warnings" in content
