"""The outbox: creating messages, sending them once, and keeping their status.

Sending runs in the background worker (`tasks.message_send`, enqueued on commit),
and again from the scheduler's sweep for messages whose time has come; both end in
`message_send`, which is safe to run any number of times for one message.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.core import crypto
from sanmin.core.personal import mask_phone, phone_error
from sanmin.notifications.catalogue import (
    SmsTemplate,
    template_check_params,
    template_get,
)
from sanmin.notifications.gateways import GatewayError, Outgoing, sms_gateway
from sanmin.notifications.models import Message
from sanmin.notifications.selectors import message_obsolete_reason
from sanmin.notifications.timing import quiet_until, retry_delay

logger = logging.getLogger("sanmin.sms")

Status = Message.Status
DEDUPE_KEY_MAX = 120
SWEEP_BATCH = 2000
# Two-key advisory locks (class, key) never collide with single-key ones (audit).
_NUMBER_LOCK_CLASS = 0x534D53  # "SMS"
_RATE_STATUSES = (Status.SENDING, Status.SENT, Status.DELIVERED)


def phone_hash(phone: str) -> str:
    return crypto.keyed_hash(phone, purpose="phone")


def message_build(
    *,
    phone: str,
    template: str,
    params: dict[str, str],
    dedupe_key: str,
    send_after: dt.datetime | None = None,
    phone_cipher: str = "",
) -> Message:
    """An unsaved message, checked: a valid mobile number, a known template with
    exactly its declared parameters, and a dedupe key."""
    phone = phone.strip()
    error = phone_error(phone)
    if error:
        raise ValidationError(error)
    sms_template = template_get(template)
    template_check_params(sms_template, params)
    if not dedupe_key or len(dedupe_key) > DEDUPE_KEY_MAX:
        raise ValidationError(f"去重键不能为空，且不超过 {DEDUPE_KEY_MAX} 个字符")
    return Message(
        phone_cipher=phone_cipher or crypto.cipher().encrypt(phone),
        phone_hash=phone_hash(phone),
        template=sms_template.code,
        params=dict(params),
        dedupe_key=dedupe_key,
        send_after=send_after,
    )


def sms_enqueue(
    *,
    phone: str,
    template: str,
    params: dict[str, str],
    dedupe_key: str,
    actor: Any = None,
    send_after: dt.datetime | None = None,
) -> Message | None:
    """Put one text message in the outbox and have the worker send it.

    1. Check the number, the template code and its parameters (ValidationError).
    2. Insert the message; a dedupe key that exists already means it was asked for
       before: nothing is stored and None is returned.
    3. Record an audit event (masked number and template only).
    4. After commit, enqueue the send task (unless `send_after` is still ahead: the
       scheduler's sweep enqueues it when due).
    """
    message = message_build(
        phone=phone,
        template=template,
        params=params,
        dedupe_key=dedupe_key,
        send_after=send_after,
    )
    with transaction.atomic():
        if Message.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        try:
            with transaction.atomic():
                message.save(force_insert=True)
        except IntegrityError:
            # A concurrent request stored the same key first.
            return None
        audit_record(
            actor=actor,
            action="sms.enqueue",
            target=message,
            detail={"template": message.template, "phone": mask_phone(phone)},
        )
        messages_enqueue(ids=[message.pk], now=timezone.now())
    return message


def messages_enqueue(*, ids: Iterable[int], now: dt.datetime) -> int:
    """Enqueue the send task, on commit, for those of `ids` that are queued and due."""
    due = list(
        Message.objects.filter(pk__in=list(ids), status=Status.QUEUED)
        .filter(Q(send_after__isnull=True) | Q(send_after__lte=now))
        .values_list("pk", flat=True)
    )
    if not due:
        return 0
    Message.objects.filter(pk__in=due).update(enqueued_at=now)

    def enqueue() -> None:
        from sanmin.notifications import tasks

        for message_id in due:
            tasks.message_send.enqueue(message_id)

    # robust: a queue that refuses must not fail the request that already committed;
    # the sweep enqueues the message again after SMS_REQUEUE_SECONDS.
    transaction.on_commit(enqueue, robust=True)
    return len(due)


# Sending ------------------------------------------------------------------------------


def _lock_number(hashed: str) -> None:
    """Serialise the rate check and the claim per number (SQLite: BEGIN IMMEDIATE
    already serialises every writer)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [_NUMBER_LOCK_CLASS, int(hashed[:7], 16)],
            )


def _rate_free_at(message: Message, now: dt.datetime) -> dt.datetime | None:
    """When the number may get another message, if it has had its hourly quota."""
    limit = settings.SMS_RATE_PER_HOUR
    if limit <= 0:
        return None
    hour = dt.timedelta(hours=1)
    recent = list(
        Message.objects.filter(
            phone_hash=message.phone_hash,
            status__in=_RATE_STATUSES,
            claimed_at__gt=now - hour,
        )
        .exclude(pk=message.pk)
        .order_by("claimed_at")
        .values_list("claimed_at", flat=True)
    )
    if len(recent) < limit:
        return None
    # Once this many of the oldest have left the hour, one more fits.
    freed = recent[len(recent) - limit]
    assert freed is not None
    return freed + hour + dt.timedelta(seconds=1)


def _update(message: Message, *, expect: str, **fields: Any) -> bool:
    """Change a message only if it is still in the status we read."""
    return bool(Message.objects.filter(pk=message.pk, status=expect).update(**fields))


def _defer(message: Message, until: dt.datetime) -> None:
    _update(message, expect=Status.QUEUED, send_after=until, enqueued_at=None)


