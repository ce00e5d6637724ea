"""Delivery reports from the provider: sent → delivered, or failed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.notifications.models import Message

Status = Message.Status


def message_delivery_record(
    *,
    provider_message_id: str = "",
    out_id: str = "",
    delivered: bool,
    error_code: str = "",
    at: dt.datetime | None = None,
) -> bool:
    """Record the provider's delivery report for a sent message (by its id at the
    provider, or by ours as the provider echoes it). Returns whether one matched;
    a report for a message not in "sent" (unknown, or reported already) is ignored."""
    sent = Message.objects.filter(status=Status.SENT)
    if provider_message_id:
        sent = sent.filter(provider_message_id=provider_message_id)
    elif out_id.isdecimal():
        sent = sent.filter(pk=int(out_id))
    else:
        return False
    if delivered:
        changed = sent.update(
            status=Status.DELIVERED, delivered_at=at or timezone.now()
        )
    else:
        changed = sent.update(
            status=Status.FAILED, error=f"未送达：{error_code or '未知原因'}"[:200]
        )
    return bool(changed)


def delivery_reports_record(*, reports: Iterable[Any], actor: Any = None) -> int:
    """Record a batch of delivery reports (gateways' `DeliveryReport`s); one audit
    event for the batch. Returns how many matched a message."""
    matched = 0
    with transaction.atomic():
        for report in reports:
            matched += message_delivery_record(
                provider_message_id=report.provider_message_id,
                out_id=report.out_id,
                delivered=report.delivered,
                error_code=report.error_code,
                at=report.reported_at,
            )
        audit_record(
            actor=actor or "短信服务商",
            action="sms.delivery-report",
            detail={"matched": matched},
        )
    return matched
