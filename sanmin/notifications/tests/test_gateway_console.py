"""The console gateway: what would be sent, masked, in the log and a JSON-lines file."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from sanmin.notifications.models import Message
from sanmin.notifications.services import message_send, sms_enqueue
from sanmin.notifications.tests.conftest import MORNING

pytestmark = pytest.mark.django_db


def test_it_writes_one_masked_line_per_message_and_marks_it_delivered(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    message = sms_enqueue(
        phone="13812345678",
        template="evaluation_reminder",
        params={"session": "第一场：经济建设一组", "deadline": "12月21日18:00"},
        dedupe_key="console:1",
    )
    assert message is not None
    with caplog.at_level(logging.INFO, logger="sanmin.sms"):
        assert message_send(message_id=message.pk, now=MORNING) == "sent"
    lines = (tmp_path / "sms-outbox.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["message"] == message.pk
    assert record["phone"] == "138****5678"
    assert record["template"] == "evaluation_reminder"
    assert record["params"] == {
        "session": "第一场：经济建设一组",
        "deadline": "12月21日18:00",
    }
    assert "“第一场：经济建设一组”云评议已开始，请于12月21日18:00前" in record["text"]
    assert "13812345678" not in lines[0]
    assert "138****5678" in caplog.text
    assert "13812345678" not in caplog.text
    message.refresh_from_db()
    assert message.status == Message.Status.DELIVERED
    assert message.delivered_at is not None
    assert message.provider_message_id == f"console-{message.pk}"


def test_it_masks_a_receipt(tmp_path: Path) -> None:
    message = sms_enqueue(
        phone="13812345678",
        template="ballot_receipt",
        params={"receipt": "ABCD-EFGH-IJKL-MNOP"},
        dedupe_key="receipt:1",
    )
    assert message is not None
    message_send(message_id=message.pk, now=MORNING)
    text = (tmp_path / "sms-outbox.jsonl").read_text(encoding="utf-8")
    assert "ABCD****" in text
    assert "EFGH" not in text
