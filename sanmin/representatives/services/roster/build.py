"""Building the roster from the drawn panel (statistics bureau), and the selection
SMS (代表选聘通知) that tells the selected representatives, with the link to their
confirm page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from sanmin.accounts.models import Role
from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign, District
from sanmin.core import crypto
from sanmin.core.personal import phone_error
from sanmin.notifications.models import Message
from sanmin.notifications.services.outbox import message_build, messages_enqueue
from sanmin.representatives.models import Draw, DrawEntry, Representative
from sanmin.representatives.selectors import roster as selectors
from sanmin.representatives.services.roster.common import (
    BULK_SIZE,
    PUBLIC,
    Status,
    lock_campaign,
    require_statistics,
    role_of,
)

SELECTED_SMS = "representative_selected"


# Building the roster -------------------------------------------------------------------


def roster_build(*, draw: Draw, actor: Any, request: HttpRequest | None = None) -> int:
    """Put every member of a drawn panel on the campaign's public roster, once.

    1. Only the statistics bureau, only from a draw in state DRAWN.
    2. Refused when the roster has been built already (entries that came from a
       candidate exist), or when a member is on the roster already by other means.
    3. One entry per MEMBER entry: status SELECTED, the candidate, cell, district,
       category, keyed ID hash and the encrypted name and phone copied from the
       candidate. Alternates stay in the draw until a replacement needs them.
    4. One audit event with the counts. Returns how many entries were made.
    """
    require_statistics(actor)
    if draw.state != Draw.State.DRAWN:
        raise ValidationError("抽取尚未完成，不能生成代表名单")
    campaign = draw.campaign
    members = list(
        draw.entries.filter(role=DrawEntry.Role.MEMBER)
        .select_related("candidate")
        .order_by("cell", "rank")
    )
    if not members:
        raise ValidationError("抽取结果中没有入选人员")
    with transaction.atomic():
        lock_campaign(campaign)
        if selectors.roster_built(campaign=campaign):
            raise ValidationError("本活动已根据抽取结果生成代表名单，不能重复生成")
        hashes = {entry.candidate.id_hash for entry in members}
        clash = Representative.objects.filter(
            campaign=campaign, roster=PUBLIC, id_hash__in=hashes
        ).count()
        if clash:
            raise ValidationError(
                f"有 {clash} 名入选人员已在代表名单中，名单未生成，请联系平台运维核查"
            )
        Representative.objects.bulk_create(
            [
                Representative(
                    campaign=campaign,
                    roster=PUBLIC,
                    id_hash=entry.candidate.id_hash,
                    name_cipher=entry.candidate.name_cipher,
                    phone_cipher=entry.candidate.phone_cipher,
                    district=entry.candidate.district,
                    category=entry.candidate.category,
                    candidate=entry.candidate,
                    cell=entry.cell,
                    unit=entry.candidate.organisation,
                    status=Status.SELECTED,
                    synthetic=entry.candidate.synthetic,
                )
                for entry in members
            ],
            batch_size=BULK_SIZE,
        )
        audit_record(
            actor=actor,
            action="roster.build",
            target=campaign,
            detail={
                "draw": draw.pk,
                "members": len(members),
                "cells": len({entry.cell for entry in members}),
            },
            request=request,
        )
    return len(members)


# The selection SMS ---------------------------------------------------------------------


@dataclass(frozen=True)
class NotifyResult:
    queued: int
    # Selected representatives without a usable mobile number: to be phoned.
    without_phone: int


def confirm_link() -> str:
    """The public address of the representative's confirm page (in the SMS)."""
    return settings.SITE_URL.rstrip("/") + reverse("representatives:roster-confirm")


def selected_sms_key(representative_id: int) -> str:
    return f"{selectors.SELECTED_SMS_PREFIX}{representative_id}"


def roster_notify(
    *,
    campaign: Campaign,
    actor: Any,
    district: District | None = None,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> NotifyResult:
    """Queue the selection SMS (代表选聘通知) to every selected representative who
    has not had it, with the link to the confirm page.

    1. District staff notify their own district; the statistics bureau any one
       district or, with none given, the whole roster.
    2. Recipients: the public roster's SELECTED entries (of the district) without
       `notified_at`. Those without a usable mobile number are counted, not sent
       to: the district phones them.
    3. One outbox message each, dedupe key rep-selected:<entry>: the outbox never
       stores a key twice, so a repeated or concurrent run sends nothing again;
       `notified_at` is set on every entry that has its message (new or earlier).
    4. One audit event (counts only); the send tasks are enqueued on commit, and the
       outbox keeps the quiet hours and the per-number rate limit.
    """
    now = now or timezone.now()
    if role_of(actor) == Role.DISTRICT:
        if actor.district_id is None:
            raise PermissionDenied("no-district")
        district = actor.district
    elif role_of(actor) != Role.STATISTICS:
        raise PermissionDenied("role")
    pending = Representative.objects.filter(
        campaign=campaign,
        roster=PUBLIC,
        status=Status.SELECTED,
        notified_at__isnull=True,
    )
    if district is not None:
        pending = pending.filter(district=district)
    params = {"year": str(campaign.year), "link": confirm_link()}
    cipher = crypto.cipher()
    messages, reached, without_phone = [], [], 0
    for representative_id, phone_cipher in pending.order_by("pk").values_list(
        "pk", "phone_cipher"
    ):
        phone = cipher.decrypt(phone_cipher) if phone_cipher else ""
        if not phone or phone_error(phone):
            without_phone += 1
            continue
        messages.append(
            message_build(
                phone=phone,
                template=SELECTED_SMS,
                params=params,
                dedupe_key=selected_sms_key(representative_id),
                phone_cipher=phone_cipher,
            )
        )
        reached.append(representative_id)
    keys = [message.dedupe_key for message in messages]
    with transaction.atomic():
        sent_before: set[str] = set()
        for start in range(0, len(keys), BULK_SIZE):
            sent_before |= set(
                Message.objects.filter(
                    dedupe_key__in=keys[start : start + BULK_SIZE]
                ).values_list("dedupe_key", flat=True)
            )
        messages = [m for m in messages if m.dedupe_key not in sent_before]
        for start in range(0, len(messages), BULK_SIZE):
            Message.objects.bulk_create(
                messages[start : start + BULK_SIZE], ignore_conflicts=True
            )
        ids: list[int] = []
        for start in range(0, len(keys), BULK_SIZE):
            ids += Message.objects.filter(
                dedupe_key__in=keys[start : start + BULK_SIZE],
                enqueued_at__isnull=True,
                status=Message.Status.QUEUED,
            ).values_list("pk", flat=True)
        for start in range(0, len(reached), BULK_SIZE):
            Representative.objects.filter(
                pk__in=reached[start : start + BULK_SIZE], notified_at__isnull=True
            ).update(notified_at=now)
        audit_record(
            actor=actor,
            action="roster.notify",
            target=campaign,
            detail={
                "district": district.code if district else "",
                "queued": len(messages),
                "without_phone": without_phone,
            },
            request=request,
        )
        messages_enqueue(ids=ids, now=now)
    return NotifyResult(queued=len(messages), without_phone=without_phone)
