"""The author's side: a receipt that opens their testimony, choices that take effect at once."""

import re

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.urls import reverse
from django.utils import translation
from wagtail.models import Revision

from moderation.services import testimony_approve, testimony_redact
from testimonials.models import ConsentChange, StoryPage, Testimony, TestimonyStatus
from testimonials.services import author_change_request_redact
from tests.factories import ModeratorFactory, TestimonyFactory, redacted_testimony

SECRET = "2345-6789-ABCD-EFGH"  # the factory's


def open_receipt(client, reference, secret=SECRET):
    return client.post(reverse("my_testimony_open"), {"reference": reference, "secret": secret})


@pytest.fixture
def testimony(site_pages):
    return redacted_testimony()


def test_a_receipt_opens_the_testimony_with_its_status_and_proposed_text(client, testimony):
    response = open_receipt(client, testimony.reference.lower(), SECRET.lower())
    assert response.status_code == 302

    page = client.get(reverse("my_testimony"))

    content = page.content.decode()
    assert "no-store" in page["Cache-Control"]
    assert "A moderator is reading your testimony, with personal details removed." in content
    assert "My mother, [a name], was due for surgery" in content and "Oyelaran-Whitcombe" not in content
    assert "[PERSON 1]" not in content and "[a phone number]" in content


def test_the_author_reads_the_words_they_asked_to_remove_as_theirs(client, site_pages):
    testimony = redacted_testimony(removal_terms="Dublin")
    open_receipt(client, testimony.reference)

    content = client.get(reverse("my_testimony")).content.decode()

    assert "at the hospital in [words you asked us to remove] on 14 May 2021" in content


@pytest.mark.parametrize(
    ("secret", "hasher"),
    [
        # Issued before 137-bit secrets: 78 bits under Argon2, which must keep opening.
        ("K7PM-3QXD-9RTA-WZ4E", "argon2"),
        ("K7PM-3QXD-9RTA-WZ4E-HN2C-6VBS-PX8Q", "receipt_sha256"),
    ],
    ids=["old receipt under Argon2", "new receipt under salted SHA-256"],
)
def test_receipts_open_under_the_hash_they_were_issued_with_and_not_with_a_near_miss(client, testimony, secret, hasher):
    Testimony.objects.filter(pk=testimony.pk).update(secret_hash=make_password(secret, hasher=hasher))

    near_miss = secret[:-1] + ("Q" if secret[-1] != "Q" else "R")
    assert open_receipt(client, testimony.reference, near_miss).status_code == 200  # the form again
    assert open_receipt(client, testimony.reference, secret.lower()).status_code == 302


def test_wrong_receipts_get_one_answer_whether_or_not_the_reference_exists(client, testimony):
    wrong_secret = open_receipt(client, testimony.reference, "AAAA-AAAA-AAAA-AAAA").content.decode()
    unknown = open_receipt(client, "T-ZZZZZZ").content.decode()

    assert "We could not open a testimony" in wrong_secret

    def comparable(html: str) -> str:
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
        return re.sub(r'value="[^"]*"', "", html)  # the reference typed in, echoed back

    assert comparable(wrong_secret) == comparable(unknown)


def test_receipt_attempts_are_rate_limited(client, testimony):
    # Without the proof of work a browser solves: the stricter limit (tests/security/test_public_form_abuse.py).
    for _ in range(settings.UNPROVED_RECEIPT_ATTEMPTS_PER_HOUR):
        open_receipt(client, "T-ZZZZZZ")

    response = open_receipt(client, testimony.reference)

    assert "Too many attempts" in response.content.decode()
    assert client.get(reverse("my_testimony")).status_code == 302


def test_the_page_needs_the_receipt(client, testimony):
    response = client.get(reverse("my_testimony"))

    assert response.status_code == 302 and response["Location"] == reverse("my_testimony_open")


def choices(client, **given):
    data = {name: "on" for name, on in given.items() if on}
    return client.post(reverse("my_testimony"), data)


def test_consent_changes_are_recorded_with_the_wording_version_and_time(client, testimony, site_pages):
    open_receipt(client, testimony.reference)

    choices(client, consent_processing=True, consent_publication=True, consent_contact=True, consent_research=True)

    testimony.refresh_from_db()
    assert testimony.consent_research
    change = ConsentChange.objects.get(testimony=testimony, consent="consent_research")
    assert change.given and change.text_version == site_pages["call"].consent_text_version


