"""The representative's answer and the phone results: confirming (online by the
representative or taken by phone), declining, and marking unreachable.

SELECTED → CONFIRMED; UNREACHABLE → CONFIRMED (reached after all, not once frozen);
SELECTED, CONFIRMED or UNREACHABLE → DECLINED; SELECTED → UNREACHABLE. Declines and
unreachable marks are refused once the roster is frozen.
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
from sanmin.representatives.models import Representative
from sanmin.representatives.selectors import roster as selectors
from sanmin.representatives.selectors.entries import ACTIVE_STATUSES
from sanmin.representatives.services.roster.common import (
    Status,
    clean_reason,
    is_frozen,
    lock_campaign,
    locked,
    role_of,
)

Via = Representative.ConfirmedVia


def _check_manager(actor: Any, representative: Representative) -> None:
    if not selectors.manages(actor, representative):
        raise PermissionDenied("scope")


def _check_self_or_manager(actor: Any, representative: Representative) -> str:
    """SELF when the actor is the representative (signed in through 爱山东), PHONE
    when staff who manage the entry record it; anyone else is refused."""
    if role_of(actor) == Role.CITIZEN:
        if not actor.id_hash or actor.id_hash != representative.id_hash:
            raise PermissionDenied("not-self")
        return str(Via.SELF)
    _check_manager(actor, representative)
    return str(Via.PHONE)


def representative_confirm(
    *,
    representative: Representative,
    actor: Any,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> Representative:
    """确认参加: online by the representative, or taken by phone and recorded by the
    staff who manage the entry (ConfirmedVia.PHONE, confirmed_by)."""
    via = _check_self_or_manager(actor, representative)
    with transaction.atomic():
        representative = locked(representative)
        previous = representative.status
        if previous == Status.CONFIRMED:
            raise ValidationError("已确认参加，无需重复确认")
        if previous not in (Status.SELECTED, Status.UNREACHABLE):
            raise ValidationError(
                f"当前状态为“{representative.get_status_display()}”，不能确认参加"
            )
        if previous == Status.UNREACHABLE and is_frozen(representative.campaign):
            raise ValidationError("名单已冻结，无法联系的代表不能再确认参加")
        representative.status = Status.CONFIRMED
        representative.confirmed_at = now or timezone.now()
        representative.confirmed_via = via
        representative.confirmed_by = actor
        representative.status_reason = ""
        representative.save(
            update_fields=[
                "status",
                "confirmed_at",
                "confirmed_via",
                "confirmed_by",
                "status_reason",
            ]
        )
        audit_record(
            actor=actor,
            action="representative.confirm",
            target=representative,
            detail={"via": via, "from": previous},
            request=request,
        )
    return representative


def representative_decline(
    *,
    representative: Representative,
    actor: Any,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Representative:
    """谢绝: online by the representative, or taken by phone by the staff who manage
    the entry; the optional reason is kept. Refused once the roster is frozen."""
    via = _check_self_or_manager(actor, representative)
    reason = clean_reason(reason)
    with transaction.atomic():
        lock_campaign(representative.campaign)
        if is_frozen(representative.campaign):
            raise ValidationError(
                "名单已冻结，不能再谢绝；如确实不能参加，请联系所在区（市）工作人员"
                if via == Via.SELF
                else "名单已冻结，不能再登记谢绝"
            )
        representative = locked(representative)
        previous = representative.status
        if previous == Status.DECLINED:
            raise ValidationError("已登记谢绝")
        if previous not in (*ACTIVE_STATUSES, Status.UNREACHABLE):
            raise ValidationError(
                f"当前状态为“{representative.get_status_display()}”，不能谢绝"
            )
        representative.status = Status.DECLINED
        representative.status_reason = reason
        representative.confirmed_at = None
        representative.confirmed_via = ""
        representative.confirmed_by = None
        representative.save(
            update_fields=[
                "status",
                "status_reason",
                "confirmed_at",
                "confirmed_via",
                "confirmed_by",
            ]
        )
        audit_record(
            actor=actor,
            action="representative.decline",
            target=representative,
            detail={"via": via, "from": previous, "reason": reason},
            request=request,
        )
    return representative


def representative_mark_unreachable(
    *,
    representative: Representative,
    actor: Any,
    reason: str = "",
    request: HttpRequest | None = None,
) -> Representative:
    """无法联系: staff who manage the entry could not reach a selected
    representative; the entry may then be replaced. Refused once frozen."""
    _check_manager(actor, representative)
    reason = clean_reason(reason)
    with transaction.atomic():
        lock_campaign(representative.campaign)
        if is_frozen(representative.campaign):
            raise ValidationError("名单已冻结，不能再登记无法联系")
        representative = locked(representative)
        if representative.status == Status.CONFIRMED:
            raise ValidationError("该代表已确认参加；如不能参加，请登记谢绝")
        if representative.status != Status.SELECTED:
            raise ValidationError(
                f"当前状态为“{representative.get_status_display()}”，不能登记无法联系"
            )
        representative.status = Status.UNREACHABLE
        representative.status_reason = reason
        representative.save(update_fields=["status", "status_reason"])
        audit_record(
            actor=actor,
            action="representative.unreachable",
            target=representative,
            detail={"reason": reason},
            request=request,
        )
    return representative
