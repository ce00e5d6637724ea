"""A hand-computed fixture for the deadline board, the statistics and the export:
cases made through the real services at controlled moments (time_machine).

The board is read at NOW = 20 December 2024, 10:00 (Beijing). Department A is the
`department_user`'s, B the `other_department_user`'s. Items (lead, assigned,
deadline, what happened):

- case 1 (district: the first one) — item 1 (A, 1 Dec, 16 Dec) answered 10 Dec,
  approved 11 Dec: on time, 10 days; item 7 (B, 1 Dec, 16 Dec) answered 3 Dec,
  approved 11 Dec: on time, 10 days. Rated 满意.
- case 2 — item 2 (A, 1 Dec, 5 Dec) answered 8 Dec, approved 9 Dec: late, 8 days.
  Rated 不满意.
- case 3 — item 3 (A, 1 Dec, 19 Dec) open: overdue.
- case 4 (the second topic) — item 4 (A, 12 Dec, 21 Dec 10:00) open: due soon.
- case 5 — item 5 (A, 12 Dec, 30 Dec) open: time left.
- case 6 — item 6 (A, 12 Dec, 19 Dec) answered 18 Dec, awaiting review: on time.
- case 8 — item 8 (B, 1 Dec, 15 Dec) answered 10 Dec, returned 11 Dec: overdue.
- case 9 — item 9 (B, 1 Dec, 25 Dec) answered 4 Dec, approved 5 Dec: on time,
  4 days. Rated 基本满意.

Expected board — A: assigned 6, on time 2, late 1, open overdue 1 (overdue 2), due
soon 1, handling 9.0 days, rated 2, satisfied 1. B: assigned 3, on time 2, late 0,
open overdue 1, due soon 0, handling 7.0 days, rated 2, satisfied 2.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from sanmin.campaigns.models import Campaign, Department, District
from sanmin.suggestions.models import Item, Suggestion
from sanmin.suggestions.services.loop import (
    ItemPlan,
    item_answer_approve,
    item_answer_return,
    item_answer_submit,
    items_assign,
    satisfaction_rate,
    suggestion_accept,
)
from sanmin.suggestions.tests.suggestion_helpers import (
    ANSWER,
    department_actor,
    make_suggestion,
    office_actor,
)

ZONE = ZoneInfo("Asia/Shanghai")


def local(day: int, hour: int = 10, month: int = 12) -> dt.datetime:
    return dt.datetime(2024, month, day, hour, 0, tzinfo=ZONE)


NOW = local(20)


@dataclass
class Board:
    a: Department
    b: Department
    cases: dict[int, Suggestion] = field(default_factory=dict)
    items: dict[int, Item] = field(default_factory=dict)


def _case(
    campaign: Campaign,
    citizen: Any,
    when: dt.datetime,
    plans: list[tuple[Department, dt.datetime]],
    **overrides: Any,
) -> tuple[Suggestion, list[Item]]:
    with time_machine.travel(when - dt.timedelta(hours=1), tick=False):
        case = make_suggestion(campaign, citizen, **overrides)
    with time_machine.travel(when - dt.timedelta(minutes=30), tick=False):
        suggestion_accept(suggestion=case, actor=office_actor())
    with time_machine.travel(when, tick=False):
        items = items_assign(
            suggestion=case,
            actor=office_actor(),
            plans=[
                ItemPlan(summary=f"事项{n}", lead=lead, deadline=deadline)
                for n, (lead, deadline) in enumerate(plans, start=1)
            ],
        )
    return case, items


def _answer(item: Item, when: dt.datetime) -> None:
    with time_machine.travel(when, tick=False):
        item_answer_submit(item=item, actor=department_actor(item.lead), answer=ANSWER)


def _approve(item: Item, when: dt.datetime) -> None:
    with time_machine.travel(when, tick=False):
        item_answer_approve(item=item, actor=office_actor())


def _rate(case: Suggestion, citizen: Any, level: str) -> None:
    case.refresh_from_db()
    with time_machine.travel(local(19), tick=False):
        satisfaction_rate(suggestion=case, user=citizen, level=level)


def make_board(campaign: Campaign, citizen: Any, a: Department, b: Department) -> Board:
    """The fixture of the module docstring."""
    board = Board(a=a, b=b)
    district = District.objects.order_by("order", "code")[0]
    second_topic = campaign.topics.order_by("order")[1]

    case, (item1, item7) = _case(
        campaign,
        citizen,
        local(1),
        [(a, local(16)), (b, local(16))],
        district=district,
    )
    _answer(item7, local(3))
    _answer(item1, local(10))
    _approve(item1, local(11))
    _approve(item7, local(11))
    _rate(case, citizen, "satisfied")
    board.cases[1], board.items[1], board.items[7] = case, item1, item7

    case, (item2,) = _case(campaign, citizen, local(1), [(a, local(5))])
    _answer(item2, local(8))
    _approve(item2, local(9))
    _rate(case, citizen, "dissatisfied")
    board.cases[2], board.items[2] = case, item2

    case, (item3,) = _case(campaign, citizen, local(1), [(a, local(19))])
    board.cases[3], board.items[3] = case, item3

    case, (item4,) = _case(
        campaign, citizen, local(12), [(a, local(21))], topic=second_topic
    )
    board.cases[4], board.items[4] = case, item4

    case, (item5,) = _case(campaign, citizen, local(12), [(a, local(30))])
    board.cases[5], board.items[5] = case, item5

    case, (item6,) = _case(campaign, citizen, local(12), [(a, local(19))])
    _answer(item6, local(18))
    board.cases[6], board.items[6] = case, item6

    case, (item8,) = _case(campaign, citizen, local(1), [(b, local(15))])
    _answer(item8, local(10))
    with time_machine.travel(local(11), tick=False):
        item_answer_return(
            item=item8, actor=office_actor(), comment="请补充办理时间安排"
        )
    board.cases[8], board.items[8] = case, item8

    case, (item9,) = _case(campaign, citizen, local(1), [(b, local(25))])
    _answer(item9, local(4))
    _approve(item9, local(5))
    _rate(case, citizen, "basic")
    board.cases[9], board.items[9] = case, item9

    for item in board.items.values():
        item.refresh_from_db()
    for case in board.cases.values():
        case.refresh_from_db()
    return board