def _scrubbed(template: SmsTemplate, params: dict[str, str]) -> dict[str, str]:
    return {k: ("" if k in template.secret_params else v) for k, v in params.items()}


def message_send(*, message_id: int, now: dt.datetime | None = None) -> str:
    """Send one queued message through the configured gateway, at most once.

    1. Only a queued message whose send_after has come is considered; anything else
       returns at once (the task may run twice, or early).
    2. A message no longer wanted (a reminder to someone who has voted since, or
       whose window has closed) is suppressed.
    3. In quiet hours (templates that respect them) it is deferred to their end.
    4. Under the number's lock: with SMS_RATE_PER_HOUR messages to the number in the
       last hour it is deferred; otherwise it is claimed by a conditional UPDATE
       queued → sending. A worker whose UPDATE matches no row stops: another has it.
    5. The gateway sends. Success: sent (or delivered, when the gateway knows).
       A transient error: queued again after a back-off, up to SMS_MAX_ATTEMPTS.
       Anything else: failed, with the provider's code, never personal data.
    Secret parameters (a ballot receipt) are cleared once nothing more will be sent.
    Returns what happened, as a short word, for logs and tests.
    """
    now = now or timezone.now()
    message = Message.objects.filter(pk=message_id).first()
    if message is None or message.status != Status.QUEUED:
        return "skipped"
    if message.send_after and message.send_after > now:
        _update(message, expect=Status.QUEUED, enqueued_at=None)
        return "not-due"
    template = template_get(message.template)
    obsolete = message_obsolete_reason(message=message, now=now)
    if obsolete:
        _update(
            message,
            expect=Status.QUEUED,
            status=Status.SUPPRESSED,
            error=obsolete,
            params=_scrubbed(template, message.params),
        )
        return "suppressed"
    if template.quiet_hours:
        until = quiet_until(now)
        if until is not None:
            _defer(message, until)
            return "deferred"
    # A gateway that is not configured raises here, before the claim: the message
    # stays queued and goes out once the configuration is fixed.
    gateway = sms_gateway()
    with transaction.atomic():
        _lock_number(message.phone_hash)
        free_at = _rate_free_at(message, now)
        if free_at is not None:
            _defer(message, free_at)
            return "rate-limited"
        if not _update(
            message,
            expect=Status.QUEUED,
            status=Status.SENDING,
            claimed_at=now,
            attempts=F("attempts") + 1,
        ):
            return "skipped"
    message.refresh_from_db()
    outgoing = Outgoing(
        message_id=message.pk,
        phone=crypto.cipher().decrypt(message.phone_cipher),
        template=template,
        params=dict(message.params),
    )
    try:
        result = gateway.send(outgoing)
    except GatewayError as error:
        return _after_error(message, template, error, now)
    except Exception as error:
        # Whether it went out is unknown: do not send again.
        logger.exception("短信 #%s 发送异常", message.pk)
        _update(
            message,
            expect=Status.SENDING,
            status=Status.FAILED,
            error=f"异常：{type(error).__name__}"[:200],
            params=_scrubbed(template, message.params),
        )
        return "failed"
    finished = timezone.now()
    _update(
        message,
        expect=Status.SENDING,
        status=Status.DELIVERED if result.delivered else Status.SENT,
        provider_message_id=result.provider_message_id[:64],
        sent_at=finished,
        delivered_at=finished if result.delivered else None,
        error="",
        params=_scrubbed(template, message.params),
    )
    return "sent"


def _after_error(
    message: Message, template: SmsTemplate, error: GatewayError, now: dt.datetime
) -> str:
    reason = f"{error.code} {error.detail}".strip()[:200]
    logger.warning("短信 #%s 发送失败：%s", message.pk, reason)
    if error.transient and message.attempts < settings.SMS_MAX_ATTEMPTS:
        _update(
            message,
            expect=Status.SENDING,
            status=Status.QUEUED,
            send_after=now + retry_delay(message.attempts),
            enqueued_at=None,
            claimed_at=None,
            error=reason,
        )
        return "retry"
    _update(
        message,
        expect=Status.SENDING,
        status=Status.FAILED,
        error=reason,
        params=_scrubbed(template, message.params),
    )
    return "failed"


@dataclass(frozen=True)
class SweepResult:
    enqueued: int
    abandoned: int


def messages_sweep(*, now: dt.datetime | None = None) -> SweepResult:
    """Keep the outbox moving (the scheduler runs this every interval).

    1. Messages claimed longer than SMS_SENDING_TIMEOUT ago are marked failed: their
       worker died mid-send, and sending again could send twice.
    2. Queued messages that are due and have no pending task (deferred, retried, or
       whose task was lost for SMS_REQUEUE_SECONDS) get a send task, on commit.
    """
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.SMS_SENDING_TIMEOUT)
    abandoned = 0
    with transaction.atomic():
        for message in Message.objects.filter(
            status=Status.SENDING, claimed_at__lt=stale
        ):
            abandoned += _update(
                message,
                expect=Status.SENDING,
                status=Status.FAILED,
                error="发送结果未知：发送进程中断，未重发",
                params=_scrubbed(template_get(message.template), message.params),
            )
        if abandoned:
            audit_record(
                actor="定时任务", action="sms.abandon", detail={"count": abandoned}
            )
        lost = now - dt.timedelta(seconds=settings.SMS_REQUEUE_SECONDS)
        due = list(
            Message.objects.filter(status=Status.QUEUED)
            .filter(Q(send_after__isnull=True) | Q(send_after__lte=now))
            .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=lost))
            .order_by("send_after", "pk")
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        enqueued = messages_enqueue(ids=due, now=now) if due else 0
    return SweepResult(enqueued=enqueued, abandoned=abandoned)
