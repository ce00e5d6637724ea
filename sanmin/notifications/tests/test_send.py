"""message_send: quiet hours, the per-number rate limit, retries, and once only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sanmin.notifications.gateways import GatewayError, Outgoing, SendResult
from sanmin.notifications.models import Message
from sanmin.notifications.services import message_send, outbox, sms_enqueue
from sanmin.notifications.tests.conftest import MORNING, local

pytestmark = pytest.mark.django_db

PHONE = "13812345678"


class FakeGateway:
    name = "fake"

    def __init__(self, *errors: Exception) -> None:
        self.sent: list[Outgoing] = []
        self.errors = list(errors)

    def send(self, outgoing: Outgoing) -> SendResult:
        if self.errors:
            raise self.errors.pop(0)
        self.sent.append(outgoing)
        return SendResult(provider_message_id=f"biz-{len(self.sent)}")


@pytest.fixture
def gateway(monkeypatch: pytest.MonkeyPatch) -> FakeGateway:
    fake = FakeGateway()
    monkeypatch.setattr(outbox, "sms_gateway", lambda: fake)
    return fake


def _reminder(key: str = "notice:1", phone: str = PHONE, **kwargs: Any) -> Message:
    message = sms_enqueue(
        phone=phone,
        template="suggestion_status",
        params={"tracking": "JY2024-0001", "status": "已办结"},
        dedupe_key=key,
        **kwargs,
    )
    assert message is not None
    return message


def _receipt(key: str = "receipt:1") -> Message:
    message = sms_enqueue(
        phone=PHONE,
        template="ballot_receipt",
        params={"receipt": "ABCD-EFGH-IJKL-MNOP"},
        dedupe_key=key,
    )
    assert message is not None
    return message


def _reload(message: Message) -> Message:
    message.refresh_from_db()
    return message


def test_it_sends_and_records_the_provider_id(gateway: FakeGateway) -> None:
    message = _reminder()
    assert message_send(message_id=message.pk, now=MORNING) == "sent"
    message = _reload(message)
    assert message.status == Message.Status.SENT
    assert message.provider_message_id == "biz-1"
    assert message.attempts == 1
    assert message.sent_at is not None
    assert gateway.sent[0].phone == PHONE
    assert gateway.sent[0].params == {"tracking": "JY2024-0001", "status": "已办结"}


def test_a_second_run_sends_nothing(gateway: FakeGateway) -> None:
    message = _reminder()
    message_send(message_id=message.pk, now=MORNING)
    assert message_send(message_id=message.pk, now=MORNING) == "skipped"
    assert len(gateway.sent) == 1


def test_the_receipt_is_cleared_from_the_outbox_once_sent(
    gateway: FakeGateway,
) -> None:
    message = _receipt()
    message_send(message_id=message.pk, now=MORNING)
    assert gateway.sent[0].params == {"receipt": "ABCD-EFGH-IJKL-MNOP"}
    assert _reload(message).params == {"receipt": ""}


@pytest.mark.parametrize(
    ("now", "until"),
    [
        (local(22, 0), local(8, 0, day=21)),
        (local(21, 30), local(8, 0, day=21)),
        (local(7, 59), local(8, 0)),
        (local(0, 5), local(8, 0)),
    ],
)
def test_quiet_hours_defer_to_their_end(
    gateway: FakeGateway, now: dt.datetime, until: dt.datetime
) -> None:
    message = _reminder()
    assert message_send(message_id=message.pk, now=now) == "deferred"
    message = _reload(message)
    assert message.status == Message.Status.QUEUED
    assert message.send_after == until
    assert message.enqueued_at is None
    assert message.attempts == 0
    assert gateway.sent == []


@pytest.mark.parametrize("now", [local(8, 0), local(21, 29)])
def test_outside_quiet_hours_it_sends(gateway: FakeGateway, now: dt.datetime) -> None:
    message = _reminder()
    assert message_send(message_id=message.pk, now=now) == "sent"


def test_quiet_hours_can_be_switched_off(gateway: FakeGateway, settings: Any) -> None:
    settings.SMS_QUIET_HOURS = ""
    message = _reminder()
    assert message_send(message_id=message.pk, now=local(23, 0)) == "sent"


def test_a_receipt_someone_asked_for_is_sent_in_quiet_hours(
    gateway: FakeGateway,
) -> None:
    message = _receipt()
    assert message_send(message_id=message.pk, now=local(23, 0)) == "sent"


def test_a_message_before_its_time_waits(gateway: FakeGateway) -> None:
    message = _reminder(send_after=MORNING + dt.timedelta(hours=1))
    assert message_send(message_id=message.pk, now=MORNING) == "not-due"
    assert _reload(message).status == Message.Status.QUEUED
    assert gateway.sent == []


def test_the_rate_limit_defers_the_sixth_message_within_an_hour(
    gateway: FakeGateway,
) -> None:
    for n in range(5):
        message = _reminder(key=f"notice:{n}")
        when = MORNING + dt.timedelta(minutes=n)
        assert message_send(message_id=message.pk, now=when) == "sent"
    sixth = _reminder(key="notice:6")
    later = MORNING + dt.timedelta(minutes=10)
    assert message_send(message_id=sixth.pk, now=later) == "rate-limited"
    sixth = _reload(sixth)
    assert sixth.status == Message.Status.QUEUED
    # The first of the five leaves the hour at 11:00:00; one more fits after it.
    assert sixth.send_after == MORNING + dt.timedelta(hours=1, seconds=1)
    other = _reminder(key="notice:other", phone="13900001111")
    assert message_send(message_id=other.pk, now=later) == "sent"
    assert message_send(message_id=sixth.pk, now=sixth.send_after) == "sent"


def test_a_transient_error_is_retried_with_back_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeGateway(
        GatewayError("isv.BUSINESS_LIMIT_CONTROL", transient=True),
        GatewayError("isp.SYSTEM_ERROR", transient=True),
    )
    monkeypatch.setattr(outbox, "sms_gateway", lambda: fake)
    message = _reminder()
    assert message_send(message_id=message.pk, now=MORNING) == "retry"
    message = _reload(message)
    assert message.status == Message.Status.QUEUED
    assert message.error == "isv.BUSINESS_LIMIT_CONTROL"
    assert message.send_after == MORNING + dt.timedelta(seconds=60)
    second = MORNING + dt.timedelta(seconds=60)
    assert message_send(message_id=message.pk, now=second) == "retry"
    assert _reload(message).send_after == second + dt.timedelta(seconds=120)
    third = second + dt.timedelta(seconds=120)
    assert message_send(message_id=message.pk, now=third) == "sent"
    message = _reload(message)
    assert message.status == Message.Status.SENT
    assert message.attempts == 3
    assert message.error == ""


def test_it_gives_up_after_the_last_attempt(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.SMS_MAX_ATTEMPTS = 2
    fake = FakeGateway(*(GatewayError("isp.SYSTEM_ERROR", transient=True),) * 2)
    monkeypatch.setattr(outbox, "sms_gateway", lambda: fake)
    message = _reminder()
    assert message_send(message_id=message.pk, now=MORNING) == "retry"
    later = MORNING + dt.timedelta(minutes=5)
    assert message_send(message_id=message.pk, now=later) == "failed"
    assert _reload(message).status == Message.Status.FAILED


def test_a_permanent_error_fails_at_once_and_clears_the_receipt(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeGateway(
        GatewayError("isv.MOBILE_NUMBER_ILLEGAL", transient=False, detail="号码错误")
    )
    monkeypatch.setattr(outbox, "sms_gateway", lambda: fake)
    message = _receipt()
    assert message_send(message_id=message.pk, now=MORNING) == "failed"
    message = _reload(message)
    assert message.status == Message.Status.FAILED
    assert message.error == "isv.MOBILE_NUMBER_ILLEGAL 号码错误"
    assert message.params == {"receipt": ""}


def test_an_unexpected_exception_is_not_retried(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeGateway(RuntimeError(f"boom {PHONE}"))
    monkeypatch.setattr(outbox, "sms_gateway", lambda: fake)
    message = _reminder()
    assert message_send(message_id=message.pk, now=MORNING) == "failed"
    message = _reload(message)
    assert message.error == "异常：RuntimeError"
    assert PHONE not in message.error


def test_a_gateway_that_is_not_configured_leaves_the_message_queued(
    settings: Any,
) -> None:
    from django.core.exceptions import ImproperlyConfigured

    settings.SMS_GATEWAY = "aliyun"
    settings.SMS_ACCESS_KEY_ID = ""
    message = _reminder()
    with pytest.raises(ImproperlyConfigured):
        message_send(message_id=message.pk, now=MORNING)
    message = _reload(message)
    assert message.status == Message.Status.QUEUED
    assert message.attempts == 0