def test_withdrawing_publication_takes_the_story_off_the_site_at_once(client, testimony):
    story = testimony_approve(testimony=testimony, moderator=ModeratorFactory())
    story.save_revision().publish()
    story_url, story_pk = story.url, story.pk
    assert client.get(story_url).status_code == 200
    open_receipt(client, testimony.reference)

    page = client.get(reverse("my_testimony_take_off"))
    assert "This cannot be undone." in page.content.decode() and client.get(story_url).status_code == 200
    client.post(reverse("my_testimony_take_off"))

    assert client.get(story_url).status_code == 404
    assert not StoryPage.objects.filter(pk=story_pk).exists()
    assert not Revision.objects.filter(object_id=str(story_pk)).exists()
    assert not StoryPage.objects.search("Oyelaran")
    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.WITHDRAWN and testimony.withdrawn_at


@pytest.mark.django_db(transaction=True)
def test_withdrawing_consent_to_processing_erases_everything_but_a_tombstone(client, site_pages):
    testimony = TestimonyFactory(story="Zephyrine Quackenbush-Oyelowo waited for her operation for weeks.")
    testimony_redact(testimony_id=testimony.pk)
    open_receipt(client, testimony.reference)

    client.post(reverse("my_testimony_delete"))

    testimony = Testimony.objects.get(pk=testimony.pk)
    assert testimony.status == TestimonyStatus.ERASED and testimony.erased_at
    assert (testimony.story, testimony.redacted_text, testimony.name, testimony.contact_email) == ("", "", "", "")
    assert not testimony.findings.exists()
    assert testimony.reference and testimony.created_at
    assert "erased" in client.get(reverse("my_testimony")).content.decode()
    assert not testimony.reviews.exclude(note="").exists()


def add_terms(client, *terms):
    return client.post(reverse("my_testimony"), {"action": "terms", "terms": "\n".join(terms)})


def test_words_added_during_review_are_redacted_at_once(client, testimony):
    open_receipt(client, testimony.reference)

    add_terms(client, "Dublin")

    testimony.refresh_from_db()
    assert "Dublin" not in testimony.redacted_text and "[REMOVED 1]" in testimony.redacted_text
    assert testimony.findings.filter(source="victim", label="VICTIM_TERM").exists()


def test_words_added_after_publication_take_the_story_down_until_reviewed_again(client, testimony):
    story = testimony_approve(testimony=testimony, moderator=ModeratorFactory())
    story.save_revision().publish()
    story_url = story.url
    open_receipt(client, testimony.reference)

    add_terms(client, "Dublin")

    assert client.get(story_url).status_code == 404
    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.AWAITING_REVIEW
    assert "Dublin" not in testimony.redacted_text


def answer(client, action, request=""):
    return client.post(reverse("my_testimony"), {"action": action, "request": request})


def test_the_author_accepts_the_proposed_text_and_a_later_change_voids_it(client, testimony):
    from moderation.services import finding_decide

    open_receipt(client, testimony.reference)
    answer(client, "accept")
    testimony.refresh_from_db()
    assert testimony.author_accepted_current_text

    place = testimony.findings.get(label="LOC")
    finding_decide(finding=place, moderator=ModeratorFactory(), decision="redact")

    testimony.refresh_from_db()
    assert not testimony.author_accepted_current_text


def test_with_sign_off_required_approval_waits_for_the_author(client, testimony, settings):
    from django.core.exceptions import ValidationError

    settings.AUTHOR_SIGNOFF_REQUIRED = True
    moderator = ModeratorFactory()
    with pytest.raises(ValidationError, match="not accepted this text"):
        testimony_approve(testimony=testimony, moderator=moderator)

    open_receipt(client, testimony.reference)
    answer(client, "accept")

    assert testimony_approve(testimony=testimony, moderator=moderator) is not None


def test_asking_for_changes_takes_an_approved_story_back_to_review(client, testimony):
    testimony_approve(testimony=testimony, moderator=ModeratorFactory())
    open_receipt(client, testimony.reference)

    answer(client, "changes", "Please also hide that my cousin Ebenezer Quintanilla-Fairbrother drove me.")

    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.AWAITING_REVIEW
    assert not StoryPage.objects.filter(testimony=testimony).exists()


