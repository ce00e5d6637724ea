"""Concurrent writers: on PostgreSQL they take different lanes instead of queueing."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections, transaction

from sanmin.audit.models import AuditEvent
from sanmin.audit.selectors import audit_chain_verify
from sanmin.audit.services import audit_record

pytestmark = pytest.mark.django_db(transaction=True)

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite transactions begin IMMEDIATE: a second writer always waits",
)


def _in_threads(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run `work(index)` in `count` threads, each on its own connection."""
    outcomes: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            outcomes[index] = work(index)
        except Exception as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@postgresql_only
def test_concurrent_writers_take_different_lanes_without_waiting() -> None:
    barrier = threading.Barrier(2)

    def write(index: int) -> int:
        with transaction.atomic():
            event = audit_record(actor="测试", action=f"test.writer{index}")
            # Both transactions are open here, each holding its lane: had the second
            # writer waited for the first one's lane, the barrier would time out.
            barrier.wait(timeout=10)
        return event.lane

    lanes = _in_threads(2, write)
    assert all(isinstance(lane, int) for lane in lanes), lanes
    assert lanes[0] != lanes[1]
    assert audit_chain_verify().ok


@postgresql_only
def test_a_writer_waits_when_every_lane_is_busy(settings: Any) -> None:
    settings.AUDIT_LANES = 2
    holding = threading.Barrier(4)  # the two holders, the late writer, the watcher
    release = threading.Event()
    finished = threading.Event()

    def write(index: int) -> AuditEvent:
        if index == 2:
            holding.wait(timeout=10)
            event = audit_record(actor="测试", action="test.late")
            finished.set()
            return event
        with transaction.atomic():
            event = audit_record(actor="测试", action=f"test.holder{index}")
            holding.wait(timeout=10)
            release.wait(timeout=10)
        return event

    waited: list[bool] = []

    def watch() -> None:
        holding.wait(timeout=10)
        time.sleep(0.5)
        waited.append(not finished.is_set())
        release.set()

    watcher = threading.Thread(target=watch)
    watcher.start()
    first, second, late = _in_threads(3, write)
    watcher.join()
    # Both lanes were held by open transactions, so the late writer had to wait.
    assert waited == [True]
    assert finished.is_set()
    assert {first.lane, second.lane} == {0, 1}
    before = first if late.lane == first.lane else second
    assert late.prev_hash == before.hash
    report = audit_chain_verify()
    assert report.ok
    assert report.checked == 3


def test_a_burst_of_writers_leaves_every_lane_whole(settings: Any) -> None:
    settings.AUDIT_LANES = 3
    writers, rounds = 8, 5
    barrier = threading.Barrier(writers)

    def write(index: int) -> list[tuple[int, int]]:
        barrier.wait(timeout=10)
        lanes = []
        for step in range(rounds):
            with transaction.atomic():
                # Two events in one transaction stay in its one lane.
                one = audit_record(actor="测试", action=f"test.w{index}.{step}.a")
                two = audit_record(actor="测试", action=f"test.w{index}.{step}.b")
            lanes.append((one.lane, two.lane))
        return lanes

    outcomes = _in_threads(writers, write)
    assert all(isinstance(lanes, list) for lanes in outcomes), outcomes
    assert all(one == two for lanes in outcomes for one, two in lanes)
    report = audit_chain_verify()
    assert report.ok
    assert report.checked == writers * rounds * 2
    if connection.vendor == "postgresql":
        assert {lane.lane for lane in report.lanes} <= {0, 1, 2}
