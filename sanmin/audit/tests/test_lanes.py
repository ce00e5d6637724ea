"""The audit log as several hash chains (lanes): each verified on its own."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from sanmin.accounts.tests.fixtures import verified_client
from sanmin.audit.models import GENESIS_HASH, AuditEvent
from sanmin.audit.selectors import (
    REASON_HASH,
    REASON_LINK,
    REASON_WITNESS,
    audit_chain_verify,
)
from sanmin.audit.services import audit_record
from sanmin.audit.tests.tamper import record_in_lanes, without_triggers

pytestmark = pytest.mark.django_db

# Lanes 0 to 3, each written more than once, interleaved as concurrent writers would.
SPREAD = [0, 1, 2, 3, 1, 2, 2, 0, 3, 1]


@pytest.fixture(autouse=True)
def four_lanes(settings: Any) -> None:
    settings.AUDIT_LANES = 4


def _verify_output() -> str:
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_it_links_each_event_to_the_previous_one_of_its_lane() -> None:
    events = record_in_lanes(SPREAD)
    previous: dict[int, str] = {}
    for event in events:
        assert event.prev_hash == previous.get(event.lane, GENESIS_HASH)
        previous[event.lane] = event.hash


def test_it_names_the_newest_event_of_the_next_lane_as_witness() -> None:
    events = record_in_lanes(SPREAD)
    newest: dict[int, str] = {}
    for event in events:
        assert event.witness == newest.get((event.lane + 1) % 4, "")
        newest[event.lane] = event.hash


def test_events_spread_over_lanes_verify() -> None:
    record_in_lanes(SPREAD)
    report = audit_chain_verify()
    assert report.ok
    assert report.checked == len(SPREAD)
    assert [(lane.lane, lane.checked) for lane in report.lanes] == [
        (0, 2),
        (1, 3),
        (2, 3),
        (3, 2),
    ]
    output = _verify_output()
    assert "审计日志完好：共校验 10 条记录，分属 4 条分链" in output
    assert "分链 1：3 条记录完好" in output


def test_verify_names_the_lane_of_an_edited_event() -> None:
    events = record_in_lanes(SPREAD)
    edited = events[5]  # the middle event of lane 2
    without_triggers(
        "UPDATE audit_auditevent SET action = %s WHERE id = %s", ["forged", edited.pk]
    )
    report = audit_chain_verify()
    assert [(lane.lane, lane.broken_id) for lane in report.broken] == [(2, edited.pk)]
    assert report.broken[0].reason == REASON_HASH
    assert report.broken[0].checked == 1
    with pytest.raises(CommandError, match=f"分链 2 在第 {edited.pk} 条记录处断开"):
        call_command("audit", "verify", stdout=io.StringIO())


def test_verify_catches_an_event_moved_to_another_lane() -> None:
    events = record_in_lanes(SPREAD)
    moved = events[4]  # lane 1, between events[1] and events[9]
    without_triggers(
        "UPDATE audit_auditevent SET lane = %s WHERE id = %s", [3, moved.pk]
    )
    broken = {lane.lane: lane.broken_id for lane in audit_chain_verify().broken}
    assert broken == {1: events[9].pk, 3: moved.pk}


def test_verify_catches_a_deleted_middle_event_of_a_lane() -> None:
    events = record_in_lanes(SPREAD)
    deleted, after = events[4], events[9]  # lane 1: events 1, 4 and 9
    without_triggers("DELETE FROM audit_auditevent WHERE id = %s", [deleted.pk])
    report = audit_chain_verify()
    lane_one = next(lane for lane in report.lanes if lane.lane == 1)
    assert (lane_one.broken_id, lane_one.reason) == (after.pk, REASON_LINK)
    # Lane 0's events[7] had seen the deleted event as the newest of lane 1.
    assert events[7].witness == deleted.hash
    assert {lane.lane for lane in report.broken} == {0, 1}
    with pytest.raises(CommandError, match=f"分链 1 在第 {after.pk} 条记录处断开"):
        call_command("audit", "verify", stdout=io.StringIO())


def test_verify_catches_the_newest_events_of_a_lane_deleted() -> None:
    first, second, seen = record_in_lanes([1, 1, 0])
    assert seen.witness == second.hash
    without_triggers("DELETE FROM audit_auditevent WHERE id = %s", [second.pk])
    # Lane 1 alone still looks whole; lane 0 had seen its newest event.
    report = audit_chain_verify()
    assert [(lane.lane, lane.broken_id) for lane in report.broken] == [(0, seen.pk)]
    assert report.broken[0].reason == REASON_WITNESS
    lane_one = next(lane for lane in report.lanes if lane.lane == 1)
    assert (lane_one.ok, lane_one.checked) == (True, 1)
    assert AuditEvent.objects.filter(pk=first.pk).exists()


def test_events_from_before_lanes_keep_their_hash() -> None:
    event = audit_record(actor="测试", action="test.step")
    event.lane, event.witness = 0, ""
    # The exact payload every event was hashed over before lanes existed.
    legacy: dict[str, Any] = {
        "at": event.at.isoformat(),
        "actor": None,
        "actor_label": "测试",
        "action": "test.step",
        "object_type": "",
        "object_id": "",
        "outcome": "success",
        "detail": {},
        "ip": None,
        "prev": event.prev_hash,
    }
    assert (
        event.canonical()
        == json.dumps(legacy, sort_keys=True, ensure_ascii=False).encode()
    )
    in_lane_zero = event.compute_hash()
    event.lane = 1
    assert event.compute_hash() != in_lane_zero


def test_sqlite_writes_one_chain() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: on PostgreSQL writers spread over the lanes")
    events = [audit_record(actor="测试", action=f"test.step{i}") for i in range(3)]
    assert {event.lane for event in events} == {0}
    assert [event.witness for event in events] == ["", "", ""]


@pytest.mark.parametrize("lanes", [0, 257])
def test_it_refuses_a_lane_count_out_of_range(settings: Any, lanes: int) -> None:
    settings.AUDIT_LANES = lanes
    with pytest.raises(ImproperlyConfigured, match="AUDIT_LANES"):
        audit_record(actor="测试", action="test.step")


def test_the_verify_page_reports_each_lane(supervisor_user: Any) -> None:
    events = record_in_lanes(SPREAD)
    client = verified_client(supervisor_user)
    page = client.get(reverse("audit:verify")).content.decode()
    assert "审计日志完好" in page
    assert "分属 4 条分链" in page
    without_triggers(
        "UPDATE audit_auditevent SET action = %s WHERE id = %s",
        ["forged", events[3].pk],
    )
    page = client.get(reverse("audit:verify")).content.decode()
    assert "哈希链有 1 条分链断开" in page
    assert f"在第 {events[3].pk} 条记录处断开" in page
