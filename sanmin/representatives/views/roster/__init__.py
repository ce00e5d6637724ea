"""The life of the roster: the representative's confirm page, the staff roster
(district staff: their district; the statistics bureau: all of it), the freeze, the
exports, and the earlier years' rosters with the rotation report.

Pages:
- /representatives/confirm/ — the representative, signed in through 爱山东:
  确认参加 or 谢绝 (the link of the selection SMS);
- /representatives/manage/roster/ — the list with masked names and phones, filters,
  bulk training and venue (district staff), the selection SMS, the export;
- /representatives/manage/roster/<id>/ — one entry: phone confirmation, decline,
  unreachable, replacement, revealing the phone (audited);
- /representatives/manage/roster/freeze/ — counts and the freeze (statistics);
- /representatives/manage/years/ — earlier years' import and the rotation report.
Departments and every other role are refused (403, audited).

Split by sub-domain: listing (the list and one entry), build (the roster from the
draw, the selection SMS), statuses (the confirm page and the answers taken by
phone), replacement, logistics (training, venues, revealing a phone), freeze,
export, years; common holds what they share. This module keeps the URLs and the
menu links.
"""

from __future__ import annotations

from django.urls import path

from sanmin.accounts import menu
from sanmin.accounts.models import Role
from sanmin.representatives.views.roster import (
    build,
    export,
    freeze,
    listing,
    logistics,
    replacement,
    statuses,
    years,
)


def menu_register() -> None:
    """The staff-home links (to be called from the app's ready())."""
    menu.register_many(
        (Role.DISTRICT, Role.STATISTICS),
        "市民代表名单",
        "representatives:roster",
        order=30,
    )
    menu.register(
        Role.STATISTICS, "代表名单冻结", "representatives:roster-freeze", order=31
    )
    menu.register(
        Role.STATISTICS, "往年名单与轮换情况", "representatives:years", order=32
    )


urlpatterns = [
    path("confirm/", statuses.roster_confirm, name="roster-confirm"),
    path("manage/roster/", listing.roster, name="roster"),
    path("manage/roster/build/", build.roster_build, name="roster-build"),
    path("manage/roster/notify/", build.roster_notify, name="roster-notify"),
    path("manage/roster/training/", logistics.roster_training, name="roster-training"),
    path("manage/roster/venue/", logistics.roster_venue, name="roster-venue"),
    path("manage/roster/freeze/", freeze.roster_freeze, name="roster-freeze"),
    path("manage/roster/export.xlsx", export.roster_export, name="roster-export"),
    path(
        "manage/roster/export-full.xlsx",
        export.roster_export_full,
        name="roster-export-full",
    ),
    path(
        "manage/roster/<int:representative_id>/",
        listing.roster_detail,
        name="roster-detail",
    ),
    path(
        "manage/roster/<int:representative_id>/confirm/",
        statuses.roster_phone_confirm,
        name="roster-phone-confirm",
    ),
    path(
        "manage/roster/<int:representative_id>/decline/",
        statuses.roster_decline,
        name="roster-decline",
    ),
    path(
        "manage/roster/<int:representative_id>/unreachable/",
        statuses.roster_unreachable,
        name="roster-unreachable",
    ),
    path(
        "manage/roster/<int:representative_id>/replace/",
        replacement.roster_replace,
        name="roster-replace",
    ),
    path(
        "manage/roster/<int:representative_id>/reveal/",
        logistics.roster_reveal,
        name="roster-reveal",
    ),
    path("manage/years/", years.years, name="years"),
    path("manage/years/import/", years.years_import, name="years-import"),
    path("manage/years/template/", years.years_template, name="years-template"),
]
