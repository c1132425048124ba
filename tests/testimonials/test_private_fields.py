"""Every encrypted field is found by introspection, and every rule that must cover private fields covers it.

Nothing here lists a field by hand: a field added tomorrow is checked by these tests the day it is added.
"""

from datetime import timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from moderation.models import Review, ReviewDecision
from moderation.services import testimony_approve
from moderation.wagtail_hooks import TestimonyViewSet
from testimonials.crypto import EncryptedTextField, models_with_encrypted_fields
from testimonials.models import OutgoingEmail, Testimony, TextCheck
from testimonials.publishing import text_check_request
from testimonials.services import retention_apply, testimony_erase
from tests.factories import ModeratorFactory, TestimonyFactory, redacted_testimony

LATER = timezone.now() + timedelta(days=400)
# What a published story is: the one encrypted field retention keeps after erasing the original.
PUBLISHED_TEXT = "redacted_text"


def encrypted_names(model) -> list[str]:
    return [field.name for field in model._meta.concrete_fields if isinstance(field, EncryptedTextField)]


def fill_every_encrypted_field(testimony: Testimony) -> None:
    values = {name: f"private words of {name}" for name in encrypted_names(Testimony) if name != PUBLISHED_TEXT}
    Testimony.objects.filter(pk=testimony.pk).update(**values)
    Review.objects.create(testimony=testimony, moderator=ModeratorFactory(), decision=ReviewDecision.NOTE, note="x")


def test_the_introspection_finds_every_model_with_encrypted_fields():
    found = {model._meta.label: fields for model, fields in models_with_encrypted_fields().items()}

    assert found == {model._meta.label: encrypted_names(model) for model in apps.get_models() if encrypted_names(model)}
    assert {"testimonials.Testimony", "moderation.Review", "testimonials.OutgoingEmail"} <= set(found)


@pytest.mark.django_db
def test_retention_erases_the_authors_change_request_with_the_original(site_pages):
    testimony = redacted_testimony()
    Testimony.objects.filter(pk=testimony.pk).update(author_change_request="Please hide my cousin Siobhan's name")
    story = testimony_approve(testimony=testimony, moderator=ModeratorFactory())
    story.save_revision().publish()

    retention_apply(now=LATER)

    assert Testimony.objects.get(pk=testimony.pk).author_change_request == ""


@pytest.mark.django_db
def test_retention_of_a_published_story_keeps_only_its_published_text(site_pages):
    testimony = redacted_testimony()
    story = testimony_approve(testimony=testimony, moderator=ModeratorFactory())
    story.save_revision().publish()
    fill_every_encrypted_field(testimony)

    retention_apply(now=LATER)

    kept = Testimony.objects.get(pk=testimony.pk)
    assert {name: getattr(kept, name) for name in encrypted_names(Testimony) if name != PUBLISHED_TEXT} == {
        name: "" for name in encrypted_names(Testimony) if name != PUBLISHED_TEXT
    }
    assert kept.redacted_text
    assert set(Review.objects.filter(testimony=kept).values_list("note", flat=True)) <= {""}
    assert not kept.findings.exists()


@pytest.mark.django_db
def test_erasure_empties_every_encrypted_field_the_testimony_owns_or_is_named_in(site_pages):
    testimony = TestimonyFactory()
    fill_every_encrypted_field(testimony)
    OutgoingEmail.objects.create(testimony=testimony, to="a@example.org", subject="About your story", body="Hello")
    text_check_request("A text waiting for its personal-data check, from Siobhan.", testimony=testimony)

    testimony_erase(testimony=testimony)

    erased = Testimony.objects.get(pk=testimony.pk)
    assert all(getattr(erased, name) == "" for name in encrypted_names(Testimony))
    assert set(Review.objects.filter(testimony=erased).values_list("note", flat=True)) <= {""}
    assert not OutgoingEmail.objects.filter(testimony=erased).exists()
    assert not TextCheck.objects.filter(testimony=erased).exists()


@pytest.mark.django_db
def test_key_rotation_rewrites_every_encrypted_field(capsys):
    call_command("rotate_testimony_keys")

    printed = capsys.readouterr().out
    for model, fields in models_with_encrypted_fields().items():
        assert f"{model._meta.label}: 0 rows re-encrypted ({', '.join(fields)})" in printed


def test_the_queue_never_loads_an_encrypted_field():
    deferred = set(TestimonyViewSet.index_view_class.deferred_fields)

    assert set(encrypted_names(Testimony)) <= deferred
    assert deferred <= {field.name for field in Testimony._meta.concrete_fields}


def _rows_about_testimonies() -> set:
    """Testimony, and every model whose rows point at one."""
    return {Testimony} | {
        model
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.many_to_one and field.related_model is Testimony
    }


def test_nothing_about_a_testimony_enters_wagtails_reference_index():
    """The index feeds the admin's "usage" screens (an incident's would list the testimonies about it), and
    each save of a tracked row queues an index update on the worker: four for every redaction."""
    from wagtail.models import ReferenceIndex

    assert [model.__name__ for model in _rows_about_testimonies() if ReferenceIndex.model_is_indexable(model)] == []


@pytest.mark.django_db
def test_a_redaction_queues_no_reference_index_update(site_pages):
    from django_tasks_db.models import DBTaskResult

    updates = DBTaskResult.objects.filter(task_path__endswith="update_reference_index_task")
    before = set(updates.values_list("pk", flat=True))

    redacted_testimony()

    assert [task.args_kwargs["args"][:2] for task in updates.exclude(pk__in=before)] == []
