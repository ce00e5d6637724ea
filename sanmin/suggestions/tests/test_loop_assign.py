"""交办: the office splits an accepted case into items, each with a lead department,
co-handlers other than the lead and a future deadline; more items may be added
while it is handled; anything else is refused and changes nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from sanmin.audit.models import AuditEvent
from sanmin.suggestions.models import ItemStatus, Status
from sanmin.suggestions.services.loop import ItemPlan, items_assign
from sanmin.suggestions.tests.suggestion_helpers import (
    make_accepted,
    make_assigned,
    make_suggestion,
    refused,
)


def departments(department_user, other_department_user):
    return department_user.department, other_department_user.department


def test_it_assigns_items_to_departments(
    campaign, citizen_user, office_user, department_user, other_department_user
):
    lead, partner = departments(department_user, other_department_user)
    case = make_accepted(campaign, citizen_user)
    deadline = timezone.now() + dt.timedelta(days=5)

    items = items_assign(
        suggestion=case,
        actor=office_user,
        plans=[
            ItemPlan(summary="增设停车位", lead=lead, partners=[partner]),
            ItemPlan(summary="优化交通信号", lead=partner, deadline=deadline),
        ],
    )

    assert case.status == Status.ASSIGNED
    assert [(i.seq, i.lead, i.status) for i in items] == [
        (1, lead, ItemStatus.ASSIGNED),
        (2, partner, ItemStatus.ASSIGNED),
    ]
    assert list(items[0].partners.all()) == [partner]
    assert items[1].deadline == deadline
    step = case.steps.get(action="assign")
    assert step.public
    assert step.note == f"交办{lead.name}、{partner.name}办理"
    assert "增设停车位" not in step.note
    assert case.steps.filter(action="item_assign", public=False).count() == 2
    assert AuditEvent.objects.filter(action="suggestion.assign").count() == 1


def test_it_defaults_the_deadline(
    campaign, citizen_user, office_user, department_user, settings, time_machine
):
    time_machine.move_to(dt.datetime(2024, 12, 20, 2, 0, tzinfo=dt.UTC), tick=False)
    settings.SUGGESTION_DEADLINE_DAYS = 15
    case = make_accepted(campaign, citizen_user)

    [item] = items_assign(
        suggestion=case,
        actor=office_user,
        plans=[ItemPlan(summary="增设停车位", lead=department_user.department)],
    )

    assert item.deadline == dt.datetime(2025, 1, 4, 2, 0, tzinfo=dt.UTC)


def test_it_adds_items_to_an_assigned_case(
    campaign, citizen_user, office_user, department_user, other_department_user
):
    case, _ = make_assigned(campaign, citizen_user, department_user.department)

    [item] = items_assign(
        suggestion=case,
        actor=office_user,
        plans=[ItemPlan(summary="补充事项", lead=other_department_user.department)],
    )

    assert item.seq == 2
    assert case.items.count() == 2


def test_it_refuses_bad_plans(campaign, citizen_user, office_user, department_user):
    lead = department_user.department
    case = make_accepted(campaign, citizen_user)
    past = timezone.now() - dt.timedelta(minutes=1)
    bad = [
        ([], "至少交办一个事项"),
        ([ItemPlan(summary=" ", lead=lead)], "交办事项"),
        ([ItemPlan(summary="事项", lead=None)], "主办单位"),  # type: ignore[arg-type]
        ([ItemPlan(summary="事项", lead=lead, partners=[lead])], "不能包含主办单位"),
        ([ItemPlan(summary="事项", lead=lead, deadline=past)], "晚于当前时间"),
        (
            [ItemPlan(summary="事项", lead=lead), ItemPlan(summary="", lead=lead)],
            "第 2 个事项",
        ),
    ]
    for plans, message in bad:
        with refused(case, match=message):
            items_assign(suggestion=case, actor=office_user, plans=plans)


def test_it_refuses_other_roles(campaign, citizen_user, department_user):
    case = make_accepted(campaign, citizen_user)
    plan = ItemPlan(summary="事项", lead=department_user.department)

    for actor in (department_user, citizen_user):
        with refused(case, match="市政府办公厅"):
            items_assign(suggestion=case, actor=actor, plans=[plan])


def test_it_refuses_a_case_not_accepted(
    campaign, citizen_user, office_user, department_user
):
    case = make_suggestion(campaign, citizen_user)
    plan = ItemPlan(summary="事项", lead=department_user.department)

    with refused(case, match="只能交办已受理"):
        items_assign(suggestion=case, actor=office_user, plans=[plan])
