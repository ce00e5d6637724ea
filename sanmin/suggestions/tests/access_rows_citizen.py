"""URL × role rows of 云征集 (area: citizen); see sanmin/accounts/tests/access_table.py."""

from __future__ import annotations

from typing import Any

from sanmin.accounts.tests.access_table import (
    CITIZEN_ONLY,
    DEPARTMENT,
    NOT_FOUND,
    OFFICE,
    OK,
    PUBLIC,
    Row,
    row,
)
from sanmin.suggestions.tests import citizen_helpers as helpers


def _citizen_case(cast: Any) -> Any:
    return helpers.submit(
        user=cast.user("citizen"),
        campaign=cast.campaign,
        files=(helpers.upload("photo.png", helpers.PNG),),
    )


def _number(cast: Any) -> dict[str, str]:
    return {"number": _citizen_case(cast).number}


def _published(cast: Any) -> dict[str, str]:
    case = helpers.publish(
        suggestion=_citizen_case(cast),
        office=cast.user(OFFICE),
        department_user=cast.user(DEPARTMENT),
    )
    return {"number": case.number}


def _answered(cast: Any) -> dict[str, str]:
    case = helpers.answer(
        suggestion=_citizen_case(cast),
        office=cast.user(OFFICE),
        department_user=cast.user(DEPARTMENT),
    )
    return {"number": case.number}


def _attachment(cast: Any) -> dict[str, int]:
    return {"pk": int(_citizen_case(cast).attachments.get().pk)}


def _assigned_attachment(cast: Any) -> dict[str, int]:
    case = _citizen_case(cast)
    helpers.assign(
        suggestion=case, office=cast.user(OFFICE), department=cast.department
    )
    return {"pk": int(case.attachments.get().pk)}


# The citizen's own case; the representative (another citizen) gets 404.
OWN_CASE = CITIZEN_ONLY.but(representative=NOT_FOUND)
# Attachments: the submitter and the office; everyone else (anonymous too) 404.
ATTACHMENT = row(NOT_FOUND, citizen=OK, office=OK)

ROWS: dict[str, Row] = {
    "suggestions:public": PUBLIC,
    "suggestions:public-detail": PUBLIC.using(_published),
    "suggestions:public-detail|unpublished": row(NOT_FOUND).using(_number),
    "suggestions:submit": CITIZEN_ONLY,
    "suggestions:mine": CITIZEN_ONLY,
    "suggestions:mine-detail": OWN_CASE.using(_number),
    # A rating for an answered case; each role's request finds it already rated
    # after the citizen's, which re-renders the page with the message (still OK).
    "suggestions:rate": OWN_CASE.post({"level": "satisfied"}).using(_answered),
    "suggestions:attachment": ATTACHMENT.using(_attachment),
    "suggestions:attachment|assigned": ATTACHMENT.but(department=OK).using(
        _assigned_attachment
    ),
}
