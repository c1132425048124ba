"""A status changes only through testimonials.lifecycle, along the moves it allows, and each move is logged."""

import ast
import re
from pathlib import Path

import pytest
from wagtail.models import ModelLogEntry

from testimonials import lifecycle
from testimonials.lifecycle import TRANSITIONS, TestimonyStatus, TransitionNotAllowed, status_change
from testimonials.models import Testimony
from testimonials.services import publication_withdraw, testimony_erase
from tests.factories import ModeratorFactory, TestimonyFactory

ROOT = Path(__file__).resolve().parents[2]
PROJECT_CODE = [
    path
    for app in ("testimonials", "moderation", "home", "config")
    for path in (ROOT / app).rglob("*.py")
    if "migrations" not in path.parts and path.name != "lifecycle.py"
]
TEMPLATES = [
    path for folder in ("site", "testimonials", "moderation", "home") for path in (ROOT / folder).rglob("*.html")
]


def _status_writes(tree: ast.AST, source: str) -> list[int]:
    """Lines that set a testimony's status: `x.status = …` with a TestimonyStatus, or `.update(status=…)`."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            sets_status = any(isinstance(target, ast.Attribute) and target.attr == "status" for target in targets)
            if sets_status and "TestimonyStatus" in ast.get_source_segment(source, node.value):
                lines.append(node.lineno)
        updates = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        if (
            updates
            and node.func.attr in {"update", "bulk_update", "update_or_create"}
            and any(
                keyword.arg == "status" and "TestimonyStatus" in ast.get_source_segment(source, keyword.value)
                for keyword in node.keywords
            )
        ):
            lines.append(node.lineno)
    return lines


def test_no_code_outside_the_lifecycle_sets_a_testimony_status():
    found = {}
    for path in PROJECT_CODE:
        source = path.read_text()
        if lines := _status_writes(ast.parse(source), source):
            found[str(path.relative_to(ROOT))] = lines

    assert found == {}


def test_the_search_for_status_writes_finds_the_old_ways():
    source = (
        "t.status = TestimonyStatus.APPROVED\nTestimony.objects.filter(pk=1).update(status=TestimonyStatus.PUBLISHED)\n"
    )

    assert _status_writes(ast.parse(source), source) == [1, 2]


def test_templates_ask_the_testimony_not_compare_status_strings():
    compared = [
        f"{path.relative_to(ROOT)}: {match.group()}"
        for path in TEMPLATES
        for match in re.finditer(r"testimony\.status\s*[!=]=", path.read_text())
    ]

    assert compared == []


def test_every_status_has_its_moves_and_erased_is_the_end():
    assert set(TRANSITIONS) == set(TestimonyStatus)
    assert all(set(moves) <= set(TestimonyStatus) for moves in TRANSITIONS.values())
    assert TRANSITIONS[TestimonyStatus.ERASED] == frozenset()
    assert all(TestimonyStatus.ERASED in TRANSITIONS[status] for status in TestimonyStatus if status != "erased")


def test_the_named_sets_hold_only_statuses():
    named = [value for name, value in vars(lifecycle).items() if name.isupper() and isinstance(value, frozenset)]

    assert named and all(value <= set(TestimonyStatus) for value in named)


@pytest.mark.django_db
@pytest.mark.parametrize("current", list(TestimonyStatus))
def test_a_move_the_lifecycle_does_not_allow_is_refused_and_changes_nothing(current):
    testimony = TestimonyFactory(status=current)
    refused = [status for status in TestimonyStatus if status not in TRANSITIONS[current]]

    for to in refused:
        with pytest.raises(TransitionNotAllowed):
            status_change(testimony, to)
        testimony.status = current

    assert Testimony.objects.get(pk=testimony.pk).status == current
    assert not ModelLogEntry.objects.filter(action=lifecycle.STATUS_CHANGE_ACTION).exists()


@pytest.mark.django_db
def test_a_move_is_saved_and_logged_with_who_and_from_where():
    moderator = ModeratorFactory()
    testimony = TestimonyFactory(status=TestimonyStatus.AWAITING_REVIEW)

    status_change(testimony, TestimonyStatus.SECOND_REVIEW, user=moderator, action="moderation.second_review")

    assert Testimony.objects.get(pk=testimony.pk).status == TestimonyStatus.SECOND_REVIEW
    entry = ModelLogEntry.objects.get(action="moderation.second_review")
    assert entry.user_id == moderator.pk
    assert entry.data == {"from": "awaiting_review", "to": "second_review"}


@pytest.mark.django_db
def test_erasing_a_testimony_logs_each_move_and_never_its_words(site_pages):
    testimony = TestimonyFactory(status=TestimonyStatus.AWAITING_REVIEW)

    testimony_erase(testimony=testimony)

    moves = [entry.data for entry in ModelLogEntry.objects.filter(action=lifecycle.STATUS_CHANGE_ACTION).order_by("pk")]
    assert moves == [{"from": "awaiting_review", "to": "withdrawn"}, {"from": "withdrawn", "to": "erased"}]


@pytest.mark.django_db
def test_withdrawing_a_rejected_testimony_records_the_date_and_keeps_it_rejected(site_pages):
    testimony = TestimonyFactory(status=TestimonyStatus.REJECTED)

    publication_withdraw(testimony=testimony)

    testimony.refresh_from_db()
    assert testimony.status == TestimonyStatus.REJECTED and testimony.withdrawn_at is not None
