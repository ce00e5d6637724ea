"""Two workers running the same message: the conditional UPDATE lets one send."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connections

from sanmin.notifications.gateways import Outgoing, SendResult
from sanmin.notifications.models import Message
from sanmin.notifications.services import message_send, outbox
from sanmin.notifications.tests.conftest import MORNING

pytestmark = pytest.mark.django_db(transaction=True)


class SlowGateway:
    name = "slow"

    def __init__(self) -> None:
        self.sent: list[int] = []
        self._lock = threading.Lock()

    def send(self, outgoing: Outgoing) -> SendResult:
        time.sleep(0.2)
        with self._lock:
            self.sent.append(outgoing.message_id)
        return SendResult(provider_message_id=f"biz-{outgoing.message_id}")


def _race(message_id: int, workers: int) -> list[Any]:
    barrier = threading.Barrier(workers)
    outcomes: list[Any] = [None] * workers

    def run(index: int) -> None:
        try:
            barrier.wait()
            outcomes[index] = message_send(message_id=message_id, now=MORNING)
        except Exception as error:  # surfaced by the assertion below
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_parallel_workers_send_a_message_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gateway = SlowGateway()
    monkeypatch.setattr(outbox, "sms_gateway", lambda: gateway)
    message = outbox.message_build(
        phone="13812345678",
        template="suggestion_status",
        params={"tracking": "JY2024-0001", "status": "已受理"},
        dedupe_key="race:1",
    )
    message.save()
    outcomes = _race(message.pk, 4)
    assert sorted(outcomes) == ["sent", "skipped", "skipped", "skipped"]
    assert gateway.sent == [message.pk]
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert message.attempts == 1


def test_parallel_workers_respect_the_rate_limit(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.SMS_RATE_PER_HOUR = 2
    gateway = SlowGateway()
    monkeypatch.setattr(outbox, "sms_gateway", lambda: gateway)
    ids = []
    for n in range(4):
        message = outbox.message_build(
            phone="13812345678",
            template="suggestion_status",
            params={"tracking": f"JY2024-000{n}", "status": "已受理"},
            dedupe_key=f"race-rate:{n}",
        )
        message.save()
        ids.append(message.pk)
    barrier = threading.Barrier(len(ids))
    outcomes: dict[int, Any] = {}

    def run(message_id: int) -> None:
        try:
            barrier.wait()
            outcomes[message_id] = message_send(message_id=message_id, now=MORNING)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == [
        "rate-limited",
        "rate-limited",
        "sent",
        "sent",
    ]
    assert len(gateway.sent) == 2
