"""Filing a discipline complaint: a citizen gets a number; nothing of it reaches a
Step, an SMS or the audit detail; bad input and wrong users are refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.campaigns.models import Department
from sanmin.notifications.models import Message
from sanmin.suggestions.models import Complaint, Step
from sanmin.suggestions.services.complaints import complaint_file
from sanmin.suggestions.tests.excellence_helpers import (
    COMPLAINT_TEXT,
    complaint_about,
    unchanged,
)


def test_it_files_a_complaint_with_a_number(campaign, citizen_user, department_user):
    complaint = complaint_about(campaign, citizen_user, department_user.department)

    assert complaint.number == f"JB{campaign.year}000001"
    assert complaint.status == Complaint.Status.RECEIVED
    assert complaint.complainant == citizen_user
    assert complaint.department == department_user.department
    second = complaint_about(campaign, citizen_user, None)
    assert second.number == f"JB{campaign.year}000002"
    assert second.department is None


def test_it_leaves_no_trace_outside_the_channel(
    campaign, citizen_user, department_user
):
    complaint = complaint_about(campaign, citizen_user, department_user.department)

    assert not Step.objects.exists()
    assert not Message.objects.exists()
    event = AuditEvent.objects.get(action="complaint.file")
    assert event.object_id == str(complaint.pk)
    assert event.detail == {"number": complaint.number}
    assert event.actor == citizen_user


@pytest.mark.parametrize(
    ("subject", "text", "match"),
    [
        ("", COMPLAINT_TEXT, "被举报人或事项"),
        ("某" * 101, COMPLAINT_TEXT, "不能超过 100"),
        ("某事", "太短了", "不能少于 10"),
        ("某事", "长" * 3001, "不能超过 3000"),
        ("某事", "          ", "不能少于 10"),
    ],
)
def test_it_refuses_bad_input(campaign, citizen_user, subject, text, match):
    with unchanged(match=match):
        complaint_file(user=citizen_user, campaign=campaign, subject=subject, text=text)


def test_it_refuses_staff_and_a_missing_campaign(campaign, citizen_user, office_user):
    with unchanged(match="爱山东"):
        complaint_file(
            user=office_user, campaign=campaign, subject="某事", text=COMPLAINT_TEXT
        )
    with unchanged(match="没有进行中的活动"):
        complaint_file(
            user=citizen_user, campaign=None, subject="某事", text=COMPLAINT_TEXT
        )


def test_it_refuses_a_department_outside_the_campaign(campaign, citizen_user):
    stranger = Department.objects.create(code="not-taking-part", name="未参评单位")

    with unchanged(match="不是本年度活动的参评单位"):
        complaint_file(
            user=citizen_user,
            campaign=campaign,
            department=stranger,
            subject="某事",
            text=COMPLAINT_TEXT,
        )


def test_it_files_through_the_form_and_shows_the_number(
    campaign, client_as, department_user
):
    client = client_as("citizen")
    page = client.get(reverse("suggestions:complain"))
    assert page.status_code == 200
    assert department_user.department.name in page.content.decode()

    response = client.post(
        reverse("suggestions:complain"),
        {
            "department": department_user.department.pk,
            "subject": "<script>alert(1)</script>",
            "text": COMPLAINT_TEXT,
        },
        follow=True,
    )

    complaint = Complaint.objects.get()
    assert complaint.subject == "<script>alert(1)</script>"
    assert complaint.number in response.content.decode()


def test_it_shows_errors_in_chinese_and_stores_nothing(campaign, client_as):
    response = client_as("representative").post(
        reverse("suggestions:complain"), {"subject": "", "text": "短"}
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "请填写被举报人或事项" in body
    assert "举报内容不能少于 10 个字" in body
    assert not Complaint.objects.exists()
