"""The office's case page: the whole case (submitter masked), the history, the items
with their time left, the hints with their reasons, and only the forms that fit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanmin.accounts.models import User
from sanmin.campaigns.models import Campaign
from sanmin.suggestions.services import loop
from sanmin.suggestions.tests.suggestion_helpers import (
    department_actor,
    make_answered,
    make_assigned,
    make_suggestion,
    office_actor,
)


def _case_url(number: str) -> str:
    return reverse("suggestions:case", kwargs={"number": number})


def test_it_shows_the_case_with_the_phone_masked(
    cast: object, client_as: Callable[[str], Client], campaign: Campaign
) -> None:
    citizen = User.objects.get(username="citizen-1")
    case = make_suggestion(
        campaign,
        citizen,
        title="关于<script>alert(1)</script>的建议",
        place="市南区香港中路",
    )

    response = client_as("office").get(_case_url(case.number))

    html = response.content.decode()
    assert response.status_code == 200
    assert "关于&lt;script&gt;alert(1)&lt;/script&gt;的建议" in html
    assert "<script>alert(1)" not in html
    assert "市南区香港中路" in html
    assert "测试市民1" in html
    assert "138****0001" in html
    assert "13800000001" not in html
    assert "提交" in html  # the first step of the history
    for action in ("case-accept", "case-decline", "case-merge"):
        assert reverse(f"suggestions:{action}", args=[case.number]) in html
    assert reverse("suggestions:case-assign", args=[case.number]) not in html
    assert reverse("suggestions:case-publish", args=[case.number]) not in html


def test_it_shows_similar_cases_and_suggested_departments_with_reasons(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    citizen = User.objects.get(username="citizen-1")
    department = department_user.department
    assert department is not None
    earlier, _ = make_assigned(campaign, citizen, department)
    text = "建议在小区周边增设公共停车位，缓解居民停车难的问题，规范停车秩序。"
    case = make_suggestion(campaign, citizen, title="停车位不足", text=text)

    html = client_as("office").get(_case_url(case.number)).content.decode()

    similar = html[html.index("相似建议") :]
    assert earlier.number in similar
    assert "共同词语：" in similar and "停车" in similar
    hints = html[html.index('id="hints-heading"') :]
    assert department.name in hints
    assert "相似建议1件由该部门主办" in hints


def test_it_shows_items_with_deadline_time_left_and_review_form(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    citizen = User.objects.get(username="citizen-1")
    department = department_user.department
    assert department is not None
    with time_machine.travel(timezone.now() - dt.timedelta(days=16)):
        case, item = make_assigned(campaign, citizen, department)
    loop.item_answer_submit(
        item=item,
        actor=department_actor(department),
        answer="经研究，已将该路段纳入明年停车设施建设计划。",
    )

    html = client_as("office").get(_case_url(case.number)).content.decode()

    assert department.name in html
    assert "已逾期 1 天" in html
    assert "答复待审" in html
    assert "已将该路段纳入明年停车设施建设计划" in html
    assert reverse("suggestions:item-review", args=[item.pk]) in html
    assert reverse("suggestions:contact-grant", args=[item.pk]) in html
    assert f'id="review-{item.pk}-decision_0"' in html


def test_it_prefills_publication_with_the_approved_answers(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    citizen = User.objects.get(username="citizen-1")
    department = department_user.department
    assert department is not None
    case, item = make_answered(campaign, citizen, department)

    html = client_as("office").get(_case_url(case.number)).content.decode()

    publish = html[html.index('id="publish-heading"') :]
    assert item.answer in publish
    assert reverse("suggestions:case-follow-up", args=[case.number]) in html
    assert reverse("suggestions:case-accept", args=[case.number]) not in html


def test_it_answers_404_for_an_unknown_number(
    cast: object, client_as: Callable[[str], Client]
) -> None:
    assert client_as("office").get(_case_url("JY2024999999")).status_code == 404


def test_it_refuses_department_staff(
    cast: object, client_as: Callable[[str], Client], campaign: Campaign
) -> None:
    citizen = User.objects.get(username="citizen-1")
    case = make_suggestion(campaign, citizen)
    office_actor()

    response = client_as("department").get(_case_url(case.number))

    assert response.status_code == 403
    assert "测试市民1" not in response.content.decode()
