from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

SHANGHAI = ZoneInfo("Asia/Shanghai")
# A working morning: outside the default quiet hours (21:30-08:00).
MORNING = dt.datetime(2024, 12, 20, 10, 0, tzinfo=SHANGHAI)


def local(hour: int, minute: int = 0, *, day: int = 20) -> dt.datetime:
    return dt.datetime(2024, 12, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def sms_settings(settings: Any, tmp_path: Path) -> Any:
    """The console gateway writing into this test's directory, default policies."""
    settings.SMS_GATEWAY = "console"
    settings.SMS_OUTBOX_FILE = str(tmp_path / "sms-outbox.jsonl")
    settings.SMS_QUIET_HOURS = "21:30-08:00"
    settings.SMS_TIME_ZONE = "Asia/Shanghai"
    settings.SMS_RATE_PER_HOUR = 5
    settings.SMS_MAX_ATTEMPTS = 3
    settings.SMS_RETRY_SECONDS = 60
    settings.SMS_TEMPLATE_IDS = (
        "ballot_receipt=SMS_100,evaluation_reminder=SMS_200,"
        "evaluation_reminder_closing=SMS_300,suggestion_status=SMS_400"
    )
    settings.REMINDER_AFTER_OPEN_MINUTES = "30,120"
    settings.REMINDER_BEFORE_CLOSE_MINUTES = "60"
    return settings


def enrol(campaign: Any, serial: int, *, district: Any = None, **extra: Any) -> Any:
    """A representative with a phone number (1390000 + serial)."""
    from sanmin.campaigns.models import District
    from sanmin.core.personal import make_id_number
    from sanmin.representatives.services import representative_enrol

    return representative_enrol(
        campaign=campaign,
        id_number=make_id_number("370203", dt.date(1975, 3, 1), serial),
        name=f"测试代表{serial}",
        phone=extra.pop("phone", f"1390000{serial:04d}"),
        district=district or District.objects.order_by("order", "code").first(),
        category=None,
        synthetic=True,
        actor="测试",
        **extra,
    )


def first_session(campaign: Any) -> Any:
    return campaign.sessions.filter(kind="public").order_by("starts_at").first()


def open_window(session: Any, opens_at: dt.datetime, closes_at: dt.datetime) -> Any:
    """The session's evaluation window, at the times the test needs."""
    from sanmin.evaluation.models import Window

    window, _ = Window.objects.update_or_create(
        session=session, defaults={"opens_at": opens_at, "closes_at": closes_at}
    )
    return window


def enrol_voter(campaign: Any, serial: int) -> Any:
    """A citizen on the roster with a phone (1370000 + serial), who can vote."""
    from sanmin.accounts.tests.fixtures import make_citizen
    from sanmin.core.personal import make_id_number
    from sanmin.representatives.services import representative_enrol

    citizen = make_citizen(serial=serial)
    representative_enrol(
        campaign=campaign,
        id_number=make_id_number("370202", dt.date(1980, 1, 1), serial),
        name=f"投票代表{serial}",
        phone=f"1370000{serial:04d}",
        district=None,
        category=None,
        synthetic=True,
        actor="测试",
    )
    return citizen


def vote(citizen: Any, session: Any, when: dt.datetime) -> None:
    from sanmin.evaluation.services.ballots import ballot_cast
    from sanmin.evaluation.tests.conftest import full_marks, new_key

    ballot_cast(
        user=citizen,
        session=session,
        idempotency_key=new_key(),
        marks=full_marks(session),
        now=when,
    )
