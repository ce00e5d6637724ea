"""sms_enqueue: checked, stored once per dedupe key, audited, sent on commit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from sanmin.audit.models import AuditEvent
from sanmin.core import crypto
from sanmin.notifications.models import Message
from sanmin.notifications.services import sms_enqueue
from sanmin.notifications.tests.conftest import MORNING

pytestmark = pytest.mark.django_db

PHONE = "13812345678"


def _enqueue(**overrides: Any) -> Message | None:
    arguments: dict[str, Any] = {
        "phone": PHONE,
        "template": "ballot_receipt",
        "params": {"receipt": "ABCD-EFGH-IJKL-MNOP"},
        "dedupe_key": "receipt:1",
        **overrides,
    }
    return sms_enqueue(**arguments)


def test_it_stores_a_queued_message_with_the_phone_encrypted() -> None:
    message = _enqueue()
    assert message is not None
    message.refresh_from_db()
    assert message.status == Message.Status.QUEUED
    assert message.template == "ballot_receipt"
    assert message.params == {"receipt": "ABCD-EFGH-IJKL-MNOP"}
    assert PHONE not in message.phone_cipher
    assert crypto.cipher().decrypt(message.phone_cipher) == PHONE
    assert message.phone_hash == crypto.keyed_hash(PHONE, purpose="phone")
    assert message.phone_masked == "138****5678"


def test_it_records_an_audit_event_without_the_number() -> None:
    message = _enqueue(actor="测试")
    event = AuditEvent.objects.get(action="sms.enqueue")
    assert event.object_id == str(message.pk)  # type: ignore[union-attr]
    assert event.detail == {"template": "ballot_receipt", "phone": "138****5678"}
    assert PHONE not in json.dumps(event.detail)


def test_the_same_dedupe_key_is_stored_once() -> None:
    first = _enqueue()
    again = _enqueue(params={"receipt": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"})
    assert first is not None
    assert again is None
    assert Message.objects.count() == 1
    assert AuditEvent.objects.filter(action="sms.enqueue").count() == 1


def test_it_sends_through_the_worker_after_commit(
    django_capture_on_commit_callbacks: Any, tmp_path: Path
) -> None:
    with (
        time_machine.travel(MORNING, tick=False),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        message = _enqueue()
    assert len(callbacks) == 1
    message.refresh_from_db()  # type: ignore[union-attr]
    assert message.status == Message.Status.DELIVERED  # type: ignore[union-attr]
    assert message.attempts == 1  # type: ignore[union-attr]
    assert (tmp_path / "sms-outbox.jsonl").exists()


def test_nothing_is_enqueued_while_send_after_is_ahead(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = _enqueue(send_after=MORNING.replace(year=2099))
    assert callbacks == []
    assert message.enqueued_at is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"template": "no_such_template"}, "未知的短信模板"),
        ({"params": {}}, "缺少 receipt"),
        ({"params": {"receipt": "A", "extra": "B"}}, "多余 extra"),
        ({"params": {"receipt": ""}}, "不能为空"),
        ({"params": {"receipt": "X" * 36}}, "超过 35 个字符"),
        ({"params": {"receipt": "请拨13912345678"}}, "不得包含"),
        ({"params": {"receipt": "370202198001010017"}}, "不得包含"),
        ({"phone": "12345"}, "手机号码应为11位"),
        ({"dedupe_key": ""}, "去重键"),
    ],
)
def test_it_refuses_bad_input_and_stores_nothing(
    overrides: dict[str, Any], error: str
) -> None:
    with pytest.raises(ValidationError, match=error):
        _enqueue(**overrides)
    assert not Message.objects.exists()


def test_reminder_templates_declare_session_and_deadline() -> None:
    message = _enqueue(
        template="evaluation_reminder",
        params={"session": "第一场：经济建设一组", "deadline": "12月21日18:00"},
        dedupe_key="remind:1:1:open30",
    )
    assert message is not None
    with pytest.raises(ValidationError, match="缺少 deadline"):
        _enqueue(
            template="evaluation_reminder_closing",
            params={"session": "第一场"},
            dedupe_key="remind:1:1:close60",
        )
