"""A moderator who has not revealed the original sees only what the current redaction shows.

Whatever they post to the review screen (marks over any offsets, keeps, wordings, guessed
mentions), no word that a redaction hides may reach any page they can open.
"""

import re

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from home.bootstrap import site_bootstrap
from moderation.models import Finding, FindingDecision, FindingSource
from moderation.services import MODERATOR_LABELS, testimony_rerender
from testimonials.models import TestimonyStatus
from tests.factories import ModeratorFactory, TestimonyFactory

STORY = (
    "My name is Margarethe Oyelaran-Whitcombe and I work as a nurse on ward 7 at Kilbrannagh Clinic in Dublin. "
    "Before that I was at Saint Wenceslas Infirmary. My NHS number is 943 476 5919; write to "
    "m.oyelaran.w@example.com. Dr Ignatius Featherstonehaugh cancelled my scan on 14 May 2021."
)
# What the engine (and a moderator who revealed the original) redacted: (words, label, source, covers hidden).
REDACTED = [
    ("Margarethe Oyelaran-Whitcombe", "PERSON", FindingSource.MODEL, False),
    ("Saint Wenceslas Infirmary", "ORG", FindingSource.MODERATOR, True),
    ("943 476 5919", "MEDICAL_ID", FindingSource.RULE, False),
    ("m.oyelaran.w@example.com", "EMAIL", FindingSource.RULE, False),
    ("Ignatius Featherstonehaugh", "PERSON", FindingSource.MODEL, False),
]
KEPT = [("Kilbrannagh Clinic", "ORG"), ("Dublin", "LOC")]
HIDDEN_WORDS = ["margarethe", "oyelaran", "whitcombe", "wenceslas", "infirmary", "5919", "ignatius", "featherston"]


def build_testimony():
    testimony = TestimonyFactory(story=STORY, status=TestimonyStatus.AWAITING_REVIEW)
    marked = [(words, label, source, FindingDecision.REDACT, hidden) for words, label, source, hidden in REDACTED]
    marked += [(words, label, FindingSource.MODEL, FindingDecision.KEEP, False) for words, label in KEPT]
    for words, label, source, decision, hidden in marked:
        start = STORY.index(words)
        Finding.objects.create(
            testimony=testimony,
            start=start,
            end=start + len(words),
            label=label,
            source=source,
            decision=decision,
            covers_hidden_text=hidden,
        )
    testimony_rerender(testimony=testimony)
    testimony.redacted_at = testimony.created_at
    testimony.save()
    return testimony


def leaked_words(content: bytes) -> list[str]:
    text = content.decode().lower()
    return [word for word in HIDDEN_WORDS if word in text]


def visible_stretches(testimony) -> list[tuple[int, int]]:
    """Offsets of the text no redaction covers, as the review screen offers it for selection."""
    hidden = sorted(testimony.findings.filter(decision=FindingDecision.REDACT).values_list("start", "end"))
    stretches, cursor = [], 0
    for start, end in hidden:
        if start > cursor:
            stretches.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < len(STORY):
        stretches.append((cursor, len(STORY)))
    return stretches


labels = st.sampled_from(MODERATOR_LABELS)
actions = st.one_of(
    st.tuples(st.just("add"), st.integers(0, len(STORY)), st.integers(1, 300), labels),
    st.tuples(st.just("add_visible"), st.integers(0, 20), st.floats(0, 1), st.floats(0, 1), labels),
    st.tuples(st.just("decide"), st.integers(0, 30), st.sampled_from(["keep", "redact"])),
    st.tuples(st.just("reword"), st.integers(0, 30), st.sampled_from(["a nurse", "<b>x</b>", "[PERSON 1]"])),
    st.tuples(
        st.just("mentions"),
        st.sampled_from(["Margarethe", "Oyelaran", "Dublin", "nurse", "Kilbrannagh Clinic", "Wenceslas", "scan"]),
        labels,
    ),
)


