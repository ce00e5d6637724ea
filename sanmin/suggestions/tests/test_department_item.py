"""The department's item page and its posts: the content without the submitter,
the item's own history, a note, the answer (lead only), a request for reassignment,
and the phone revealed once under a valid contact grant; another department's item
is a 404."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanmin.accounts.models import User
from sanmin.audit.models import AuditEvent
from sanmin.campaigns.models import Campaign, Department
from sanmin.suggestions.models import Item, ItemStatus, Step
from sanmin.suggestions.services import loop
from sanmin.suggestions.tests.suggestion_helpers import (
    ANSWER,
    make_assigned,
    office_actor,
)

NAME, PHONE, MASKED = "测试市民1", "13800000001", "138****0001"


def _citizen() -> User:
    return User.objects.get(username="citizen-1")


def _departments(user: User, campaign: Campaign) -> tuple[Department, Department]:
    own = user.department
    assert own is not None
    other = campaign.participants.exclude(department=own).order_by("pk")[0].department
    return own, other


def _url(name: str, item: Item) -> str:
    return reverse(f"suggestions:{name}", args=[item.pk])


def _snapshot(item: Item) -> tuple[Any, ...]:
    return (
        Item.objects.filter(pk=item.pk).values().get(),
        Step.objects.count(),
    )


def _assert_no_submitter(html: str) -> None:
    assert NAME not in html
    assert MASKED not in html
    assert PHONE not in html


def test_it_shows_the_content_and_history_without_the_submitter(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, _ = _departments(department_user, campaign)
    case, item = make_assigned(campaign, _citizen(), own)

    response = client_as("department").get(_url("item", item))

    html = response.content.decode()
    assert response.status_code == 200
    assert case.title in html and case.text in html and item.summary in html
    assert "交办" in html  # the item's own step
    _assert_no_submitter(html)
    assert _url("item-answer", item) in html
    assert _url("item-reassign-request", item) in html
    assert _url("item-contact", item) not in html


def test_it_gives_a_partner_the_note_form_but_not_the_answer(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, other = _departments(department_user, campaign)
    _, item = make_assigned(campaign, _citizen(), other, partners=[own])
    client = client_as("department")
    before = _snapshot(item)

    page = client.get(_url("item", item)).content.decode()
    answer = client.post(_url("item-answer", item), {"answer": ANSWER})

    assert _url("item-note", item) in page
    assert _url("item-answer", item) not in page
    assert answer.status_code == 400
    assert "只有该事项的主办单位可以办理此操作" in answer.content.decode()
    _assert_no_submitter(answer.content.decode())
    assert _snapshot(item) == before


def test_it_records_a_note_and_shows_it_in_the_history(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, _ = _departments(department_user, campaign)
    _, item = make_assigned(campaign, _citizen(), own)
    client = client_as("department")

    response = client.post(_url("item-note", item), {"note": "已到现场<b>查看</b>"})

    assert response.status_code == 302
    page = client.get(_url("item", item)).content.decode()
    assert "已记录办理进展" in page
    assert "已到现场&lt;b&gt;查看&lt;/b&gt;" in page
    item.refresh_from_db()
    assert item.status == ItemStatus.HANDLING


def test_it_submits_the_answer_and_refuses_a_short_one(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, _ = _departments(department_user, campaign)
    _, item = make_assigned(campaign, _citizen(), own)
    client = client_as("department")
    before = _snapshot(item)

    short = client.post(_url("item-answer", item), {"answer": "已办"})
    assert short.status_code == 400
    assert "答复内容不能少于 10 个字" in short.content.decode()
    assert _snapshot(item) == before

    done = client.post(_url("item-answer", item), {"answer": ANSWER})
    assert done.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.answer) == (ItemStatus.SUBMITTED, ANSWER)
    page = client.get(_url("item", item)).content.decode()
    assert _url("item-answer", item) not in page
    assert ANSWER in page


def test_it_asks_for_reassignment_with_a_reason(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, _ = _departments(department_user, campaign)
    _, item = make_assigned(campaign, _citizen(), own)
    client = client_as("department")
    before = _snapshot(item)

    empty = client.post(_url("item-reassign-request", item), {"reason": ""})
    assert empty.status_code == 400
    assert "请填写申请改派的理由" in empty.content.decode()
    assert _snapshot(item) == before

    done = client.post(
        _url("item-reassign-request", item), {"reason": "不属于本单位职责"}
    )
    assert done.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.reassign_reason) == (
        ItemStatus.REASSIGN,
        "不属于本单位职责",
    )


def test_it_answers_404_for_another_departments_item(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    _, other = _departments(department_user, campaign)
    _, item = make_assigned(campaign, _citizen(), other)
    client = client_as("department")
    before = _snapshot(item)

    assert client.get(_url("item", item)).status_code == 404
    assert client.post(_url("item-note", item), {"note": "x"}).status_code == 404
    assert client.post(_url("item-answer", item), {"answer": ANSWER}).status_code == 404
    assert client.post(_url("item-contact", item)).status_code == 404
    assert _snapshot(item) == before


def test_it_reveals_the_phone_once_under_a_valid_grant(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, _ = _departments(department_user, campaign)
    _, item = make_assigned(campaign, _citizen(), own)
    loop.contact_grant(
        item=item, department=own, actor=office_actor(), reason="电话回访"
    )
    client = client_as("department")
    page = client.get(_url("item", item)).content.decode()
    assert _url("item-contact", item) in page
    _assert_no_submitter(page)
    audits = AuditEvent.objects.filter(action="suggestion.contact.reveal").count()

    response = client.post(_url("item-contact", item))

    html = response.content.decode()
    assert response.status_code == 200
    assert PHONE in html
    assert NAME not in html
    assert "no-store" in response.get("Cache-Control", "")
    assert AuditEvent.objects.filter(action="suggestion.contact.reveal").count() == (
        audits + 1
    )
    assert PHONE not in client.get(_url("item", item)).content.decode()


def test_it_refuses_to_reveal_without_a_grant_or_after_it_expired(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, _ = _departments(department_user, campaign)
    _, item = make_assigned(campaign, _citizen(), own)
    client = client_as("department")
    with time_machine.travel(timezone.now() - dt.timedelta(days=4)):
        loop.contact_grant(
            item=item, department=own, actor=office_actor(), reason="电话回访"
        )
    before = _snapshot(item)

    page = client.get(_url("item", item)).content.decode()
    response = client.post(_url("item-contact", item))

    assert _url("item-contact", item) not in page
    assert response.status_code == 400
    html = response.content.decode()
    assert "没有有效的联系方式授权" in html
    _assert_no_submitter(html)
    assert _snapshot(item) == before


def test_it_refuses_the_office_on_department_posts(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    own, _ = _departments(department_user, campaign)
    _, item = make_assigned(campaign, _citizen(), own)
    before = _snapshot(item)

    response = client_as("office").post(_url("item-answer", item), {"answer": ANSWER})

    assert response.status_code == 403
    assert _snapshot(item) == before
