import math
import re

import pytest
from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from testimonials.models import Testimony, TestimonyStatus, WindowCount, new_secret
from testimonials.models.testimony import RECEIPT_ALPHABET
from testimonials.signals import testimony_submitted
from tests.factories import IncidentFactory
from tests.receipts import receipt_secret_in

STORY = (
    "I was a nurse on the night the systems went down. We went back to paper charts for three weeks and "
    "my colleague Siobhan Fitzgerald-Nakamura worked double shifts to keep the ward running."
)


def form_data(page, **overrides):
    data = {
        "story": STORY,
        "role": "healthcare_worker",
        "country": "IE",
        "happened_month": "5",
        "happened_year": "2021",
        "impacts": ["care_delayed", "distress"],
        "name": "",
        "contact_email": "",
        "consent_processing": "on",
        "consent_publication": "on",
        "consent_version": page.consent_text_version,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def send_url(page) -> str:
    """Where the call page's form is sent (its action), in the page's language."""
    with translation.override(page.locale.language_code):
        return reverse("testimony_send")


def submit(client, page, **overrides):
    """Post the form where it is sent and follow its redirect to the receipt, as a browser does."""
    return client.post(send_url(page), form_data(page, **overrides), follow=True)


@pytest.fixture
def call_page(site_pages):
    return site_pages["call"]


def test_call_page_shows_the_form_and_the_editable_consent_wording(client, call_page):
    response = client.get(call_page.url)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="story"' in content
    wording = call_page.consent_wording()
    assert wording["consent_processing"] in content and wording["consent_publication"] in content
    assert "{organisation}" not in content


def test_the_consent_names_the_organisation_and_a_new_name_is_a_new_consent_version(client, call_page):
    from home.models import Organisation

    organisation = Organisation.current()
    before = call_page.consent_text_version
    assert f"I agree that {organisation.name} stores my testimony" in client.get(call_page.url).content.decode()

    organisation.name = "Patients First Foundation"
    organisation.save()

    assert "I agree that Patients First Foundation stores" in client.get(call_page.url).content.decode()
    assert type(call_page).objects.get(pk=call_page.pk).consent_text_version != before


def test_valid_submission_shows_a_receipt_with_reference_and_secret(client, call_page):
    response = submit(client, call_page)

    assert response.status_code == 200
    testimony = Testimony.objects.get()
    assert testimony.reference in response.content.decode()
    secret = receipt_secret_in(response.content.decode())
    assert check_password(secret, testimony.secret_hash)
    assert secret not in testimony.secret_hash


def test_a_receipt_secret_holds_128_random_bits_or_more_and_is_stored_under_the_fast_hash(client, call_page):
    submit(client, call_page)
    testimony = Testimony.objects.get()

    characters = len(new_secret().replace("-", ""))

    assert characters * math.log2(len(RECEIPT_ALPHABET)) >= 128
    assert testimony.secret_hash.startswith("receipt_sha256$")


def test_submission_records_the_consent_choices_and_wording_version(client, call_page):
    submit(client, call_page, consent_research="on")

    testimony = Testimony.objects.get()
    assert testimony.consent_processing and testimony.consent_publication and testimony.consent_research
    assert not testimony.consent_contact
    assert testimony.consent_text_version == call_page.consent_text_version
    assert testimony.impacts == ["care_delayed", "distress"]
    assert (testimony.happened_month, testimony.happened_year) == (5, 2021)


def test_story_and_identity_are_encrypted_in_the_database(client, call_page):
    submit(client, call_page, name="Ciarán Ó Dálaigh", contact_email="ciaran@example.ie", consent_contact="on")

    with connection.cursor() as cursor:
        cursor.execute("SELECT story, name, contact_email FROM testimonials_testimony")
        stored = " ".join(cursor.fetchone())
    assert "Fitzgerald-Nakamura" not in stored
    assert "Dálaigh" not in stored
    assert "ciaran@example.ie" not in stored
    assert Testimony.objects.get().name == "Ciarán Ó Dálaigh"


def test_markup_in_the_story_is_reduced_to_plain_text(client, call_page):
    submit(client, call_page, story=f"<p>{STORY}</p><script>steal()</script><b>5 < 6</b>")

    story = Testimony.objects.get().story
    assert "<" not in story.replace("5 < 6", "")
    assert "steal()" not in story
    assert story.startswith("I was a nurse")


def test_submission_queues_redaction_instead_of_running_it(client, call_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, call_page)

    testimony = Testimony.objects.get()
    assert testimony.status == TestimonyStatus.RECEIVED
    assert not testimony.findings.exists()
    queued = DBTaskResult.objects.get(task_path="moderation.tasks.testimony_redact_task")
    assert queued.args_kwargs["kwargs"] == {"testimony_id": testimony.pk}


def test_the_redaction_task_is_committed_with_the_testimony_not_after_it(client, call_page):
    # No commit callback is run here: the queue is in the database, so the task is queued inside the story's
    # own transaction, with no commit of its own and no moment where the story waits without it.
    submit(client, call_page)

    testimony = Testimony.objects.get()
    queued = DBTaskResult.objects.get(task_path="moderation.tasks.testimony_redact_task")
    assert queued.args_kwargs["kwargs"] == {"testimony_id": testimony.pk}


def test_a_resent_form_queues_no_second_redaction(client, call_page):
    data = form_data(call_page, submission_token="r" * 43)

    client.post(send_url(call_page), data)
    client.post(send_url(call_page), data)

    assert Testimony.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path="moderation.tasks.testimony_redact_task").count() == 1


