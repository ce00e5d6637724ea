"""URL × role rows for the draw's pages (statistics bureau only) and its public record,
merged into accounts/tests/access_table.py."""

from __future__ import annotations

from typing import Any

from sanmin.accounts.tests.access_table import (
    BAD_REQUEST,
    PUBLIC,
    STAFF_ONLY,
    STATISTICS,
    Row,
)
from sanmin.representatives.tests import draw_helpers as helpers

STATISTICS_ONLY = STAFF_ONLY(STATISTICS)


def _slug(cast: Any) -> dict[str, str]:
    return {"slug": cast.campaign.slug}


def _committed(cast: Any) -> dict[str, int]:
    return {"draw_id": helpers.committed_draw(cast).pk}


def _drawn(cast: Any) -> dict[str, int]:
    return {"draw_id": helpers.drawn_draw(cast).pk}


def _public_drawn(cast: Any) -> dict[str, str]:
    return {"slug": helpers.drawn_draw(cast).campaign.slug}


ROWS: dict[str, Row] = {
    "representatives:draws": STATISTICS_ONLY,
    "representatives:draw-campaign": STATISTICS_ONLY.using(_slug),
    # The 2024 campaign of the cast has no candidates: every cell is short (400).
    "representatives:draw-commit": STATISTICS_ONLY.post()
    .but(statistics=BAD_REQUEST)
    .using(_slug),
    "representatives:draw": STATISTICS_ONLY.using(_committed),
    "representatives:draw|drawn": STATISTICS_ONLY.using(_drawn),
    # No seed sources: refused with the reason.
    "representatives:draw-run": STATISTICS_ONLY.post()
    .but(statistics=BAD_REQUEST)
    .using(_committed),
    "representatives:draw-verify": STATISTICS_ONLY.post().using(_drawn),
    # No reason given: refused.
    "representatives:draw-void": STATISTICS_ONLY.post()
    .but(statistics=BAD_REQUEST)
    .using(_committed),
    "representatives:draw-record": PUBLIC.using(_slug),
    "representatives:draw-record|drawn": PUBLIC.using(_public_drawn),
}
