"""The office's triage list: default 待受理, filters, search, paging, due flags, and
a bounded number of queries whatever the page size."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanmin.accounts.models import User
from sanmin.campaigns.models import Campaign
from sanmin.suggestions.models import Source, Suggestion
from sanmin.suggestions.services import loop
from sanmin.suggestions.tests.suggestion_helpers import (
    make_accepted,
    make_assigned,
    make_suggestion,
    office_actor,
)

URL = reverse("suggestions:triage")


def _numbers(html: str, cases: list[Suggestion]) -> set[str]:
    return {case.number for case in cases if case.number in html}


def test_it_lists_the_cases_waiting_for_acceptance_by_default(
    cast: object, client_as: Callable[[str], Client], campaign: Campaign
) -> None:
    citizen = User.objects.get(username="citizen-1")
    waiting = make_suggestion(campaign, citizen, title="关于增设公交站的建议")
    accepted = make_accepted(campaign, citizen, title="关于修缮人行道的建议")

    response = client_as("office").get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert waiting.number in html and "关于增设公交站的建议" in html
    assert accepted.number not in html
    assert "待受理：共 1 件" in html


def test_it_filters_by_status_topic_source_and_district(
    cast: object, client_as: Callable[[str], Client], campaign: Campaign
) -> None:
    citizen = User.objects.get(username="citizen-1")
    topics = list(campaign.topics.order_by("order"))
    from sanmin.campaigns.models import District

    district = District.objects.order_by("order")[1]
    first = make_suggestion(campaign, citizen, topic=topics[0])
    second = make_suggestion(campaign, citizen, topic=topics[1], district=district)
    accepted = make_accepted(campaign, citizen, topic=topics[1])
    client = client_as("office")
    cases = [first, second, accepted]

    by_topic = client.get(URL, {"topic": topics[1].pk}).content.decode()
    by_district = client.get(URL, {"district": district.pk}).content.decode()
    by_status = client.get(URL, {"status": "accepted"}).content.decode()
    every = client.get(URL, {"status": "all"}).content.decode()
    by_source = client.get(URL, {"source": Source.ORGANISATION}).content.decode()

    assert _numbers(by_topic, cases) == {second.number}
    assert _numbers(by_district, cases) == {second.number}
    assert _numbers(by_status, cases) == {accepted.number}
    assert _numbers(every, cases) == {c.number for c in cases}
    assert _numbers(by_source, cases) == set()


def test_it_searches_numbers_and_titles(
    cast: object, client_as: Callable[[str], Client], campaign: Campaign
) -> None:
    citizen = User.objects.get(username="citizen-1")
    parking = make_suggestion(campaign, citizen, title="关于增设停车位的建议")
    lights = make_suggestion(campaign, citizen, title="关于路灯维修的建议")
    client = client_as("office")

    by_title = client.get(URL, {"q": "路灯"}).content.decode()
    by_number = client.get(URL, {"q": parking.number.lower()}).content.decode()

    assert _numbers(by_title, [parking, lights]) == {lights.number}
    assert _numbers(by_number, [parking, lights]) == {parking.number}


def test_it_ignores_unknown_filter_values(
    cast: object, client_as: Callable[[str], Client], campaign: Campaign
) -> None:
    citizen = User.objects.get(username="citizen-1")
    case = make_suggestion(campaign, citizen)

    response = client_as("office").get(
        URL, {"status": "nonsense", "topic": "x", "page": "999"}
    )

    assert response.status_code == 200
    assert case.number in response.content.decode()


def test_it_pages_newest_first_with_a_bounded_number_of_queries(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    django_assert_max_num_queries: Any,
) -> None:
    citizen = User.objects.get(username="citizen-1")
    start = timezone.now() - dt.timedelta(days=2)
    cases = []
    for n in range(27):
        with time_machine.travel(start + dt.timedelta(minutes=n), tick=False):
            cases.append(make_suggestion(campaign, citizen, title=f"建议第{n}号"))
    client = client_as("office")
    client.get(URL)  # warm the session and the campaign caches

    with django_assert_max_num_queries(12):
        first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2}).content.decode()

    assert "第 1 / 2 页" in first
    assert cases[-1].number in first and cases[2].number in first
    assert cases[1].number not in first
    assert _numbers(second, cases) == {cases[0].number, cases[1].number}
    assert first.index(cases[-1].number) < first.index(cases[-2].number)


def test_it_flags_cases_whose_items_are_overdue_or_due_soon(
    cast: object,
    client_as: Callable[[str], Client],
    campaign: Campaign,
    department_user: User,
) -> None:
    citizen = User.objects.get(username="citizen-1")
    department = department_user.department
    assert department is not None
    with time_machine.travel(timezone.now() - dt.timedelta(days=20)):
        overdue_case, _ = make_assigned(campaign, citizen, department)
    soon_case = make_accepted(campaign, citizen)
    loop.items_assign(
        suggestion=soon_case,
        actor=office_actor(),
        plans=[
            loop.ItemPlan(
                summary="限期办理",
                lead=department,
                deadline=timezone.now() + dt.timedelta(hours=30),
            )
        ],
    )

    html = client_as("office").get(URL, {"status": "assigned"}).content.decode()

    overdue_row = html[html.index(overdue_case.number) :].split("</tr>")[0]
    soon_row = html[html.index(soon_case.number) :].split("</tr>")[0]
    assert "已逾期" in overdue_row
    assert "临期" in soon_row


def test_it_refuses_everyone_but_the_office(
    cast: object, client_as: Callable[[str], Client]
) -> None:
    for role in ("department", "statistics", "supervisor", "citizen"):
        assert client_as(role).get(URL).status_code == 403
