"""Reminders to representatives who have not voted: when due, once, never in quiet
hours, never to those who voted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import time_machine

from sanmin.audit.models import AuditEvent
from sanmin.notifications.models import Message
from sanmin.notifications.services import message_send, messages_sweep, reminders_due
from sanmin.notifications.tests.conftest import (
    enrol,
    enrol_voter,
    first_session,
    local,
    open_window,
    vote,
)
from sanmin.representatives.models import Representative

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(campaign: Any) -> Any:
    """Session 1, open 10:00-20:00 on 20 December: open30 at 10:30, open120 at
    12:00, close60 at 19:00."""
    session = first_session(campaign)
    open_window(session, local(10, 0), local(20, 0))
    return session


@pytest.fixture
def members(campaign: Any) -> list[Any]:
    return [enrol(campaign, serial) for serial in (1, 2, 3)]


def _keys() -> set[str]:
    return set(Message.objects.values_list("dedupe_key", flat=True))


def test_nothing_is_due_before_the_first_rule(session: Any, members: Any) -> None:
    assert reminders_due(now=local(10, 29)) == 0
    assert not Message.objects.exists()


def test_the_first_reminder_goes_to_every_member_with_a_phone(
    session: Any, members: list[Any], campaign: Any
) -> None:
    Representative.objects.create(  # on the roster without a phone: skipped
        campaign=campaign, id_hash="x" * 64, name_cipher="", synthetic=True
    )
    assert reminders_due(now=local(10, 30)) == 3
    assert _keys() == {f"remind:{session.pk}:{m.pk}:open30" for m in members}
    message = Message.objects.first()
    assert message is not None
    assert message.template == "evaluation_reminder"
    assert message.params == {
        "session": "第一场：经济建设一组",
        "deadline": "12月20日20:00",
    }
    assert message.send_after is None
    event = AuditEvent.objects.get(action="sms.reminders")
    assert event.detail["rule"] == "open30"
    assert event.detail["count"] == 3


def test_running_again_creates_nothing_new(session: Any, members: Any) -> None:
    assert reminders_due(now=local(10, 30)) == 3
    assert reminders_due(now=local(10, 31)) == 0
    assert reminders_due(now=local(11, 59)) == 0
    assert Message.objects.count() == 3


def test_each_rule_reminds_once(session: Any, members: Any) -> None:
    reminders_due(now=local(10, 30))
    assert reminders_due(now=local(12, 0)) == 3
    assert reminders_due(now=local(19, 0)) == 3
    closing = Message.objects.filter(dedupe_key__endswith=":close60")
    assert {m.template for m in closing} == {"evaluation_reminder_closing"}
    assert reminders_due(now=local(19, 30)) == 0
    assert Message.objects.count() == 9


def test_a_late_scheduler_sends_only_the_latest_due_reminder(
    session: Any, members: Any
) -> None:
    assert reminders_due(now=local(12, 5)) == 3
    assert {key.rsplit(":", 1)[1] for key in _keys()} == {"open120"}


def test_nothing_after_the_window_closes(session: Any, members: Any) -> None:
    assert reminders_due(now=local(20, 0)) == 0
    assert reminders_due(now=local(9, 0)) == 0


def test_those_who_voted_or_no_longer_serve_are_not_reminded(
    session: Any, members: list[Any], campaign: Any
) -> None:
    voter = enrol_voter(campaign, 50)
    vote(voter, session, local(10, 5))
    Representative.objects.filter(pk=members[0].pk).update(
        status=Representative.Status.DECLINED
    )
    assert reminders_due(now=local(10, 30)) == 2
    assert _keys() == {f"remind:{session.pk}:{m.pk}:open30" for m in members[1:]}


def test_a_reminder_to_someone_who_voted_meanwhile_is_suppressed(
    session: Any, campaign: Any
) -> None:
    voter = enrol_voter(campaign, 51)
    reminders_due(now=local(10, 30))
    message = Message.objects.get()
    vote(voter, session, local(10, 31))
    assert message_send(message_id=message.pk, now=local(10, 32)) == "suppressed"
    message.refresh_from_db()
    assert message.status == Message.Status.SUPPRESSED
    assert message.error == "已完成评议，不再提醒"


def test_a_reminder_made_in_quiet_hours_waits_for_the_morning(
    campaign: Any, members: Any
) -> None:
    session = first_session(campaign)
    # Open 20:00 on the 20th until 20:00 on the 21st: open120 falls at 22:00.
    open_window(session, local(20, 0), local(20, 0, day=21))
    assert reminders_due(now=local(22, 0)) == 3
    message = Message.objects.filter(dedupe_key__endswith=":open120").first()
    assert message is not None
    assert message.send_after == local(8, 0, day=21)
    assert message_send(message_id=message.pk, now=local(22, 1)) == "not-due"
    assert messages_sweep(now=local(7, 59, day=21)).enqueued == 0
    assert messages_sweep(now=local(8, 0, day=21)).enqueued == 3
    assert message_send(message_id=message.pk, now=local(8, 0, day=21)) == "sent"


def test_no_reminder_when_quiet_hours_last_past_the_deadline(
    campaign: Any, members: Any
) -> None:
    session = first_session(campaign)
    open_window(session, local(20, 0), local(23, 30))  # close60 at 22:30, quiet
    assert reminders_due(now=local(22, 30)) == 0
    assert not Message.objects.exists()


def test_a_reminder_whose_window_closed_before_sending_is_suppressed(
    session: Any, members: Any
) -> None:
    reminders_due(now=local(19, 0))
    message = Message.objects.first()
    assert message is not None
    assert message_send(message_id=message.pk, now=local(20, 0)) == "suppressed"


def test_rules_come_from_settings(session: Any, members: Any, settings: Any) -> None:
    settings.REMINDER_AFTER_OPEN_MINUTES = "45"
    settings.REMINDER_BEFORE_CLOSE_MINUTES = ""
    assert reminders_due(now=local(10, 30)) == 0
    assert reminders_due(now=local(10, 45)) == 3
    assert reminders_due(now=local(19, 30)) == 0


def test_due_reminders_are_sent_by_the_worker(
    session: Any,
    members: Any,
    django_capture_on_commit_callbacks: Any,
    tmp_path: Path,
) -> None:
    with (
        time_machine.travel(local(10, 30), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reminders_due() == 3
    assert set(Message.objects.values_list("status", flat=True)) == {"delivered"}
    lines = (tmp_path / "sms-outbox.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["phone"] for line in lines) == [
        "139****0001",
        "139****0002",
        "139****0003",
    ]


def test_only_the_sessions_roster_is_reminded(
    session: Any, members: Any, campaign: Any
) -> None:
    enrol(campaign, 60, roster=Representative.Roster.INTERNAL)
    assert reminders_due(now=local(10, 30)) == 3
