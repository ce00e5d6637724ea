"""Phoning representatives who have not voted: revealing a number, marking a call.

Both are acts of the district staff of the representative's district, and both are
recorded in the audit log. The number is returned to be shown once; it is never
stored anywhere else in the clear.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sanmin.accounts.models import Role
from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Session
from sanmin.evaluation.models import CallMark, Participation
from sanmin.evaluation.selectors.ballots import session_roster
from sanmin.representatives.models import Representative
from sanmin.representatives.selectors import ACTIVE_STATUSES
from sanmin.representatives.services import representative_phone_disclose

REVEAL_REASON = "电话提醒"
NOTE_MAX = 100


def _check_caller(
    *, actor: Any, session: Session, representative: Representative
) -> None:
    """The actor is district staff of the representative's district, and the
    representative serves on the session's roster."""
    if getattr(actor, "role", None) != Role.DISTRICT or actor.district_id is None:
        raise PermissionDenied("role")
    if representative.district_id != actor.district_id:
        raise PermissionDenied("other-district")
    if (
        representative.campaign_id != session.campaign_id
        or representative.roster != session_roster(session)
        or representative.status not in ACTIVE_STATUSES
    ):
        raise ValidationError("该代表不在本场次的评议名单中")


def call_phone_reveal(
    *,
    actor: Any,
    session: Session,
    representative: Representative,
    request: HttpRequest | None = None,
) -> str:
    """A representative's full phone number, for the district staff to call them.

    1. Only district staff of the representative's district (PermissionDenied).
    2. Only a representative on the session's roster who has not voted and has a
       number (ValidationError, in Chinese).
    3. The audit event (reason 电话提醒, the masked number) commits before the number
       is returned.
    """
    _check_caller(actor=actor, session=session, representative=representative)
    if Participation.objects.filter(
        session=session, representative=representative
    ).exists():
        raise ValidationError("该代表已完成本场次评议，无需电话提醒")
    return representative_phone_disclose(
        actor=actor,
        representative=representative,
        reason=REVEAL_REASON,
        detail={"session": session.pk},
        request=request,
    )


def call_mark(
    *,
    actor: Any,
    session: Session,
    representative: Representative,
    note: str = "",
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> CallMark:
    """Record that the district staff phoned a representative (已电话提醒), audited.

    A call may be marked even if the representative has voted since: it happened.
    """
    _check_caller(actor=actor, session=session, representative=representative)
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(f"备注不能超过 {NOTE_MAX} 字")
    with transaction.atomic():
        mark = CallMark.objects.create(
            session=session,
            representative=representative,
            called_by=actor,
            called_at=now or timezone.now(),
            note=note,
        )
        audit_record(
            actor=actor,
            action="representative.call.mark",
            target=mark,
            detail={"session": session.pk, "representative": representative.pk},
            request=request,
        )
    return mark
