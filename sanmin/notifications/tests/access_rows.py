"""URL × role rows for the outbox and the call list, merged into
accounts/tests/access_table.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sanmin.accounts.tests.access_table import (
    DISTRICT,
    NOT_FOUND,
    OFFICE,
    OPERATOR,
    STAFF_ONLY,
    row,
)


def _session(cast: Any) -> int:
    """The first public session of the cast's campaign."""
    sessions = cast.campaign.sessions.filter(kind="public").order_by("starts_at")
    return int(sessions.first().pk)


def _representative(cast: Any, *, own_district: bool = True) -> int:
    """A representative with a phone, in (or outside) the district staff's district."""
    from sanmin.campaigns.models import District
    from sanmin.core.personal import make_id_number
    from sanmin.representatives.services import representative_enrol

    district = cast.district
    if not own_district:
        district = District.objects.exclude(pk=district.pk).order_by("order").first()
    serial = 901 if own_district else 902
    member = representative_enrol(
        campaign=cast.campaign,
        id_number=make_id_number("370202", dt.date(1970, 5, 1), serial),
        name=f"代表{serial}",
        phone=f"1390000{serial:04d}",
        district=district,
        category=None,
        synthetic=True,
        actor="测试",
    )
    return int(member.pk)


def _call(cast: Any, *, own_district: bool = True) -> dict[str, int]:
    return {
        "session_id": _session(cast),
        "representative_id": _representative(cast, own_district=own_district),
    }


CALL_READERS = STAFF_ONLY(DISTRICT, OFFICE)
CALLERS = STAFF_ONLY(DISTRICT)

ROWS: dict[str, Any] = {
    # notifications: the outbox (office and operator), the provider's reports
    "notifications:outbox": STAFF_ONLY(OFFICE, OPERATOR),
    # No SMS_REPORT_TOKEN in tests: the endpoint does not exist for anyone.
    "notifications:delivery-report": row(NOT_FOUND)
    .post()
    .using(lambda cast: {"token": "not-configured"}),
    # evaluation: the call list (district staff; the office reads, never reveals)
    "evaluation:call-sessions": CALL_READERS,
    "evaluation:calls": CALL_READERS.using(lambda cast: {"session_id": _session(cast)}),
    "evaluation:call-reveal": CALLERS.post().using(_call),
    "evaluation:call-reveal|other-district": STAFF_ONLY()
    .post()
    .using(lambda cast: _call(cast, own_district=False)),
    "evaluation:call-mark": CALLERS.post({"note": "已接通"}).using(_call),
    "evaluation:call-mark|other-district": STAFF_ONLY()
    .post({"note": "已接通"})
    .using(lambda cast: _call(cast, own_district=False)),
}
