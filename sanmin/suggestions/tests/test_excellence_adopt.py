"""Adoption into the government work report or a department's next-year plan:
recorded by the office on answered cases, shown publicly only for public cases."""

from __future__ import annotations

from django.urls import reverse

from sanmin.suggestions.models import Adoption, Step
from sanmin.suggestions.services.excellence import suggestion_adopt
from sanmin.suggestions.tests.excellence_helpers import unchanged
from sanmin.suggestions.tests.suggestion_helpers import (
    make_accepted,
    make_answered,
    make_published,
)


def test_it_records_both_kinds(campaign, citizen_user, department_user, office_user):
    case, _ = make_answered(campaign, citizen_user, department_user.department)
    department = department_user.department

    suggestion_adopt(suggestion=case, actor=office_user, kind="work_report")
    suggestion_adopt(
        suggestion=case,
        actor=office_user,
        kind="department_plan",
        department=department,
    )

    assert set(Adoption.objects.values_list("kind", "department")) == {
        ("work_report", None),
        ("department_plan", department.pk),
    }
    labels = list(Step.objects.filter(action="adopt").values_list("label", flat=True))
    assert labels == [
        "建议被采纳：纳入政府工作报告",
        f"建议被采纳：纳入{department.name}下一年度工作计划",
    ]


def test_it_refuses_wrong_state_role_and_input(
    campaign, citizen_user, department_user, office_user, statistics_user
):
    accepted = make_accepted(campaign, citizen_user)
    with unchanged(accepted, match="答复后才能标记采纳"):
        suggestion_adopt(suggestion=accepted, actor=office_user, kind="work_report")
    case, _ = make_answered(campaign, citizen_user, department_user.department)
    with unchanged(case, match="市政府办公厅"):
        suggestion_adopt(suggestion=case, actor=statistics_user, kind="work_report")
    with unchanged(case, match="须选择部门"):
        suggestion_adopt(suggestion=case, actor=office_user, kind="department_plan")
    with unchanged(case, match="请选择采纳方式"):
        suggestion_adopt(suggestion=case, actor=office_user, kind="other")
    suggestion_adopt(suggestion=case, actor=office_user, kind="work_report")
    with unchanged(case, match="相同的采纳记录"):
        suggestion_adopt(suggestion=case, actor=office_user, kind="work_report")


def test_it_shows_adoptions_publicly_only_for_public_cases(
    campaign, citizen_user, department_user, office_user, client
):
    hidden, _ = make_answered(campaign, citizen_user, department_user.department)
    public = make_published(campaign, citizen_user, department_user.department)
    public.title = "公开的建议"
    public.save(update_fields=["title"])
    hidden.title = "未公开的建议"
    hidden.save(update_fields=["title"])
    for case in (hidden, public):
        suggestion_adopt(suggestion=case, actor=office_user, kind="work_report")

    body = client.get(reverse("suggestions:excellent")).content.decode()

    assert "公开的建议" in body
    assert "未公开的建议" not in body
    assert "纳入政府工作报告" in body


def test_it_adopts_through_the_page(campaign, citizen_user, department_user, client_as):
    case, _ = make_answered(campaign, citizen_user, department_user.department)
    client = client_as("office")
    url = reverse("suggestions:adopt", args=[case.number])

    refused = client.post(url, {"kind": "department_plan"})
    assert refused.status_code == 400
    assert "须选择部门" in refused.content.decode()
    client.post(
        url,
        {"kind": "department_plan", "department": department_user.department.pk},
    )

    assert Adoption.objects.get().department == department_user.department
    page = client.get(url).content.decode()
    assert f"纳入{department_user.department.name}下一年度工作计划" in page
