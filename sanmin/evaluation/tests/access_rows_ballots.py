"""URL × role rows for the representative's ballot pages, the public receipt list and
the office's windows, merged into accounts/tests/access_table.py."""

from __future__ import annotations

from typing import Any

from sanmin.accounts.tests.access_table import (
    BAD_REQUEST,
    FORBIDDEN,
    NOT_FOUND,
    OFFICE,
    PUBLIC,
    REPRESENTATIVE_ONLY,
    STAFF_ONLY,
    Row,
    row,
)
from sanmin.evaluation.tests import ballot_helpers as helpers

KEY = "k" * 43
OFFICE_ONLY = STAFF_ONLY(OFFICE)


def _open(cast: Any) -> dict[str, int]:
    return {"session_id": helpers.open_session(cast.campaign).pk}


def _closed(cast: Any) -> dict[str, int]:
    return {"session_id": helpers.closed_session(cast.campaign).pk}


def _internal(cast: Any) -> dict[str, int]:
    session = helpers.internal_session(cast.campaign)
    helpers.window_around_now(session)
    return {"session_id": session.pk}


def _internal_closed(cast: Any) -> dict[str, int]:
    helpers.closed_session(cast.campaign)
    return {"session_id": helpers.internal_session(cast.campaign).pk}


def _open_window(cast: Any) -> dict[str, int]:
    return {"window_id": helpers.open_session(cast.campaign).window.pk}


def _pending_window(cast: Any) -> dict[str, int]:
    return {"window_id": helpers.pending_window(cast.campaign).pk}


REASON = {"reason": "会场网络故障"}

ROWS: dict[str, Row] = {
    # The representative's pages: a citizen on no roster gets a 403 saying so.
    "evaluation:sessions": REPRESENTATIVE_ONLY,
    "evaluation:ballot": REPRESENTATIVE_ONLY.using(_open),
    "evaluation:ballot|closed": REPRESENTATIVE_ONLY.using(_closed),
    "evaluation:ballot|other-roster": REPRESENTATIVE_ONLY.but(
        representative=FORBIDDEN
    ).using(_internal),
    # An empty ballot: refused with the reasons (400), nothing stored.
    "evaluation:confirm": REPRESENTATIVE_ONLY.post()
    .but(representative=BAD_REQUEST)
    .using(_open),
    "evaluation:cast": REPRESENTATIVE_ONLY.post()
    .but(representative=BAD_REQUEST)
    .using(_open),
    "evaluation:cast|other-roster": REPRESENTATIVE_ONLY.post()
    .but(representative=FORBIDDEN)
    .using(_internal),
    # Not voted yet: no receipt to find or to send.
    "evaluation:receipt": REPRESENTATIVE_ONLY.post({"key": KEY})
    .but(representative=NOT_FOUND)
    .using(_open),
    "evaluation:receipt-sms": REPRESENTATIVE_ONLY.post({"key": KEY})
    .but(representative=BAD_REQUEST)
    .using(_open),
    # Receipts: public after the close (before it, a page saying so).
    "evaluation:receipts": PUBLIC.using(_closed),
    "evaluation:receipts|open": PUBLIC.using(_open),
    "evaluation:receipts|internal": row(NOT_FOUND).using(_internal_closed),
    # The office's windows.
    "evaluation:windows": OFFICE_ONLY,
    "evaluation:windows-schedule": OFFICE_ONLY.post().using(
        lambda cast: {"campaign_id": cast.campaign.pk}
    ),
    "evaluation:window-open": OFFICE_ONLY.post(REASON).using(_pending_window),
    "evaluation:window-extend": OFFICE_ONLY.post(
        {**REASON, "closes_at": "2099-01-01T10:00"}
    ).using(_open_window),
    "evaluation:window-close": OFFICE_ONLY.post(REASON).using(_open_window),
}
