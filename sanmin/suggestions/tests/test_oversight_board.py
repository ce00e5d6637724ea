"""The deadline board: per lead department, figures at a controlled moment against
the hand-computed fixture of oversight_helpers; the office's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from sanmin.suggestions.selectors.deadlines import (
    board_sort,
    department_board,
    items_flagged,
)
from sanmin.suggestions.tests.oversight_helpers import NOW, Board, local, make_board

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


def _rows(campaign: Any, now: dt.datetime) -> dict[int, Any]:
    return {
        row.department_id: row for row in department_board(campaign=campaign, now=now)
    }


def test_it_counts_each_department_as_computed_by_hand(
    campaign: Any, board: Board
) -> None:
    rows = _rows(campaign, NOW)
    assert set(rows) == {board.a.pk, board.b.pk}
    a, b = rows[board.a.pk], rows[board.b.pk]
    assert (a.assigned, a.on_time, a.answered_late, a.open_overdue) == (6, 2, 1, 1)
    assert (a.overdue, a.due_soon) == (2, 1)
    assert a.handling_days == pytest.approx(9.0)
    assert (a.rated, a.satisfied, a.satisfaction) == (2, 1, 0.5)
    assert a.on_time_rate == pytest.approx(2 / 3)
    assert a.department == board.a.name
    assert (b.assigned, b.on_time, b.answered_late, b.open_overdue) == (3, 2, 0, 1)
    assert (b.overdue, b.due_soon) == (1, 0)
    assert b.handling_days == pytest.approx(7.0)
    assert (b.rated, b.satisfied, b.satisfaction) == (2, 2, 1.0)


def test_it_moves_items_from_due_soon_to_overdue_as_time_passes(
    campaign: Any, board: Board
) -> None:
    # 21 Dec 10:00 is item 4's deadline: overdue from that moment on.
    before = _rows(campaign, local(21, 9))[board.a.pk]
    at = _rows(campaign, local(21, 10))[board.a.pk]
    assert (before.due_soon, before.open_overdue) == (1, 1)
    assert (at.due_soon, at.open_overdue) == (0, 2)
    # Three days before the 30 Dec deadline item 5 becomes due soon (72 hours).
    later = _rows(campaign, local(27, 10))[board.a.pk]
    assert later.due_soon == 1
    assert board.items[5].due_state(local(27, 10)) == "due_soon"
    assert board.items[4].due_state(local(21, 10)) == "overdue"


def test_it_lists_the_open_items_past_or_near_their_deadline(
    campaign: Any, board: Board
) -> None:
    overdue, total = items_flagged(campaign=campaign, now=NOW, state="overdue")
    assert total == 2
    assert [item.pk for item in overdue] == [board.items[8].pk, board.items[3].pk]
    assert overdue[0].hours_over == 5 * 24
    soon, total = items_flagged(campaign=campaign, now=NOW, state="due_soon")
    assert ([item.pk for item in soon], total) == ([board.items[4].pk], 1)
    assert soon[0].hours_left == 24
    assert soon[0].number == board.cases[4].number


def test_it_sorts_by_a_figure_with_the_missing_ones_last(
    campaign: Any, board: Board
) -> None:
    rows = department_board(campaign=campaign, now=NOW)
    by_overdue = board_sort(rows, key="overdue", descending=True)
    assert [r.department_id for r in by_overdue] == [board.a.pk, board.b.pk]
    by_handling = board_sort(rows, key="handling_days")
    assert [r.department_id for r in by_handling] == [board.b.pk, board.a.pk]


def test_it_shows_the_board_to_the_office(
    campaign: Any, board: Board, client_as: Any
) -> None:
    with time_machine.travel(NOW, tick=False):
        response = client_as("office").get(
            reverse("suggestions:deadlines"), {"sort": "overdue", "dir": "desc"}
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert board.a.name in page and board.b.name in page
    assert page.index(board.a.name) < page.index(board.b.name)
    assert 'aria-sort="descending"' in page
    assert reverse("suggestions:case", args=[board.cases[3].number]) in page
    assert reverse("suggestions:case", args=[board.cases[4].number]) in page
    # Answered or with time left: not in the lists.
    assert reverse("suggestions:case", args=[board.cases[5].number]) not in page
    assert "已超期未答复（2 项）" in page
    assert "50.0%" in page and "9.0" in page


def test_it_keeps_the_board_from_department_staff(
    campaign: Any, board: Board, client_as: Any
) -> None:
    response = client_as("department").get(reverse("suggestions:deadlines"))
    assert response.status_code == 403
