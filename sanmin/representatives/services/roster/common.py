"""What the roster's service modules share: who is acting, the check on a free-text
reason, and the locks that serialise roster changes with the freeze."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from sanmin.accounts.models import Role
from sanmin.campaigns.models import Campaign
from sanmin.representatives.models import Representative, RosterFreeze

Status = Representative.Status
PUBLIC = Representative.Roster.PUBLIC

REASON_MAX = 100
BULK_SIZE = 1000
# Eleven digits or more in a row: a phone or ID number has no place in a reason.
_NUMBER = re.compile(r"\d{11,}")


def role_of(actor: Any) -> str:
    return str(getattr(actor, "role", ""))


def clean_reason(text: str) -> str:
    text = (text or "").strip()
    if len(text) > REASON_MAX:
        raise ValidationError(f"原因不能超过 {REASON_MAX} 字")
    if _NUMBER.search(text.replace(" ", "")):
        raise ValidationError("原因中请不要填写手机号码或身份证号码")
    return text


def require_statistics(actor: Any) -> None:
    if role_of(actor) != Role.STATISTICS:
        raise PermissionDenied("role")


def lock_campaign(campaign: Campaign) -> None:
    """Serialise the changes that decide who is on the roster with the freeze."""
    Campaign.objects.select_for_update().filter(pk=campaign.pk).exists()


def is_frozen(campaign: Campaign) -> bool:
    return RosterFreeze.objects.filter(campaign=campaign).exists()


def locked(representative: Representative) -> Representative:
    return Representative.objects.select_for_update().get(pk=representative.pk)
