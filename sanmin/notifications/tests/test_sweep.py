"""The sweep: deferred messages go out when due; a dead worker's message is given up."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sanmin.audit.models import AuditEvent
from sanmin.notifications.models import Message
from sanmin.notifications.services import message_send, messages_sweep, sms_enqueue
from sanmin.notifications.tests.conftest import MORNING, local

pytestmark = pytest.mark.django_db


def _message(key: str = "notice:1", **kwargs: Any) -> Message:
    message = sms_enqueue(
        phone="13812345678",
        template="suggestion_status",
        params={"tracking": "JY2024-0001", "status": "已办结"},
        dedupe_key=key,
        **kwargs,
    )
    assert message is not None
    return message


def test_a_message_deferred_by_quiet_hours_goes_out_when_they_end(
    django_capture_on_commit_callbacks: Any,
) -> None:
    message = _message()
    assert message_send(message_id=message.pk, now=local(22, 0)) == "deferred"
    # Still quiet: nothing to enqueue.
    assert messages_sweep(now=local(23, 0)).enqueued == 0
    morning = local(8, 0, day=21)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert messages_sweep(now=morning).enqueued == 1
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.enqueued_at == morning
    assert message_send(message_id=message.pk, now=morning) == "sent"


def test_the_sweep_runs_the_send_task_on_commit(
    django_capture_on_commit_callbacks: Any,
) -> None:
    import time_machine

    message = _message(send_after=MORNING)
    Message.objects.filter(pk=message.pk).update(enqueued_at=None)
    with (
        time_machine.travel(MORNING + dt.timedelta(minutes=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        messages_sweep()
    message.refresh_from_db()
    assert message.status == Message.Status.DELIVERED  # the console gateway


def test_a_pending_task_is_not_enqueued_twice(
    django_capture_on_commit_callbacks: Any,
) -> None:
    message = _message()
    Message.objects.filter(pk=message.pk).update(enqueued_at=MORNING)
    assert messages_sweep(now=MORNING + dt.timedelta(minutes=1)).enqueued == 0
    # A task lost for longer than SMS_REQUEUE_SECONDS is replaced.
    assert messages_sweep(now=MORNING + dt.timedelta(minutes=6)).enqueued == 1


def test_a_message_stuck_in_sending_is_given_up_not_resent() -> None:
    message = _message()
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENDING, claimed_at=MORNING
    )
    assert messages_sweep(now=MORNING + dt.timedelta(minutes=5)).abandoned == 0
    result = messages_sweep(now=MORNING + dt.timedelta(minutes=11))
    assert result.abandoned == 1
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert "未重发" in message.error
    assert AuditEvent.objects.filter(action="sms.abandon").exists()
