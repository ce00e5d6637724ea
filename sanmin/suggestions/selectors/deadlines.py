"""Deadlines of the items assigned to departments: the office's board per department
and the lists of items past or near their deadline.

An item counts for its lead department (主办单位), which answers for it. At a moment
`now` every item is in exactly one of these buckets:

- answered on time: an answer submitted (awaiting review or approved) no later than
  the deadline;
- answered late: an answer submitted after the deadline;
- open and overdue: no answer under review or approved, and the deadline has passed;
- open and due soon: the deadline is within SUGGESTION_DUE_SOON_HOURS;
- open with time left.

"Overdue" on the board is answered late + open and overdue.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
)

from sanmin.campaigns.models import Campaign, Department
from sanmin.suggestions.models import Item, ItemStatus, Satisfaction, SatisfactionLevel

ANSWERED = (ItemStatus.SUBMITTED, ItemStatus.APPROVED)
GOOD_LEVELS = (SatisfactionLevel.SATISFIED, SatisfactionLevel.BASIC)
SORT_KEYS = (
    "department",
    "assigned",
    "on_time",
    "overdue",
    "due_soon",
    "handling_days",
    "satisfaction",
)


@dataclass(frozen=True)
class DepartmentRow:
    """One department's figures on the board."""

    department_id: int
    department: str
    assigned: int
    on_time: int
    answered_late: int
    open_overdue: int
    due_soon: int
    # Average days from assignment to the approved answer (None: nothing approved).
    handling_days: float | None
    # Cases with a satisfaction rating where the department led an item.
    rated: int
    satisfied: int

    @property
    def overdue(self) -> int:
        return self.answered_late + self.open_overdue

    @property
    def satisfaction(self) -> float | None:
        """Share (0..1) of 满意 + 基本满意 among the rated cases."""
        return self.satisfied / self.rated if self.rated else None

    @property
    def on_time_rate(self) -> float | None:
        answered = self.on_time + self.answered_late
        return self.on_time / answered if answered else None


def _items(campaign: Campaign) -> QuerySet[Item]:
    return Item.objects.filter(suggestion__campaign=campaign)


def due_soon_window() -> dt.timedelta:
    return dt.timedelta(hours=settings.SUGGESTION_DUE_SOON_HOURS)


def _open() -> Q:
    return ~Q(status__in=ANSWERED)


def _handling_days(campaign: Campaign) -> dict[int, float]:
    """Average assignment → approval time per lead department, in days (one grouped
    query; SQLite and PostgreSQL both average the interval)."""
    took = ExpressionWrapper(
        F("approved_at") - F("assigned_at"), output_field=DurationField()
    )
    rows = (
        _items(campaign)
        .filter(status=ItemStatus.APPROVED, approved_at__isnull=False)
        .values("lead_id")
        .annotate(average=Avg(took))
        .order_by()
    )
    return {
        row["lead_id"]: max(row["average"].total_seconds(), 0.0) / 86400
        for row in rows
        if row["average"] is not None
    }


def _satisfaction(campaign: Campaign) -> dict[int, tuple[int, int]]:
    """(rated, satisfied) per lead department, each case counted once."""
    rows = (
        Satisfaction.objects.filter(suggestion__campaign=campaign)
        .values("suggestion__items__lead_id")
        .annotate(
            rated=Count("pk", distinct=True),
            satisfied=Count("pk", distinct=True, filter=Q(level__in=GOOD_LEVELS)),
        )
    )
    return {
        row["suggestion__items__lead_id"]: (row["rated"], row["satisfied"])
        for row in rows
        if row["suggestion__items__lead_id"] is not None
    }


