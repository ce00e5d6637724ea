"""Every audited act writes one event: its table keeps only the indexes read."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_no_prefix_search_indexes_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("varchar_pattern_ops indexes exist on PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'audit_auditevent'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert not {name for name in names if name.endswith("_like")}
    assert "audit_lane_id_idx" in names and "audit_auditevent_hash_key" in names
