"""The submitter's text messages at the public steps of their case.

Messages go through the notifications outbox (stored in the caller's transaction,
sent by the worker after commit). The dedupe key names the case and the step, so a
retried request never texts twice. A submitter without a usable mobile number gets
no message (they follow the case on 我的建议).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.urls import reverse

from sanmin.core import crypto
from sanmin.core.personal import phone_error
from sanmin.notifications.catalogue import PARAM_MAX_CHARS
from sanmin.notifications.services.outbox import sms_enqueue
from sanmin.suggestions.models import Suggestion

STATUS_SMS = "suggestion_status"
ANSWERED_SMS = "suggestion_answered"


def submitter_phone(suggestion: Suggestion) -> str:
    """The submitter's mobile number in clear, or "" when there is none usable."""
    cipher_text = suggestion.submitter.phone_cipher
    if not cipher_text:
        return ""
    phone = crypto.cipher().decrypt(cipher_text)
    return "" if phone_error(phone) else phone


def status_dedupe_key(*, suggestion: Suggestion, status_label: str) -> str:
    digest = hashlib.sha256(status_label.encode()).hexdigest()[:16]
    return f"suggestion-status:{suggestion.pk}:{digest}"


def submitter_notify(*, suggestion: Suggestion, status_label: str) -> None:
    """Text the submitter "您提交的建议（编号…）<status_label>…" (suggestion_status).

    Skipped when the submitter has no usable phone. The label is cut to the
    provider's parameter limit; one message per case and label.
    """
    phone = submitter_phone(suggestion)
    if not phone:
        return
    label = status_label.strip()[:PARAM_MAX_CHARS]
    sms_enqueue(
        phone=phone,
        template=STATUS_SMS,
        params={"tracking": suggestion.number, "status": label},
        dedupe_key=status_dedupe_key(suggestion=suggestion, status_label=label),
    )


def rate_link(suggestion: Suggestion) -> str:
    """The public address of the submitter's rating page for the case."""
    path = reverse("suggestions:rate", args=[suggestion.number])
    return settings.SITE_URL.rstrip("/") + path


def answered_notify(*, suggestion: Suggestion) -> None:
    """Text the submitter that the case is answered, with the link to rate it."""
    phone = submitter_phone(suggestion)
    if not phone:
        return
    sms_enqueue(
        phone=phone,
        template=ANSWERED_SMS,
        params={"tracking": suggestion.number, "link": rate_link(suggestion)},
        dedupe_key=f"suggestion-answered:{suggestion.pk}",
    )
