"""URL × role rows for this area, merged into accounts/tests/access_table.py.

The embargo in the matrix: before publication only the statistics role reaches any
figure; the department itself, the office and the public get 403 (the office's
publication page shows no figures). After publication the public page and the
department's own page open.
"""

from __future__ import annotations

from typing import Any

from sanmin.accounts.tests.access_table import (
    FORBIDDEN,
    OFFICE,
    PUBLIC,
    STAFF_ONLY,
    STATISTICS,
    SUPERVISOR,
    row,
)


def _result(cast: Any, *, status: str) -> int:
    """A result of the cast's campaign (public roster) in `status`.

    The 2024 windows have long closed, so the real services compute it.
    """
    from sanmin.evaluation.services import results
    from sanmin.evaluation.services.windows import windows_schedule

    windows_schedule(campaign=cast.campaign, actor="测试")
    result = results.result_compute(
        campaign=cast.campaign, roster="public", actor=cast.user(STATISTICS)
    )
    if status in ("approved", "published"):
        result = results.result_approve(result=result, actor=cast.user(STATISTICS))
    if status == "published":
        result = results.result_publish(result=result, actor=cast.user(OFFICE))
    return int(result.pk)


def _slug(cast: Any, *, status: str = "") -> dict[str, Any]:
    if status:
        _result(cast, status=status)
    return {"campaign_slug": cast.campaign.slug}


def _none(cast: Any, *, status: str) -> dict[str, Any]:
    _result(cast, status=status)
    return {}


STATISTICS_ONLY = STAFF_ONLY(STATISTICS)
OFFICE_ONLY = STAFF_ONLY(OFFICE)

ROWS: dict[str, Any] = {
    # statistics: the tally under embargo
    "evaluation:results": STATISTICS_ONLY,
    "evaluation:results|published": STATISTICS_ONLY.using(
        lambda cast: _none(cast, status="published")
    ),
    "evaluation:result-compute": STATISTICS_ONLY.post({"roster": "public"}),
    "evaluation:result-detail": STATISTICS_ONLY.using(
        lambda cast: {"result_id": _result(cast, status="computed")}
    ),
    "evaluation:result-detail|approved": STATISTICS_ONLY.using(
        lambda cast: {"result_id": _result(cast, status="approved")}
    ),
    "evaluation:result-approve": STATISTICS_ONLY.post().using(
        lambda cast: {"result_id": _result(cast, status="computed")}
    ),
    "evaluation:result-export": STATISTICS_ONLY.using(
        lambda cast: {"result_id": _result(cast, status="approved")}
    ),
    "evaluation:result-export|published": STATISTICS_ONLY.using(
        lambda cast: {"result_id": _result(cast, status="published")}
    ),
    # office: publishes without seeing figures; reads comments after the windows
    "evaluation:publication": OFFICE_ONLY.using(
        lambda cast: _none(cast, status="approved")
    ),
    "evaluation:result-publish": OFFICE_ONLY.post().using(
        lambda cast: {"result_id": _result(cast, status="approved")}
    ),
    "evaluation:comments": OFFICE_ONLY,
    # the department: its own counts after publication only
    "evaluation:my-result": STAFF_ONLY().using(
        lambda cast: _none(cast, status="approved")
    ),
    "evaluation:my-result|published": STAFF_ONLY("department").using(
        lambda cast: _none(cast, status="published")
    ),
    # the public page: 403 for everyone (statistics included) until published
    "evaluation:public-results": row(FORBIDDEN).using(lambda cast: _slug(cast)),
    "evaluation:public-results|approved": row(FORBIDDEN).using(
        lambda cast: _slug(cast, status="approved")
    ),
    "evaluation:public-results|published": PUBLIC.using(
        lambda cast: _slug(cast, status="published")
    ),
    # supervision
    "evaluation:patterns": STAFF_ONLY(SUPERVISOR),
}
