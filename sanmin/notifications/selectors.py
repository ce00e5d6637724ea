"""Reading the outbox, and whether a queued reminder is still wanted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from sanmin.evaluation.models import Participation, Window
from sanmin.notifications.models import Message
from sanmin.representatives.models import Representative
from sanmin.representatives.selectors import ACTIVE_STATUSES

REMINDER_PREFIX = "remind:"


def reminder_key(*, session_id: int, representative_id: int, rule: str) -> str:
    return f"{REMINDER_PREFIX}{session_id}:{representative_id}:{rule}"


@dataclass(frozen=True)
class ReminderKey:
    session_id: int
    representative_id: int
    rule: str


def reminder_key_parse(key: str) -> ReminderKey | None:
    if not key.startswith(REMINDER_PREFIX):
        return None
    parts = key[len(REMINDER_PREFIX) :].split(":")
    if len(parts) != 3 or not (parts[0].isdecimal() and parts[1].isdecimal()):
        return None
    return ReminderKey(int(parts[0]), int(parts[1]), parts[2])


def message_obsolete_reason(*, message: Message, now: dt.datetime) -> str:
    """Why a queued message should no longer go out, or "" when it should.

    Only reminders can become obsolete: the representative has voted since, is no
    longer serving, or the session's window is not open any more.
    """
    key = reminder_key_parse(message.dedupe_key)
    if key is None:
        return ""
    if Participation.objects.filter(
        session_id=key.session_id, representative_id=key.representative_id
    ).exists():
        return "已完成评议，不再提醒"
    if not Representative.objects.filter(
        pk=key.representative_id, status__in=ACTIVE_STATUSES
    ).exists():
        return "代表已不在名单中"
    window = Window.objects.filter(session_id=key.session_id).first()
    if window is None or not window.is_open(now):
        return "评议时段已结束"
    return ""


def outbox_messages(*, status: str = "", template: str = "") -> QuerySet[Message]:
    """The outbox, newest first, optionally one status and one template."""
    messages = Message.objects.all()
    if status:
        messages = messages.filter(status=status)
    if template:
        messages = messages.filter(template=template)
    return messages.order_by("-created_at", "-pk")


def outbox_counts(*, template: str = "") -> dict[str, int]:
    """How many messages are in each status (every status listed, zeros included)."""
    messages = Message.objects.all()
    if template:
        messages = messages.filter(template=template)
    found = dict(
        messages.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {status: found.get(status, 0) for status in Message.Status.values}
