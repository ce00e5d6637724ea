"""URL × role rows of the internal rater list, merged into accounts/tests/access_table.py.

Only the office opens the list, imports into it and downloads its template; an upload
without a file is a 400 for the office.
"""

from __future__ import annotations

from typing import Any

from sanmin.accounts.tests.access_table import BAD_REQUEST, OFFICE, STAFF_ONLY

OFFICE_ONLY = STAFF_ONLY(OFFICE)

ROWS: dict[str, Any] = {
    "evaluation:raters": OFFICE_ONLY,
    "evaluation:raters-import": OFFICE_ONLY.post().but(office=BAD_REQUEST),
    "evaluation:raters-template": OFFICE_ONLY,
}