def department_board(*, campaign: Campaign, now: dt.datetime) -> list[DepartmentRow]:
    """Per lead department of the campaign's items: assigned, answered on time,
    overdue, due soon, average handling time and satisfaction with the handling.

    1. Count the items in one grouped query, each bucket a filtered count
       (see the module docstring for the buckets at `now`).
    2. Average the handling time of the approved items (`_handling_days`).
    3. Count the rated cases and the satisfied ones (满意 + 基本满意) among the cases
       where the department led at least one item.
    Departments without items do not appear. Sorted by department name.
    """
    soon = now + due_soon_window()
    answered = Q(status__in=ANSWERED, answered_at__isnull=False)
    counts = (
        _items(campaign)
        .values("lead_id")
        .annotate(
            assigned=Count("pk"),
            on_time=Count("pk", filter=answered & Q(answered_at__lte=F("deadline"))),
            answered_late=Count(
                "pk", filter=answered & Q(answered_at__gt=F("deadline"))
            ),
            open_overdue=Count("pk", filter=_open() & Q(deadline__lte=now)),
            due_soon=Count(
                "pk", filter=_open() & Q(deadline__gt=now, deadline__lte=soon)
            ),
        )
        .order_by()
    )
    by_lead = {row["lead_id"]: row for row in counts}
    names = dict(
        Department.objects.filter(pk__in=list(by_lead)).values_list("pk", "name")
    )
    handling = _handling_days(campaign)
    satisfaction = _satisfaction(campaign)
    rows = []
    for lead_id, row in by_lead.items():
        rated, satisfied = satisfaction.get(lead_id, (0, 0))
        rows.append(
            DepartmentRow(
                department_id=lead_id,
                department=names.get(lead_id, ""),
                assigned=row["assigned"],
                on_time=row["on_time"],
                answered_late=row["answered_late"],
                open_overdue=row["open_overdue"],
                due_soon=row["due_soon"],
                handling_days=handling.get(lead_id),
                rated=rated,
                satisfied=satisfied,
            )
        )
    rows.sort(key=lambda r: (r.department, r.department_id))
    return rows


def board_sort(
    rows: list[DepartmentRow], *, key: str, descending: bool = False
) -> list[DepartmentRow]:
    """Rows ordered by one of SORT_KEYS (unknown keys: by department); departments
    without a figure (no approved item, nothing rated) always come last."""
    if key not in SORT_KEYS or key == "department":
        return sorted(rows, key=lambda r: r.department, reverse=descending)
    present = [r for r in rows if getattr(r, key) is not None]
    missing = [r for r in rows if getattr(r, key) is None]
    present.sort(key=lambda r: (getattr(r, key), r.department), reverse=descending)
    return present + missing


@dataclass(frozen=True)
class FlaggedItem:
    """An open item past or near its deadline, for the office's lists."""

    pk: int
    number: str
    seq: int
    summary: str
    department: str
    deadline: dt.datetime
    hours_left: int

    @property
    def hours_over(self) -> int:
        """Whole hours past the deadline (0 while it has not passed)."""
        return max(-self.hours_left, 0)


def items_flagged(
    *, campaign: Campaign, now: dt.datetime, state: str, limit: int = 200
) -> tuple[list[FlaggedItem], int]:
    """Open items that are "overdue" (deadline passed) or "due_soon", the most
    urgent first, at most `limit` of them, and how many there are in all."""
    items = _items(campaign).filter(_open())
    if state == "overdue":
        items = items.filter(deadline__lte=now)
    elif state == "due_soon":
        items = items.filter(deadline__gt=now, deadline__lte=now + due_soon_window())
    else:
        raise ValueError(f"unknown state {state!r}")
    total = items.count()
    rows = items.order_by("deadline", "pk").values(
        "pk", "suggestion__number", "seq", "summary", "lead__name", "deadline"
    )[:limit]
    return [
        FlaggedItem(
            pk=row["pk"],
            number=row["suggestion__number"],
            seq=row["seq"],
            summary=row["summary"],
            department=row["lead__name"],
            deadline=row["deadline"],
            hours_left=int((row["deadline"] - now).total_seconds() // 3600),
        )
        for row in rows
    ], total
