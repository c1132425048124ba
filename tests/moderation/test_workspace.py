"""The moderation workspace: decisions span by span, a logged reveal, and no copy of the text."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from moderation.models import Finding, FindingDecision
from moderation.services import testimony_rerender
from testimonials.models import Testimony, TestimonyStatus
from tests.factories import ModeratorFactory, redacted_testimony

STORY = (
    "I am a nurse at Beaumont Hospital in Dublin. My colleague Saoirse Vandermeer-Okafor kept the ward going "
    "on paper for three weeks, and bed 4 waited nine days for a scan."
)


@pytest.fixture
def testimony(site_pages):
    return redacted_testimony(story=STORY)


@pytest.fixture
def moderator(client, site_pages):
    user = ModeratorFactory()
    client.force_login(user)
    return user


def post_change(client, testimony, **data):
    return client.post(reverse("testimony:findings", args=[testimony.pk]), data)


def reveal(client, testimony, reason="Checking whether the ward name identifies the author."):
    return client.post(reverse("testimony:reveal", args=[testimony.pk]), {"reason": reason})


def finding(testimony, label):
    return testimony.findings.get(label=label)


def assert_text_is_derived_from_findings(testimony):
    testimony.refresh_from_db()
    stored = testimony.redacted_text
    testimony_rerender(testimony=testimony)
    testimony.refresh_from_db()
    assert testimony.redacted_text == stored


def test_redacting_a_place_takes_it_out_of_the_public_text(client, moderator, testimony):
    place = finding(testimony, "LOC")

    post_change(client, testimony, action="decide", finding=place.pk, decision="redact")

    testimony.refresh_from_db()
    assert "Dublin" not in testimony.redacted_text
    assert "[LOC 1]" in testimony.redacted_text
    assert_text_is_derived_from_findings(testimony)


def test_keeping_personal_data_needs_the_original_revealed(client, moderator, testimony):
    person = finding(testimony, "PERSON")

    response = post_change(client, testimony, action="decide", finding=person.pk, decision="keep")

    person.refresh_from_db()
    assert person.decision == FindingDecision.REDACT
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("reveal the original first" in m for m in messages)
    assert "Vandermeer" not in Testimony.objects.get(pk=testimony.pk).redacted_text


def test_after_a_reveal_personal_data_can_be_kept(client, revealer, testimony):
    person = finding(testimony, "PERSON")
    reveal(client, testimony)

    post_change(client, testimony, action="decide", finding=person.pk, decision="keep")

    testimony.refresh_from_db()
    assert "Saoirse Vandermeer-Okafor" in testimony.redacted_text
    assert_text_is_derived_from_findings(testimony)


def test_a_moderator_marks_words_the_engine_missed(client, moderator, testimony):
    start = STORY.index("bed 4")

    post_change(client, testimony, action="add", start=start, end=start + len("bed 4"), label="MEDICAL_ID")

    testimony.refresh_from_db()
    added = testimony.findings.get(source="moderator")
    assert (added.start, added.end, added.decision) == (start, start + 5, FindingDecision.REDACT)
    assert "bed 4" not in testimony.redacted_text and "[MEDICAL_ID 1]" in testimony.redacted_text
    assert_text_is_derived_from_findings(testimony)


def test_a_selection_outside_the_text_is_refused(client, moderator, testimony):
    post_change(client, testimony, action="add", start=len(STORY) + 5, end=len(STORY) + 9, label="PERSON")

    assert not testimony.findings.filter(source="moderator").exists()


def test_every_visible_mention_of_words_can_be_redacted_at_once(client, moderator, testimony):
    post_change(client, testimony, action="mentions", phrase="three  WEEKS", label="PERSON")

    testimony.refresh_from_db()
    assert "three weeks" not in testimony.redacted_text


def test_mentions_are_not_sought_in_redacted_text_so_a_guess_reveals_nothing(client, moderator, testimony):
    response = post_change(client, testimony, action="mentions", phrase="Vandermeer-Okafor", label="PERSON")

    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("do not appear in the text as you see it" in m for m in messages)
    assert not testimony.findings.filter(source="moderator").exists()


def test_a_moderator_can_publish_their_own_wording_instead_of_a_placeholder(client, moderator, testimony):
    person = finding(testimony, "PERSON")

    post_change(client, testimony, action="reword", finding=person.pk, replacement="a colleague")

    testimony.refresh_from_db()
    assert "My colleague a colleague kept" in testimony.redacted_text
    assert_text_is_derived_from_findings(testimony)


def test_every_change_is_in_the_audit_log_without_any_text(client, moderator, testimony):
    person, place = finding(testimony, "PERSON"), finding(testimony, "LOC")
    post_change(client, testimony, action="decide", finding=place.pk, decision="redact")
    post_change(client, testimony, action="reword", finding=person.pk, replacement="a colleague")

    entries = ModelLogEntry.objects.filter(action__startswith="moderation.").order_by("timestamp")
    assert [e.action for e in entries] == ["moderation.finding_decide", "moderation.wording_edit"]
    assert all(e.user == moderator and e.label == f"Testimony {testimony.reference}" for e in entries)
    for entry in entries:
        for private in ("Dublin", "Vandermeer", "colleague"):
            assert private not in str(entry.data)


def test_redactions_cannot_change_once_a_testimony_is_approved(client, moderator, testimony):
    Testimony.objects.filter(pk=testimony.pk).update(status=TestimonyStatus.APPROVED)
    place = finding(testimony, "LOC")

    post_change(client, testimony, action="decide", finding=place.pk, decision="redact")

    assert Finding.objects.get(pk=place.pk).decision == FindingDecision.KEEP


class TestReveal:
    def test_the_original_shows_only_after_a_reveal_with_a_reason(self, client, revealer, testimony):
        url = reverse("testimony:review", args=[testimony.pk])
        assert "Vandermeer-Okafor" not in client.get(url).content.decode()

        reveal(client, testimony)

        assert "Vandermeer-Okafor" in client.get(url).content.decode()
        entry = ModelLogEntry.objects.get(action="moderation.reveal")
        assert entry.user == revealer
        assert entry.data["reason"] == "Checking whether the ward name identifies the author."
        assert "Vandermeer" not in str(entry.data)

    def test_a_reveal_without_a_reason_is_refused(self, client, revealer, testimony):
        reveal(client, testimony, reason="  because ")

        assert "Vandermeer-Okafor" not in client.get(reverse("testimony:review", args=[testimony.pk])).content.decode()
        assert not ModelLogEntry.objects.filter(action="moderation.reveal").exists()

    def test_a_reveal_lasts_only_the_configured_time(self, client, revealer, testimony, settings):
        settings.REVEAL_MINUTES = 0

        reveal(client, testimony)

        assert "Vandermeer-Okafor" not in client.get(reverse("testimony:review", args=[testimony.pk])).content.decode()

    def test_a_moderator_without_the_permission_is_refused_and_the_attempt_logged(self, client, moderator, testimony):
        response = reveal(client, testimony)

        assert response.status_code == 302
        assert "Vandermeer-Okafor" not in client.get(reverse("testimony:review", args=[testimony.pk])).content.decode()
        denied = ModelLogEntry.objects.get(action="moderation.reveal_denied")
        assert denied.user == moderator

    def test_the_reveal_form_is_offered_only_to_those_allowed(self, client, moderator, testimony):
        content = client.get(reverse("testimony:review", args=[testimony.pk])).content.decode()

        assert reverse("testimony:reveal", args=[testimony.pk]) not in content


class TestContactDetails:
    """Never on the review screen; on their own page, for those allowed, once, logged."""

    @pytest.fixture
    def contacter(self, client, site_pages):
        user = ModeratorFactory(username="contacter")
        user.user_permissions.add(Permission.objects.get(codename="contact_testimony_author"))
        client.force_login(user)
        return user

    def ask(self, client, testimony, reason="Following up on the author's question."):
        return client.post(reverse("testimony:contact", args=[testimony.pk]), {"reason": reason})

    def test_those_allowed_see_them_once_and_it_is_logged_without_them(self, client, contacter, testimony):
        response = self.ask(client, testimony)

        content = response.content.decode()
        assert "aoife.bk@example.net" in content and "Aoife Brennan-Kowalczyk" in content
        assert "no-store" in response["Cache-Control"]
        entry = ModelLogEntry.objects.get(action="moderation.contact_view")
        assert entry.user == contacter and "aoife" not in str(entry.data).lower()
        assert (
            "aoife.bk@example.net" not in client.get(reverse("testimony:review", args=[testimony.pk])).content.decode()
        )

    def test_a_moderator_without_the_permission_is_refused_and_the_attempt_logged(self, client, moderator, testimony):
        response = self.ask(client, testimony)

        assert response.status_code == 302
        assert ModelLogEntry.objects.get(action="moderation.contact_denied").user == moderator

    def test_no_details_when_the_author_did_not_agree_to_be_contacted(self, client, contacter, testimony):
        Testimony.objects.filter(pk=testimony.pk).update(consent_contact=False)

        response = self.ask(client, testimony)

        assert response.status_code == 302
        assert not ModelLogEntry.objects.filter(action="moderation.contact_view").exists()


def test_an_administrator_may_reveal_and_the_reveal_is_logged_as_theirs(admin_client, admin_user, testimony):
    reveal(admin_client, testimony)

    content = admin_client.get(reverse("testimony:review", args=[testimony.pk])).content.decode()
    assert "Vandermeer-Okafor" in content
    assert ModelLogEntry.objects.get(action="moderation.reveal").user == admin_user
