"""The district staff's work with their own district's representatives: training
(培训), community venues, and revealing a phone number to call (audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sanmin.accounts.models import Role
from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign, Venue
from sanmin.representatives.models import Representative
from sanmin.representatives.selectors import roster as selectors
from sanmin.representatives.selectors.entries import ACTIVE_STATUSES
from sanmin.representatives.services.enrol import representative_phone_disclose
from sanmin.representatives.services.roster.common import PUBLIC, Status, role_of

REVEAL_REASON = "代表联络"


# Training and venues -------------------------------------------------------------------


def _district_entries(
    *, campaign: Campaign, actor: Any, ids: Iterable[int]
) -> list[Representative]:
    """The chosen serving entries, all of the actor's district (else refused)."""
    if role_of(actor) != Role.DISTRICT or actor.district_id is None:
        raise PermissionDenied("role")
    wanted = sorted(set(ids))
    if not wanted:
        raise ValidationError("请先勾选代表")
    found = list(
        Representative.objects.filter(campaign=campaign, roster=PUBLIC, pk__in=wanted)
    )
    if len(found) != len(wanted):
        raise ValidationError("所选代表不在本活动的名单中，请刷新后重试")
    if any(rep.district_id != actor.district_id for rep in found):
        raise PermissionDenied("other-district")
    if any(rep.status not in ACTIVE_STATUSES for rep in found):
        raise ValidationError(
            "只能为在册（已选定或已确认）的代表办理，请取消勾选其他代表"
        )
    return found


def representatives_train(
    *,
    campaign: Campaign,
    actor: Any,
    ids: Iterable[int],
    trained: bool = True,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> int:
    """Mark the chosen representatives of the district as trained (培训), or undo
    it; all or none. Returns how many changed."""
    found = _district_entries(campaign=campaign, actor=actor, ids=ids)
    ids = [rep.pk for rep in found]
    with transaction.atomic():
        entries = Representative.objects.filter(pk__in=ids)
        if trained:
            changed = entries.filter(trained_at__isnull=True).update(
                trained_at=now or timezone.now()
            )
        else:
            changed = entries.filter(trained_at__isnull=False).update(trained_at=None)
        audit_record(
            actor=actor,
            action="representatives.train",
            target=campaign,
            detail={
                "district": actor.district.code,
                "trained": trained,
                "chosen": len(ids),
                "changed": changed,
            },
            request=request,
        )
    return changed


def representatives_assign_venue(
    *,
    campaign: Campaign,
    actor: Any,
    ids: Iterable[int],
    venue: Venue | None,
    request: HttpRequest | None = None,
) -> int:
    """Assign the chosen representatives to a community venue of the district (or
    none); refused beyond the venue's capacity. Returns how many were chosen."""
    found = _district_entries(campaign=campaign, actor=actor, ids=ids)
    ids = [rep.pk for rep in found]
    if venue is not None and (
        venue.campaign_id != campaign.pk or venue.district_id != actor.district_id
    ):
        raise ValidationError("只能安排到本活动中本区（市）的社区会场")
    with transaction.atomic():
        if venue is not None:
            venue = Venue.objects.select_for_update().get(pk=venue.pk)
            others = (
                Representative.objects.filter(
                    venue=venue, roster=PUBLIC, status__in=ACTIVE_STATUSES
                )
                .exclude(pk__in=ids)
                .count()
            )
            if others + len(ids) > venue.capacity:
                free = max(venue.capacity - others, 0)
                raise ValidationError(
                    f"会场“{venue.name}”可容纳 {venue.capacity} 人，已安排 {others} 人，"
                    f"还能安排 {free} 人，本次选了 {len(ids)} 人"
                )
        Representative.objects.filter(pk__in=ids).update(venue=venue)
        audit_record(
            actor=actor,
            action="representatives.venue",
            target=venue or campaign,
            detail={
                "district": actor.district.code,
                "venue": venue.pk if venue else None,
                "count": len(ids),
            },
            request=request,
        )
    return len(ids)


# Revealing a phone ---------------------------------------------------------------------


def _check_district_staff(actor: Any, representative: Representative) -> None:
    if not selectors.own_district(actor, representative):
        raise PermissionDenied("scope")


def representative_phone_reveal(
    *,
    representative: Representative,
    actor: Any,
    request: HttpRequest | None = None,
) -> str:
    """A representative's full phone number for the district staff to call them
    (notification, confirmation, training, venue). The audit event (reason, masked
    number) commits before the number is returned; it is shown once, not kept."""
    _check_district_staff(actor, representative)
    if representative.status == Status.REPLACED:
        raise ValidationError("该代表已被替补，不需要再联系")
    return representative_phone_disclose(
        actor=actor,
        representative=representative,
        reason=REVEAL_REASON,
        request=request,
    )
