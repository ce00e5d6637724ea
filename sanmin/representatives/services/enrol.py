"""Roster entries made directly: the internal raters and the demo (the draw's members
come through services/roster.py)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign, District, QuotaCategory
from sanmin.core import crypto
from sanmin.core.personal import id_error, mask_phone, phone_error
from sanmin.representatives.models import Representative


@transaction.atomic
def representative_enrol(
    *,
    campaign: Campaign,
    id_number: str,
    name: str,
    phone: str = "",
    district: District | None,
    category: QuotaCategory | None,
    roster: str = Representative.Roster.PUBLIC,
    unit: str = "",
    synthetic: bool = False,
    actor: Any = None,
) -> Representative:
    """Put a person on a campaign's roster, keyed by the hash of their ID number."""
    errors = [e for e in (id_error(id_number), phone and phone_error(phone)) if e]
    if errors:
        raise ValidationError(errors)
    id_hash = crypto.keyed_hash(id_number, purpose="id")
    if Representative.objects.filter(
        campaign=campaign, roster=roster, id_hash=id_hash
    ).exists():
        raise ValidationError("此人已在名单中")
    member = Representative.objects.create(
        campaign=campaign,
        roster=roster,
        id_hash=id_hash,
        name_cipher=crypto.cipher().encrypt(name),
        phone_cipher=crypto.cipher().encrypt(phone) if phone else "",
        district=district,
        category=category,
        unit=unit,
        synthetic=synthetic,
    )
    audit_record(
        actor=actor,
        action="representative.enrol",
        target=member,
        detail={"campaign": campaign.slug, "roster": roster},
    )
    return member


def representative_phone_disclose(
    *,
    actor: Any,
    representative: Representative,
    reason: str,
    detail: dict[str, Any] | None = None,
    request: Any = None,
) -> str:
    """A representative's full phone number, for staff who must call them.

    The caller has checked who may ask and why; here the number is decrypted and
    the disclosure audited (reason, masked number, the caller's detail), committed
    before the number is returned. It is shown once, never kept.
    """
    if not representative.phone_cipher:
        raise ValidationError("该代表未登记手机号码")
    phone = crypto.cipher().decrypt(representative.phone_cipher)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="representative.phone.reveal",
            target=representative,
            detail={"reason": reason, **(detail or {}), "phone": mask_phone(phone)},
            request=request,
        )
    return phone
