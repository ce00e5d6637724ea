"""Writing the audit log. Every state-changing service calls `audit_record`."""

from __future__ import annotations

from typing import Any

from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from sanmin.audit.models import GENESIS_HASH, AuditEvent, Outcome

# Any constant works: it names the one advisory lock that serialises the chain.
_CHAIN_LOCK = 0x53414E4D


def _lock_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK])
    # SQLite: transactions begin IMMEDIATE (settings), so writers are already serial.


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
    """Append one event to the chain.

    1. Take the chain lock (inside the caller's transaction, so the event commits or
       rolls back with the change it describes).
    2. Read the hash of the last row.
    3. Insert the new row with its own hash over its fields and the previous hash.

    `detail` must never hold ID or phone numbers; pass masked forms only.
    """
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
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
            prev_hash=last or GENESIS_HASH,
        )
        event.hash = event.compute_hash()
        event.save(force_insert=True)
    return event
