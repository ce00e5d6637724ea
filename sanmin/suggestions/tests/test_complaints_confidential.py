"""A complaint is seen by the supervision role only: the department it names (and
the office) get nothing of it, on its pages or anywhere else."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse

from sanmin.audit.models import AuditEvent
from sanmin.notifications.models import Message
from sanmin.suggestions.models import Step
from sanmin.suggestions.services.complaints import complaint_handle
from sanmin.suggestions.tests.excellence_helpers import complaint_about

SUBJECT = "张某某代填评议票"


@pytest.fixture
def complaint(campaign, citizen_user, department_user, supervisor_user):
    complaint = complaint_about(
        campaign, citizen_user, department_user.department, subject=SUBJECT
    )
    complaint_handle(complaint=complaint, actor=supervisor_user)
    return complaint


@pytest.mark.parametrize("role", ["department", "office", "operator", "statistics"])
def test_it_refuses_the_pages_to_other_staff(complaint, client_as, role):
    client = client_as(role)

    assert client.get(reverse("suggestions:complaints")).status_code == 403
    detail = reverse("suggestions:complaint", args=[complaint.number])
    assert client.get(detail).status_code == 403
    assert client.post(detail, {"action": "close", "outcome": "x"}).status_code == 403


def _pages_of(role):
    """Pages a role opens day to day (those that exist yet)."""
    names = {
        "department": ["accounts:home", "suggestions:items"],
        "office": ["accounts:home", "suggestions:triage", "suggestions:excellence"],
    }[role]
    urls = []
    for name in names:
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    return urls


@pytest.mark.parametrize("role", ["department", "office"])
def test_it_is_mentioned_nowhere_they_look(complaint, client_as, role):
    client = client_as(role)
    for url in _pages_of(role):
        response = client.get(url)
        body = response.content.decode()
        assert complaint.number not in body, url
        assert SUBJECT not in body, url
        assert "违纪举报" not in body, url


def test_it_records_no_step_sms_or_named_audit(complaint, department_user):
    assert not Step.objects.exists()
    assert not Message.objects.exists()
    for event in AuditEvent.objects.filter(action__startswith="complaint."):
        text = str(event.detail)
        assert department_user.department.name not in text
        assert department_user.department.code not in text
        assert SUBJECT not in text


def test_it_shows_the_supervisor_the_department(complaint, client_as, department_user):
    page = client_as("supervisor").get(
        reverse("suggestions:complaint", args=[complaint.number])
    )

    assert page.status_code == 200
    assert department_user.department.name in page.content.decode()
    assert SUBJECT in page.content.decode()
