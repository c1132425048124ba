"""The administrators' service health screen and dashboard panel: counts, names, times and error classes only."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from operations.tasks import worker_heartbeat_task
from operations.views import ADMINISTRATORS
from testimonials.emails import email_send
from testimonials.models import EmailStatus, OutgoingEmail, TestimonyStatus
from tests.factories import (
    PRIVATE_STRINGS,
    CommunicationsFactory,
    ModeratorFactory,
    TestimonyFactory,
    UserFactory,
)

RECIPIENT = "quincey.zebedee@example.org"
SUBJECT = "A notice about Quincey Zebedee-Marchetti"
TASK_NOTE = "Margarethe Oyelaran-Whitcombe wrote again"


@task()
def task_that_fails(note: str) -> None:
    raise ValueError(note)


def email_queued() -> OutgoingEmail:
    return email_send(
        subject=SUBJECT,
        template="testimonials/emails/submission_confirmation.txt",
        context={"testimony": {"reference": "T-ABC234"}},
        tag="submission-confirmation",
        to=[RECIPIENT],
    )


def task_enqueued(**fields) -> None:
    result = worker_heartbeat_task.enqueue()
    DBTaskResult.objects.filter(pk=result.id).update(**fields)


def summary_row(content: str, heading: str) -> str:
    match = re.search(rf'<th scope="row">{re.escape(heading)}</th>\s*<td>(.*?)</td>', content, re.DOTALL)
    assert match, f"no row {heading!r}"
    return " ".join(match.group(1).split())


def page(client, user):
    client.force_login(user)
    return client.get(reverse("service_health"))


@pytest.mark.django_db(transaction=True)
def test_an_administrator_sees_what_failed_stalled_waits_and_bounced_and_no_private_word(
    client, site_pages, run_worker
):
    run_worker()  # Wagtail's indexing of the pages set up (some of which set-up deleted again: they fail)
    DBTaskResult.objects.all().delete()
    failed_email, bounced_email = email_queued(), email_queued()
    task_that_fails.enqueue(note=TASK_NOTE)
    run_worker()  # delivers the two emails, and runs the task, which fails
    OutgoingEmail.objects.filter(pk=failed_email.pk).update(
        status=EmailStatus.FAILED, attempts=6, last_error="AnymailRequestsAPIError"
    )
    OutgoingEmail.objects.filter(pk=bounced_email.pk).update(status=EmailStatus.BOUNCED)
    task_enqueued(status="RUNNING", started_at=timezone.now() - timedelta(minutes=45))
    task_enqueued(enqueued_at=timezone.now() - timedelta(minutes=20))
    worker_heartbeat_task.call()
    testimony = TestimonyFactory(status=TestimonyStatus.AWAITING_REVIEW)

    response = page(client, UserFactory(is_superuser=True))

    assert response.status_code == 200
    content = response.content.decode()
    assert summary_row(content, "Tasks failed in the last 7 days") == "1"
    assert summary_row(content, "Tasks running for over 30 minutes") == "1"
    assert "(the oldest for 20 minutes)" in summary_row(content, "Tasks waiting to start")
    assert summary_row(content, "Emails not delivered in the last 30 days") == "2"
    assert testimony.reference in summary_row(content, "Testimonies waiting for a moderator")
    assert reverse("testimony:review", args=[testimony.pk]) in content
    assert "tests.operations.test_service_health_admin.task_that_fails" in content
    assert "builtins.ValueError" in content and "AnymailRequestsAPIError" in content
    assert "Failed after every retry" in content and "Bounced" in content
    for private in (RECIPIENT, SUBJECT, "Zebedee", TASK_NOTE, "Oyelaran", *PRIVATE_STRINGS):
        assert private not in content


@pytest.mark.django_db
def test_empty_lists_say_none_and_a_missing_heartbeat_is_called_out(client, site_pages):
    content = page(client, UserFactory(is_superuser=True)).content.decode()

    assert summary_row(content, "Worker's last heartbeat") == "Never"
    assert "no background work is being done" in content
    assert content.count("<p>None</p>") == 3


@pytest.mark.django_db
def test_members_of_the_administrators_group_see_it(client, site_pages):
    administrators = Group.objects.create(name=ADMINISTRATORS)
    administrators.permissions.add(Permission.objects.get(codename="access_admin"))

    assert page(client, UserFactory(groups=[ADMINISTRATORS])).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("staff", [ModeratorFactory, CommunicationsFactory], ids=["moderator", "communications"])
def test_other_staff_are_sent_back_to_the_admin_home_and_see_no_menu_item_or_panel(client, site_pages, staff):
    response = page(client, staff())

    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("service_health") not in dashboard and "Service health" not in dashboard


@pytest.mark.django_db
def test_administrators_get_the_menu_item_and_a_dashboard_summary(client, site_pages):
    worker_heartbeat_task.call()
    task_enqueued(status="FAILED", finished_at=timezone.now() - timedelta(days=2))
    client.force_login(UserFactory(is_superuser=True))

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()

    assert reverse("service_health") in dashboard
    assert 'id="service-health-section"' in dashboard
    assert "Something needs attention" in dashboard
    assert re.search(r"Tasks failed in the last 7 days: 1\b", dashboard)


@pytest.mark.django_db
def test_the_dashboard_summary_says_when_all_is_well(client, site_pages):
    worker_heartbeat_task.call()
    client.force_login(UserFactory(is_superuser=True))

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Everything is running. Nothing needs attention." in dashboard
