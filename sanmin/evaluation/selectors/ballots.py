"""Reads for casting: which departments a session rates, who may rate it."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sanmin.campaigns.models import Participant, Session
from sanmin.representatives.models import Representative
from sanmin.representatives.selectors import ACTIVE_STATUSES


def session_departments(session: Session) -> QuerySet[Participant]:
    """The departments a session's ballot rates, in report order."""
    participants = Participant.objects.filter(
        campaign_id=session.campaign_id
    ).select_related("department")
    if session.kind == Session.Kind.INTERNAL:
        return participants.filter(internal=True).order_by("order")
    return participants.filter(group_id=session.group_id).order_by("order")


def session_roster(session: Session) -> str:
    if session.kind == Session.Kind.INTERNAL:
        return Representative.Roster.INTERNAL
    return Representative.Roster.PUBLIC


def _serving(*, session: Session, user: Any) -> QuerySet[Representative] | None:
    id_hash = getattr(user, "id_hash", "")
    if not id_hash or getattr(user, "role", "") != "citizen":
        return None
    return Representative.objects.filter(
        campaign_id=session.campaign_id,
        roster=session_roster(session),
        id_hash=id_hash,
        status__in=ACTIVE_STATUSES,
    )


def session_representative(*, session: Session, user: Any) -> Representative | None:
    """The user's roster entry for the session's campaign and roster, if serving."""
    serving = _serving(session=session, user=user)
    return None if serving is None else serving.first()
