"""With the spaCy pipeline missing, the site still works, says so in its checks, and shows no original."""

import pytest
from django.core.checks import run_checks
from django.urls import reverse

from testimonials.services import author_change_request_redact
from tests.factories import ModeratorFactory, redacted_testimony
from tests.moderation.conftest import revealer  # noqa: F401

REQUEST = "Please remove Wilhelmina Castellanos-Ferreira, my sister, from the second paragraph."


@pytest.fixture
def moderator_logged_in(client, site_pages):
    user = ModeratorFactory()
    client.force_login(user)
    return user


@pytest.fixture
def testimony_with_a_change_request(site_pages):
    testimony = redacted_testimony()
    testimony.author_change_request = REQUEST
    testimony.save()
    return testimony


def check_ids() -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True)}


# `db`: the model checks ask the connection what it supports, which opens it after a live-server test closed it.
def test_the_deploy_checks_warn_when_the_pipeline_is_missing(settings, db):
    settings.REDACTION_SPACY_MODEL = "no_such_spacy_pipeline"

    assert "moderation.W001" in check_ids()


def test_the_installed_pipeline_passes_the_check(db):
    assert "moderation.W001" not in check_ids()


def test_a_change_request_is_shown_redacted(client, moderator_logged_in, testimony_with_a_change_request):
    author_change_request_redact(testimony_id=testimony_with_a_change_request.pk)  # on the worker

    response = client.get(reverse("testimony:review", args=[testimony_with_a_change_request.pk]))

    assert response.status_code == 200
    assert b"Castellanos" not in response.content
    assert b"Asked for changes:" in response.content


def test_without_the_pipeline_a_change_request_is_hidden_not_a_server_error(
    client, moderator_logged_in, testimony_with_a_change_request, settings
):
    settings.REDACTION_SPACY_MODEL = "no_such_spacy_pipeline"
    author_change_request_redact(testimony_id=testimony_with_a_change_request.pk)  # fails on the worker

    response = client.get(reverse("testimony:review", args=[testimony_with_a_change_request.pk]))

    assert response.status_code == 200
    assert b"Castellanos" not in response.content
    assert b"Only a moderator who reveals the original can read them." in response.content


def test_without_the_pipeline_a_revealed_change_request_reads_in_full(
    client,
    revealer,  # noqa: F811
    testimony_with_a_change_request,
    settings,
):
    settings.REDACTION_SPACY_MODEL = "no_such_spacy_pipeline"
    url = reverse("testimony:review", args=[testimony_with_a_change_request.pk])
    client.post(
        reverse("testimony:reveal", args=[testimony_with_a_change_request.pk]),
        {"reason": "The author's change request cannot be redacted."},
    )

    response = client.get(url)

    assert response.status_code == 200
    assert b"Castellanos-Ferreira" in response.content
