"""Deadline reminders to department staff: a text message a day per state (due soon,
overdue) while their department leads open items in that state.

Run by the notifications scheduler every round (`sanmin scheduler`, next to the
representatives' reminders) and available as a task (`tasks.items_remind_run`).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Min, Q

from sanmin.accounts.models import Role, User
from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Department
from sanmin.core import crypto
from sanmin.core.personal import phone_error
from sanmin.notifications.models import Message
from sanmin.notifications.services.outbox import message_build, messages_enqueue
from sanmin.notifications.timing import local_deadline, quiet_until, sms_zone
from sanmin.suggestions.models import Item, ItemStatus

logger = logging.getLogger("sanmin.sms")

TEMPLATE = "suggestion_item_due"
KEY_PREFIX = "item-due:"
# What the message says after "您单位有N件交办建议".
STATE_WORDS = {"due_soon": "即将到期", "overdue": "已超过办理时限"}
ANSWERED = (ItemStatus.SUBMITTED, ItemStatus.APPROVED)


@dataclass(frozen=True)
class DueGroup:
    department_id: int
    state: str
    count: int
    earliest: dt.datetime


def item_due_key(*, department_id: int, state: str, day: dt.date, user_id: int) -> str:
    """One message per staff member, department, state and local day."""
    return f"{KEY_PREFIX}{department_id}:{state}:{day.isoformat()}:{user_id}"


def _due_groups(now: dt.datetime) -> list[DueGroup]:
    """Open items (no answer under review or approved) by lead and state."""
    from django.conf import settings

    soon = now + dt.timedelta(hours=settings.SUGGESTION_DUE_SOON_HOURS)
    open_items = Item.objects.exclude(status__in=ANSWERED)
    groups = []
    for state, condition in (
        ("overdue", Q(deadline__lte=now)),
        ("due_soon", Q(deadline__gt=now, deadline__lte=soon)),
    ):
        rows = (
            open_items.filter(condition)
            .values("lead_id")
            .annotate(n=Count("pk"), earliest=Min("deadline"))
            .order_by("lead_id")
        )
        groups += [
            DueGroup(row["lead_id"], state, row["n"], row["earliest"]) for row in rows
        ]
    return groups


def items_remind(*, now: dt.datetime, actor: Any = "定时任务") -> int:
    """Text the staff of departments whose items are due soon or overdue. Idempotent.

    1. Group the open items by lead department and state at `now`: overdue
       (deadline passed) and due soon (within SUGGESTION_DUE_SOON_HOURS).
    2. Recipients: the department's active staff accounts with a phone number.
    3. One message each (template suggestion_item_due: count, state, the earliest
       deadline), dedupe key item-due:<department>:<state>:<local date>:<user>;
       keys already in the outbox are skipped (the unique key stops a concurrent
       scheduler), so a second run the same day sends nothing twice.
    4. In quiet hours the messages wait for their end.
    5. One audit event per department and state that got messages (counts only);
       the send tasks are enqueued on commit.
    Returns how many messages were created.
    """
    groups = _due_groups(now)
    if not groups:
        return 0
    day = now.astimezone(sms_zone()).date()
    send_after = quiet_until(now)
    staff: dict[int, list[tuple[int, str]]] = {}
    recipients = (
        User.objects.filter(
            role=Role.DEPARTMENT,
            is_active=True,
            department_id__in={group.department_id for group in groups},
        )
        .exclude(phone_cipher="")
        .order_by("pk")
        .values_list("department_id", "pk", "phone_cipher")
    )
    for department_id, user_id, phone_cipher in recipients:
        staff.setdefault(department_id, []).append((user_id, phone_cipher))
    existing = set(
        Message.objects.filter(
            dedupe_key__startswith=KEY_PREFIX,
            dedupe_key__contains=f":{day.isoformat()}:",
        ).values_list("dedupe_key", flat=True)
    )
    created = 0
    for group in groups:
        created += _remind_group(
            group=group,
            members=staff.get(group.department_id, []),
            existing=existing,
            day=day,
            now=now,
            send_after=send_after,
            actor=actor,
        )
    return created


def _remind_group(
    *,
    group: DueGroup,
    members: list[tuple[int, str]],
    existing: set[str],
    day: dt.date,
    now: dt.datetime,
    send_after: dt.datetime | None,
    actor: Any,
) -> int:
    params = {
        "count": str(group.count),
        "state": STATE_WORDS[group.state],
        "deadline": local_deadline(group.earliest),
    }
    messages, unusable = [], 0
    for user_id, phone_cipher in members:
        key = item_due_key(
            department_id=group.department_id,
            state=group.state,
            day=day,
            user_id=user_id,
        )
        if key in existing:
            continue
        phone = crypto.cipher().decrypt(phone_cipher)
        if phone_error(phone):
            unusable += 1
            continue
        messages.append(
            message_build(
                phone=phone,
                template=TEMPLATE,
                params=params,
                dedupe_key=key,
                send_after=send_after,
                phone_cipher=phone_cipher,
            )
        )
    if not messages:
        return 0
    keys = [message.dedupe_key for message in messages]
    with transaction.atomic():
        Message.objects.bulk_create(messages, batch_size=500, ignore_conflicts=True)
        ids = list(
            Message.objects.filter(dedupe_key__in=keys, enqueued_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        audit_record(
            actor=actor,
            action="suggestion.items_remind",
            target=Department.objects.get(pk=group.department_id),
            detail={
                "state": group.state,
                "items": group.count,
                "messages": len(messages),
                "unusable_phones": unusable,
                "day": day.isoformat(),
                "deferred_to": send_after.isoformat() if send_after else "",
            },
        )
        messages_enqueue(ids=ids, now=now)
    logger.info(
        "部门 %s 交办建议%s提醒：%s 条",
        group.department_id,
        STATE_WORDS[group.state],
        len(messages),
    )
    return len(messages)
