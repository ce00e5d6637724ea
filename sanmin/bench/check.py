"""After a burst: is every acknowledged ballot stored, and stored exactly once?"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Count

from sanmin.audit.models import AuditEvent
from sanmin.evaluation.models import Ballot, Participation


@dataclass(frozen=True)
class Stored:
    """What the database holds for the session."""

    items: Mapping[str, int]  # receipt → number of ballot items
    participations: int
    audit_events: int


@dataclass(frozen=True)
class CheckResult:
    acknowledged: int
    stored: int
    participations: int
    lost: int  # acknowledged, but not stored
    doubled: int  # a representative counted twice, or a receipt given twice
    unacknowledged: int  # stored, but nobody got its receipt
    malformed: int  # a stored ballot without exactly one item per department
    audit_events: int

    @property
    def ok(self) -> bool:
        return (
            self.lost == 0
            and self.doubled == 0
            and self.malformed == 0
            and self.stored == self.participations == self.acknowledged
            and self.audit_events == self.participations
        )

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


def ballots_check(
    *, acknowledged: Mapping[str, str], stored: Stored, departments: int
) -> CheckResult:
    """Compare the receipts the clients were given with what the database holds.

    1. `acknowledged` maps each representative (the driver's user id) to the receipt
       the server acknowledged; every one must be stored.
    2. Two representatives holding one receipt, or more ballots than participations,
       mean a ballot was counted twice.
    3. Every stored ballot has one item per department and one `ballot.cast` audit
       event per participation.
    """
    receipts = Counter(acknowledged.values())
    shared = sum(n - 1 for n in receipts.values() if n > 1)
    return CheckResult(
        acknowledged=len(acknowledged),
        stored=len(stored.items),
        participations=stored.participations,
        lost=sum(1 for receipt in receipts if receipt not in stored.items),
        doubled=shared + max(len(stored.items) - stored.participations, 0),
        unacknowledged=sum(1 for receipt in stored.items if receipt not in receipts),
        malformed=sum(1 for n in stored.items.values() if n != departments),
        audit_events=stored.audit_events,
    )


def stored_for(*, session_id: int) -> Stored:
    """Read the session's ballots (receipt and item count) and participations."""
    items = dict(
        Ballot.objects.filter(session_id=session_id)
        .annotate(n=Count("items"))
        .values_list("receipt", "n")
    )
    events = AuditEvent.objects.filter(
        action="ballot.cast",
        object_type="evaluation.participation",
        detail__session=session_id,
    )
    return Stored(
        items=items,
        participations=Participation.objects.filter(session_id=session_id).count(),
        audit_events=events.count(),
    )
