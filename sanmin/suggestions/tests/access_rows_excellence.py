"""URL × role rows of 云征集 (area: excellence and complaints); see
sanmin/accounts/tests/access_table.py."""

from __future__ import annotations

from typing import Any

from sanmin.accounts.tests.access_table import (
    CITIZEN_ONLY,
    NOT_FOUND,
    OFFICE,
    PUBLIC,
    STAFF_ONLY,
    STATISTICS,
    SUPERVISOR,
    Row,
)


def _answered_number(cast: Any) -> dict[str, str]:
    from sanmin.suggestions.tests.suggestion_helpers import make_answered

    case, _ = make_answered(cast.campaign, cast.user("citizen"), cast.department)
    return {"number": case.number}


def _nomination(cast: Any, *, panel: bool = False) -> int:
    from sanmin.suggestions.tests.excellence_helpers import nominated, panel_of

    nomination = nominated(cast.campaign, cast.user("citizen"), cast.department)
    if panel:
        panel_of(cast.campaign, cast.user(OFFICE), cast.user(STATISTICS))
    return int(nomination.pk)


def _panel(cast: Any) -> dict[str, Any]:
    from sanmin.suggestions.tests.excellence_helpers import panel_of

    panel_of(cast.campaign, cast.user(OFFICE), cast.user(STATISTICS))
    return {}


def _scored_nomination(cast: Any) -> dict[str, int]:
    from sanmin.suggestions.models import Nomination
    from sanmin.suggestions.tests.excellence_helpers import score_all

    pk = _nomination(cast, panel=True)
    score_all(Nomination.objects.get(pk=pk), cast.user(STATISTICS), 8)
    return {"pk": pk}


def _complaint(cast: Any) -> dict[str, str]:
    from sanmin.suggestions.tests.excellence_helpers import complaint_about

    complaint = complaint_about(cast.campaign, cast.user("citizen"), cast.department)
    return {"number": complaint.number}


OFFICE_ONLY = STAFF_ONLY(OFFICE)
# The panel: staff the office chose, whatever their role (here office and statistics).
PANEL = STAFF_ONLY(OFFICE, STATISTICS)
SUPERVISOR_ONLY = STAFF_ONLY(SUPERVISOR)

ROWS: dict[str, Row] = {
    "suggestions:excellence": OFFICE_ONLY,
    "suggestions:nominate": OFFICE_ONLY.using(_answered_number),
    "suggestions:nominate|unknown": OFFICE_ONLY.but(office=NOT_FOUND).using(
        lambda cast: {"number": "JY2024999999"}
    ),
    "suggestions:adopt": OFFICE_ONLY.using(_answered_number),
    "suggestions:award": OFFICE_ONLY.post({"tier": "first"}).using(_scored_nomination),
    "suggestions:panel": PANEL.using(_panel),
    "suggestions:panel|not-on-panel": STAFF_ONLY(),
    "suggestions:score": PANEL.using(
        lambda cast: {"pk": _nomination(cast, panel=True)}
    ),
    "suggestions:score|not-on-panel": STAFF_ONLY().using(
        lambda cast: {"pk": _nomination(cast)}
    ),
    "suggestions:excellent": PUBLIC,
    "suggestions:complain": CITIZEN_ONLY,
    "suggestions:complaints": SUPERVISOR_ONLY,
    "suggestions:complaint": SUPERVISOR_ONLY.using(_complaint),
    "suggestions:complaint|unknown": SUPERVISOR_ONLY.but(supervisor=NOT_FOUND).using(
        lambda cast: {"number": "JB2024999999"}
    ),
}