def test_moderators_read_the_authors_request_redacted(client, testimony):
    open_receipt(client, testimony.reference)
    answer(client, "changes", "Please also hide that my cousin Ebenezer Quintanilla-Fairbrother drove me.")
    author_change_request_redact(testimony_id=testimony.pk)  # on the worker
    client.force_login(ModeratorFactory())

    content = client.get(reverse("testimony:review", args=[testimony.pk])).content.decode()

    assert "Asked for changes" in content and "my cousin" in content
    assert "Quintanilla-Fairbrother" not in content


@pytest.mark.django_db(transaction=True)
def test_erasure_leaves_no_text_anywhere_it_could_remain(client, site_pages, run_worker):
    from moderation.models import Review
    from testimonials.models import EmailStatus, OutgoingEmail

    testimony = TestimonyFactory(removal_terms="Larkspur ward", incident_description="The clinic on Elm Row")
    testimony_redact(testimony_id=testimony.pk)
    Review.objects.create(testimony=testimony, decision="note", note="Check the ward name")
    Testimony.objects.filter(pk=testimony.pk).update(author_change_request="Hide my cousin's name")
    from testimonials.tasks import submission_confirmation_send

    submission_confirmation_send.call(testimony_id=testimony.pk)
    run_worker()
    assert OutgoingEmail.objects.filter(testimony=testimony, status=EmailStatus.SENT).exists()
    open_receipt(client, testimony.reference)

    client.post(reverse("my_testimony_delete"))

    erased = Testimony.objects.get(pk=testimony.pk)
    from testimonials.crypto import EncryptedTextField

    encrypted = [f.name for f in Testimony._meta.concrete_fields if isinstance(f, EncryptedTextField)]
    assert {name: getattr(erased, name) for name in encrypted} == dict.fromkeys(encrypted, "")
    assert not erased.findings.exists()
    assert not Review.objects.filter(testimony=erased).exclude(note="").exists()
    assert not OutgoingEmail.objects.filter(testimony=erased).exists()
    assert not StoryPage.objects.filter(testimony=erased).exists()


def test_an_author_reading_in_french_is_told_in_french_what_is_missing(client, testimony):
    testimony_approve(testimony=testimony, moderator=ModeratorFactory())
    with translation.override("fr"):
        opening, page = reverse("my_testimony_open"), reverse("my_testimony")
    client.post(opening, {"reference": testimony.reference, "secret": SECRET})

    response = client.post(page, {"action": "changes", "request": "  "}, follow=True)

    assert "Dites-nous ce qu’il faut changer." in response.content.decode()
    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.APPROVED


def test_unticking_every_choice_erases_nothing_and_takes_nothing_down(client, testimony):
    """A crafted or careless POST of the choices form: it no longer holds the two that cannot be undone."""
    story = testimony_approve(testimony=testimony, moderator=ModeratorFactory())
    story.save_revision().publish()
    open_receipt(client, testimony.reference)

    choices(client)  # nothing ticked, consent_processing and consent_publication absent

    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.PUBLISHED and testimony.story
    assert testimony.consent_processing and testimony.consent_publication
    assert not testimony.consent_contact and not testimony.consent_research
    assert client.get(story.url).status_code == 200


def test_the_choices_offer_no_checkbox_for_what_cannot_be_undone(client, testimony):
    open_receipt(client, testimony.reference)

    content = client.get(reverse("my_testimony")).content.decode()

    assert 'name="consent_processing"' not in content and 'name="consent_publication"' not in content
    assert 'name="consent_contact"' in content
    assert reverse("my_testimony_take_off") in content and reverse("my_testimony_delete") in content


@pytest.mark.parametrize("page", ["my_testimony_take_off", "my_testimony_delete"])
def test_the_confirmation_page_changes_nothing_until_its_button_is_pressed(client, testimony, page):
    open_receipt(client, testimony.reference)

    content = client.get(reverse(page)).content.decode()

    assert "What will happen" in content and "This cannot be undone." in content
    assert f'href="{reverse("my_testimony")}"' in content  # the way back
    testimony.refresh_from_db()
    assert testimony.consent_processing and testimony.consent_publication
    assert testimony.status == TestimonyStatus.AWAITING_REVIEW


