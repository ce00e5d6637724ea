from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

import pytest

from sanmin.evaluation.services.ballots import Mark


@pytest.fixture
def public_session(campaign: Any) -> Any:
    """The first public session of the 2024 campaign, with its default window."""
    from sanmin.evaluation.services.windows import windows_schedule

    windows_schedule(campaign=campaign, actor="测试")
    return campaign.sessions.filter(kind="public").order_by("starts_at").first()


@pytest.fixture
def during(public_session: Any) -> dt.datetime:
    """A moment inside the session's evaluation window."""
    return public_session.window.opens_at + dt.timedelta(minutes=5)


def full_marks(session: Any, choice: str = "satisfied") -> dict[int, Mark]:
    from sanmin.evaluation.selectors.ballots import session_departments

    return {p.pk: Mark(choice=choice) for p in session_departments(session)}


def new_key() -> str:
    return secrets.token_urlsafe(32)
