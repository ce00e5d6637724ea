"""Ballots with chosen marks, cast through `ballot_cast`, for the tally's tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sanmin.evaluation.services.ballots import Mark, ballot_cast
from sanmin.evaluation.tests.conftest import new_key


def raters(
    campaign: Any, count: int, *, start: int = 100, roster: str = "public"
) -> list[Any]:
    """`count` citizens on the campaign's roster (public or internal)."""
    from sanmin.accounts.tests.fixtures import make_citizen, make_representative

    users = []
    for serial in range(start, start + count):
        citizen = make_citizen(serial=serial)
        entry = make_representative(campaign=campaign, citizen=citizen)
        if roster != "public":
            entry.roster = roster
            entry.save(update_fields=["roster"])
        users.append(citizen)
    return users


def marks(
    session: Any,
    choices: Mapping[str, str] | None = None,
    *,
    default: str = "satisfied",
    comments: Mapping[str, str] | None = None,
) -> dict[int, Mark]:
    """A mark for every department of the session; `choices` by department name."""
    from sanmin.evaluation.selectors.ballots import session_departments

    choices = choices or {}
    comments = comments or {}
    return {
        p.pk: Mark(
            choice=choices.get(p.department.name, default),
            comment=comments.get(p.department.name, ""),
        )
        for p in session_departments(session)
    }


def cast(
    user: Any,
    session: Any,
    when: dt.datetime,
    choices: Mapping[str, str] | None = None,
    **kwargs: Any,
) -> str:
    comments = kwargs.pop("comments", None)
    return ballot_cast(
        user=user,
        session=session,
        idempotency_key=new_key(),
        marks=marks(session, choices, comments=comments),
        now=when,
        **kwargs,
    ).receipt


def all_closed(campaign: Any) -> dt.datetime:
    """A moment after every window of the campaign has closed."""
    from sanmin.evaluation.models import Window

    last = Window.objects.filter(session__campaign=campaign).latest("closes_at")
    return last.closes_at + dt.timedelta(minutes=1)


def department(snapshot: Mapping[str, Any], name: str) -> dict[str, Any]:
    return next(d for d in snapshot["departments"] if d["department"] == name)


# The hand-computed fixture of the first public session (经济建设一组): three ballots.
#   市发展改革委    满意, 比较满意, 不了解 → valid 2, (100+80)/2 = 90.00, rate 100.00
#   市科技局        满意, 基本满意, 不满意 → valid 3, 160/3 = 53.33, rate 66.67
#   市工业和信息化局 比较满意 ×2, 基本满意 → valid 3, 220/3 = 73.33, rate 100.00
#   市交通运输局    不了解 ×3 → valid 0: no score, no rank
#   the other four  满意 ×3 → 100.00, sharing rank 1
THREE_BALLOTS = [
    {
        "市发展改革委": "satisfied",
        "市科技局": "satisfied",
        "市工业和信息化局": "fairly-satisfied",
        "市交通运输局": "unknown",
    },
    {
        "市发展改革委": "fairly-satisfied",
        "市科技局": "basically-satisfied",
        "市工业和信息化局": "fairly-satisfied",
        "市交通运输局": "unknown",
    },
    {
        "市发展改革委": "unknown",
        "市科技局": "dissatisfied",
        "市工业和信息化局": "basically-satisfied",
        "市交通运输局": "unknown",
    },
]


def cast_three(
    campaign: Any, session: Any, when: dt.datetime, **kwargs: Any
) -> list[str]:
    users = raters(campaign, 3)
    return [
        cast(user, session, when, choices, **kwargs)
        for user, choices in zip(users, THREE_BALLOTS, strict=True)
    ]
