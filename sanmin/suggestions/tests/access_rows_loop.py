"""URL × role rows of 云征集 (area: loop); see sanmin/accounts/tests/access_table.py.

The office's pages: only the office. The department's pages: only department staff,
and another department's item is a 404 for them. Posts whose form needs an object's
id (a department, a target case) are sent empty: the office gets a 400 with the
message, everyone else the usual refusal; the pages' own tests post valid forms.
"""

from __future__ import annotations

from typing import Any

from sanmin.accounts.tests.access_table import (
    BAD_REQUEST,
    DEPARTMENT_ONLY,
    NOT_FOUND,
    OFFICE_ONLY,
    STAFF_ONLY,
    Row,
)


def _submitted(cast: Any) -> dict[str, str]:
    from sanmin.suggestions.tests.suggestion_helpers import make_suggestion

    return {"number": make_suggestion(cast.campaign, cast.user("citizen")).number}


def _accepted(cast: Any) -> dict[str, str]:
    from sanmin.suggestions.tests.suggestion_helpers import make_accepted

    return {"number": make_accepted(cast.campaign, cast.user("citizen")).number}


def _answered(cast: Any) -> dict[str, str]:
    from sanmin.suggestions.tests.suggestion_helpers import make_answered

    case, _ = make_answered(cast.campaign, cast.user("citizen"), cast.department)
    return {"number": case.number}


def _item(
    cast: Any, *, status: str = "assigned", other: bool = False
) -> dict[str, int]:
    """An item led by the cast's department (or another), in `status`."""
    from sanmin.suggestions.services import loop
    from sanmin.suggestions.tests.suggestion_helpers import (
        ANSWER,
        department_actor,
        make_assigned,
        office_actor,
    )

    department = cast.department
    if other:
        participants = cast.campaign.participants.exclude(department=department)
        department = participants.order_by("pk").first().department
    _, item = make_assigned(cast.campaign, cast.user("citizen"), department)
    staff = department_actor(department)
    if status == "submitted":
        loop.item_answer_submit(item=item, actor=staff, answer=ANSWER)
    if status == "reassign":
        loop.item_reassign_request(item=item, actor=staff, reason="不属于本单位职责")
    if status == "granted":
        loop.contact_grant(
            item=item, department=department, actor=office_actor(), reason="电话回访"
        )
    return {"pk": item.pk}


ROWS: dict[str, Row] = {
    # office
    "suggestions:triage": OFFICE_ONLY,
    "suggestions:case": OFFICE_ONLY.using(_submitted),
    "suggestions:case|missing": STAFF_ONLY()
    .but(office=NOT_FOUND)
    .using(lambda cast: {"number": "JY2024999999"}),
    "suggestions:case-accept": OFFICE_ONLY.post().using(_submitted),
    "suggestions:case-decline": OFFICE_ONLY.post({"reason": "不属于征集范围"}).using(
        _submitted
    ),
    "suggestions:case-merge": OFFICE_ONLY.post({"into": "JY2024999999"})
    .but(office=BAD_REQUEST)
    .using(_submitted),
    "suggestions:case-assign": OFFICE_ONLY.post()
    .but(office=BAD_REQUEST)
    .using(_accepted),
    "suggestions:case-follow-up": OFFICE_ONLY.post(
        {
            "method": "phone",
            "held_on": "2024-01-02",
            "outcome": "已电话回访，建议人认可",
        }
    ).using(_answered),
    "suggestions:case-publish": OFFICE_ONLY.post(
        {"title": "关于停车位的答复", "answer": "已纳入明年停车设施建设计划。"}
    ).using(_answered),
    "suggestions:item-review": OFFICE_ONLY.post({"decision": "approve"}).using(
        lambda cast: _item(cast, status="submitted")
    ),
    "suggestions:item-reassign": OFFICE_ONLY.post()
    .but(office=BAD_REQUEST)
    .using(lambda cast: _item(cast, status="reassign")),
    "suggestions:contact-grant": OFFICE_ONLY.post()
    .but(office=BAD_REQUEST)
    .using(_item),
    # department
    "suggestions:items": DEPARTMENT_ONLY,
    "suggestions:item": DEPARTMENT_ONLY.using(_item),
    "suggestions:item|other-department": STAFF_ONLY()
    .but(department=NOT_FOUND)
    .using(lambda cast: _item(cast, other=True)),
    "suggestions:item-note": DEPARTMENT_ONLY.post({"note": "已到现场查看"}).using(
        _item
    ),
    "suggestions:item-answer": DEPARTMENT_ONLY.post(
        {"answer": "经研究，已将该路段纳入明年停车设施建设计划。"}
    ).using(_item),
    "suggestions:item-reassign-request": DEPARTMENT_ONLY.post(
        {"reason": "不属于本单位职责"}
    ).using(_item),
    "suggestions:item-contact": DEPARTMENT_ONLY.post().using(
        lambda cast: _item(cast, status="granted")
    ),
    "suggestions:item-contact|other-department": STAFF_ONLY()
    .post()
    .but(department=NOT_FOUND)
    .using(lambda cast: _item(cast, status="granted", other=True)),
}
