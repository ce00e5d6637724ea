"""Test helpers: tampering with the audit log, and placing events in chosen lanes."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from django.db import connection

from sanmin.audit import services
from sanmin.audit.models import AuditEvent
from sanmin.audit.services import audit_record


def without_triggers(sql: str, params: list) -> None:
    """Tamper as an attacker with database access would: triggers dropped first."""
    table = "audit_auditevent"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            cursor.execute(sql, params)
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        else:
            cursor.execute(f"DROP TRIGGER {table}_no_update")
            cursor.execute(f"DROP TRIGGER {table}_no_delete")
            cursor.execute(sql, params)


def record_in_lanes(lanes: Iterable[int]) -> list[AuditEvent]:
    """One event per lane given, in order, as concurrent writers could have left them.

    A single test thread always gets the same lane (and SQLite only lane 0), so the
    lane choice is replaced; everything else is the real `audit_record`.
    """
    events = []
    with pytest.MonkeyPatch.context() as patch:
        for index, lane in enumerate(lanes):
            patch.setattr(
                services,
                "_take_lane",
                lambda lanes, lane=lane: (
                    lane,
                    services._heads(lane, (lane + 1) % lanes),
                ),
            )
            events.append(audit_record(actor="测试", action=f"test.lane{lane}.{index}"))
    return events
