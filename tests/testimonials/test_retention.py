from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from moderation.services import testimony_approve, testimony_redact
from testimonials.models import StoryPage, Testimony, TestimonyStatus
from testimonials.services import retention_apply
from tests.factories import ModeratorFactory, TestimonyFactory

LATER = timezone.now() + timedelta(days=400)


def test_rejected_testimonies_are_erased_after_their_period(site_pages, settings):
    settings.RETENTION_REJECTED_DAYS = 90
    rejected = TestimonyFactory(status=TestimonyStatus.REJECTED)
    recent = TestimonyFactory(status=TestimonyStatus.REJECTED)
    Testimony.objects.filter(pk=rejected.pk).update(updated_at=timezone.now() - timedelta(days=91))

    counts = retention_apply()

    assert counts["rejected"] == 1
    assert Testimony.objects.get(pk=rejected.pk).status == TestimonyStatus.ERASED
    assert Testimony.objects.get(pk=recent.pk).story != ""


def test_testimonies_never_consented_for_publication_are_erased_after_their_period(site_pages):
    unpublishable = TestimonyFactory(consent_publication=False, status=TestimonyStatus.AWAITING_REVIEW)

    retention_apply(now=LATER)

    erased = Testimony.objects.get(pk=unpublishable.pk)
    assert erased.status == TestimonyStatus.ERASED and erased.story == "" and erased.name == ""


def test_withdrawn_testimonies_are_erased_after_their_period(site_pages, settings):
    settings.RETENTION_WITHDRAWN_DAYS = 30
    withdrawn = TestimonyFactory(status=TestimonyStatus.WITHDRAWN, withdrawn_at=timezone.now() - timedelta(days=31))

    retention_apply()

    assert Testimony.objects.get(pk=withdrawn.pk).status == TestimonyStatus.ERASED


def test_a_published_story_keeps_only_its_redacted_text(site_pages):
    testimony = TestimonyFactory()
    testimony_redact(testimony_id=testimony.pk)
    story = testimony_approve(testimony=testimony, moderator=ModeratorFactory())
    story.save_revision().publish()

    counts = retention_apply(now=LATER)

    testimony.refresh_from_db()
    assert counts["published: original erased"] == 1
    assert testimony.story == "" and testimony.name == "" and testimony.contact_email == ""
    assert "[PERSON 1]" in testimony.redacted_text
    assert StoryPage.objects.get(pk=story.pk).live


@pytest.mark.django_db
def test_the_daily_command_reports_what_it_erased(capsys, settings):
    settings.RETENTION_REJECTED_DAYS = 0
    TestimonyFactory(status=TestimonyStatus.REJECTED)

    call_command("apply_retention")

    assert "rejected: 1" in capsys.readouterr().out