class TestModeratorWithoutReveal(TestCase):
    @classmethod
    def setUpTestData(cls):
        site_bootstrap(with_demo_accounts=False)
        cls.moderator = ModeratorFactory(username="no-reveal")
        cls.testimony_pk = build_testimony().pk

    def other_pages(self) -> list[str]:
        return [reverse("testimony:index"), reverse("wagtailadmin_home")]

    def post(self, action) -> bytes:
        url = reverse("testimony:findings", args=[self.testimony_pk])
        findings = list(Finding.objects.filter(testimony_id=self.testimony_pk).order_by("pk"))
        kind, *args = action
        if kind == "add":
            start, length, label = args
            data = {"action": "add", "start": start, "end": start + length, "label": label}
        elif kind == "add_visible":
            from testimonials.models import Testimony

            stretches = visible_stretches(Testimony.objects.get(pk=self.testimony_pk))
            begin, finish = stretches[args[0] % len(stretches)]
            start = begin + int(args[1] * (finish - begin - 1))
            end = start + 1 + int(args[2] * (finish - start - 1))
            data = {"action": "add", "start": start, "end": end, "label": args[3]}
        elif kind in ("decide", "reword"):
            finding = findings[args[0] % len(findings)]
            value = {"decision": args[1]} if kind == "decide" else {"replacement": args[1]}
            data = {"action": kind, "finding": finding.pk, **value}
        else:
            data = {"action": "mentions", "phrase": args[0], "label": args[1]}
        return self.client.post(url, data, follow=True).content

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(actions, min_size=1, max_size=6))
    def test_no_hidden_word_reaches_any_page(self, sequence):
        self.client.force_login(self.moderator)
        for action in sequence:
            # Each change redirects to the review screen, which the response then holds.
            assert leaked_words(self.post(action)) == [], action
        for url in self.other_pages():
            assert leaked_words(self.client.get(url).content) == [], url

    def test_a_mark_over_the_whole_text_is_refused(self):
        """The attack as it was found: mark everything as an organisation, keep it, read the warning box."""
        self.client.force_login(self.moderator)
        url = reverse("testimony:findings", args=[self.testimony_pk])

        self.client.post(url, {"action": "add", "start": 0, "end": len(STORY), "label": "ORG"})

        assert (
            not Finding.objects.filter(testimony_id=self.testimony_pk, source=FindingSource.MODERATOR)
            .exclude(covers_hidden_text=True)
            .exists()
        )
        review = self.client.get(reverse("testimony:review", args=[self.testimony_pk]))
        assert leaked_words(review.content) == []
        assert "Part of that selection is already redacted" in review.content.decode()

    def test_a_redaction_marked_on_the_original_cannot_be_kept_without_a_reveal(self):
        marked = Finding.objects.get(testimony_id=self.testimony_pk, covers_hidden_text=True)
        self.client.force_login(self.moderator)

        self.client.post(
            reverse("testimony:findings", args=[self.testimony_pk]),
            {"action": "decide", "finding": marked.pk, "decision": "keep"},
        )

        marked.refresh_from_db()
        assert marked.decision == FindingDecision.REDACT
        review = self.client.get(reverse("testimony:review", args=[self.testimony_pk]))
        assert leaked_words(review.content) == []

    def test_the_warning_box_names_only_words_the_public_text_shows(self):
        # An organisation kept under a redacted name: the warning must not quote it.
        start = STORY.index("Oyelaran-Whitcombe")
        Finding.objects.create(
            testimony_id=self.testimony_pk,
            start=start,
            end=STORY.index(" and I work"),
            label="ORG",
            source=FindingSource.MODEL,
            decision=FindingDecision.KEEP,
        )
        self.client.force_login(self.moderator)

        review = self.client.get(reverse("testimony:review", args=[self.testimony_pk]))

        assert b"reidentification-risks" in review.content
        assert re.search(rb"<q>Kilbrannagh Clinic</q>", review.content)
        assert leaked_words(review.content) == []
