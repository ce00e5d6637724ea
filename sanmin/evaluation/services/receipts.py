"""Sending a representative their receipt by SMS, on their request."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from sanmin.campaigns.models import Session
from sanmin.core import crypto
from sanmin.evaluation.selectors.ballots import session_representative
from sanmin.evaluation.selectors.sessions import (
    receipt_for_key,
    representative_has_voted,
)

RECEIPT_SMS_TEMPLATE = "ballot_receipt"


def receipt_sms_send(*, user: Any, session: Session, idempotency_key: str) -> str:
    """Queue an SMS with the receipt of the ballot this browser cast; return it.

    1. The user must be on the session's roster and have voted in it.
    2. The receipt is found by the key the browser holds (the server keeps no link
       from a person to a ballot), so nobody can ask for another person's receipt.
    3. The phone number comes from the user's encrypted record; the outbox
       (notifications) sends it once per person and session, and records the act.
       The de-duplication key names the representative, never the receipt, and the
       outbox clears the receipt from its parameters once sent, so no stored row
       ties a person to a ballot for longer than the sending takes.
    """
    representative = session_representative(session=session, user=user)
    if representative is None:
        raise ValidationError("您不在本场次的评议代表名单中")
    if not representative_has_voted(session=session, representative=representative):
        raise ValidationError("您尚未完成本场次评议，没有回执可以发送")
    receipt = receipt_for_key(session=session, idempotency_key=idempotency_key)
    if receipt is None:
        raise ValidationError("在本设备上找不到您的评议回执，无法发送短信")
    if not getattr(user, "phone_cipher", ""):
        raise ValidationError("您的账号没有登记手机号码，无法发送短信")
    # Imported here: notifications reads evaluation (reminders to non-voters).
    from sanmin.notifications.services import sms_enqueue

    sms_enqueue(
        phone=crypto.cipher().decrypt(user.phone_cipher),
        template=RECEIPT_SMS_TEMPLATE,
        params={"receipt": receipt},
        dedupe_key=f"receipt:{session.pk}:{representative.pk}",
        actor=user,
    )
    return receipt
