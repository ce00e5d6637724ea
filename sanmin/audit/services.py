"""Writing the audit log. Every state-changing service calls `audit_record`."""

from __future__ import annotations

import random
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from sanmin.audit.models import GENESIS_HASH, AuditEvent, Outcome
from sanmin.core.rows import row_insert

# Lane k is serialised by the single-key advisory lock _LANE_LOCK_BASE + k (two-key
# locks, which the outbox uses, never collide with these). Lane 0's key is the one
# the single chain used before lanes, and lane 0 continues that chain.
_LANE_LOCK_BASE = 0x53414E4D
# More lanes than concurrent writers buy nothing; the bound keeps a typo from
# producing thousands of chains to verify.
MAX_LANES = 256

# One round trip (migration 0004's function): take a lane and read, after the lock,
# the newest hash of that lane and of the next one.
_TAKE_LANE = """
SELECT taken_lane, prev_hash, witness_hash
FROM sanmin_audit_take_lane(%(order)s::integer[], %(base)s::bigint, %(lanes)s, %(wait)s)
"""


def lane_count() -> int:
    lanes = settings.AUDIT_LANES
    if not 1 <= lanes <= MAX_LANES:
        raise ImproperlyConfigured(
            f"AUDIT_LANES must be between 1 and {MAX_LANES}, not {lanes}"
        )
    return lanes


def _take_lane(lanes: int) -> tuple[int, dict[int, str]]:
    """Take a lane for the caller's transaction; return it with the newest hash of
    it and of the next lane (`_heads`' answer).

    PostgreSQL, in one call of `sanmin_audit_take_lane` (migration 0004):
    1. Try the lane this transaction already holds, then every lane from a random
       offset, with `pg_try_advisory_xact_lock`; the first lock obtained names the
       lane. Advisory locks are re-entrant, so a second event of one transaction
       stays in its lane and a transaction holds one lane at most.
    2. If every lane is busy, wait for one chosen at random. Only a transaction that
       holds no lane gets here (its own would have been obtained in step 1), so no
       two transactions ever wait for each other's lanes.
    3. Read the two heads in a statement of its own, after the lock: its snapshot
       sees everything the lane's previous holder committed.
    The lock lasts until the caller's transaction ends, so the rows of a lane are
    written one transaction after the other and their ids grow along the lane.

    SQLite: always lane 0. Transactions begin IMMEDIATE (settings), so writers are
    serial and more lanes would buy no concurrency; one chain also leaves a single
    newest row rather than one per lane, the strongest tamper evidence.
    """
    if connection.vendor != "postgresql":
        return 0, _heads(0, 1 % lanes)
    start = random.randrange(lanes)
    order = [(start + step) % lanes for step in range(lanes)]
    with connection.cursor() as cursor:
        cursor.execute(
            _TAKE_LANE,
            {
                "order": order,
                "base": _LANE_LOCK_BASE,
                "lanes": lanes,
                "wait": random.randrange(lanes),
            },
        )
        lane, head, witness = cursor.fetchone()
    heads = {int(lane): head} if head else {}
    if witness:
        heads[(int(lane) + 1) % lanes] = witness
    return int(lane), heads


def _heads(*lanes: int) -> dict[int, str]:
    """The hash of the newest row of each lane given, in one query (SQLite; on
    PostgreSQL `sanmin_audit_take_lane` reads the heads with the lock).

    An empty lane is absent from the answer. Plain SQL: it runs inside every
    audited write, and building the same query with the ORM cost more than
    running it. Each lane's head is one step down the (lane, id) index.
    """
    table = AuditEvent._meta.db_table
    heads = " UNION ALL ".join(
        f"SELECT * FROM (SELECT lane, hash FROM {table} WHERE lane = %s"  # noqa: S608
        " ORDER BY id DESC LIMIT 1) AS head"
        for _ in lanes
    )
    with connection.cursor() as cursor:
        cursor.execute(heads, list(lanes))
        return {int(lane): str(value) for lane, value in cursor.fetchall()}


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor: Any = None,
    action: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    outcome: str = Outcome.SUCCESS,
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event to one lane of the chain.

    1. Take a lane (`_take_lane`), inside the caller's transaction, so the event
       commits or rolls back with the change it describes and the lane stays locked
       until then.
    2. Read, in the same round trip, the hash of the newest row of that lane (the genesis
       value for an empty lane) and the hash of the newest committed row of the next
       lane, the witness: whoever later deletes the newest rows of that lane breaks
       this reference, which a chain on its own would not show.
    3. Insert the new row with its own hash over its fields, its lane, its witness
       and the previous hash.

    `detail` must never hold ID or phone numbers; pass masked forms only.
    """
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    lanes = lane_count()
    # No savepoint of its own (two round trips saved on every audited act): an
    # error here must undo the caller's change anyway, and does, since the
    # caller's transaction is then marked for rollback.
    with transaction.atomic(savepoint=False):
        lane, heads = _take_lane(lanes)
        witnessed = (lane + 1) % lanes  # the lane itself when there is only one
        event = AuditEvent(
            at=timezone.now(),
            actor=user,
            actor_label=(
                user.get_username() if user else (str(actor) if actor else "")
            ),
            action=action,
            object_type=object_type,
            object_id=object_id,
            outcome=outcome,
            detail=detail or {},
            ip=client_ip(request),
            lane=lane,
            witness=heads.get(witnessed, "") if witnessed != lane else "",
            prev_hash=heads.get(lane, GENESIS_HASH),
        )
        event.hash = event.compute_hash()
        row_insert(event)
    return event
