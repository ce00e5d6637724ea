"""Limits on anonymous answers to the public survey, without a CAPTCHA.

A CAPTCHA is what many elderly respondents cannot pass; these measures ask nothing of
the person:

1. One answer per device. The device is a random token in a signed, HttpOnly,
   long-lived cookie (`DEVICE_COOKIE`, set when the questionnaire is first shown);
   its keyed hash is the anonymous Respondent's identity, so the unique constraint
   of one answer per identity holds per device. A POST without the cookie is refused.
2. A small proof of work. The page carries a signed challenge bound to the
   questionnaire and the device; fill.js searches, in the background while the
   person reads and answers, for a nonce such that SHA-256("<challenge>:<nonce>")
   starts with `POW_BITS` zero bits (about 65,000 hashes: a second or two on a
   phone, nothing the person notices). The server checks it with one hash. A
   challenge younger than `MIN_SECONDS` is refused (no person answers that fast) and
   one older than `CHALLENGE_AGE` must be fetched again (reload the page).
3. A per-network limit: anonymous answers from one network (the keyed hash of the
   client's /24 for IPv4, /48 for IPv6) within the last hour, counted on the
   Respondent rows. With a valid proof the limit is generous
   (`SURVEY_ANONYMOUS_PER_NETWORK_HOUR`, default 120: whole offices and mobile
   carriers share addresses); without one — no JavaScript, or a script that skips
   the work — it is strict (`SURVEY_ANONYMOUS_UNPROVEN_PER_NETWORK_HOUR`, default
   20). The page works without JavaScript; it is only limited harder.

Signed-in (爱山东) answers need none of this: their identity is the person's.
The count and the insert are not serialised: under a burst the limit may be passed
by the number of concurrent submissions, which is acceptable for its purpose.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone

from sanmin.audit.services import client_ip
from sanmin.core import crypto

DEVICE_COOKIE = "sanmin_survey_device"
DEVICE_COOKIE_SALT = "sanmin.surveys.device"
DEVICE_COOKIE_AGE = 3 * 365 * 24 * 3600
POW_BITS = 16
MIN_SECONDS = 3
CHALLENGE_AGE = 24 * 3600
_CHALLENGE_SALT = "sanmin.surveys.pow"
PER_NETWORK_HOUR = 120
UNPROVEN_PER_NETWORK_HOUR = 20

TOO_MANY = "您所在网络近期提交的匿名答卷过多，请稍后再试，或通过爱山东登录后实名填写。"
NO_DEVICE = "请允许浏览器保存 Cookie 后刷新页面重新填写；也可以通过爱山东登录后填写。"
TOO_FAST = "提交过快，请稍候片刻再提交。"
STALE = "页面已过期，请刷新页面后重新提交（已填写的内容会保留在本设备上）。"


@dataclass(frozen=True)
class Proof:
    """What the anonymous form sent: the challenge it was given and fill.js's nonce
    (empty without JavaScript)."""

    challenge: str
    nonce: str = ""


# Device --------------------------------------------------------------------------


def device_token_new() -> str:
    return secrets.token_urlsafe(24)


def device_token_read(request: HttpRequest) -> str:
    """The device token of the signed cookie, or "" (absent or tampered with)."""
    value = request.get_signed_cookie(
        DEVICE_COOKIE, default="", salt=DEVICE_COOKIE_SALT, max_age=DEVICE_COOKIE_AGE
    )
    return value if value and 20 <= len(value) <= 64 else ""


def device_identity(token: str) -> str:
    """The Respondent identity of an anonymous device."""
    return crypto.keyed_hash(token, purpose="survey-device")


# Network -------------------------------------------------------------------------


def network_hash(request: HttpRequest | None) -> str:
    """The keyed hash of the client's network: /24 for IPv4, /48 for IPv6."""
    try:
        address = ipaddress.ip_address(client_ip(request) or "")
    except ValueError:
        return ""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = 24 if address.version == 4 else 48
    network = ipaddress.ip_network(f"{address}/{prefix}", strict=False)
    return crypto.keyed_hash(str(network), purpose="network")


def network_limit(*, proven: bool) -> int:
    if proven:
        return int(getattr(settings, "SURVEY_ANONYMOUS_PER_NETWORK_HOUR", 0)) or (
            PER_NETWORK_HOUR
        )
    return int(getattr(settings, "SURVEY_ANONYMOUS_UNPROVEN_PER_NETWORK_HOUR", 0)) or (
        UNPROVEN_PER_NETWORK_HOUR
    )


def network_admit(
    *, campaign_id: int, code: str, network: str, proven: bool, now: dt.datetime
) -> None:
    """Refuse an anonymous answer when its network has sent too many this hour."""
    from sanmin.surveys.models import Channel, Respondent

    if not network:
        return
    recent = Respondent.objects.filter(
        network_hash=network,
        answered_at__gte=now - dt.timedelta(hours=1),
        campaign_id=campaign_id,
        code=code,
        channel=Channel.ANONYMOUS,
    ).count()
    if recent >= network_limit(proven=proven):
        raise ValidationError(TOO_MANY)


# Proof of work -------------------------------------------------------------------


def _device_tag(device_token: str) -> str:
    return crypto.keyed_hash(device_token, purpose="survey-pow-device")[:16]


def challenge_issue(
    *, questionnaire_id: int, device_token: str, now: dt.datetime | None = None
) -> str:
    """A signed challenge for this questionnaire and device, with its issue time."""
    payload = {
        "q": questionnaire_id,
        "d": _device_tag(device_token),
        "t": int((now or timezone.now()).timestamp()),
        "r": secrets.token_hex(8),
    }
    return signing.dumps(payload, salt=_CHALLENGE_SALT)


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte:
            return bits + 8 - byte.bit_length()
        bits += 8
    return bits


def work_done(challenge: str, nonce: str, *, bits: int = POW_BITS) -> bool:
    """Whether SHA-256("<challenge>:<nonce>") starts with `bits` zero bits."""
    if not nonce or len(nonce) > 32 or not nonce.isdigit():
        return False
    digest = hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()
    return leading_zero_bits(digest) >= bits


def work_solve(challenge: str, *, bits: int = POW_BITS) -> str:
    """The nonce fill.js would find (for tests and the benchmark's clients)."""
    nonce = 0
    while not work_done(challenge, str(nonce), bits=bits):
        nonce += 1
    return str(nonce)


def proof_check(
    *,
    proof: Proof | None,
    questionnaire_id: int,
    device_token: str,
    now: dt.datetime | None = None,
) -> bool:
    """Whether the anonymous answer came with a valid proof of work.

    Refuses (ValidationError) a challenge that is forged, not this questionnaire's
    and this device's, too young or too old; returns False when it is sound but the
    work is missing or wrong (the stricter network limit then applies).
    """
    if proof is None or not proof.challenge:
        raise ValidationError(STALE)
    try:
        payload = signing.loads(proof.challenge, salt=_CHALLENGE_SALT)
    except signing.BadSignature:
        raise ValidationError(STALE) from None
    if not isinstance(payload, dict) or payload.get("q") != questionnaire_id:
        raise ValidationError(STALE)
    if payload.get("d") != _device_tag(device_token):
        raise ValidationError(STALE)
    now = now or timezone.now()
    age = now.timestamp() - float(payload.get("t", 0))
    if age > CHALLENGE_AGE:
        raise ValidationError(STALE)
    if age < MIN_SECONDS:
        raise ValidationError(TOO_FAST)
    return work_done(proof.challenge, proof.nonce)
