"""The internal evaluation: the same machinery with its own roster and session."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sanmin.evaluation.services.results import (
    result_approve,
    result_compute,
    result_publish,
)
from sanmin.evaluation.tests.tally_helpers import cast, department, raters

pytestmark = pytest.mark.django_db


@pytest.fixture
def internal_session(campaign: Any, public_session: Any) -> Any:
    return campaign.sessions.get(kind="internal")


def _closed(session: Any) -> dt.datetime:
    return session.window.closes_at + dt.timedelta(minutes=1)


def test_internal_departments_are_ranked_among_themselves(
    campaign: Any, internal_session: Any, statistics_user: Any
) -> None:
    when = internal_session.window.opens_at + dt.timedelta(minutes=5)
    choices = [
        {
            "市国动办": "satisfied",
            "市政府研究室": "fairly-satisfied",
            "市信访局": "satisfied",
        },
        {
            "市国动办": "satisfied",
            "市政府研究室": "satisfied",
            "市信访局": "dissatisfied",
        },
    ]
    for user, marks in zip(
        raters(campaign, 2, roster="internal"), choices, strict=True
    ):
        cast(user, internal_session, when, marks)

    result = result_compute(
        campaign=campaign,
        roster="internal",
        actor=statistics_user,
        now=_closed(internal_session),
    )
    snapshot = result.snapshot
    assert [d["department"] for d in snapshot["departments"]] == [
        "市国动办",
        "市政府研究室",
        "市信访局",
    ]
    assert [g["name"] for g in snapshot["groups"]] == ["内部述职"]
    assert [(d["score"], d["rank"]) for d in snapshot["departments"]] == [
        ("100.00", 1),
        ("90.00", 2),
        ("50.00", 3),
    ]
    assert snapshot["sessions"] == [
        {
            "id": internal_session.pk,
            "title": internal_session.title,
            "group": "内部述职",
            "opens_at": internal_session.window.opens_at.isoformat(),
            "closes_at": internal_session.window.closes_at.isoformat(),
            "participations": 2,
            "ballots": 2,
        }
    ]


def test_public_raters_cannot_vote_internally_nor_count_there(
    campaign: Any, internal_session: Any, public_session: Any, statistics_user: Any
) -> None:
    public = raters(campaign, 1)[0]
    when = public_session.window.opens_at + dt.timedelta(minutes=5)
    cast(public, public_session, when)
    result = result_compute(
        campaign=campaign,
        roster="internal",
        actor=statistics_user,
        now=_closed(internal_session),
    )
    assert all(d["valid"] == 0 for d in result.snapshot["departments"])
    assert "市发展改革委" not in {
        d["department"] for d in result.snapshot["departments"]
    }


def test_internal_tally_waits_only_for_the_internal_window(
    campaign: Any, internal_session: Any, public_session: Any, statistics_user: Any
) -> None:
    # A week before the public sessions: the internal window has closed, the public
    # ones have not opened.
    moment = _closed(internal_session)
    assert moment < public_session.window.opens_at
    result_compute(
        campaign=campaign, roster="internal", actor=statistics_user, now=moment
    )
    with pytest.raises(ValidationError, match="评议尚未截止，不能计票"):
        result_compute(
            campaign=campaign, roster="public", actor=statistics_user, now=moment
        )


def test_internal_and_public_results_are_published_apart(
    campaign: Any,
    internal_session: Any,
    statistics_user: Any,
    office_user: Any,
) -> None:
    now = _closed(internal_session)
    internal = result_compute(
        campaign=campaign, roster="internal", actor=statistics_user, now=now
    )
    internal = result_approve(result=internal, actor=statistics_user)
    result_publish(result=internal, actor=office_user)
    later = campaign.sessions.filter(kind="public").latest("starts_at").window
    public = result_compute(
        campaign=campaign,
        roster="public",
        actor=statistics_user,
        now=later.closes_at + dt.timedelta(minutes=1),
    )
    assert public.status == "computed"
    assert department(public.snapshot, "市发展改革委")["valid"] == 0
