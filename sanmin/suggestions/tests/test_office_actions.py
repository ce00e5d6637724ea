"""The office's posts on a case, through the HTTP client: each moves the case one
step and goes back with a message; a refusal shows the Chinese message (400) and
changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanmin.accounts.models import User
from sanmin.campaigns.models import Campaign, Department
from sanmin.suggestions.models import (
    ContactGrant,
    FollowUp,
    Item,
    ItemStatus,
    Publication,
    Status,
    Step,
    Suggestion,
)
from sanmin.suggestions.services import loop
from sanmin.suggestions.tests.suggestion_helpers import (
    ANSWER,
    department_actor,
    make_accepted,
    make_answered,
    make_assigned,
    make_suggestion,
)


def _citizen() -> User:
    return User.objects.get(username="citizen-1")


def _departments(user: User, campaign: Campaign) -> tuple[Department, Department]:
    own = user.department
    assert own is not None
    other = campaign.participants.exclude(department=own).order_by("pk")[0].department
    return own, other


def _snapshot(case: Suggestion) -> tuple[Any, ...]:
    return (
        Suggestion.objects.filter(pk=case.pk).values().get(),
        list(Item.objects.filter(suggestion=case).values()),
        Step.objects.count(),
        ContactGrant.objects.count(),
        FollowUp.objects.count(),
        Publication.objects.count(),
    )


def _post(client: Client, name: str, arg: Any, data: dict[str, Any]) -> Any:
    return client.post(reverse(f"suggestions:{name}", args=[arg]), data, follow=False)


def _refused(response: Any, message: str) -> None:
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html, html[html.find('role="alert"') :][:600]


def test_it_accepts_a_submitted_case(
    cast: object, client_as: Callable[[str], Client], campaign: Campaign
) -> None:
    case = make_suggestion(campaign, _citizen())
    client = client_as("office")

    response = _post(client, "case-accept", case.number, {})

    assert response.status_code == 302
    assert response["Location"] == reverse("suggestions:case", args=[case.number])
    case.refresh_from_db()
    assert case.status == Status.ACCEPTED
    page = client.get(response["Location"]).content.decode()
    assert f"已受理建议 {case.number}" in page


def test_it_refuses_to_accept_twice_and_changes_nothing(
    cast: object, client_as: Callable[[str], Client], campaign: Campaign
) -> None:
    case = make_accepted(campaign, _citizen())
    before = _snapshot(case)

    response = _post(client_as("office"), "case-accept", case.number, {})

    _refused(response, "只能受理待受理的建议")
    assert _snapshot(case) == before


def test_it_declines_with_a_reason_and_refuses_without_one(
    cast: object, client_as: Callable[[str], Client], campaign: Campaign
) -> None:
    case = make_suggestion(campaign, _citizen())
    client = client_as("office")
    before = _snapshot(case)

    empty = _post(client, "case-decline", case.number, {"reason": "  "})
    _refused(empty, "请填写不予受理的理由")
    assert _snapshot(case) == before

    done = _post(client, "case-decline", case.number, {"reason": "不属于征集范围"})
    assert done.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.decline_reason) == (Status.DECLINED, "不属于征集范围")


def test_it_merges_into_another_case_and_refuses_an_unknown_number(
    cast: object, client_as: Callable[[str], Client], campaign: Campaign
) -> None:
    target = make_suggestion(campaign, _citizen())
    case = make_suggestion(campaign, _citizen())
    client = client_as("office")
    before = _snapshot(case)

    unknown = _post(client, "case-merge", case.number, {"into": "JY2024999999"})
    _refused(unknown, "没有这个编号的建议")
    itself = _post(client, "case-merge", case.number, {"into": case.number})
    _refused(itself, "不能将建议合并到其自身")
    assert _snapshot(case) == before

    done = _post(client, "case-merge", case.number, {"into": target.number.lower()})
    assert done.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.merged_into_id) == (Status.MERGED, target.pk)


def _plan(index: int, **fields: Any) -> dict[str, Any]:
    return {f"items-{index}-{key}": value for key, value in fields.items()}


def _management(total: int = 4) -> dict[str, Any]:
    return {
        "items-TOTAL_FORMS": total,
        "items-INITIAL_FORMS": 0,
        "items-MIN_NUM_FORMS": 1,
        "items-MAX_NUM_FORMS": 10,
    }


def test_it_assigns_items_to_lead_and_partner_departments(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, other = _departments(department_user, campaign)
    case = make_accepted(campaign, _citizen())
    deadline = timezone.localtime() + dt.timedelta(days=10)
    data = {
        **_management(),
        **_plan(
            0,
            summary="研究增设停车位",
            lead=own.pk,
            partners=[other.pk],
            deadline=deadline.strftime("%Y-%m-%dT%H:%M"),
        ),
        **_plan(
            1,
            summary="规范停车秩序",
            lead=other.pk,
            deadline=deadline.strftime("%Y-%m-%dT%H:%M"),
        ),
    }

    response = _post(client_as("office"), "case-assign", case.number, data)

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.ASSIGNED
    items = list(Item.objects.filter(suggestion=case).order_by("seq"))
    assert [(i.summary, i.lead_id) for i in items] == [
        ("研究增设停车位", own.pk),
        ("规范停车秩序", other.pk),
    ]
    assert [p.pk for p in items[0].partners.all()] == [other.pk]
    assert abs(items[0].deadline - deadline.replace(second=0, microsecond=0)) < (
        dt.timedelta(minutes=1)
    )


def test_it_refuses_an_assignment_without_lead_or_with_a_past_deadline(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, _ = _departments(department_user, campaign)
    case = make_accepted(campaign, _citizen())
    client = client_as("office")
    before = _snapshot(case)
    past = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    no_lead = _post(
        client,
        "case-assign",
        case.number,
        {**_management(), **_plan(0, summary="研究", deadline=past)},
    )
    _refused(no_lead, "请选择主办单位")
    in_past = _post(
        client,
        "case-assign",
        case.number,
        {**_management(), **_plan(0, summary="研究", lead=own.pk, deadline=past)},
    )
    _refused(in_past, "办理时限必须晚于当前时间")
    nothing = _post(client, "case-assign", case.number, _management())
    _refused(nothing, "请填写交办事项")
    assert _snapshot(case) == before


def test_it_approves_an_answer_and_the_case_becomes_answered(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, _ = _departments(department_user, campaign)
    case, item = make_assigned(campaign, _citizen(), own)
    loop.item_answer_submit(item=item, actor=department_actor(own), answer=ANSWER)

    response = _post(
        client_as("office"), "item-review", item.pk, {"decision": "approve"}
    )

    assert response.status_code == 302
    item.refresh_from_db()
    case.refresh_from_db()
    assert (item.status, case.status) == (ItemStatus.APPROVED, Status.ANSWERED)


def test_it_returns_an_answer_only_with_a_comment(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, _ = _departments(department_user, campaign)
    case, item = make_assigned(campaign, _citizen(), own)
    loop.item_answer_submit(item=item, actor=department_actor(own), answer=ANSWER)
    client = client_as("office")
    before = _snapshot(case)

    bare = _post(client, "item-review", item.pk, {"decision": "return"})
    _refused(bare, "退回修改时必须填写审核意见")
    assert _snapshot(case) == before

    done = _post(
        client, "item-review", item.pk, {"decision": "return", "comment": "请补充时限"}
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.review_comment) == (ItemStatus.RETURNED, "请补充时限")


def test_it_refuses_to_review_an_answer_not_yet_submitted(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, _ = _departments(department_user, campaign)
    case, item = make_assigned(campaign, _citizen(), own)
    before = _snapshot(case)

    response = _post(
        client_as("office"), "item-review", item.pk, {"decision": "approve"}
    )

    assert response.status_code == 400
    assert "不能" in response.content.decode() or "只能" in response.content.decode()
    assert _snapshot(case) == before


def test_it_reassigns_an_item_after_a_request(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, other = _departments(department_user, campaign)
    case, item = make_assigned(campaign, _citizen(), own)
    loop.item_reassign_request(
        item=item, actor=department_actor(own), reason="不属于本单位职责"
    )
    client = client_as("office")
    page = client.get(reverse("suggestions:case", args=[case.number])).content.decode()
    assert "申请改派理由：不属于本单位职责" in page

    response = _post(
        client, "item-reassign", item.pk, {"lead": other.pk, "note": "改由主管部门办理"}
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.lead_id == other.pk
    assert item.status != ItemStatus.REASSIGN


def test_it_records_a_follow_up_and_refuses_a_future_date(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, _ = _departments(department_user, campaign)
    case, _ = make_answered(campaign, _citizen(), own)
    client = client_as("office")
    before = _snapshot(case)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    data = {"method": "phone", "outcome": "建议人认可答复", "level": "satisfied"}

    future = _post(client, "case-follow-up", case.number, {**data, "held_on": tomorrow})
    _refused(future, "回访日期不能晚于今天")
    assert _snapshot(case) == before

    done = _post(
        client, "case-follow-up", case.number, {**data, "held_on": timezone.localdate()}
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.FOLLOWED_UP
    assert case.satisfaction.level == "satisfied"


def test_it_publishes_cases_together_and_refuses_unknown_numbers(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, _ = _departments(department_user, campaign)
    case, _ = make_answered(campaign, _citizen(), own)
    other_case, _ = make_answered(campaign, _citizen(), own)
    client = client_as("office")
    before = (_snapshot(case), _snapshot(other_case))
    data = {"title": "关于停车位的答复", "answer": ANSWER}

    unknown = _post(
        client, "case-publish", case.number, {**data, "together": "JY2024999999"}
    )
    _refused(unknown, "没有这些编号的建议：JY2024999999")
    assert (_snapshot(case), _snapshot(other_case)) == before

    done = _post(
        client, "case-publish", case.number, {**data, "together": other_case.number}
    )
    assert done.status_code == 302
    case.refresh_from_db()
    other_case.refresh_from_db()
    assert case.status == other_case.status == Status.PUBLISHED
    assert case.publication_id == other_case.publication_id


def test_it_grants_the_contact_to_a_handling_department_only(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, other = _departments(department_user, campaign)
    case, item = make_assigned(campaign, _citizen(), own)
    client = client_as("office")
    before = _snapshot(case)

    stranger = _post(
        client, "contact-grant", item.pk, {"department": other.pk, "reason": "回访"}
    )
    _refused(stranger, "请选择授权单位")
    assert _snapshot(case) == before

    done = _post(
        client, "contact-grant", item.pk, {"department": own.pk, "reason": "电话回访"}
    )
    assert done.status_code == 302
    assert ContactGrant.objects.filter(item=item, department=own).exists()


def test_it_refuses_department_staff_and_changes_nothing(
    cast: object, client_as: Callable[[str], Client], campaign: Campaign
) -> None:
    case = make_suggestion(campaign, _citizen())
    before = _snapshot(case)
    client = client_as("department")

    accept = _post(client, "case-accept", case.number, {})
    decline = _post(client, "case-decline", case.number, {"reason": "不属于范围"})

    assert accept.status_code == decline.status_code == 403
    assert _snapshot(case) == before