def sent_while_the_queue_refuses(monkeypatch, capture_on_commit, post):
    """`post()` answered while the task table refuses every insert (a real database error, which on PostgreSQL
    breaks the story's transaction); what it queued after the commit runs once the queue answers again."""
    monkeypatch.setattr(DBTaskResult._meta, "db_table", "no_such_table")
    with capture_on_commit() as after_commit:
        response = post()
    monkeypatch.undo()
    for callback in after_commit:
        callback()
    return response


def stored_once_with_redaction_queued() -> Testimony:
    """The one testimony, with its four consents and exactly one redaction queued for it."""
    testimony = Testimony.objects.get()
    assert testimony.consent_changes.count() == 4
    queued = DBTaskResult.objects.get(task_path="moderation.tasks.testimony_redact_task")
    assert queued.args_kwargs["kwargs"] == {"testimony_id": testimony.pk}
    return testimony


def test_a_queue_the_database_refuses_inside_the_transaction_loses_no_story(
    client, call_page, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    response = sent_while_the_queue_refuses(
        monkeypatch,
        django_capture_on_commit_callbacks,
        lambda: submit(client, call_page, name="Siobhan Fitzgerald-Nakamura"),
    )

    assert b"receipt-reference" in response.content
    stored_once_with_redaction_queued()
    assert WindowCount.objects.get(key__startswith="ratelimit:submit").count == 1  # the first attempt's rolled back
    assert "Queueing the tasks of" in caplog.text and "queued after the commit" in caplog.text
    assert "Fitzgerald-Nakamura" not in caplog.text and STORY[:40] not in caplog.text


def test_a_receiver_that_fails_inside_the_transaction_leaves_one_redaction_queued(
    client, call_page, caplog, django_capture_on_commit_callbacks
):
    def broken_receiver(sender, testimony_id, **kwargs):
        raise RuntimeError("a receiver's bug")

    testimony_submitted.connect(broken_receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = submit(client, call_page)
    finally:
        testimony_submitted.disconnect(broken_receiver)

    assert b"receipt-reference" in response.content
    assert Testimony.objects.count() == 1
    # Queued by moderation's receiver in the first attempt, rolled back with it, queued again after the commit.
    assert DBTaskResult.objects.filter(task_path="moderation.tasks.testimony_redact_task").count() == 1
    assert "RuntimeError" in caplog.text


def test_missing_processing_consent_is_refused_and_the_story_stays_on_the_page(client, call_page):
    response = submit(client, call_page, consent_processing=None)

    assert response.status_code == 200
    assert not Testimony.objects.exists()
    content = response.content.decode()
    assert "We can only keep your story with this consent." in content
    assert "Fitzgerald-Nakamura" in content


def test_a_story_over_the_limit_gets_a_clear_error(client, call_page, settings):
    settings.TESTIMONY_STORY_MAX_LENGTH = 100

    response = submit(client, call_page)

    assert not Testimony.objects.exists()
    assert "the limit is 100" in response.content.decode()


def test_an_email_without_consent_to_contact_is_asked_about_once_then_sent_without_the_address(client, call_page):
    asked = submit(client, call_page, contact_email="someone@example.org")

    content = asked.content.decode()
    assert not Testimony.objects.exists()
    assert "Tick this box if we may use it to contact you" in content
    assert 'name="contact_question_asked" value="True"' in content and "someone@example.org" in content

    submit(client, call_page, contact_email="someone@example.org", contact_question_asked="True")

    testimony = Testimony.objects.get()
    assert testimony.contact_email == "" and not testimony.consent_contact


def test_an_email_with_consent_ticked_after_the_question_is_kept(client, call_page):
    submit(client, call_page, contact_email="someone@example.org")
    submit(client, call_page, contact_email="someone@example.org", contact_question_asked="True", consent_contact="on")

    testimony = Testimony.objects.get()
    assert testimony.contact_email == "someone@example.org" and testimony.consent_contact


@pytest.mark.parametrize(
    "missing, said",
    [
        ({"story": ""}, "Please tell us what happened."),
        ({"role": ""}, "Please tell us who you are writing as"),
        ({"consent_processing": None}, "We can only keep your story with this consent."),
    ],
)
def test_each_error_names_what_is_missing_and_the_summary_links_to_its_field(client, call_page, missing, said):
    field = next(iter(missing))

    content = submit(client, call_page, **missing).content.decode()

    summary = content[content.index("data-error-summary") :]
    assert f'<a href="#id_{field}">{said}' in summary.replace("&#x27;", "'")
    assert not Testimony.objects.exists()


def test_you_are_writing_as_has_no_silent_default(client, call_page):
    content = client.get(call_page.url).content.decode()

    role = content[content.index('name="role"') :]
    assert re.search(r'<option value="" selected>Choose one</option>', role[: role.index("</select>")])


def test_every_description_an_invalid_field_points_to_exists(client, call_page):
    content = submit(
        client, call_page, story="", role="", consent_processing=None, contact_email="someone@example.org"
    ).content.decode()

    described = {target for ids in re.findall(r'aria-describedby="([^"]+)"', content) for target in ids.split()}
    assert {"id_story_error", "id_consent_processing_error", "id_consent_contact_error"} <= described
    assert [target for target in described if f'id="{target}"' not in content] == []


def test_consent_to_contact_without_an_email_is_refused(client, call_page):
    response = submit(client, call_page, consent_contact="on")

    assert not Testimony.objects.exists()
    assert "Give an email address" in response.content.decode()


def test_changed_consent_wording_asks_the_author_to_confirm_again(client, call_page):
    shown_version = call_page.consent_text_version
    call_page.consent_publication_text = "New wording about publication."
    call_page.save_revision().publish()

    response = submit(client, call_page, consent_version=shown_version)

    assert not Testimony.objects.exists()
    content = response.content.decode()
    assert "consent wording was updated" in content
    assert "New wording about publication." in content
    assert call_page.consent_text_version in content


def test_submission_and_receipt_pages_are_never_cached(client, call_page):
    for response in (client.get(call_page.url), submit(client, call_page)):
        assert "no-store" in response["Cache-Control"]


def test_rate_limit_refuses_politely_and_keeps_the_story_on_the_page(client, call_page):
    # Without JavaScript's proof of work, the slower lane's limit (tests/security/test_public_form_abuse.py).
    for _ in range(settings.UNPROVED_SUBMISSIONS_PER_HOUR):
        submit(client, call_page)

    response = submit(client, call_page, story=STORY + " One more.")

    assert response.status_code == 429
    assert Testimony.objects.count() == settings.UNPROVED_SUBMISSIONS_PER_HOUR
    content = response.content.decode()
    assert "Too many testimonies" in content
    assert "One more." in content


def test_confirmation_email_goes_only_to_authors_who_asked_for_contact(
    client, call_page, run_worker, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, call_page)
        submit(client, call_page, contact_email="author@example.org", consent_contact="on")
    run_worker()

    confirmations = [message for message in mailoutbox if "We received your testimony" in message.subject]
    assert [message.to for message in confirmations] == [["author@example.org"]]
    reference = Testimony.objects.get(consent_contact=True).reference
    assert reference in confirmations[0].body
    assert "Fitzgerald-Nakamura" not in confirmations[0].body
    assert confirmations[0].anymail_test_params["tags"] == ["submission-confirmation"]
    assert "Open My testimony: http://testserver/en/my-testimony/open/" in confirmations[0].body


def test_an_email_provider_that_is_down_loses_nothing_and_logs_no_address(
    client, call_page, run_worker, settings, caplog, django_capture_on_commit_callbacks
):
    # A real anymail ESP backend whose API answers nowhere: port 9 on loopback refuses at once.
    settings.MAILERS = {"default": {"BACKEND": "anymail.backends.postmark.EmailBackend"}}
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "test-token", "POSTMARK_API_URL": "http://127.0.0.1:9/"}

    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, call_page, contact_email="down@example.org", consent_contact="on")
    run_worker()

    assert b"receipt-reference" in response.content
    testimony = Testimony.objects.get()
    assert testimony.status == TestimonyStatus.AWAITING_REVIEW
    assert "could not be sent" in caplog.text
    assert "down@example.org" not in caplog.text
    assert "Fitzgerald-Nakamura" not in caplog.text


