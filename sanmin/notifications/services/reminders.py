"""Automatic reminders to representatives who have not voted yet."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.core import crypto
from sanmin.core.personal import phone_error
from sanmin.evaluation.models import Participation, Window
from sanmin.evaluation.selectors.ballots import session_roster
from sanmin.notifications.catalogue import PARAM_MAX_CHARS
from sanmin.notifications.models import Message
from sanmin.notifications.selectors import REMINDER_PREFIX, reminder_key
from sanmin.notifications.services.outbox import message_build, messages_enqueue
from sanmin.notifications.timing import (
    ReminderRule,
    local_deadline,
    quiet_until,
    reminder_rules,
)
from sanmin.representatives.models import Representative
from sanmin.representatives.selectors import ACTIVE_STATUSES

logger = logging.getLogger("sanmin.sms")


def reminder_rule_due(
    *, window: Window, rules: list[ReminderRule], now: dt.datetime
) -> ReminderRule | None:
    """The latest rule of the window that has come due by `now`.

    Earlier rules are superseded by it: a scheduler that was down sends one reminder
    when it comes back, not a burst. Rules that would fall outside the window (a
    close rule before opening) never apply.
    """
    due = []
    for rule in rules:
        when = rule.due_at(opens_at=window.opens_at, closes_at=window.closes_at)
        if window.opens_at <= when <= now and when < window.closes_at:
            due.append((when, rule))
    return max(due, key=lambda pair: pair[0])[1] if due else None


def reminders_due(*, now: dt.datetime | None = None, actor: Any = "定时任务") -> int:
    """Create the reminders that are due and enqueue their sending. Idempotent.

    1. For each window open at `now`, take the latest reminder rule that is due
       (REMINDER_AFTER_OPEN_MINUTES, REMINDER_BEFORE_CLOSE_MINUTES).
    2. In quiet hours the messages wait for their end; if that is after the window
       closes, no reminder is made.
    3. Recipients: the session's roster (its campaign and roster, selected or
       confirmed) with a phone number and no participation in the session.
    4. One message each, dedupe key remind:<session>:<representative>:<rule>; keys
       already in the outbox are skipped (and the unique key stops a concurrent
       scheduler), so running again creates nothing new.
    5. One audit event per session and rule; the send tasks are enqueued on commit.
    Returns how many messages were created.
    """
    now = now or timezone.now()
    rules = reminder_rules()
    if not rules:
        return 0
    created = 0
    windows = Window.objects.filter(opens_at__lte=now, closes_at__gt=now)
    for window in windows.select_related("session"):
        rule = reminder_rule_due(window=window, rules=rules, now=now)
        if rule is None:
            continue
        send_after = quiet_until(now)
        if send_after is not None and send_after >= window.closes_at:
            continue
        created += _remind(
            window=window, rule=rule, now=now, send_after=send_after, actor=actor
        )
    return created


def _remind(
    *,
    window: Window,
    rule: ReminderRule,
    now: dt.datetime,
    send_after: dt.datetime | None,
    actor: Any,
) -> int:
    session = window.session
    voted = Participation.objects.filter(session=session, representative=OuterRef("pk"))
    recipients = (
        Representative.objects.filter(
            campaign_id=session.campaign_id,
            roster=session_roster(session),
            status__in=ACTIVE_STATUSES,
        )
        .exclude(phone_cipher="")
        .exclude(Exists(voted))
        .order_by("pk")
        .values_list("pk", "phone_cipher")
    )
    prefix = f"{REMINDER_PREFIX}{session.pk}:"
    existing = set(
        Message.objects.filter(
            dedupe_key__startswith=prefix, dedupe_key__endswith=f":{rule.code}"
        ).values_list("dedupe_key", flat=True)
    )
    params = {
        "session": session.title[:PARAM_MAX_CHARS],
        "deadline": local_deadline(window.closes_at),
    }
    messages, unusable = [], 0
    for representative_id, phone_cipher in recipients:
        key = reminder_key(
            session_id=session.pk, representative_id=representative_id, rule=rule.code
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
                template=rule.template,
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
            action="sms.reminders",
            target=session,
            detail={
                "rule": rule.code,
                "count": len(messages),
                "unusable_phones": unusable,
                "deferred_to": send_after.isoformat() if send_after else "",
            },
        )
        messages_enqueue(ids=ids, now=now)
    logger.info("场次 %s 提醒 %s：%s 条", session.pk, rule.code, len(messages))
    return len(messages)
