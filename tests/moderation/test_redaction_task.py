from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from moderation.models import Finding, FindingDecision
from moderation.services import redaction_sweep, testimony_redact
from moderation.tasks import redaction_sweep_task, testimony_redact_task
from testimonials.models import Testimony, TestimonyStatus
from tests.factories import ModeratorFactory, TestimonyFactory, ThreatActorFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def roles(site_pages):
    return site_pages


def test_worker_redacts_a_queued_testimony(roles, run_worker):
    testimony = TestimonyFactory()
    testimony_redact_task.enqueue(testimony_id=testimony.pk)

    run_worker()

    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.AWAITING_REVIEW
    assert "Oyelaran-Whitcombe" not in testimony.redacted_text
    assert "+353 87 123 4567" not in testimony.redacted_text
    assert "m.oyelaran.w@example.com" not in testimony.redacted_text
    assert "[PHONE 1]" in testimony.redacted_text and "[EMAIL 1]" in testimony.redacted_text
    assert "14 May 2021" in testimony.redacted_text
    labels = set(testimony.findings.values_list("label", flat=True))
    assert {"PERSON", "PHONE", "EMAIL"} <= labels
    assert not testimony.findings.filter(label="LOC", decision=FindingDecision.REDACT).exists()


def test_moderators_are_told_a_testimony_waits_without_its_content(roles, run_worker, mailoutbox):
    ModeratorFactory(username="mo", email="mo@example.org")
    testimony = TestimonyFactory()
    testimony_redact_task.enqueue(testimony_id=testimony.pk)

    run_worker()

    [notice] = [message for message in mailoutbox if "for review" in message.subject]
    assert notice.bcc == ["mo@example.org"]
    assert testimony.reference in notice.body
    for private in ("Oyelaran", "+353", "example.com", "Aoife", "aoife.bk@example.net", "Dublin"):
        assert private not in notice.body and private not in notice.subject


def test_a_failing_engine_sends_the_testimony_back_to_the_queue(roles, settings):
    settings.REDACTION_SPACY_MODEL = "no_such_spacy_pipeline"
    testimony = TestimonyFactory()

    testimony_redact(testimony_id=testimony.pk)

    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.RECEIVED
    assert testimony.redaction_error == "OSError"
    assert testimony.story.startswith("My mother")


def test_after_repeated_failures_the_testimony_waits_for_manual_redaction(roles, settings):
    settings.REDACTION_SPACY_MODEL = "no_such_spacy_pipeline"
    settings.REDACTION_MAX_ATTEMPTS = 2
    testimony = TestimonyFactory()

    testimony_redact(testimony_id=testimony.pk)
    testimony_redact(testimony_id=testimony.pk)

    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.MANUAL_REDACTION
    assert testimony.redaction_attempts == 2
    assert Testimony.objects.filter(pk=testimony.pk).exists()


def test_the_engine_error_never_reaches_the_task_log(roles, settings, run_worker):
    settings.REDACTION_SPACY_MODEL = "no_such_spacy_pipeline"
    testimony = TestimonyFactory()
    testimony_redact_task.enqueue(testimony_id=testimony.pk)

    run_worker()

    result = DBTaskResult.objects.get(task_path="moderation.tasks.testimony_redact_task")
    assert result.traceback == ""
    assert "Oyelaran" not in str(result.args_kwargs)


def test_sweep_queues_again_what_stalled_or_never_started(roles, settings):
    settings.REDACTION_STALLED_AFTER_MINUTES = 15
    long_ago = timezone.now() - timedelta(hours=1)
    never_started = TestimonyFactory()
    stalled = TestimonyFactory(status=TestimonyStatus.REDACTING, redaction_started_at=long_ago)
    recent = TestimonyFactory()
    done = TestimonyFactory(status=TestimonyStatus.AWAITING_REVIEW)
    Testimony.objects.filter(pk__in=[never_started.pk, stalled.pk, done.pk]).update(updated_at=long_ago)

    requeued = redaction_sweep()

    assert sorted(requeued) == sorted([never_started.pk, stalled.pk])
    assert recent.pk not in requeued


def test_the_sweep_task_requeues_a_stalled_redaction(roles, run_worker):
    stalled = TestimonyFactory(
        status=TestimonyStatus.REDACTING, redaction_started_at=timezone.now() - timedelta(hours=2)
    )
    Testimony.objects.filter(pk=stalled.pk).update(updated_at=timezone.now() - timedelta(hours=2))

    redaction_sweep_task.enqueue()
    run_worker()

    assert Testimony.objects.get(pk=stalled.pk).status != TestimonyStatus.REDACTING


def test_a_second_run_on_a_redacted_testimony_changes_nothing(roles):
    testimony = TestimonyFactory()
    testimony_redact(testimony_id=testimony.pk)
    findings_before = list(Finding.objects.values_list("start", "end", "label"))

    assert testimony_redact(testimony_id=testimony.pk) is None
    assert list(Finding.objects.values_list("start", "end", "label")) == findings_before


