"""URL × role rows for this area, merged into accounts/tests/access_table.py."""

from __future__ import annotations

from typing import Any

from sanmin.accounts.tests.access_table import (
    DISTRICT,
    NOT_FOUND,
    OFFICE,
    PUBLIC,
    STAFF_ONLY,
    STATISTICS,
    Row,
    row,
)

WATCHERS = STAFF_ONLY(OFFICE, STATISTICS, DISTRICT)


def _session(cast: Any) -> dict[str, int]:
    session = cast.campaign.sessions.filter(kind="public").order_by("starts_at")[0]
    return {"session_id": session.pk}


def _unknown(cast: Any) -> dict[str, int]:
    return {"session_id": 987654}


ROWS: dict[str, Row] = {
    "dashboards:index": WATCHERS,
    "dashboards:session": WATCHERS.using(_session),
    "dashboards:session|unknown": WATCHERS.but(
        office=NOT_FOUND, statistics=NOT_FOUND, district=NOT_FOUND
    ).using(_unknown),
    "dashboards:session-live": WATCHERS.using(_session),
    "dashboards:screen": PUBLIC.using(_session),
    "dashboards:screen|unknown": row(NOT_FOUND).using(_unknown),
    "dashboards:screen-live": PUBLIC.using(_session),
}
