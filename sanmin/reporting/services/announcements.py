"""Announcements (公告) of the office: written, then published or withdrawn."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign
from sanmin.reporting.models import Announcement


@dataclass(frozen=True)
class AnnouncementInput:
    campaign: Campaign
    kind: str
    title: str
    body: str
    pinned: bool = False


def _announcement_check(data: AnnouncementInput) -> None:
    if data.kind not in Announcement.Kind.values:
        raise ValidationError("请选择公告类别")
    if not data.title.strip() or not data.body.strip():
        raise ValidationError("公告标题和正文不能为空")


def announcement_create(
    *, data: AnnouncementInput, actor: Any, request: HttpRequest | None = None
) -> Announcement:
    """Write an announcement; it stays unpublished until `announcement_publish`."""
    _announcement_check(data)
    with transaction.atomic():
        announcement = Announcement.objects.create(
            campaign=data.campaign,
            kind=data.kind,
            title=data.title.strip(),
            body=data.body.strip(),
            pinned=data.pinned,
            author=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            action="announcement.create",
            target=announcement,
            detail={"kind": announcement.kind, "title": announcement.title},
            request=request,
        )
    return announcement


def announcement_update(
    *,
    announcement: Announcement,
    data: AnnouncementInput,
    actor: Any,
    request: HttpRequest | None = None,
) -> Announcement:
    """Edit an announcement (a published one changes on the home page at once)."""
    _announcement_check(data)
    with transaction.atomic():
        announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
        announcement.campaign = data.campaign
        announcement.kind = data.kind
        announcement.title = data.title.strip()
        announcement.body = data.body.strip()
        announcement.pinned = data.pinned
        announcement.save()
        audit_record(
            actor=actor,
            action="announcement.update",
            target=announcement,
            detail={"kind": announcement.kind, "title": announcement.title},
            request=request,
        )
    return announcement


def _announcement_transition(
    *,
    announcement: Announcement,
    transition: Callable[[Announcement], None],
    update_fields: list[str],
    action: str,
    actor: Any,
    request: HttpRequest | None,
) -> Announcement:
    """Apply one state change to the locked announcement, save it and audit it."""
    with transaction.atomic():
        announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
        transition(announcement)
        announcement.save(update_fields=update_fields)
        audit_record(
            actor=actor,
            action=action,
            target=announcement,
            detail={"title": announcement.title},
            request=request,
        )
    return announcement


def announcement_publish(
    *, announcement: Announcement, actor: Any, request: HttpRequest | None = None
) -> Announcement:
    """Show an announcement on the home page (a withdrawn one can be shown again)."""
    return _announcement_transition(
        announcement=announcement,
        transition=lambda row: row.publish(at=timezone.now()),
        update_fields=["published_at", "withdrawn_at"],
        action="announcement.publish",
        actor=actor,
        request=request,
    )


def announcement_withdraw(
    *, announcement: Announcement, actor: Any, request: HttpRequest | None = None
) -> Announcement:
    """Take a published announcement off the home page."""
    return _announcement_transition(
        announcement=announcement,
        transition=lambda row: row.withdraw(at=timezone.now()),
        update_fields=["withdrawn_at"],
        action="announcement.withdraw",
        actor=actor,
        request=request,
    )
