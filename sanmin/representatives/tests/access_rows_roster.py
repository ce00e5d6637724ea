"""URL × role rows for the roster's life: the representative's confirm page, the
staff roster (district staff and the statistics bureau), the freeze, the exports and
the earlier years' rosters; merged into accounts/tests/access_table.py.

Departments, reviewers, the office, supervisors and operators never reach the
roster (403); district staff only their own district's entries.
"""

from __future__ import annotations

from typing import Any

from sanmin.accounts.tests.access_table import (
    BAD_REQUEST,
    DISTRICT,
    FORBIDDEN,
    REPRESENTATIVE_ONLY,
    STAFF_ONLY,
    STATISTICS,
    Row,
)

ROSTER_STAFF = STAFF_ONLY(DISTRICT, STATISTICS)
DISTRICT_ONLY = STAFF_ONLY(DISTRICT)
STATISTICS_ONLY = STAFF_ONLY(STATISTICS)


def _own(cast: Any) -> dict[str, int]:
    """The cast's representative: on the public roster, in the district staff's
    district, not from a draw."""
    from sanmin.representatives.models import Representative

    rep = Representative.objects.get(id_hash=cast.user("representative").id_hash)
    return {"representative_id": rep.pk}


def _enrol(cast: Any, *, serial: int, district: Any, category: Any) -> int:
    import datetime as dt

    from sanmin.core.personal import make_id_number
    from sanmin.representatives.services.enrol import representative_enrol

    rep = representative_enrol(
        campaign=cast.campaign,
        id_number=make_id_number("370203", dt.date(1970, 5, 5), serial),
        name="访问测试",
        phone="13900000000",
        district=district,
        category=category,
        synthetic=True,
        actor="测试",
    )
    return int(rep.pk)


def _other_district(cast: Any) -> dict[str, int]:
    from sanmin.campaigns.models import District

    other = District.objects.exclude(pk=cast.district.pk).order_by("order")[0]
    return {
        "representative_id": _enrol(cast, serial=701, district=other, category=None)
    }


def _municipal(cast: Any) -> dict[str, int]:
    """A representative of a municipal-level cell without a district."""
    category = cast.campaign.quotas.filter(level="city").order_by("order")[0]
    return {
        "representative_id": _enrol(cast, serial=702, district=None, category=category)
    }


# Acts on one entry: district staff for their district; the statistics bureau only
# for municipal-level cells (so 403 on the cast's district entry).
ENTRY_ACT = DISTRICT_ONLY.but(statistics=FORBIDDEN)
MUNICIPAL_ACT = STATISTICS_ONLY

ROWS: dict[str, Row] = {
    # The representative's page (the SMS link); a citizen on no roster: 403.
    "representatives:roster-confirm": REPRESENTATIVE_ONLY,
    "representatives:roster-confirm|post": REPRESENTATIVE_ONLY.post(
        {"action": "confirm"}
    ),
    # The staff roster.
    "representatives:roster": ROSTER_STAFF,
    "representatives:roster-build": STATISTICS_ONLY.post(),
    "representatives:roster-notify": ROSTER_STAFF.post(),
    "representatives:roster-training": DISTRICT_ONLY.post({"trained": "1"}),
    "representatives:roster-venue": DISTRICT_ONLY.post({"venue": "none"}),
    "representatives:roster-freeze": STATISTICS_ONLY,
    "representatives:roster-freeze|post": STATISTICS_ONLY.post(),
    "representatives:roster-export": ROSTER_STAFF,
    "representatives:roster-export-full": DISTRICT_ONLY.post({"reason": "电话通知"}),
    "representatives:roster-detail": ROSTER_STAFF.using(_own),
    "representatives:roster-detail|other-district": STATISTICS_ONLY.using(
        _other_district
    ),
    "representatives:roster-detail|municipal": STATISTICS_ONLY.using(_municipal),
    "representatives:roster-phone-confirm": ENTRY_ACT.post().using(_own),
    "representatives:roster-phone-confirm|other-district": STAFF_ONLY()
    .post()
    .using(_other_district),
    "representatives:roster-phone-confirm|municipal": MUNICIPAL_ACT.post().using(
        _municipal
    ),
    "representatives:roster-decline": ENTRY_ACT.post({"reason": ""}).using(_own),
    "representatives:roster-decline|municipal": MUNICIPAL_ACT.post().using(_municipal),
    "representatives:roster-unreachable": ENTRY_ACT.post().using(_own),
    "representatives:roster-unreachable|other-district": STAFF_ONLY()
    .post()
    .using(_other_district),
    "representatives:roster-replace": ENTRY_ACT.post().using(_own),
    "representatives:roster-replace|other-district": STAFF_ONLY()
    .post()
    .using(_other_district),
    "representatives:roster-reveal": DISTRICT_ONLY.post().using(_own),
    "representatives:roster-reveal|other-district": STAFF_ONLY()
    .post()
    .using(_other_district),
    # Earlier years and the rotation report: the statistics bureau.
    "representatives:years": STATISTICS_ONLY,
    "representatives:years-import": STATISTICS_ONLY.post().but(statistics=BAD_REQUEST),
    "representatives:years-template": STATISTICS_ONLY,
}
