"""Delivery reports: recorded by the provider's id, through the push endpoint."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from sanmin.notifications.models import Message
from sanmin.notifications.services import message_delivery_record, sms_enqueue

pytestmark = pytest.mark.django_db


def _sent(key: str = "notice:1", biz_id: str = "900619746936498440^0") -> Message:
    message = sms_enqueue(
        phone="13812345678",
        template="suggestion_status",
        params={"tracking": "JY2024-0001", "status": "已办结"},
        dedupe_key=key,
    )
    assert message is not None
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENT, provider_message_id=biz_id
    )
    return message


def test_a_delivered_report_marks_the_message_delivered() -> None:
    message = _sent()
    assert message_delivery_record(
        provider_message_id="900619746936498440^0", delivered=True
    )
    message.refresh_from_db()
    assert message.status == Message.Status.DELIVERED
    assert message.delivered_at is not None


def test_a_failure_report_keeps_the_code() -> None:
    message = _sent()
    assert message_delivery_record(
        out_id=str(message.pk), delivered=False, error_code="MK:0001"
    )
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert message.error == "未送达：MK:0001"


def test_an_unknown_or_repeated_report_changes_nothing() -> None:
    message = _sent()
    assert not message_delivery_record(provider_message_id="nope", delivered=True)
    assert message_delivery_record(
        provider_message_id="900619746936498440^0", delivered=True
    )
    assert not message_delivery_record(
        provider_message_id="900619746936498440^0", delivered=False
    )
    message.refresh_from_db()
    assert message.status == Message.Status.DELIVERED


def test_the_push_endpoint_records_reports_with_the_right_token(settings: Any) -> None:
    settings.SMS_REPORT_TOKEN = "s3cret-token"
    message = _sent()
    body = json.dumps(
        [
            {
                "phone_number": "13812345678",
                "send_time": "2024-12-20 10:00:01",
                "report_time": "2024-12-20 10:00:05",
                "success": True,
                "err_code": "DELIVERED",
                "err_msg": "用户接收成功",
                "sms_size": "1",
                "biz_id": "900619746936498440^0",
                "out_id": str(message.pk),
            }
        ]
    )
    client = Client()
    wrong = client.post(
        "/notifications/reports/wrong/", body, content_type="application/json"
    )
    assert wrong.status_code == 404
    response = client.post(
        "/notifications/reports/s3cret-token/", body, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json() == {"code": 0, "msg": "成功"}
    message.refresh_from_db()
    assert message.status == Message.Status.DELIVERED
    assert message.delivered_at.isoformat() == "2024-12-20T02:00:05+00:00"  # type: ignore[union-attr]


def test_the_push_endpoint_refuses_what_is_not_a_report(settings: Any) -> None:
    settings.SMS_REPORT_TOKEN = "s3cret-token"
    response = Client().post(
        "/notifications/reports/s3cret-token/", "{}", content_type="application/json"
    )
    assert response.status_code == 400
