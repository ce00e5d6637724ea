"""Reading the audit log: the chain check used by `sanmin audit verify`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from operator import attrgetter

from django.db.models import Exists, OuterRef, QuerySet

from sanmin.audit.models import GENESIS_HASH, AuditEvent


@dataclass(frozen=True)
class LaneReport:
    """One lane's verdict: rows found intact, and the first broken row if any."""

    lane: int
    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


@dataclass(frozen=True)
class ChainReport:
    """The verdicts of every lane, by lane number."""

    lanes: tuple[LaneReport, ...] = ()

    @property
    def checked(self) -> int:
        return sum(lane.checked for lane in self.lanes)

    @property
    def broken(self) -> tuple[LaneReport, ...]:
        return tuple(lane for lane in self.lanes if not lane.ok)

    @property
    def ok(self) -> bool:
        return not self.broken

    @property
    def broken_id(self) -> int | None:
        """The smallest broken row over all lanes."""
        ids = [lane.broken_id for lane in self.broken if lane.broken_id is not None]
        return min(ids, default=None)


REASON_LINK = "与本分链上一条记录的链接不一致（记录被删除或插入）"
REASON_HASH = "记录内容与其哈希不一致（记录被修改）"
REASON_WITNESS = "所引用的相邻分链记录已不存在（相邻分链的记录被删除）"


def _dangling_witnesses() -> set[int]:
    """Rows whose witness names no earlier row: one query, by the unique hash index."""
    earlier = AuditEvent.objects.filter(hash=OuterRef("witness"), id__lt=OuterRef("id"))
    return set(
        AuditEvent.objects.exclude(witness="")
        .exclude(Exists(earlier))
        .order_by()
        .values_list("id", flat=True)
    )


def _lane_verify(
    lane: int, events: Iterable[AuditEvent], dangling: set[int]
) -> LaneReport:
    previous = GENESIS_HASH
    checked = 0
    for event in events:
        if event.prev_hash != previous:
            return LaneReport(lane, checked, event.pk, REASON_LINK)
        if event.compute_hash() != event.hash:
            return LaneReport(lane, checked, event.pk, REASON_HASH)
        if event.pk in dangling:
            return LaneReport(lane, checked, event.pk, REASON_WITNESS)
        previous = event.hash
        checked += 1
    return LaneReport(lane, checked)


def audit_chain_verify() -> ChainReport:
    """Walk every lane on its own, each in id order.

    1. Each row's `prev_hash` must equal the `hash` of the previous row of its lane
       (the genesis value for the lane's first row), so a removed or inserted row
       breaks the link.
    2. Each row's `hash` must equal the hash recomputed from its fields (lane and
       witness included), so an edited row is found.
    3. Each row's witness, if any, must be the hash of an earlier row, so removing
       the newest rows of a lane (which leaves that lane's links whole) is found at
       the rows of the previous lane that had seen them.
    Every lane present in the table is checked, whatever AUDIT_LANES says now. The
    first row of a lane failing a check is named and the rest of that lane skipped.
    """
    dangling = _dangling_witnesses()
    events = AuditEvent.objects.order_by("lane", "id").iterator(chunk_size=2000)
    return ChainReport(
        tuple(
            _lane_verify(lane, rows, dangling)
            for lane, rows in groupby(events, key=attrgetter("lane"))
        )
    )


def audit_event_list(
    *,
    action: str = "",
    actor: str = "",
    outcome: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Events newest first, filtered by what the supervisor asked for."""
    events = AuditEvent.objects.order_by("-id")
    if action:
        events = events.filter(action__icontains=action)
    if actor:
        events = events.filter(actor_label__icontains=actor)
    if outcome:
        events = events.filter(outcome=outcome)
    if since:
        events = events.filter(at__date__gte=since)
    if until:
        events = events.filter(at__date__lte=until)
    return events