@pytest.mark.parametrize("page", ["my_testimony_take_off", "my_testimony_delete"])
def test_no_one_without_the_receipt_can_withdraw_a_testimony(client, testimony, page):
    response = client.post(reverse(page))

    assert response.status_code == 302 and response["Location"] == reverse("my_testimony_open")
    testimony.refresh_from_db()
    assert testimony.consent_processing and testimony.consent_publication


def test_a_double_click_on_delete_erases_once_and_then_shows_the_tombstone(client, testimony):
    open_receipt(client, testimony.reference)

    client.post(reverse("my_testimony_delete"))
    second = client.post(reverse("my_testimony_delete"), follow=True)

    assert second.status_code == 200 and "has been erased" in second.content.decode()
    assert ConsentChange.objects.filter(testimony=testimony, consent="consent_processing", given=False).count() == 1


def test_taking_a_story_off_is_recorded_as_a_withdrawn_consent(client, testimony, site_pages):
    open_receipt(client, testimony.reference)

    response = client.post(reverse("my_testimony_take_off"), follow=True)

    assert "Your story is off this website" in response.content.decode()
    change = ConsentChange.objects.get(testimony=testimony, consent="consent_publication")
    assert not change.given and change.text_version == site_pages["call"].consent_text_version
    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.WITHDRAWN and testimony.consent_processing
    assert reverse("my_testimony_take_off") not in client.get(reverse("my_testimony")).content.decode()


def _timeline(client) -> list[tuple[str, str]]:
    """(state, label) of each step on "My testimony"."""
    content = client.get(reverse("my_testimony")).content.decode()
    steps = re.findall(r'timeline__step--(\w+)".*?<span class="timeline__label">([^<]+)</span>', content, re.S)
    return steps


def test_the_timeline_shows_a_testimony_in_review_step_by_step(client, testimony):
    open_receipt(client, testimony.reference)

    assert _timeline(client) == [
        ("done", "Received"),
        ("done", "Personal details removed"),
        ("current", "Read by a moderator"),
        ("waiting", "Published"),
    ]


def test_the_timeline_of_a_published_story_links_to_it(client, testimony):
    story = testimony_approve(testimony=testimony, moderator=ModeratorFactory())
    story.save_revision().publish()
    open_receipt(client, testimony.reference)

    content = client.get(reverse("my_testimony")).content.decode()

    assert "Your story is published on this website." in content
    assert [state for state, _ in _timeline(client)] == ["done"] * 4
    assert f'<a href="{story.url}">Read your published story</a>' in content


def test_the_timeline_says_plainly_when_a_story_will_not_be_published(client, site_pages):
    from moderation.services import testimony_reject

    testimony = redacted_testimony()
    testimony_reject(testimony=testimony, moderator=ModeratorFactory(), note="Not about a cyberattack.")
    open_receipt(client, testimony.reference)

    content = client.get(reverse("my_testimony")).content.decode()

    assert "We decided not to publish your story." in content
    assert _timeline(client)[-1] == ("done", "Not published: we decided not to")
    assert "Not about a cyberattack" not in content  # the moderator's reason is theirs


def test_a_testimony_not_yet_redacted_says_personal_details_are_being_removed(client, site_pages):
    testimony = TestimonyFactory()
    open_receipt(client, testimony.reference)

    content = client.get(reverse("my_testimony")).content.decode()

    assert "are removing personal details from it" in content
    assert _timeline(client)[1:3] == [("current", "Personal details removed"), ("waiting", "Read by a moderator")]


def test_an_author_reading_in_french_is_asked_in_french_before_anything_is_deleted(client, testimony):
    with translation.override("fr"):
        opening, delete = reverse("my_testimony_open"), reverse("my_testimony_delete")
    client.post(opening, {"reference": testimony.reference, "secret": SECRET})

    content = client.get(delete).content.decode()

    assert '<html lang="fr"' in content and "Impossible de revenir en arrière." in content
    testimony.refresh_from_db()
    assert testimony.consent_processing and not testimony.is_erased
