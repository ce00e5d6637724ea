"""The suspicious-patterns report: bursts from one device or network, fast votes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.evaluation.models import Ballot, BallotItem, Participation
from sanmin.evaluation.selectors.patterns import (
    PatternParams,
    pattern_bursts,
    pattern_fast_votes,
)
from sanmin.evaluation.tests.tally_helpers import cast, raters

pytestmark = pytest.mark.django_db

PATTERNS = reverse("evaluation:patterns")
DEFAULTS = PatternParams(voters=5, minutes=10, seconds=60)


def _votes(
    campaign: Any,
    session: Any,
    times: list[dt.datetime],
    *,
    start: int,
    device_hash: str = "",
    network_hash: str = "",
) -> list[Participation]:
    users = raters(campaign, len(times), start=start)
    for user, when in zip(users, times, strict=True):
        cast(user, session, when, device_hash=device_hash, network_hash=network_hash)
    return list(Participation.objects.filter(voted_at__in=times).order_by("voted_at"))


def _minutes(base: dt.datetime, *offsets: float) -> list[dt.datetime]:
    return [base + dt.timedelta(minutes=m) for m in offsets]


def test_more_than_k_voters_from_one_device_within_t_minutes_are_flagged(
    campaign: Any, public_session: Any
) -> None:
    base = public_session.window.opens_at + dt.timedelta(hours=1)
    burst = _votes(
        campaign,
        public_session,
        _minutes(base, 0, 1, 2, 3, 4, 9),
        start=200,
        device_hash="d" * 64,
    )
    # Five from another device within ten minutes: not more than K.
    _votes(
        campaign,
        public_session,
        _minutes(base, 0.5, 1.5, 2.5, 3.5, 4.5),
        start=300,
        device_hash="e" * 64,
    )
    found = pattern_bursts(campaign=campaign, params=DEFAULTS)
    assert len(found) == 1
    assert found[0].source == "device_hash"
    assert found[0].representatives == 6
    assert [v.participation_id for v in found[0].votes] == [p.pk for p in burst]


def test_voters_spread_over_more_than_t_minutes_are_not_a_burst(
    campaign: Any, public_session: Any
) -> None:
    base = public_session.window.opens_at + dt.timedelta(hours=1)
    _votes(
        campaign,
        public_session,
        _minutes(base, 0, 3, 6, 9, 12, 15, 18),
        start=200,
        network_hash="n" * 64,
    )
    assert pattern_bursts(campaign=campaign, params=DEFAULTS) == []
    # …but they are with a longer span.
    wide = PatternParams(voters=5, minutes=20, seconds=60)
    (burst,) = pattern_bursts(campaign=campaign, params=wide)
    assert burst.source == "network_hash"
    assert burst.representatives == 7


def test_votes_cast_right_after_opening_are_flagged(
    campaign: Any, public_session: Any
) -> None:
    opens = public_session.window.opens_at
    quick = _votes(
        campaign, public_session, [opens + dt.timedelta(seconds=20)], start=200
    )
    _votes(campaign, public_session, [opens + dt.timedelta(minutes=5)], start=300)
    (flagged,) = pattern_fast_votes(campaign=campaign, params=DEFAULTS)
    assert flagged.participation_id == quick[0].pk
    assert flagged.seconds_after_open == 20
    assert "60 秒内" in flagged.reason


def test_the_supervisor_reads_the_report_without_ballot_content(
    client_as: Callable[[str], Client], cast: Any, public_session: Any
) -> None:
    opens = public_session.window.opens_at
    votes = _votes(
        cast.campaign,
        public_session,
        [opens + dt.timedelta(seconds=s) for s in (5, 10, 15, 20, 25, 30)],
        start=200,
        device_hash="d" * 64,
        network_hash="n" * 64,
    )
    response = client_as("supervisor").get(PATTERNS)
    assert response.status_code == 200
    text = response.content.decode()
    for vote in votes:
        assert f"#{vote.pk}" in text
    assert public_session.title in text
    district = votes[0].representative.district
    assert district is not None
    assert district.name in text
    assert "同一设备" in text
    assert "同一网络" in text
    for receipt in Ballot.objects.values_list("receipt", flat=True):
        assert receipt not in text
    for ballot_id in Ballot.objects.values_list("id", flat=True):
        assert str(ballot_id) not in text
    for label in ("比较满意", "基本满意", "不了解"):  # no choice shown
        assert label not in text
    event = AuditEvent.objects.get(action="patterns.view")
    assert event.detail == {
        "voters": 5,
        "minutes": 10,
        "seconds": 60,
        "bursts": 2,
        "fast": 6,
    }
    # It flags; nothing changed.
    assert Participation.objects.count() == 6
    assert BallotItem.objects.count() == 6 * 8


def test_the_parameters_come_from_the_form(
    client_as: Callable[[str], Client], cast: Any, public_session: Any
) -> None:
    opens = public_session.window.opens_at
    _votes(
        cast.campaign,
        public_session,
        [opens + dt.timedelta(seconds=90)],
        start=200,
    )
    flag = f"#{Participation.objects.get().pk}<"
    supervisor = client_as("supervisor")
    assert flag not in supervisor.get(PATTERNS).content.decode()  # 90 s ≥ 60 s
    text = supervisor.get(PATTERNS, {"seconds": 120}).content.decode()
    assert "开始评议后 120 秒内" in text
    assert flag in text
    bad = supervisor.get(PATTERNS, {"voters": 0})
    assert bad.status_code == 400


def test_the_settings_give_the_defaults(settings: Any) -> None:
    from sanmin.evaluation.selectors.patterns import pattern_defaults

    assert pattern_defaults() == PatternParams(voters=5, minutes=10, seconds=60)
    settings.EVALUATION_PATTERN_VOTERS = 3
    settings.EVALUATION_PATTERN_SECONDS = 30
    assert pattern_defaults() == PatternParams(voters=3, minutes=10, seconds=30)
