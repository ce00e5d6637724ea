"""What the simulated provider does: people, tickets, tokens, and its two endpoints.

It speaks the default names of providers/aishandong (appMark, gotoUrl, ticket,
token, timestamp, nonce, sign) and answers like the real provider would, as JSON
``{"code": ..., "msg": ..., "data": ...}`` with code "0" on success. Its own return
codes (the real ones are in Annex D of DB37/T 3448.8):

    40001 missing or malformed parameter   40002 bad signature or stale timestamp
    40003 unknown app mark
    40101 unknown ticket   40102 ticket expired   40103 ticket already used
    40111 unknown token    40112 token expired    40113 token already used

The ticket and token lifecycle is the provider's business, not ours, so it is not
written to our audit log; creating or changing a simulated person is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from sanmin.audit.services import audit_record
from sanmin.core import crypto
from sanmin.core.personal import id_error, normalise_id, phone_error
from sanmin.identity.models import (
    SimulatedPerson,
    SimulatedTicket,
    SimulatedToken,
    VerificationLevel,
)
from sanmin.identity.providers.aishandong import (
    DEFAULT_PARAMS,
    MAX_VALUE_CHARS,
    sign_params,
    with_query,
)

TICKET_TTL = dt.timedelta(seconds=120)
TOKEN_TTL = dt.timedelta(seconds=300)
CLOCK_SKEW_MS = 300_000
# Expired tickets and tokens are kept a day (for inspection), then deleted.
KEEP_EXPIRED = dt.timedelta(days=1)


def simulator_secret() -> str:
    """The app secret the simulator and its adapter share."""
    return settings.AISHANDONG_APP_SECRET or "sanmin-simulator"


def value_hash(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclasses.dataclass(frozen=True)
class SimulatorReply:
    status: int
    payload: dict[str, Any]


def _ok(data: dict[str, Any]) -> SimulatorReply:
    return SimulatorReply(200, {"code": "0", "msg": "成功", "data": data})


def _fail(code: str, message: str, *, status: int = 200) -> SimulatorReply:
    return SimulatorReply(status, {"code": code, "msg": message, "data": None})


@transaction.atomic
def simulated_person_create(
    *,
    name: str,
    id_number: str,
    phone: str = "",
    verification_level: int = VerificationLevel.L3,
    actor: Any = None,
) -> SimulatedPerson:
    """Create a synthetic person the simulator can sign in, or update the same one.

    1. Validate the name, the ID number (GB 11643 checksum), the mobile number (may be
       empty) and the level (1–4); raise ValidationError with Chinese messages.
    2. Match by the keyed hash of the ID number, so that demo seeding can run again:
       an existing person gets the new name, phone and level.
    3. Store the ID and phone encrypted and record an audit event without them.
    """
    name = name.strip()
    phone = phone.strip()
    errors: dict[str, str] = {}
    if not name or len(name) > 40:
        errors["name"] = "姓名应为 1 至 40 个字"
    if problem := id_error(id_number):
        errors["id_number"] = problem
    if phone and (problem := phone_error(phone)):
        errors["phone"] = problem
    if verification_level not in VerificationLevel.values:
        errors["verification_level"] = "实名认证等级应为 1 至 4 级"
    if errors:
        raise ValidationError(errors)
    number = normalise_id(id_number)
    id_hash = crypto.keyed_hash(number, purpose="id")
    person = SimulatedPerson.objects.filter(id_hash=id_hash).first()
    created = person is None
    if person is None:
        person = SimulatedPerson(
            subject=f"sim-{secrets.token_hex(8)}",
            id_hash=id_hash,
            id_cipher=crypto.cipher().encrypt(number),
        )
    person.name = name
    person.phone_cipher = crypto.cipher().encrypt(phone) if phone else ""
    person.verification_level = verification_level
    person.save()
    audit_record(
        actor=actor or "爱山东模拟器",
        action=f"identity.simulated_person.{'create' if created else 'update'}",
        target=person,
        detail={"level": verification_level, "synthetic": True},
    )
    return person


def simulator_login_error(
    *, app_mark: str, return_url: str, request: HttpRequest
) -> str | None:
    """Why the simulator refuses a login request, in Chinese, or None.

    Like the real provider it serves only the registered app and sends tickets only
    to the registered callback (our /identity/callback/ on this site).
    """
    if app_mark != settings.AISHANDONG_APP_MARK:
        return "应用标识未登记"
    if not url_has_allowed_host_and_scheme(
        return_url, allowed_hosts={request.get_host()}
    ):
        return "回调地址未登记"
    parts = urlsplit(return_url)
    if not parts.netloc or parts.path != reverse("identity:callback"):
        return "回调地址未登记"
    return None


@transaction.atomic
def simulator_ticket_issue(
    *, person: SimulatedPerson, app_mark: str, return_url: str
) -> str:
    """Issue a one-time ticket for `person`; return the return URL carrying it."""
    now = timezone.now()
    SimulatedTicket.objects.filter(expires_at__lt=now - KEEP_EXPIRED).delete()
    SimulatedToken.objects.filter(expires_at__lt=now - KEEP_EXPIRED).delete()
    ticket = f"ST-{secrets.token_urlsafe(32)}"
    SimulatedTicket.objects.create(
        ticket_hash=value_hash(ticket),
        person=person,
        app_mark=app_mark,
        issued_at=now,
        expires_at=now + TICKET_TTL,
    )
    return with_query(return_url, {DEFAULT_PARAMS["ticket"]: ticket})


def _signed_form_error(form: Mapping[str, str], key: str) -> SimulatorReply | None:
    names = DEFAULT_PARAMS
    required = [names[n] for n in ("app_mark", key, "timestamp", "nonce", "sign")]
    if any(not form.get(name) for name in required):
        return _fail("40001", "缺少必要参数", status=400)
    if any(len(value) > MAX_VALUE_CHARS for value in form.values()):
        return _fail("40001", "参数过长", status=400)
    if form[names["app_mark"]] != settings.AISHANDONG_APP_MARK:
        return _fail("40003", "应用标识未登记")
    stamp = form[names["timestamp"]]
    now_ms = int(timezone.now().timestamp() * 1000)
    if not stamp.isdecimal() or abs(now_ms - int(stamp)) > CLOCK_SKEW_MS:
        return _fail("40002", "时间戳无效")
    unsigned = {k: v for k, v in form.items() if k != names["sign"]}
    expected = sign_params(unsigned, secret=simulator_secret())
    if not hmac.compare_digest(expected, form[names["sign"]]):
        return _fail("40002", "签名无效")
    return None


def simulator_token_reply(*, form: Mapping[str, str]) -> SimulatorReply:
    """通过票据获取令牌: trade a live, unused ticket for a token (once)."""
    if problem := _signed_form_error(form, "ticket"):
        return problem
    now = timezone.now()
    app_mark = form[DEFAULT_PARAMS["app_mark"]]
    ticket_hash = value_hash(form[DEFAULT_PARAMS["ticket"]])
    with transaction.atomic():
        # A conditional UPDATE claims the ticket: of two racing calls, one wins.
        claimed = SimulatedTicket.objects.filter(
            ticket_hash=ticket_hash,
            app_mark=app_mark,
            used_at__isnull=True,
            expires_at__gt=now,
        ).update(used_at=now)
        ticket = SimulatedTicket.objects.filter(ticket_hash=ticket_hash).first()
        if not claimed or ticket is None:
            if ticket is None or ticket.app_mark != app_mark:
                return _fail("40101", "票据无效")
            if ticket.used_at is not None:
                return _fail("40103", "票据已使用")
            return _fail("40102", "票据已过期")
        token = f"AT-{secrets.token_urlsafe(32)}"
        SimulatedToken.objects.create(
            token_hash=value_hash(token),
            person_id=ticket.person_id,
            app_mark=app_mark,
            issued_at=now,
            expires_at=now + TOKEN_TTL,
        )
    return _ok({"token": token, "expiresIn": int(TOKEN_TTL.total_seconds())})


def simulator_userinfo_reply(*, form: Mapping[str, str]) -> SimulatorReply:
    """获取信息: the person behind a live, unused token (once)."""
    if problem := _signed_form_error(form, "token"):
        return problem
    now = timezone.now()
    app_mark = form[DEFAULT_PARAMS["app_mark"]]
    token_hash = value_hash(form[DEFAULT_PARAMS["token"]])
    with transaction.atomic():
        claimed = SimulatedToken.objects.filter(
            token_hash=token_hash,
            app_mark=app_mark,
            used_at__isnull=True,
            expires_at__gt=now,
        ).update(used_at=now)
        token = (
            SimulatedToken.objects.select_related("person")
            .filter(token_hash=token_hash)
            .first()
        )
        if not claimed or token is None:
            if token is None or token.app_mark != app_mark:
                return _fail("40111", "令牌无效")
            if token.used_at is not None:
                return _fail("40113", "令牌已使用")
            return _fail("40112", "令牌已过期")
    person = token.person
    return _ok(
        {
            "userId": person.subject,
            "name": person.name,
            "idNumber": person.id_number,
            "mobile": person.phone,
            "authLevel": str(person.verification_level),
        }
    )