def test_the_authors_list_of_words_to_remove_is_stored_encrypted(client, call_page):
    submit(client, call_page, removal_terms="Larkspur ward\n<b>Dr Quill</b>\n\n")

    testimony = Testimony.objects.get()
    assert testimony.removal_term_list == ["Larkspur ward", "Dr Quill"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT removal_terms FROM testimonials_testimony")
        assert "Larkspur" not in cursor.fetchone()[0]


def test_authors_choose_their_attack_among_incidents_grouped_by_country(client, call_page):
    from testimonials.models import Incident

    content = client.get(call_page.url).content.decode()

    assert '<optgroup label="Ireland">' in content and '<optgroup label="United Kingdom">' in content
    synnovis = Incident.objects.get(slug="synnovis-ransomware-attack-2024")
    assert f'<option value="{synnovis.pk}">Qilin ransomware attack on Synnovis pathology services (2024)</option>' in (
        content
    )


def test_an_incident_chosen_from_its_country_group_is_recorded(client, call_page):
    from testimonials.models import Incident

    hse = Incident.objects.get(slug="hse-conti-ransomware-attack-2021")

    submit(client, call_page, incident=str(hse.pk))

    assert Testimony.objects.get().incident == hse


def test_the_receipt_downloads_as_a_text_file_that_says_where_to_open_it(client, call_page):
    import html
    from urllib.parse import unquote

    content = submit(client, call_page).content.decode()

    link = re.search(r'download="(receipt-T-[A-Z0-9]{6}\.txt)" href="data:text/plain;charset=utf-8,([^"]+)"', content)
    text = unquote(html.unescape(link[2]))
    secret = receipt_secret_in(content)
    testimony = Testimony.objects.get()
    assert link[1] == f"receipt-{testimony.reference}.txt"
    assert f"Reference: {testimony.reference}\nSecret: {secret}\n" in text
    assert "http://testserver/en/my-testimony/open/" in text and "&" not in text


def test_every_public_page_links_to_my_testimony(client, site_pages):
    for page in (site_pages["call"], site_pages["stories"]):
        assert 'href="/en/my-testimony/open/"' in client.get(page.url).content.decode()


def test_incident_titles_and_a_sent_choice_are_escaped_in_the_call_form(client, call_page):
    """The call form writes its long lists itself (testimonials.forms.LongSelect): nothing in them is markup."""
    IncidentFactory(title='Attack on "St Mary" <script>alert(1)</script>', countries=["FR"])

    content = client.get(call_page.url).content.decode()

    assert "<script>alert(1)</script>" not in content
    assert "Attack on &quot;St Mary&quot; &lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_the_choices_sent_stay_chosen_when_the_form_comes_back(client, call_page):
    response = client.post(call_page.url, form_data(call_page, story="Too short.", country="IE", happened_year=2021))

    content = response.content.decode()
    assert '<option value="IE" selected>Ireland</option>' in content
    assert '<option value="2021" selected>2021</option>' in content


def test_the_incident_list_is_built_once_to_show_the_form_and_never_for_a_sent_one(client, call_page):
    from unittest import mock

    from testimonials import forms

    with mock.patch.object(forms, "incident_choices_by_country", wraps=forms.incident_choices_by_country) as built:
        client.get(call_page.url)
        assert built.call_count == 1

        submit(client, call_page)
        assert built.call_count == 1
    assert Testimony.objects.count() == 1


def test_a_country_code_that_does_not_exist_is_refused(client, call_page):
    response = client.post(call_page.url, form_data(call_page, country="XX"))

    assert response.status_code == 200
    assert not Testimony.objects.exists()
    assert "Select a valid choice" in response.content.decode()
