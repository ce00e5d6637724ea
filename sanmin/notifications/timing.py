"""When messages may go out: quiet hours, back-off, and the reminder rules.

All read from settings when called (never at import), so tests may change them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_QUIET = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def sms_zone() -> ZoneInfo:
    return ZoneInfo(settings.SMS_TIME_ZONE)


def quiet_hours() -> tuple[dt.time, dt.time] | None:
    """SMS_QUIET_HOURS as (start, end) local times; None when there are none."""
    value = settings.SMS_QUIET_HOURS.strip()
    if not value:
        return None
    match = _QUIET.match(value)
    if not match:
        raise ImproperlyConfigured(
            f"SMS_QUIET_HOURS 应形如 21:30-08:00，当前为 {value!r}"
        )
    h1, m1, h2, m2 = (int(part) for part in match.groups())
    try:
        start, end = dt.time(h1, m1), dt.time(h2, m2)
    except ValueError:
        raise ImproperlyConfigured(f"SMS_QUIET_HOURS 时间无效：{value!r}") from None
    return (start, end) if start != end else None


def quiet_until(now: dt.datetime) -> dt.datetime | None:
    """The end of the quiet hours `now` falls in, or None when sending is allowed.

    1. Take the local time of `now` in SMS_TIME_ZONE.
    2. A window that does not wrap (13:00-14:00) holds start ≤ t < end; it ends today.
    3. A window that wraps midnight (21:30-08:00) holds t ≥ start (ends tomorrow) or
       t < end (ends today).
    """
    window = quiet_hours()
    if window is None:
        return None
    start, end = window
    zone = sms_zone()
    local = now.astimezone(zone)
    clock = local.time().replace(tzinfo=None)
    today_end = dt.datetime.combine(local.date(), end, tzinfo=zone)
    if start < end:
        return today_end if start <= clock < end else None
    if clock >= start:
        tomorrow = local.date() + dt.timedelta(days=1)
        return dt.datetime.combine(tomorrow, end, tzinfo=zone)
    if clock < end:
        return today_end
    return None


def retry_delay(attempts: int) -> dt.timedelta:
    """Back-off after the n-th failed attempt: RETRY × 2^(n-1), at most six hours."""
    seconds = settings.SMS_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, 6 * 3600))


def local_deadline(moment: dt.datetime) -> str:
    """A deadline as the message shows it: 12月21日18:00."""
    local = moment.astimezone(sms_zone())
    return f"{local.month}月{local.day}日{local:%H:%M}"


@dataclass(frozen=True)
class ReminderRule:
    """A reminder `minutes` after opening ("open") or before closing ("close")."""

    anchor: str
    minutes: int

    @property
    def code(self) -> str:
        return f"{self.anchor}{self.minutes}"

    @property
    def template(self) -> str:
        if self.anchor == "close":
            return "evaluation_reminder_closing"
        return "evaluation_reminder"

    def due_at(self, *, opens_at: dt.datetime, closes_at: dt.datetime) -> dt.datetime:
        if self.anchor == "close":
            return closes_at - dt.timedelta(minutes=self.minutes)
        return opens_at + dt.timedelta(minutes=self.minutes)


def _minutes(name: str) -> list[int]:
    value = getattr(settings, name)
    try:
        minutes = [int(part) for part in value.split(",") if part.strip()]
    except ValueError:
        raise ImproperlyConfigured(
            f"{name} 应为以逗号分隔的分钟数，当前为 {value!r}"
        ) from None
    if any(minute < 0 for minute in minutes):
        raise ImproperlyConfigured(f"{name} 不能为负数")
    return minutes


def reminder_rules() -> list[ReminderRule]:
    return [
        *(ReminderRule("open", m) for m in _minutes("REMINDER_AFTER_OPEN_MINUTES")),
        *(ReminderRule("close", m) for m in _minutes("REMINDER_BEFORE_CLOSE_MINUTES")),
    ]
