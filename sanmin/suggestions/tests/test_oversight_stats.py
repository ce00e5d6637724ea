"""Statistics: the figures of `stats_compute` against the hand-computed fixture, and
the page (office and statistics bureau) with the same figures in tables."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from sanmin.suggestions.models import Status
from sanmin.suggestions.selectors.stats import stats_compute
from sanmin.suggestions.tests.oversight_helpers import Board, make_board

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(
    campaign: Any, citizen_user: Any, department_user: Any, other_department_user: Any
) -> Board:
    return make_board(
        campaign,
        citizen_user,
        department_user.department,
        other_department_user.department,
    )


def test_it_counts_by_topic_district_department_and_state(
    campaign: Any, board: Board
) -> None:
    figures = stats_compute(campaign=campaign)
    assert figures["total"] == 8
    assert figures["items"] == 9
    topics = campaign.topics.order_by("order")
    assert [row["label"] for row in figures["by_topic"]] == [t.name for t in topics]
    assert len(figures["by_topic"]) == 9
    assert [row["count"] for row in figures["by_topic"][:3]] == [7, 1, 0]
    district = board.cases[1].district
    assert district is not None
    assert figures["by_district"] == [
        {"key": district.code, "label": district.name, "count": 1},
        {"key": "", "label": "未注明", "count": 7},
    ]
    assert figures["by_department"] == [
        {"key": board.a.code, "label": board.a.name, "items": 6, "cases": 6},
        {"key": board.b.code, "label": board.b.name, "items": 3, "cases": 3},
    ]
    states = {row["key"]: row["count"] for row in figures["by_status"]}
    assert list(states) == [code for code, _ in Status.choices]
    assert states["assigned"] == 5
    assert states["answered"] + states["followed_up"] == 3
    assert sum(states.values()) == 8


def test_it_computes_the_on_time_rate_and_satisfaction(
    campaign: Any, board: Board
) -> None:
    figures = stats_compute(campaign=campaign)
    # Answered: items 1, 2, 6, 7, 9 (item 8 was sent back); late: item 2.
    assert figures["on_time"] == {"answered": 5, "on_time": 4, "rate": 0.8}
    assert figures["satisfaction"] == {
        "rated": 3,
        "satisfied": 1,
        "basic": 1,
        "dissatisfied": 1,
        "rate": 0.6667,
    }
    # JSON as the command prints it.
    assert json.loads(json.dumps(figures)) == figures


def test_it_gives_zeros_and_no_rates_without_data(campaign: Any) -> None:
    figures = stats_compute(campaign=campaign)
    assert figures["total"] == 0
    assert figures["on_time"]["rate"] is None
    assert figures["satisfaction"]["rate"] is None
    assert figures["by_district"] == [] and figures["by_department"] == []


@pytest.mark.parametrize("role", ["office", "statistics"])
def test_it_shows_charts_and_tables(
    campaign: Any, board: Board, client_as: Any, role: str
) -> None:
    response = client_as(role).get(reverse("suggestions:stats"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "vendor/echarts" in page and "suggestions/stats-charts.js" in page
    assert 'id="suggestion-stats"' in page
    assert 'data-stats-chart="status"' in page
    assert "80.0%" in page and "66.7%" in page
    assert f'<th scope="row">{board.a.name}</th><td class="num">6</td>' in page
    chart = response.context["chart"]
    assert chart["department"] == {
        "labels": [board.a.name, board.b.name],
        "values": [6, 3],
    }
    assert reverse("suggestions:export") in page
