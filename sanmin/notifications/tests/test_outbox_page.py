"""The office's outbox page: counts by status, masked phones, filters."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from sanmin.notifications.models import Message
from sanmin.notifications.services import message_send, sms_enqueue
from sanmin.notifications.tests.conftest import MORNING

pytestmark = pytest.mark.django_db


def _message(n: int, template: str = "suggestion_status") -> Message:
    params = (
        {"tracking": f"JY2024-000{n}", "status": "已受理"}
        if template == "suggestion_status"
        else {"receipt": "ABCD-EFGH-IJKL-MNOP"}
    )
    message = sms_enqueue(
        phone=f"1381234{n:04d}", template=template, params=params, dedupe_key=f"k:{n}"
    )
    assert message is not None
    return message


@pytest.fixture
def outbox() -> list[Message]:
    messages = [_message(1), _message(2), _message(3, "ballot_receipt")]
    message_send(message_id=messages[0].pk, now=MORNING)
    return messages


def test_the_office_sees_counts_and_masked_phones(
    client_as: Callable[[str], Client], outbox: Any
) -> None:
    response = client_as("office").get("/notifications/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "短信发件箱" in page
    assert "138****0001" in page
    assert "13812340001" not in page
    assert "ABCD-EFGH" not in page
    counts = dict((label, n) for _, label, n in response.context["counts"])
    assert counts["已送达"] == 1
    assert counts["待发送"] == 2
    assert response.context["total"] == 3


def test_the_operator_filters_by_status_and_template(
    client_as: Callable[[str], Client], outbox: Any
) -> None:
    client = client_as("operator")
    queued = client.get("/notifications/", {"status": "queued"})
    assert [m.pk for m, _ in queued.context["rows"]] == [outbox[2].pk, outbox[1].pk]
    receipts = client.get("/notifications/", {"template": "ballot_receipt"})
    assert [m.pk for m, _ in receipts.context["rows"]] == [outbox[2].pk]
    assert receipts.context["total"] == 1
    nonsense = client.get("/notifications/", {"status": "x", "template": "y"})
    assert len(nonsense.context["rows"]) == 3


def test_district_staff_may_not_open_it(
    client_as: Callable[[str], Client], outbox: Any
) -> None:
    assert client_as("district").get("/notifications/").status_code == 403


def test_the_admin_shows_the_outbox_read_only(
    client_as: Callable[[str], Client], outbox: Any
) -> None:
    client = client_as("office")
    listing = client.get("/admin/notifications/message/")
    assert listing.status_code == 200
    assert "138****0003" in listing.content.decode()
    detail = client.get(f"/admin/notifications/message/{outbox[2].pk}/change/")
    assert detail.status_code == 200
    assert "ABCD****" in detail.content.decode()
    assert "EFGH" not in detail.content.decode()
    assert client.get("/admin/notifications/message/add/").status_code == 403
    deleted = client.post(
        f"/admin/notifications/message/{outbox[2].pk}/delete/", {"post": "yes"}
    )
    assert deleted.status_code == 403
    assert Message.objects.filter(pk=outbox[2].pk).exists()
