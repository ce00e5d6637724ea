"""Reading the audit log: the chain check used by `sanmin audit verify`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from sanmin.audit.models import GENESIS_HASH, AuditEvent


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None


def audit_chain_verify() -> ChainReport:
    """Walk the chain in order.

    1. Each row's `prev_hash` must equal the previous row's `hash` (the genesis value
       for the first row), so a removed or inserted row breaks the link.
    2. Each row's `hash` must equal the hash recomputed from its fields, so an edited
       row is found.
    The first row failing either check is named.
    """
    previous = GENESIS_HASH
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        if event.prev_hash != previous:
            return ChainReport(
                checked, event.pk, "与上一条记录的链接不一致（记录被删除或插入）"
            )
        if event.compute_hash() != event.hash:
            return ChainReport(
                checked, event.pk, "记录内容与其哈希不一致（记录被修改）"
            )
        previous = event.hash
        checked += 1
    return ChainReport(checked)


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
