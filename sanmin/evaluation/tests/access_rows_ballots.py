"""URL × role rows for this area, merged into accounts/tests/access_table.py.

Import the row kinds from there, e.g.:
    from sanmin.accounts.tests.access_table import OFFICE, STAFF_ONLY, row, ...
"""

from __future__ import annotations

from typing import Any

ROWS: dict[str, Any] = {}
