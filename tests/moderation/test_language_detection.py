"""A testimony is redacted in the language it is written in: read on the worker, shown to moderators, correctable."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from wagtail.models import ModelLogEntry

from moderation.models import FindingSource
from moderation.services import finding_add, redaction_sweep, testimony_redact
from testimonials.languages import (
    CONFIDENT,
    LANGUAGE_CORRECTED_ACTION,
    LANGUAGE_DETECTED_ACTION,
    language_detected,
    language_to_redact_in,
)
from testimonials.models import TestimonyStatus
from tests.factories import ModeratorFactory, TestimonyFactory, redacted_testimony
from tests.security.test_settings_and_headers import PRODUCTION_ENV, python

FRENCH = (
    "Je suis Michelle Marchand, infirmière à l'hôpital de Lyon. Le jour de l'attaque, M. Raymond Ollivier "
    "attendait son opération. Écrivez-moi à michelle.marchand@example.fr ou au 06 68 40 12 34."
)
SPANISH = (
    "Trabajo como enfermera en el hospital. Cuando llegó el ataque informático, no pudimos acceder a los "
    "historiales de los pacientes durante casi dos semanas. Me llamo Lucía Fernández."
)
ENGLISH = (
    "On the day of the cyberattack I was in hospital for a knee operation. The computers went dark, the "
    "doctors could not open my file, and my operation was postponed. My name is Aoife Brennan."
)
GERMAN = (
    "Ich war Patientin im Krankenhaus, als der Angriff alle Systeme lahmlegte. Meine Operation wurde "
    "abgesagt, und niemand hat uns erklärt, was passiert war. Ich heiße Katrin Vogelsang."
)
# English, but so full of French names that the detector hesitates: the page's language must stand.
ENGLISH_WITH_FRENCH_NAMES = (
    "My aunt, Marie-Thérèse Lefèvre, lives in Lyon; her surgery at Hospices Civils de Lyon was postponed."
)
PRIVATE_WORDS = ("Marchand", "Ollivier", "michelle.marchand@example.fr", "Vogelsang")


def review_url(testimony):
    return reverse("testimony:review", args=[testimony.pk])


def language_url(testimony):
    return reverse("testimony:language", args=[testimony.pk])


def people(testimony) -> set[str]:
    return {testimony.story[f.start : f.end] for f in testimony.findings.filter(label="PERSON")}


class TestReadingTheLanguage:
    @pytest.mark.parametrize(("text", "code"), [(FRENCH, "fr"), (SPANISH, "es"), (ENGLISH, "en"), (GERMAN, "de")])
    def test_a_text_long_enough_is_read_as_its_language_with_confidence(self, text, code):
        detected, probability = language_detected(text)

        assert detected == code
        assert probability >= CONFIDENT

    @pytest.mark.parametrize("text", ["Merci beaucoup pour tout.", "Gracias. Llámenme al +34 612 345 678, por favor."])
    def test_a_short_text_is_not_judged(self, text):
        assert language_detected(text) == ("", 0.0)

    def test_addresses_and_numbers_do_not_count_towards_the_length(self):
        text = "Merci. michelle.marchand@example.fr https://example.fr/une/longue/adresse 06 68 40 12 34 06 68 40 12 35"

        assert len(text) > 60
        assert language_detected(text) == ("", 0.0)

    def test_an_ambiguous_text_keeps_the_page_language(self):
        detected, probability = language_detected(ENGLISH_WITH_FRENCH_NAMES)

        assert probability < CONFIDENT
        assert language_to_redact_in(detected=detected, probability=probability, recorded="en") == "en"

    def test_a_language_that_is_not_ours_keeps_the_page_language(self):
        assert language_to_redact_in(detected="de", probability=0.99, recorded="fr") == "fr"


@pytest.mark.django_db
class TestOnTheWorker:
    def test_a_french_text_sent_from_the_english_page_is_redacted_in_french(self, site_pages):
        testimony = TestimonyFactory(story=FRENCH, language="en", sent_from_language="en")

        testimony_redact(testimony_id=testimony.pk)

        testimony.refresh_from_db()
        assert (testimony.language, testimony.sent_from_language, testimony.detected_language) == ("fr", "en", "fr")
        assert testimony.status == TestimonyStatus.AWAITING_REVIEW
        # The French rules take the name alone; the English ones would take "Je suis" with it.
        assert people(testimony) == {"Michelle Marchand", "Raymond Ollivier"}
        assert testimony.redacted_text.startswith("Je suis [PERSON 1], infirmière")
        assert "michelle.marchand@example.fr" not in testimony.redacted_text

    def test_the_audit_log_records_the_two_codes_and_no_text(self, site_pages):
        testimony = TestimonyFactory(story=FRENCH, language="en", sent_from_language="en")

        testimony_redact(testimony_id=testimony.pk)

        entry = ModelLogEntry.objects.get(action=LANGUAGE_DETECTED_ACTION)
        assert entry.data == {"from": "en", "to": "fr"}
        assert entry.message == "Redacted in French, the language read in the text, not English (the page's)"
        assert entry.user is None
        assert entry.label == f"Testimony {testimony.reference}"
        assert not any(word in str(entry.data) for word in PRIVATE_WORDS)

    def test_a_text_sent_in_the_page_language_is_redacted_in_it_and_nothing_is_logged(self, site_pages):
        testimony = TestimonyFactory(story=ENGLISH, language="en", sent_from_language="en")

        testimony_redact(testimony_id=testimony.pk)

        testimony.refresh_from_db()
        assert (testimony.language, testimony.detected_language) == ("en", "en")
        assert not ModelLogEntry.objects.filter(action=LANGUAGE_DETECTED_ACTION).exists()

    def test_a_short_text_keeps_the_page_language(self, site_pages):
        testimony = TestimonyFactory(story="Ma opération a été annulée. Merci.", language="en", sent_from_language="en")

        testimony_redact(testimony_id=testimony.pk)

        testimony.refresh_from_db()
        assert (testimony.language, testimony.detected_language) == ("en", "")
        assert testimony.status == TestimonyStatus.AWAITING_REVIEW

    def test_an_ambiguous_text_keeps_the_page_language_and_records_what_it_reads_as(self, site_pages):
        testimony = TestimonyFactory(story=ENGLISH_WITH_FRENCH_NAMES, language="es", sent_from_language="es")

        testimony_redact(testimony_id=testimony.pk)

        testimony.refresh_from_db()
        assert testimony.language == "es"
        assert testimony.detected_language == "en"

    def test_a_language_that_is_not_ours_is_recorded_and_the_page_language_kept(self, site_pages):
        testimony = TestimonyFactory(story=GERMAN, language="fr", sent_from_language="fr")

        testimony_redact(testimony_id=testimony.pk)

        testimony.refresh_from_db()
        assert (testimony.language, testimony.detected_language) == ("fr", "de")

    def test_a_batch_is_split_by_the_language_read_in_each_text(self, site_pages):
        english = TestimonyFactory(story=ENGLISH, language="en", sent_from_language="en")
        french = TestimonyFactory(story=FRENCH, language="en", sent_from_language="en")

        testimony_redact(testimony_id=english.pk)

        english.refresh_from_db()
        french.refresh_from_db()
        assert (english.language, french.language) == ("en", "fr")
        assert english.status == french.status == TestimonyStatus.AWAITING_REVIEW
        assert people(french) == {"Michelle Marchand", "Raymond Ollivier"}

    def test_a_language_a_moderator_chose_is_never_read_over(self, site_pages):
        testimony = TestimonyFactory(story=FRENCH, language="es", sent_from_language="en")

        testimony_redact(testimony_id=testimony.pk)

        testimony.refresh_from_db()
        assert (testimony.language, testimony.detected_language) == ("es", "fr")
        assert not ModelLogEntry.objects.filter(action=LANGUAGE_DETECTED_ACTION).exists()

    def test_a_web_process_never_loads_the_detector(self):
        done = python(
            "-c",
            "import sys\n"
            "from django.core.wsgi import get_wsgi_application\n"
            "application = get_wsgi_application()\n"
            "import moderation.views, moderation.wagtail_hooks, testimonials.wagtail_hooks, testimonials.languages\n"
            "print('py3langid' in sys.modules)",
            env=PRODUCTION_ENV,
        )

        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.strip().splitlines()[-1] == "False"


@pytest.fixture
def moderator(site_pages):
    return ModeratorFactory()


@pytest.mark.django_db
class TestOnTheReviewScreen:
    def test_it_shows_the_language_written_in_and_the_page_sent_from(self, client, moderator):
        testimony = redacted_testimony(story=FRENCH, language="en", sent_from_language="en")
        client.force_login(moderator)

        content = client.get(review_url(testimony)).content.decode()

        assert "Written in" in content
        assert "French, sent from the English page" in content
        assert 'data-testid="language-mismatch"' not in content
        assert not any(word in content for word in PRIVATE_WORDS)

    def test_it_warns_when_the_text_reads_as_another_language(self, client, moderator):
        testimony = redacted_testimony(story=GERMAN, language="es", sent_from_language="es")
        client.force_login(moderator)

        content = client.get(review_url(testimony)).content.decode()

        assert "Spanish; the text reads as German" in content
        assert 'data-testid="language-mismatch"' in content
        # Spanish rules miss German names ("Katrin Vogelsang" shows): the reason for the warning.
        assert "The text reads as German, but it is redacted as Spanish" in content
        assert "read it closely for names the redaction may have missed" in content

    def test_it_offers_the_correction_while_the_testimony_is_in_review(self, client, moderator):
        testimony = redacted_testimony(story=ENGLISH)
        client.force_login(moderator)

        content = client.get(review_url(testimony)).content.decode()

        assert language_url(testimony) in content
        assert "Correct the language" in content


@pytest.mark.django_db
class TestModeratorCorrectsTheLanguage:
    @pytest.fixture
    def testimony(self, site_pages):
        # Written in French, sent from the Spanish page, and read as French without the confidence to
        # switch (the worker reads a text once): redacted as Spanish, wrongly.
        return redacted_testimony(story=FRENCH, language="es", sent_from_language="es", detected_language="fr")

    def correct(self, client, testimony, language, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(language_url(testimony), {"language": language})

    def test_the_correction_is_logged_and_redaction_queued_in_the_new_language(
        self, client, moderator, testimony, django_capture_on_commit_callbacks
    ):
        client.force_login(moderator)

        response = self.correct(client, testimony, "fr", django_capture_on_commit_callbacks)

        assert response.status_code == 302 and response["Location"] == review_url(testimony)
        testimony.refresh_from_db()
        assert testimony.language == "fr" and testimony.sent_from_language == "es"
        assert testimony.status == TestimonyStatus.RECEIVED  # back in the queue, decided on by no one meanwhile
        entry = ModelLogEntry.objects.get(action=LANGUAGE_CORRECTED_ACTION)
        assert (entry.user, entry.data) == (moderator, {"from": "es", "to": "fr"})
        assert entry.message == "Corrected the language from Spanish to French; redacted again"
        assert DBTaskResult.objects.filter(
            task_path="moderation.tasks.testimony_redact_task", args_kwargs__kwargs={"testimony_id": testimony.pk}
        ).exists()

    def test_the_screen_offers_no_decision_while_it_is_redacted_again(
        self, client, moderator, testimony, django_capture_on_commit_callbacks
    ):
        client.force_login(moderator)
        self.correct(client, testimony, "fr", django_capture_on_commit_callbacks)

        content = client.get(review_url(testimony)).content.decode()

        assert "is being redacted again" in content  # the confirmation
        assert 'value="approve"' not in content and 'value="reject"' not in content
        assert not any(word in content for word in PRIVATE_WORDS)

    def test_the_worker_redacts_it_again_in_the_new_language_keeping_the_moderators_marks(
        self, client, moderator, testimony, django_capture_on_commit_callbacks
    ):
        start = testimony.story.index("Lyon")
        finding_add(testimony=testimony, moderator=moderator, start=start, end=start + 4, label="LOC")
        client.force_login(moderator)
        self.correct(client, testimony, "fr", django_capture_on_commit_callbacks)

        testimony_redact(testimony_id=testimony.pk)  # the queued task, on the worker

        testimony.refresh_from_db()
        assert (testimony.status, testimony.language) == (TestimonyStatus.AWAITING_REVIEW, "fr")
        assert testimony.redacted_at is not None
        assert people(testimony) == {"Michelle Marchand", "Raymond Ollivier"}
        assert testimony.findings.filter(source=FindingSource.MODERATOR, label="LOC").exists()
        assert "Lyon" not in testimony.redacted_text and "[LOC 1]" in testimony.redacted_text
        assert testimony.redacted_text.startswith("Je suis [PERSON 1], infirmière")

    def test_when_the_new_run_fails_it_waits_for_a_moderator_as_any_failed_run_does(
        self, client, moderator, testimony, settings, django_capture_on_commit_callbacks
    ):
        client.force_login(moderator)
        self.correct(client, testimony, "fr", django_capture_on_commit_callbacks)
        settings.REDACTION_SPACY_MODELS = {**settings.REDACTION_SPACY_MODELS, "fr": "no_such_spacy_pipeline"}
        settings.REDACTION_MAX_ATTEMPTS = 1

        testimony_redact(testimony_id=testimony.pk)

        testimony.refresh_from_db()
        assert testimony.status == TestimonyStatus.MANUAL_REDACTION and testimony.redaction_error
        content = client.get(review_url(testimony)).content.decode()
        assert "Automatic redaction failed" in content and 'value="approve"' not in content

    def test_a_lost_run_is_queued_again_by_the_sweep(
        self, client, moderator, testimony, settings, django_capture_on_commit_callbacks
    ):
        client.force_login(moderator)
        self.correct(client, testimony, "fr", django_capture_on_commit_callbacks)
        settings.REDACTION_STALLED_AFTER_MINUTES = -1

        assert testimony.pk in redaction_sweep()

    def test_a_testimony_waiting_for_manual_redaction_goes_back_to_the_queue(
        self, client, moderator, site_pages, django_capture_on_commit_callbacks
    ):
        stuck = TestimonyFactory(
            story=FRENCH, language="es", status=TestimonyStatus.MANUAL_REDACTION, redaction_attempts=3
        )
        client.force_login(moderator)

        self.correct(client, stuck, "fr", django_capture_on_commit_callbacks)

        stuck.refresh_from_db()
        assert (stuck.status, stuck.language, stuck.redaction_attempts) == (TestimonyStatus.RECEIVED, "fr", 0)
        testimony_redact(testimony_id=stuck.pk)
        stuck.refresh_from_db()
        assert (stuck.status, stuck.language) == (TestimonyStatus.AWAITING_REVIEW, "fr")

    @pytest.mark.parametrize("language", ["es", "de", ""])
    def test_the_same_or_an_unknown_language_is_refused(
        self, client, moderator, testimony, language, django_capture_on_commit_callbacks
    ):
        client.force_login(moderator)

        self.correct(client, testimony, language, django_capture_on_commit_callbacks)

        testimony.refresh_from_db()
        assert testimony.language == "es" and testimony.redacted_at is not None
        assert not ModelLogEntry.objects.filter(action=LANGUAGE_CORRECTED_ACTION).exists()

    @pytest.mark.parametrize(
        "status",
        [TestimonyStatus.REJECTED, TestimonyStatus.PUBLISHED, TestimonyStatus.APPROVED, TestimonyStatus.ERASED],
    )
    def test_a_testimony_no_longer_in_review_is_refused(
        self, client, moderator, site_pages, status, django_capture_on_commit_callbacks
    ):
        closed = TestimonyFactory(story=FRENCH, language="es", status=status)
        client.force_login(moderator)

        response = self.correct(client, closed, "fr", django_capture_on_commit_callbacks)

        messages = [str(message) for message in get_messages(response.wsgi_request)]
        assert any("only while a testimony waits for moderators" in message for message in messages)
        closed.refresh_from_db()
        assert (closed.status, closed.language) == (status, "es")
        assert not ModelLogEntry.objects.filter(action=LANGUAGE_CORRECTED_ACTION).exists()
        assert not DBTaskResult.objects.filter(task_path="moderation.tasks.testimony_redact_task").exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_picks_up_a_correction_on_its_own(client, site_pages, run_worker):
    testimony = redacted_testimony(story=FRENCH, language="es", sent_from_language="es", detected_language="fr")
    client.force_login(ModeratorFactory())

    client.post(language_url(testimony), {"language": "fr"})
    run_worker()

    testimony.refresh_from_db()
    assert (testimony.status, testimony.language) == (TestimonyStatus.AWAITING_REVIEW, "fr")
    assert testimony.redacted_at is not None
    assert testimony.redacted_text.startswith("Je suis [PERSON 1], infirmière")


@pytest.mark.django_db
class TestWhoMayNotCorrectTheLanguage:
    def test_a_crafted_post_is_turned_away_and_changes_nothing(
        self, client, outsider, django_capture_on_commit_callbacks
    ):
        testimony = redacted_testimony(story=ENGLISH)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(language_url(testimony), {"language": "fr"})

        assert response.status_code in (302, 403)
        if response.status_code == 302:
            expected = reverse("wagtailadmin_login") if outsider == "anonymous" else reverse("wagtailadmin_home")
            assert response["Location"].startswith(expected)
        testimony.refresh_from_db()
        assert testimony.language == "en" and testimony.redacted_at is not None
        assert not ModelLogEntry.objects.filter(action=LANGUAGE_CORRECTED_ACTION).exists()
        assert not DBTaskResult.objects.filter(task_path="moderation.tasks.testimony_redact_task").exists()
