"""Deadline reminders to department staff: one text a day per state, never twice,
nothing without a phone, audited; run by the scheduler's round."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command

from sanmin.accounts.tests.fixtures import make_staff
from sanmin.audit.models import AuditEvent
from sanmin.core import crypto
from sanmin.notifications.models import Message
from sanmin.suggestions.services.reminders import item_due_key, items_remind
from sanmin.suggestions.tests.oversight_helpers import NOW, Board, local, make_board

pytestmark = pytest.mark.django_db

PHONE = "13900001234"


@pytest.fixture
def board(
    campaign: Any, citizen_user: Any, department_user: Any, other_department_user: Any
) -> Board:
    # Department A's staff member has a phone; B's has none.
    department_user.set_phone(PHONE)
    department_user.save()
    return make_board(
        campaign,
        citizen_user,
        department_user.department,
        other_department_user.department,
    )


def _reminders() -> list[Message]:
    return list(
        Message.objects.filter(template="suggestion_item_due").order_by("dedupe_key")
    )


def test_it_texts_each_staff_member_once_per_state_and_day(
    board: Board, department_user: Any
) -> None:
    # 20 Dec 10:00: A has item 3 overdue and item 4 due soon.
    assert items_remind(now=NOW) == 2
    messages = _reminders()
    day = dt.date(2024, 12, 20)
    assert [m.dedupe_key for m in messages] == sorted(
        item_due_key(
            department_id=board.a.pk, state=state, day=day, user_id=department_user.pk
        )
        for state in ("due_soon", "overdue")
    )
    by_state = {m.dedupe_key.split(":")[2]: m for m in messages}
    assert by_state["overdue"].params == {
        "count": "1",
        "state": "已超过办理时限",
        "deadline": "12月19日10:00",
    }
    assert by_state["due_soon"].params["deadline"] == "12月21日10:00"
    assert crypto.cipher().decrypt(messages[0].phone_cipher) == PHONE
    assert all(m.send_after is None for m in messages)


def test_it_sends_nothing_twice_on_a_rerun(board: Board) -> None:
    assert items_remind(now=NOW) == 2
    assert items_remind(now=NOW + dt.timedelta(hours=2)) == 0
    assert len(_reminders()) == 2
    # The next day brings the day's reminders again.
    assert items_remind(now=local(21, 9)) == 2
    assert len(_reminders()) == 4


def test_it_skips_staff_without_a_phone_and_inactive_staff(
    board: Board, other_department_user: Any
) -> None:
    items_remind(now=NOW)
    # B's only staff member has no phone: B's overdue item 8 texts nobody.
    assert not [m for m in _reminders() if f":{board.b.pk}:" in m.dedupe_key]
    gone = make_staff(role="department", username="dept-b-2", department=board.b)
    gone.set_phone("13900005678")
    gone.is_active = False
    gone.save()
    assert items_remind(now=NOW) == 0


def test_it_audits_counts_without_phone_numbers(board: Board) -> None:
    items_remind(now=NOW)
    events = AuditEvent.objects.filter(action="suggestion.items_remind")
    assert events.count() == 2
    details = sorted(
        (e.detail["state"], e.detail["items"], e.detail["messages"]) for e in events
    )
    assert details == [("due_soon", 1, 1), ("overdue", 1, 1)]
    assert all(PHONE not in str(e.detail) for e in events)


def test_it_waits_for_the_end_of_quiet_hours(board: Board) -> None:
    assert items_remind(now=local(20, 23)) == 2
    assert {m.send_after for m in _reminders()} == {local(21, 8)}


def test_it_says_nothing_when_nothing_is_due(
    campaign: Any, department_user: Any
) -> None:
    department_user.set_phone(PHONE)
    department_user.save()
    assert items_remind(now=NOW) == 0
    assert not _reminders()


def test_it_runs_in_the_scheduler_round(board: Board) -> None:
    import time_machine

    with time_machine.travel(NOW, tick=False):
        call_command("scheduler", "--once")
    assert len(_reminders()) == 2
