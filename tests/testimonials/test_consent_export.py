import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.factories import ModeratorFactory, UserFactory

STORY = "The attack cancelled my operation, and Ottilie Vanterpool-Grisham drove me to another city."


@pytest.fixture
def submitted(client, site_pages):
    call = site_pages["call"]
    client.post(
        call.url,
        {
            "story": STORY,
            "role": "patient",
            "name": "Ottilie Vanterpool-Grisham",
            "consent_processing": "on",
            "consent_publication": "on",
            "consent_version": call.consent_text_version,
        },
    )
    return call


def test_the_data_protection_officer_exports_consent_records_without_text(client, submitted):
    officer = UserFactory(username="dpo")
    officer.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="export_consent_records")
    )
    client.force_login(officer)

    response = client.get(reverse("consent_records_export"))

    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["reference", "consent", "given", "wording_version", "changed_at"]
    assert {row[1] for row in rows[1:]} == {
        "consent_processing",
        "consent_publication",
        "consent_contact",
        "consent_research",
    }
    assert all(row[3] == submitted.consent_text_version for row in rows[1:])
    assert "Vanterpool" not in body and "operation" not in body


def test_others_cannot_export_consent_records(client, submitted):
    client.force_login(ModeratorFactory())

    response = client.get(reverse("consent_records_export"))

    assert response.status_code == 302
    assert "consent-records.csv" not in client.get(reverse("wagtailadmin_home")).content.decode()
