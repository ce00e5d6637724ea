"""办理: the lead and co-handling departments note progress; the lead may ask the
office to reassign, and the office reassigns; other departments, roles and states
are refused and nothing changes."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sanmin.accounts.tests.fixtures import make_staff
from sanmin.campaigns.models import Department
from sanmin.suggestions.models import ItemStatus
from sanmin.suggestions.services.loop import (
    item_note,
    item_reassign,
    item_reassign_request,
)
from sanmin.suggestions.tests.suggestion_helpers import (
    make_answered,
    make_assigned,
    refused,
)


def third_department(*exclude):
    return Department.objects.exclude(pk__in=[d.pk for d in exclude])[0]


def test_it_moves_to_handling_on_the_first_note(
    campaign, citizen_user, department_user
):
    _, item = make_assigned(campaign, citizen_user, department_user.department)

    item_note(item=item, actor=department_user, note="已实地查看")
    item_note(item=item, actor=department_user, note="正在协调")

    assert item.status == ItemStatus.HANDLING
    steps = item.steps.filter(action="item_note")
    assert [s.note for s in steps] == ["已实地查看", "正在协调"]
    assert not any(s.public for s in steps)
    assert steps[0].actor_label == department_user.department.name


def test_it_lets_a_partner_note(
    campaign, citizen_user, department_user, other_department_user
):
    _, item = make_assigned(
        campaign,
        citizen_user,
        department_user.department,
        partners=[other_department_user.department],
    )

    item_note(item=item, actor=other_department_user, note="协办意见已反馈")

    assert item.steps.get(action="item_note").actor == other_department_user


def test_it_refuses_notes_of_others(
    campaign, citizen_user, department_user, other_department_user, office_user
):
    _, item = make_assigned(campaign, citizen_user, department_user.department)

    for actor in (other_department_user, office_user, citizen_user):
        with refused(item, match="主办或协办单位|承办部门的工作人员"):
            item_note(item=item, actor=actor, note="进展")
    with refused(item, match="请填写办理情况"):
        item_note(item=item, actor=department_user, note=" ")


def test_it_refuses_a_note_after_approval(campaign, citizen_user, department_user):
    _, item = make_answered(campaign, citizen_user, department_user.department)

    with refused(item, match="已审定"):
        item_note(item=item, actor=department_user, note="补充")


def test_it_asks_for_and_makes_a_reassignment(
    campaign, citizen_user, office_user, department_user, other_department_user
):
    lead, new_lead = department_user.department, other_department_user.department
    partner = third_department(lead, new_lead)
    _, item = make_assigned(campaign, citizen_user, lead)

    item_reassign_request(item=item, actor=department_user, reason="不属于本单位职责")

    assert (item.status, item.reassign_reason) == (
        ItemStatus.REASSIGN,
        "不属于本单位职责",
    )
    deadline = timezone.now() + dt.timedelta(days=10)
    item_reassign(
        item=item,
        actor=office_user,
        lead=new_lead,
        partners=[partner],
        deadline=deadline,
        note="改由新单位主办",
    )

    assert (item.status, item.lead, item.deadline) == (
        ItemStatus.ASSIGNED,
        new_lead,
        deadline,
    )
    assert list(item.partners.all()) == [partner]
    assert item.reassign_reason == ""
    assert [s.action for s in item.steps.filter(public=False)][-2:] == [
        "item_reassign_request",
        "item_reassign",
    ]


def test_it_refuses_a_request_from_a_partner(
    campaign, citizen_user, department_user, other_department_user
):
    _, item = make_assigned(
        campaign,
        citizen_user,
        department_user.department,
        partners=[other_department_user.department],
    )

    with refused(item, match="主办单位"):
        item_reassign_request(item=item, actor=other_department_user, reason="职责")
    with refused(item, match="申请改派理由"):
        item_reassign_request(item=item, actor=department_user, reason="")


def test_it_refuses_a_request_in_the_wrong_state(
    campaign, citizen_user, department_user
):
    _, item = make_assigned(campaign, citizen_user, department_user.department)
    item_reassign_request(item=item, actor=department_user, reason="职责不符")

    with refused(item, match="不能申请改派"):
        item_reassign_request(item=item, actor=department_user, reason="职责不符")


def test_it_refuses_a_reassignment_not_asked_for(
    campaign, citizen_user, office_user, department_user, other_department_user
):
    _, item = make_assigned(campaign, citizen_user, department_user.department)

    with refused(item, match="只能改派"):
        item_reassign(
            item=item, actor=office_user, lead=other_department_user.department
        )


def test_it_refuses_a_reassignment_by_others_or_badly_made(
    campaign, citizen_user, office_user, department_user, other_department_user
):
    lead = other_department_user.department
    _, item = make_assigned(campaign, citizen_user, department_user.department)
    item_reassign_request(item=item, actor=department_user, reason="职责不符")
    past = timezone.now() - dt.timedelta(hours=1)

    with refused(item, match="市政府办公厅"):
        item_reassign(item=item, actor=department_user, lead=lead)
    with refused(item, match="不能包含主办单位"):
        item_reassign(item=item, actor=office_user, lead=lead, partners=[lead])
    with refused(item, match="晚于当前时间"):
        item_reassign(item=item, actor=office_user, lead=lead, deadline=past)


def test_it_lets_any_staff_member_of_the_lead_work(
    campaign, citizen_user, department_user
):
    colleague = make_staff(
        role="department", username="colleague", department=department_user.department
    )
    _, item = make_assigned(campaign, citizen_user, department_user.department)

    item_note(item=item, actor=colleague, note="同事跟进")

    assert item.status == ItemStatus.HANDLING
