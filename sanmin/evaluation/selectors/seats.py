"""A representative's seat in a session, read in one statement.

Every ballot request (the page, the cast, the receipt look-ups) first needs the
session, its window, the user's serving roster entry for the session and whether
that entry has voted. Through the ORM that was two queries whose compilation cost
more than the rest of the request's reads together; here it is one kept statement
(`sanmin.core.rows.Shape`), built once per process and database, giving the same
instances the ORM would.

The roster entry is the one `session_representative` finds: same campaign, the
session's roster (internal sessions the internal list, public ones the public
roster), the user's ID hash, a serving status; only citizens have one.

The statement also reads the sheet's stamp, so that the sheet itself need not be
read while the process has it (`sheets.sheet_read`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connections, router

from sanmin.campaigns.models import Session, SheetStamp
from sanmin.core.rows import build_joined, shape
from sanmin.evaluation.models import Participation, Window
from sanmin.representatives.models import Representative
from sanmin.representatives.selectors import ACTIVE_STATUSES


@dataclass(frozen=True)
class SeatRow:
    session: Session
    window: Window | None
    representative: Representative | None
    voted: bool
    sheet_token: int | None  # see `sheets.sheet_read`


@cache
def _statement(alias: str) -> str:
    quote = connections[alias].ops.quote_name
    session = shape(Session, alias)
    window = shape(Window, alias)
    entry = shape(Representative, alias)
    taking_part = quote(Participation._meta.db_table)
    stamp = quote(SheetStamp._meta.db_table)
    statuses = ", ".join(["%s"] * len(ACTIVE_STATUSES))
    # Table and column names from the models, quoted; every value is a parameter.
    return (
        f"SELECT {session.select('s')}, {window.select('w')}, {entry.select('r')}, "  # noqa: S608
        f"EXISTS (SELECT 1 FROM {taking_part} p WHERE p.session_id = s.id "
        f"AND p.representative_id = r.id), "
        f"(SELECT t.token FROM {stamp} t WHERE t.id = 1) "
        f"FROM {session.table} s "
        f"LEFT JOIN {window.table} w ON w.session_id = s.id "
        f"LEFT JOIN {entry.table} r ON r.campaign_id = s.campaign_id "
        f"AND r.roster = CASE WHEN s.kind = %s THEN %s ELSE %s END "
        f"AND r.id_hash = %s AND r.status IN ({statuses}) "
        f"WHERE s.id = %s ORDER BY r.id LIMIT 1"
    )


def seat_read(*, session_id: int, user: Any) -> SeatRow | None:
    """The session, its window, the user's roster entry for it and whether that
    entry has voted; None when there is no such session."""
    alias = router.db_for_read(Session)
    id_hash = getattr(user, "id_hash", "") or None
    if getattr(user, "role", "") != "citizen":
        id_hash = None  # matches no entry: only citizens are on a roster
    params = [
        Session.Kind.INTERNAL,
        Representative.Roster.INTERNAL,
        Representative.Roster.PUBLIC,
        id_hash,
        *ACTIVE_STATUSES,
        session_id,
    ]
    with connections[alias].cursor() as cursor:
        cursor.execute(_statement(alias), params)
        row = cursor.fetchone()
    if row is None:
        return None
    (session, window, representative), (voted, sheet_token) = build_joined(
        row, *(shape(model, alias) for model in (Session, Window, Representative))
    )
    return SeatRow(
        session=session,
        window=window,
        representative=representative,
        voted=bool(voted),  # no roster entry: the EXISTS found nothing
        sheet_token=sheet_token,
    )
