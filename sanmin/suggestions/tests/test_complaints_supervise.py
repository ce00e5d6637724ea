"""The supervision role moves a complaint RECEIVED → HANDLING → CLOSED with an
outcome, and sees the complainant masked; wrong states and roles are refused."""

from __future__ import annotations

from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.suggestions.models import Complaint
from sanmin.suggestions.selectors.complaints import mask_name
from sanmin.suggestions.services.complaints import complaint_close, complaint_handle
from sanmin.suggestions.tests.excellence_helpers import complaint_about, unchanged


def test_it_moves_a_complaint_to_closed(campaign, citizen_user, supervisor_user):
    complaint = complaint_about(campaign, citizen_user, None)

    complaint_handle(complaint=complaint, actor=supervisor_user)
    complaint_close(
        complaint=complaint, actor=supervisor_user, outcome="经核查属实，已移交处理"
    )

    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.CLOSED
    assert complaint.outcome == "经核查属实，已移交处理"
    assert complaint.handling_at is not None
    assert complaint.closed_at is not None
    details = list(
        AuditEvent.objects.filter(action__startswith="complaint.")
        .order_by("pk")
        .values_list("action", "detail")
    )
    assert [action for action, _ in details] == [
        "complaint.file",
        "complaint.handle",
        "complaint.close",
    ]
    assert "经核查" not in str(details)


def test_it_refuses_the_wrong_state(campaign, citizen_user, supervisor_user):
    complaint = complaint_about(campaign, citizen_user, None)
    with unchanged(complaint, match="只有核查中的举报可以办结"):
        complaint_close(complaint=complaint, actor=supervisor_user, outcome="结果")
    complaint_handle(complaint=complaint, actor=supervisor_user)
    with unchanged(complaint, match="不能再开始核查"):
        complaint_handle(complaint=complaint, actor=supervisor_user)
    complaint_close(complaint=complaint, actor=supervisor_user, outcome="结果")
    with unchanged(complaint, match="只有核查中的举报可以办结"):
        complaint_close(complaint=complaint, actor=supervisor_user, outcome="再次")


def test_it_refuses_other_roles_and_an_empty_outcome(
    campaign, citizen_user, supervisor_user, office_user, department_user
):
    complaint = complaint_about(campaign, citizen_user, department_user.department)
    for actor in (office_user, department_user, citizen_user):
        with unchanged(complaint, match="只有纪律监督人员"):
            complaint_handle(complaint=complaint, actor=actor)
    complaint_handle(complaint=complaint, actor=supervisor_user)
    with unchanged(complaint, match="只有纪律监督人员"):
        complaint_close(complaint=complaint, actor=office_user, outcome="结果")
    with unchanged(complaint, match="请填写核查结果"):
        complaint_close(complaint=complaint, actor=supervisor_user, outcome="   ")
    with unchanged(complaint, match="不能超过 3000"):
        complaint_close(complaint=complaint, actor=supervisor_user, outcome="长" * 3001)


def test_it_lists_and_handles_through_the_pages(campaign, citizen_user, client_as):
    complaint = complaint_about(campaign, citizen_user, None, subject="代填评议票")
    client = client_as("supervisor")

    listing = client.get(reverse("suggestions:complaints"))
    assert complaint.number in listing.content.decode()
    assert "代填评议票" in listing.content.decode()
    url = reverse("suggestions:complaint", args=[complaint.number])
    page = client.get(url).content.decode()
    assert mask_name(citizen_user.display_name) in page
    assert citizen_user.display_name not in page
    assert "138****0001" in page
    assert "13800000001" not in page

    client.post(url, {"action": "handle"})
    refused = client.post(url, {"action": "close", "outcome": ""})
    assert refused.status_code == 400
    assert "请填写核查结果" in refused.content.decode()
    client.post(url, {"action": "close", "outcome": "已核实并处理"})

    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.CLOSED
    closed = client.get(reverse("suggestions:complaints") + "?status=closed")
    assert complaint.number in closed.content.decode()
    received = client.get(reverse("suggestions:complaints") + "?status=received")
    assert complaint.number not in received.content.decode()


def test_it_masks_names():
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳小明") == "欧***"
    assert mask_name("李") == "李*"
    assert mask_name("") == ""
