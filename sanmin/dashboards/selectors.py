"""Reads for the dashboards: the sessions a staff member may watch, in their scope."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.shortcuts import get_object_or_404

from sanmin.accounts.selectors import user_district_scope
from sanmin.campaigns.models import Session
from sanmin.evaluation.selectors.participation import (
    SessionParticipation,
    participation_sessions,
    session_participation,
)

# Every viewer of a session polls the same figures: each process counts them at most
# once per this many seconds (the pages poll every 5).
FRESH_SECONDS = 2


def _fresh(*, session: Session, district: Any) -> SessionParticipation:
    key = f"dashboards:participation:{session.pk}:{district.pk if district else '*'}"
    data: SessionParticipation | None = cache.get(key)
    if data is None:
        data = session_participation(session=session, district=district)
        cache.set(key, data, FRESH_SECONDS)
    return data


def dashboard_sessions() -> list[Session]:
    return participation_sessions()


def dashboard_session(*, session_id: int) -> Session:
    """A session by id (404 when unknown), with its campaign and window."""
    return get_object_or_404(
        Session.objects.select_related("campaign", "group"), pk=session_id
    )


def dashboard_participation(*, user: Any, session: Session) -> SessionParticipation:
    """Participation as `user` may see it: district staff only their district."""
    return _fresh(session=session, district=user_district_scope(user))


def screen_participation(*, session: Session) -> SessionParticipation:
    """The public big screen: every district, totals only (no categories shown)."""
    return _fresh(session=session, district=None)
