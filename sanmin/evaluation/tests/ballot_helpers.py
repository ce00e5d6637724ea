"""Sessions in a chosen window state, for the ballot pages' tests and access rows.

The shipped 2024 sessions lie in the past, so their default windows are closed; a
window around now is made directly (no service moves a closed window, by design).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone


def first_public_session(campaign: Any) -> Any:
    return campaign.sessions.filter(kind="public").order_by("starts_at").first()


def internal_session(campaign: Any) -> Any:
    return campaign.sessions.get(kind="internal")


def window_around_now(session: Any, *, before: int = 60, after: int = 60) -> Any:
    """Give the session a window from `before` minutes ago to `after` from now."""
    from sanmin.evaluation.models import Window

    now = timezone.now()
    window, _ = Window.objects.update_or_create(
        session=session,
        defaults={
            "opens_at": now - dt.timedelta(minutes=before),
            "closes_at": now + dt.timedelta(minutes=after),
        },
    )
    return window


def open_session(campaign: Any) -> Any:
    session = first_public_session(campaign)
    window_around_now(session)
    return session


def closed_session(campaign: Any) -> Any:
    """The first public session with its default (long past) window."""
    from sanmin.evaluation.services.windows import windows_schedule

    windows_schedule(campaign=campaign, actor="测试")
    return first_public_session(campaign)


def pending_window(campaign: Any) -> Any:
    session = first_public_session(campaign)
    return window_around_now(session, before=-60, after=120)


def ballot_data(
    session: Any, *, key: str, choice: str = "satisfied", comment: str = ""
) -> dict[str, str]:
    """A complete ballot as the ballot page posts it."""
    from sanmin.evaluation.selectors.ballots import session_departments

    data = {"idempotency_key": key}
    for participant in session_departments(session):
        data[f"choice-{participant.pk}"] = choice
        data[f"comment-{participant.pk}"] = comment
    return data


def department_names(session: Any) -> list[str]:
    from sanmin.evaluation.selectors.ballots import session_departments

    return [p.department.name for p in session_departments(session)]
