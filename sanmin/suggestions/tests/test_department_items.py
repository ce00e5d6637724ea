"""The department's item list: its own items (lead or partner) only, nearest
deadline first, filtered by state and by 逾期/临期."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanmin.accounts.models import User
from sanmin.campaigns.models import Campaign, Department
from sanmin.suggestions.services import loop
from sanmin.suggestions.tests.suggestion_helpers import (
    make_accepted,
    make_answered,
    make_assigned,
    office_actor,
)

URL = reverse("suggestions:items")


def _citizen() -> User:
    return User.objects.get(username="citizen-1")


def _departments(user: User, campaign: Campaign) -> tuple[Department, Department]:
    own = user.department
    assert own is not None
    other = campaign.participants.exclude(department=own).order_by("pk")[0].department
    return own, other


def _assign(campaign: Campaign, lead: Department, summary: str, hours: int) -> None:
    case = make_accepted(campaign, _citizen())
    loop.items_assign(
        suggestion=case,
        actor=office_actor(),
        plans=[
            loop.ItemPlan(
                summary=summary,
                lead=lead,
                deadline=timezone.now() + dt.timedelta(hours=hours),
            )
        ],
    )


def test_it_lists_items_led_or_shared_but_not_other_departments_items(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, other = _departments(department_user, campaign)
    _, led = make_assigned(campaign, _citizen(), own)
    _, shared = make_assigned(campaign, _citizen(), other, partners=[own])
    foreign_case, foreign = make_assigned(campaign, _citizen(), other)
    loop.items_assign(
        suggestion=foreign_case,
        actor=office_actor(),
        plans=[loop.ItemPlan(summary="另一部门的事项", lead=other)],
    )

    html = client_as("department").get(URL).content.decode()

    assert reverse("suggestions:item", args=[led.pk]) in html
    assert reverse("suggestions:item", args=[shared.pk]) in html
    assert f"协办（主办：{other.name}）" in html
    assert reverse("suggestions:item", args=[foreign.pk]) not in html
    assert "另一部门的事项" not in html
    assert "共 2 项" in html
    assert "测试市民1" not in html and "138****0001" not in html


def test_it_sorts_by_deadline_and_filters_overdue_and_due_soon(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, _ = _departments(department_user, campaign)
    with time_machine.travel(timezone.now() - dt.timedelta(days=20)):
        _assign(campaign, own, "早已逾期的事项", hours=24)
    _assign(campaign, own, "明天到期的事项", hours=24)
    _assign(campaign, own, "下月到期的事项", hours=24 * 30)
    client = client_as("department")

    every = client.get(URL).content.decode()
    overdue = client.get(URL, {"due": "overdue"}).content.decode()
    soon = client.get(URL, {"due": "due_soon"}).content.decode()

    order = [every.index(s) for s in ("早已逾期", "明天到期", "下月到期")]
    assert order == sorted(order)
    assert "早已逾期" in overdue and "明天到期" not in overdue
    assert "明天到期" in soon and "早已逾期" not in soon and "下月到期" not in soon


def test_it_filters_by_state_and_hides_approved_items_by_default(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, _ = _departments(department_user, campaign)
    _, done = make_answered(campaign, _citizen(), own)
    _, working = make_assigned(campaign, _citizen(), own)
    client = client_as("department")
    done_url = reverse("suggestions:item", args=[done.pk])
    working_url = reverse("suggestions:item", args=[working.pk])

    default = client.get(URL).content.decode()
    approved = client.get(URL, {"state": "approved"}).content.decode()
    every = client.get(URL, {"state": "all"}).content.decode()

    assert working_url in default and done_url not in default
    assert done_url in approved and working_url not in approved
    assert done_url in every and working_url in every


def test_it_pages_with_a_bounded_number_of_queries(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
    django_assert_max_num_queries: Any,
) -> None:
    own, _ = _departments(department_user, campaign)
    for n in range(26):
        _assign(campaign, own, f"事项{n:02d}", hours=100 + n)
    client = client_as("department")
    client.get(URL)

    with django_assert_max_num_queries(10):
        first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2}).content.decode()

    assert "事项00" in first and "事项24" in first and "事项25" not in first
    assert "事项25" in second and "第 2 / 2 页" in second


def test_it_refuses_the_office_and_citizens(
    cast: object, client_as: Callable[[str], Client]
) -> None:
    assert client_as("office").get(URL).status_code == 403
    assert client_as("citizen").get(URL).status_code == 403
