"""Contact for a call-back: the office lets one handling department see the
submitter's phone for 72 hours; every look is audited and recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Department
from sanmin.suggestions.models import ContactGrant, Item
from sanmin.suggestions.services.loop.common import (
    clean_reason,
    item_department_ids,
    locked_item,
    require_handler,
    require_office,
    text_digest,
)
from sanmin.suggestions.services.notify import submitter_phone
from sanmin.suggestions.services.steps import OFFICE_LABEL, step_record

GRANT_HOURS = 72
GRANT_REASON_MAX = 200


def contact_grant(
    *,
    item: Item,
    department: Department,
    actor: Any,
    reason: str,
    request: HttpRequest | None = None,
) -> ContactGrant:
    """The office grants a lead or co-handling department of the item the
    submitter's contact for 72 hours, with a reason."""
    require_office(actor)
    reason = clean_reason(reason, label="授权理由", max_len=GRANT_REASON_MAX)
    if not isinstance(department, Department):
        raise ValidationError("请选择部门")
    with transaction.atomic():
        case, locked = locked_item(item)
        if department.pk not in item_department_ids(locked):
            raise ValidationError("只能授权该事项的主办或协办单位")
        now = timezone.now()
        grant = ContactGrant.objects.create(
            item=locked,
            department=department,
            reason=reason,
            granted_by=actor,
            granted_at=now,
            expires_at=now + dt.timedelta(hours=GRANT_HOURS),
        )
        step_record(
            suggestion=case,
            item=locked,
            action="contact_grant",
            label="授权查看联系方式",
            actor=actor,
            actor_label=OFFICE_LABEL,
            note=f"{department.name}：{reason}（{GRANT_HOURS}小时内有效）",
            at=now,
        )
        audit_record(
            actor=actor,
            action="suggestion.contact.grant",
            target=locked,
            detail={
                "number": case.number,
                "department": department.pk,
                "hours": GRANT_HOURS,
                "reason_digest": text_digest(reason, purpose="suggestion-contact"),
            },
            request=request,
        )
    return grant


def contact_reveal(
    *, item: Item, actor: Any, request: HttpRequest | None = None
) -> str:
    """The submitter's phone, for staff of a department with a valid grant on the
    item (still its lead or co-handler); audited with the grant and its reason,
    never the number."""
    with transaction.atomic():
        case, locked = locked_item(item)
        department = require_handler(actor, locked)
        now = timezone.now()
        grant = (
            ContactGrant.objects.filter(
                item=locked, department=department, expires_at__gt=now
            )
            .order_by("-expires_at")
            .first()
        )
        if grant is None:
            raise ValidationError("没有有效的联系方式授权，请联系市政府办公厅")
        phone = submitter_phone(case)
        if not phone:
            raise ValidationError("建议人未留有效的手机号码")
        step_record(
            suggestion=case,
            item=locked,
            action="contact_reveal",
            label="查看联系方式",
            actor=actor,
            actor_label=department.name,
            note=grant.reason,
            at=now,
        )
        audit_record(
            actor=actor,
            action="suggestion.contact.reveal",
            target=locked,
            detail={
                "number": case.number,
                "department": department.pk,
                "grant": grant.pk,
                "reason": grant.reason,
            },
            request=request,
        )
    return phone
