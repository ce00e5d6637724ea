"""Replacement (替补): a declined or unreachable representative's seat goes to the
next alternate of the same cell, never from another cell; refused once the roster is
frozen."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from sanmin.audit.services import audit_record
from sanmin.representatives.models import Representative
from sanmin.representatives.selectors import roster as selectors
from sanmin.representatives.services.roster.common import (
    PUBLIC,
    Status,
    is_frozen,
    lock_campaign,
    locked,
)


def _check_replacer(actor: Any, representative: Representative) -> None:
    if selectors.replaces_cell(actor, representative):
        return
    if selectors.own_district(actor, representative):
        raise ValidationError("市级选聘的代表由市统计局统一替补")
    raise PermissionDenied("scope")


def representative_replace(
    *,
    representative: Representative,
    actor: Any,
    request: HttpRequest | None = None,
) -> Representative:
    """Give a declined or unreachable representative's seat to the next alternate
    of the same cell.

    1. District staff replace in the district-level cells of their district; the
       statistics bureau in the municipal-level cells.
    2. Under the campaign's lock: refused once the roster is frozen, and unless the
       entry is DECLINED or UNREACHABLE (so never twice).
    3. The alternate: the draw's ALTERNATE entry of the same cell with the lowest
       rank whose candidate has not taken a seat yet; never from another cell.
       None left: refused, saying so. Balance targets are not consulted: in a
       cell drawn under them the replacement may take a target's group out of
       its range (the detail page warns; see draw/ordering.py).
    4. The new entry (SELECTED, `replaces` the old one, copied from the candidate);
       the old one becomes REPLACED and keeps what it was in `status_reason`.
    5. One audit event: the cell, the status and reason replaced, the rank used.
    Returns the new entry.
    """
    _check_replacer(actor, representative)
    if not representative.cell or representative.candidate_id is None:
        raise ValidationError("该代表不是由抽取产生，没有备选代表可替补")
    campaign = representative.campaign
    with transaction.atomic():
        lock_campaign(campaign)
        if is_frozen(campaign):
            raise ValidationError("名单已冻结，不能再替补")
        representative = locked(representative)
        previous = representative.status
        if previous == Status.REPLACED:
            raise ValidationError("该代表已被替补")
        if previous not in (Status.DECLINED, Status.UNREACHABLE):
            raise ValidationError("只有已谢绝或无法联系的代表才能替补")
        draw = selectors.roster_draw(campaign=campaign)
        if draw is None:
            raise ValidationError("没有可用的抽取结果，无法替补")
        entry = selectors.next_alternate(draw=draw, cell=representative.cell)
        if entry is None:
            raise ValidationError(
                f"“{selectors.cell_label(representative)}”的备选代表已全部用完，无法替补；"
                "请向市统计局报告缺额"
            )
        candidate = entry.candidate
        try:
            with transaction.atomic():
                successor = Representative.objects.create(
                    campaign=campaign,
                    roster=PUBLIC,
                    id_hash=candidate.id_hash,
                    name_cipher=candidate.name_cipher,
                    phone_cipher=candidate.phone_cipher,
                    district=candidate.district,
                    category=candidate.category,
                    candidate=candidate,
                    cell=entry.cell,
                    unit=candidate.organisation,
                    status=Status.SELECTED,
                    replaces=representative,
                    synthetic=candidate.synthetic,
                )
        except IntegrityError as error:
            raise ValidationError(
                "备选代表已在名单中（可能刚被他人替补），请刷新后重试"
            ) from error
        old_reason = representative.status_reason
        label = representative.get_status_display()
        representative.status = Status.REPLACED
        representative.status_reason = f"{label}：{old_reason}" if old_reason else label
        representative.save(update_fields=["status", "status_reason"])
        audit_record(
            actor=actor,
            action="representative.replace",
            target=representative,
            detail={
                "cell": representative.cell,
                "replaced_status": previous,
                "reason": old_reason,
                "alternate_rank": entry.rank,
                "successor": successor.pk,
            },
            request=request,
        )
    return successor
