"""Evaluation windows: scheduled from the sessions, moved only by audited acts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign, Session
from sanmin.evaluation.models import Window


def window_default_times(session: Session) -> tuple[dt.datetime, dt.datetime]:
    """Open when the session's reports end; close after the configured hours."""
    opens = session.ends_at
    return opens, opens + dt.timedelta(hours=settings.EVALUATION_WINDOW_HOURS)


@transaction.atomic
def windows_schedule(*, campaign: Campaign, actor: Any = None) -> list[Window]:
    """Give every session of the campaign that has none its default window."""
    created = []
    for session in campaign.sessions.filter(window__isnull=True):
        opens, closes = window_default_times(session)
        created.append(
            Window.objects.create(session=session, opens_at=opens, closes_at=closes)
        )
    if created:
        audit_record(
            actor=actor,
            action="window.schedule",
            target=campaign,
            detail={"sessions": [w.session_id for w in created]},
        )
    return created


def _change(
    *, window: Window, actor: Any, action: str, reason: str, **times: dt.datetime
) -> Window:
    if not reason.strip():
        raise ValidationError("请填写调整评议时段的理由")
    with transaction.atomic():
        locked = Window.objects.select_for_update().get(pk=window.pk)
        before = {
            "opens_at": locked.opens_at.isoformat(),
            "closes_at": locked.closes_at.isoformat(),
        }
        for name, value in times.items():
            setattr(locked, name, value)
        if locked.closes_at <= locked.opens_at:
            raise ValidationError("截止时间必须晚于开始时间")
        locked.save(update_fields=list(times))
        audit_record(
            actor=actor,
            action=action,
            target=locked,
            detail={
                "before": before,
                "after": {k: v.isoformat() for k, v in times.items()},
                "reason": reason.strip()[:200],
            },
        )
    return locked


def window_open_now(
    *, window: Window, actor: Any, reason: str, now: dt.datetime | None = None
) -> Window:
    """Open a window earlier than scheduled."""
    now = now or timezone.now()
    if window.is_open(now):
        raise ValidationError("评议已在进行中")
    if window.has_closed(now):
        raise ValidationError("评议已截止，不能重新开始")
    return _change(
        window=window, actor=actor, action="window.open", reason=reason, opens_at=now
    )


def window_extend(
    *,
    window: Window,
    actor: Any,
    reason: str,
    closes_at: dt.datetime,
    now: dt.datetime | None = None,
) -> Window:
    """Move the deadline later (never earlier: use close for that)."""
    now = now or timezone.now()
    if closes_at <= window.closes_at:
        raise ValidationError("延长后的截止时间必须晚于原截止时间")
    if window.has_closed(now):
        raise ValidationError("评议已截止，不能延长")
    return _change(
        window=window,
        actor=actor,
        action="window.extend",
        reason=reason,
        closes_at=closes_at,
    )


def window_close_now(
    *, window: Window, actor: Any, reason: str, now: dt.datetime | None = None
) -> Window:
    """Close an open window before its deadline."""
    now = now or timezone.now()
    if not window.is_open(now):
        raise ValidationError("评议未在进行中，无需截止")
    return _change(
        window=window, actor=actor, action="window.close", reason=reason, closes_at=now
    )
