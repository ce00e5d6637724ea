"""The freeze (statistics bureau): the roster fixed before the first public session,
and the service years that next year's rotation is computed from. After it, nobody
leaves or joins the roster."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign
from sanmin.representatives.models import Representative, RosterFreeze, ServiceYear
from sanmin.representatives.selectors import roster as selectors
from sanmin.representatives.selectors.entries import ACTIVE_STATUSES
from sanmin.representatives.services.roster.common import (
    BULK_SIZE,
    PUBLIC,
    lock_campaign,
    require_statistics,
)


def roster_freeze(
    *,
    campaign: Campaign,
    actor: Any,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> RosterFreeze:
    """Fix the roster before the first public session (statistics bureau).

    1. Under the campaign's lock: refused if frozen already, or once the first
       public session has started.
    2. The serving representatives (selected + confirmed) must number at least
       `campaign.min_representatives` (≥ 3,000 for the city): otherwise refused with
       the shortfall.
    3. The freeze stores the counts by status, category and district.
    4. For a city campaign, a ServiceYear (imported=False) of the campaign's year for
       every serving representative: what next year's rotation is computed from.
    5. One audit event. After this, nobody leaves or joins the roster.
    """
    require_statistics(actor)
    now = now or timezone.now()
    with transaction.atomic():
        lock_campaign(campaign)
        existing = selectors.roster_freeze_of(campaign=campaign)
        if existing is not None:
            moment = timezone.localtime(existing.frozen_at)
            raise ValidationError(f"名单已于 {moment:%Y-%m-%d %H:%M} 冻结")
        first = selectors.first_public_session(campaign=campaign)
        if first is not None and now >= first.starts_at:
            moment = timezone.localtime(first.starts_at)
            raise ValidationError(
                f"第一场公开述职已于 {moment:%Y-%m-%d %H:%M} 开始，名单应在此之前冻结"
            )
        counts = selectors.roster_counts(campaign=campaign)
        if counts.shortfall:
            raise ValidationError(
                f"在册市民代表（已选定和已确认）{counts.active} 人，少于每场最少 "
                f"{counts.minimum} 人，还差 {counts.shortfall} 人，不能冻结；"
                "请先完成替补"
            )
        freeze = RosterFreeze.objects.create(
            campaign=campaign, frozen_at=now, frozen_by=actor, counts=counts.as_json()
        )
        written = _write_service_years(campaign) if campaign.district_id is None else 0
        audit_record(
            actor=actor,
            action="roster.freeze",
            target=campaign,
            detail={
                "active": counts.active,
                "confirmed": counts.confirmed,
                "minimum": counts.minimum,
                "service_years": written,
            },
            request=request,
        )
    return freeze


def _write_service_years(campaign: Campaign) -> int:
    """A ServiceYear of the campaign's year for each serving representative; a
    person already recorded for that year keeps their row."""
    serving = (
        Representative.objects.filter(
            campaign=campaign, roster=PUBLIC, status__in=ACTIVE_STATUSES
        )
        .select_related("category")
        .order_by("pk")
    )
    rows = [
        ServiceYear(
            id_hash=rep.id_hash,
            year=campaign.year,
            category_code=rep.category.code if rep.category else "",
            district_id=rep.district_id,
            imported=False,
        )
        for rep in serving
    ]
    before = ServiceYear.objects.filter(year=campaign.year).count()
    ServiceYear.objects.bulk_create(rows, batch_size=BULK_SIZE, ignore_conflicts=True)
    return ServiceYear.objects.filter(year=campaign.year).count() - before
