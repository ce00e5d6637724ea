"""URL × role rows of 云征集 (area: oversight); see sanmin/accounts/tests/access_table.py."""

from __future__ import annotations

from sanmin.accounts.tests.access_table import (
    OFFICE,
    STAFF_ONLY,
    STATISTICS,
    Row,
)

ROWS: dict[str, Row] = {
    "suggestions:deadlines": STAFF_ONLY(OFFICE),
    "suggestions:stats": STAFF_ONLY(OFFICE, STATISTICS),
    "suggestions:export": STAFF_ONLY(OFFICE, STATISTICS),
    "suggestions:export|xlsx": STAFF_ONLY(OFFICE, STATISTICS).with_query("format=xlsx"),
}
