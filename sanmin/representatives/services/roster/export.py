"""Exporting the roster as an .xlsx: masked for the statistics bureau and district
staff, or with full names and phones for district staff's call work (with a
reason, audited as an unmasking)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from sanmin.accounts.models import Role
from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign, District
from sanmin.representatives.selectors import roster as selectors
from sanmin.representatives.services.roster.common import clean_reason, role_of


def roster_export(
    *,
    campaign: Campaign,
    actor: Any,
    unmasked: bool = False,
    reason: str = "",
    request: HttpRequest | None = None,
) -> tuple[bytes, int]:
    """The roster as an .xlsx: the whole roster for the statistics bureau, the own
    district's for district staff; masked names, ID and phone numbers.

    District staff may ask for full names and phones (their call and venue work),
    with a reason: an unmasking, audited as such. Every export is audited (scope,
    rows, masked or not) before the file is returned. Anyone else is refused.
    Returns the file and its row count.
    """
    district: District | None = None
    if role_of(actor) == Role.DISTRICT:
        if actor.district_id is None:
            raise PermissionDenied("no-district")
        district = actor.district
    elif role_of(actor) != Role.STATISTICS:
        raise PermissionDenied("role")
    elif unmasked:
        raise ValidationError("完整姓名和手机号码只导出给负责联络的区（市）工作人员")
    reason = clean_reason(reason)
    if unmasked and not reason:
        raise ValidationError("导出完整姓名和手机号码须填写用途")
    content, rows = selectors.roster_workbook(
        campaign=campaign, district=district, unmasked=unmasked
    )
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="roster.export",
            target=campaign,
            detail={
                "district": district.code if district else "",
                "rows": rows,
                "unmasked": unmasked,
                "reason": reason,
            },
            request=request,
        )
    return content, rows