def test_one_task_redacts_the_testimonies_waiting_in_one_batch(roles, settings):
    settings.REDACTION_BATCH_SIZE = 3
    first, second, third, fourth = (TestimonyFactory() for _ in range(4))

    testimony_redact(testimony_id=first.pk)

    statuses = dict(Testimony.objects.values_list("pk", "status"))
    assert [statuses[t.pk] for t in (first, second, third)] == [TestimonyStatus.AWAITING_REVIEW] * 3
    assert statuses[fourth.pk] == TestimonyStatus.RECEIVED


def test_a_queued_task_for_a_testimony_already_redacted_in_a_batch_does_nothing(roles, run_worker):
    testimonies = [TestimonyFactory() for _ in range(3)]
    for testimony in testimonies:
        testimony_redact_task.enqueue(testimony_id=testimony.pk)

    run_worker()

    assert (
        Finding.objects.filter(testimony=testimonies[2]).count()
        == Finding.objects.filter(testimony=testimonies[0]).count()
    )
    assert set(Testimony.objects.values_list("status", flat=True)) == {TestimonyStatus.AWAITING_REVIEW}


def test_the_authors_own_terms_are_redacted_and_marked_as_theirs(roles):
    testimony = TestimonyFactory(
        story="We were on the Larkspur ward at the hospital when the screens went black.",
        removal_terms="Larkspur ward",
    )

    testimony_redact(testimony_id=testimony.pk)

    testimony.refresh_from_db()
    assert "Larkspur" not in testimony.redacted_text
    assert "[REMOVED 1]" in testimony.redacted_text
    assert testimony.findings.get(label="VICTIM_TERM").source == "victim"


def test_moderators_get_one_gathered_notice_for_many_testimonies(roles, settings, mailoutbox, run_worker):
    from moderation.tasks import moderators_notify_waiting

    settings.MODERATOR_NOTICE_DELAY_MINUTES = 10
    ModeratorFactory(username="mo", email="mo@example.org")
    testimonies = [TestimonyFactory() for _ in range(3)]
    for testimony in testimonies:
        testimony_redact(testimony_id=testimony.pk)

    scheduled = DBTaskResult.objects.filter(task_path="moderation.tasks.moderators_notify_waiting", status="READY")
    assert scheduled.count() == 1
    assert scheduled.get().run_after > timezone.now()

    moderators_notify_waiting.call()
    run_worker()  # delivers from the outbox

    [notice] = mailoutbox
    assert notice.subject == "3 testimonies wait for review"
    assert all(testimony.reference in notice.body for testimony in testimonies)


def test_a_testimony_that_starts_waiting_after_a_notice_went_out_schedules_the_next(roles, settings):
    from moderation.tasks import moderators_notify_waiting

    settings.MODERATOR_NOTICE_DELAY_MINUTES = 10
    ModeratorFactory(username="mo", email="mo@example.org")
    testimony_redact(testimony_id=TestimonyFactory().pk)
    testimony_redact(testimony_id=TestimonyFactory().pk)
    moderators_notify_waiting.call()
    testimony_redact(testimony_id=TestimonyFactory().pk)

    scheduled = DBTaskResult.objects.filter(task_path="moderation.tasks.moderators_notify_waiting", status="READY")
    assert scheduled.count() == 2  # one for the first two, one for the third


def test_threat_actors_recorded_as_snippets_reach_the_workers_keep_list(roles, run_worker):
    story = (
        "The Marisol gang encrypted the laboratory in March, and Rosalind Crew published the files. "
        "My surgeon, Ana Marisol, apologised."
    )
    before = TestimonyFactory(story=story)
    testimony_redact_task.enqueue(testimony_id=before.pk)
    run_worker()
    ThreatActorFactory(name="Marisol", aliases="Rosalind Crew")
    after = TestimonyFactory(story=story)
    testimony_redact_task.enqueue(testimony_id=after.pk)

    run_worker()

    before.refresh_from_db()
    after.refresh_from_db()
    assert "Marisol gang" not in before.redacted_text and "Rosalind" not in before.redacted_text
    assert "The Marisol gang" in after.redacted_text and "Rosalind Crew published" in after.redacted_text
    # The surgeon who shares the actor's name is still a person.
    assert "Ana" not in after.redacted_text and after.redacted_text.count("Marisol") == 1


def test_a_testimony_another_worker_is_redacting_is_not_redacted_twice(roles):
    """Worker A claimed it a moment ago; worker B's task for it finds it being redacted and leaves it."""
    claimed = TestimonyFactory(status=TestimonyStatus.REDACTING, redaction_started_at=timezone.now())

    assert testimony_redact(testimony_id=claimed.pk) is None

    claimed.refresh_from_db()
    assert claimed.status == TestimonyStatus.REDACTING
    assert claimed.redaction_attempts == 0
    assert not Finding.objects.filter(testimony=claimed).exists()


def test_a_redaction_stalled_past_its_limit_is_taken_over(roles, settings):
    stalled_at = timezone.now() - timedelta(minutes=settings.REDACTION_STALLED_AFTER_MINUTES + 1)
    stalled = TestimonyFactory(status=TestimonyStatus.REDACTING, redaction_started_at=stalled_at)

    testimony_redact(testimony_id=stalled.pk)

    stalled.refresh_from_db()
    assert stalled.status == TestimonyStatus.AWAITING_REVIEW
