"""Citizen sign-in through 爱山东: our side (the relying party) of the ticket protocol.

`sign_in_start` binds a random `state` to the session and names the provider's login
page; `sign_in_complete` checks what comes back and signs the citizen in. Every
refusal is recorded in the audit log with a reason and never with personal data.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import logging
import re
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import login, logout
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from sanmin.accounts import backends
from sanmin.accounts.models import Role, User
from sanmin.audit.models import Outcome
from sanmin.audit.services import audit_record
from sanmin.core import crypto
from sanmin.core.personal import id_error, normalise_id, phone_error
from sanmin.identity.models import ConsumedTicket
from sanmin.identity.providers import (
    IdentityInfo,
    IdentityProvider,
    ProviderError,
    identity_provider,
)
from sanmin.identity.simulator.services import (
    simulated_person_create as simulated_person_create,
)
from sanmin.representatives.selectors import user_is_representative

logger = logging.getLogger(__name__)

STATE_SESSION_KEY = "identity.sign_in"
AUTH_BACKEND = backends.PATH
_TICKET_PATTERN = re.compile(r"^[A-Za-z0-9._~+/=:-]{8,512}$")

_MESSAGES = {
    "state": "登录请求已失效或并非从本平台发起，请从本平台重新登录。",
    "ticket-missing": "缺少登录凭证，请重新登录。",
    "ticket-replayed": "该登录凭证已经使用过，请重新登录。",
    "ticket-rejected": "登录凭证无效或已过期，请重新登录。",
    "provider-unavailable": "爱山东统一身份认证服务暂时无法访问，请稍后再试。",
    "provider-bad-response": "爱山东统一身份认证服务返回的信息不完整，请稍后再试。",
    "account-conflict": "您的账号信息与平台记录不一致，请联系活动办公室处理。",
    "account-disabled": "您的账号已被停用，请联系活动办公室。",
}


class SignInRefused(Exception):
    """A sign-in that must not happen; carries the page status and Chinese message."""

    def __init__(
        self,
        reason: str,
        *,
        status: int,
        message: str = "",
        outcome: str = Outcome.FAILURE,
        detail: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.message = message or _MESSAGES.get(reason, _MESSAGES["state"])
        self.outcome = outcome
        self.detail = detail or {}


@dataclasses.dataclass(frozen=True)
class SignInResult:
    user: User
    next_url: str
    created: bool


def safe_next(*, request: HttpRequest, next_url: str) -> str:
    """`next_url` if it stays on this site and is not the sign-in itself."""
    default = reverse("identity:signed-in")
    if not next_url or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return default
    if next_url.startswith((reverse("identity:start"), reverse("identity:callback"))):
        return default
    return next_url


def sign_in_start(*, request: HttpRequest, next_url: str) -> str:
    """Begin a sign-in; return the provider's login URL to redirect the browser to.

    1. Draw a random `state` and keep it in the session with the safe `next` and the
       time, replacing any sign-in begun earlier in this session.
    2. Ask the provider for its login URL with our callback as the return URL.
    """
    provider = identity_provider(request=request)
    state = secrets.token_urlsafe(32)
    request.session[STATE_SESSION_KEY] = {
        "state": state,
        "next": safe_next(request=request, next_url=next_url),
        "at": int(timezone.now().timestamp()),
    }
    return provider.login_url(
        state=state, return_url=request.build_absolute_uri(reverse("identity:callback"))
    )


def _state_check(*, request: HttpRequest, state: str) -> str:
    """Pop the session's sign-in state (single use); return its `next` or refuse."""
    saved = request.session.pop(STATE_SESSION_KEY, None)
    if not isinstance(saved, dict) or not state:
        raise SignInRefused("state-missing", status=403)
    if not hmac.compare_digest(str(saved.get("state", "")).encode(), state.encode()):
        raise SignInRefused("state-mismatch", status=403)
    age = timezone.now().timestamp() - int(saved.get("at", 0))
    if not 0 <= age <= settings.IDENTITY_STATE_MAX_AGE:
        raise SignInRefused("state-expired", status=403)
    return str(saved.get("next") or reverse("identity:signed-in"))


def ticket_hash(ticket: str) -> str:
    return hashlib.sha256(ticket.encode()).hexdigest()


def _ticket_check(ticket: str) -> str:
    if not _TICKET_PATTERN.match(ticket):
        reason = "ticket-missing" if not ticket else "ticket-rejected"
        raise SignInRefused(reason, status=400, detail={"check": "format"})
    digest = ticket_hash(ticket)
    if ConsumedTicket.objects.filter(ticket_hash=digest).exists():
        raise SignInRefused("ticket-replayed", status=400)
    return digest


def _fetch_identity(*, provider: IdentityProvider, ticket: str) -> IdentityInfo:
    try:
        token = provider.exchange_ticket(ticket=ticket)
        return provider.user_info(token=token)
    except ProviderError as error:
        detail = {"provider_reason": error.reason, "provider_code": error.code}
        if error.reason == "refused":
            raise SignInRefused("ticket-rejected", status=400, detail=detail) from None
        if error.reason == "unreachable":
            raise SignInRefused(
                "provider-unavailable", status=502, detail=detail
            ) from None
        raise SignInRefused(
            "provider-bad-response", status=502, detail=detail
        ) from None


def _identity_check(info: IdentityInfo) -> None:
    if id_error(info.id_number):
        raise SignInRefused(
            "provider-bad-response", status=502, detail={"check": "id-number"}
        )
    required = settings.AISHANDONG_MIN_LEVEL
    if info.verification_level < required:
        raise SignInRefused(
            "level-too-low",
            status=403,
            outcome=Outcome.DENIED,
            message=(
                f"您的爱山东账号实名认证等级为 {info.verification_level} 级，"
                f"本平台要求 {required} 级及以上。请在爱山东 App 中完成人脸识别"
                "实名认证后再登录。"
            ),
            detail={
                "level": info.verification_level,
                "required": required,
                "subject_ref": subject_ref(info.subject),
            },
        )


def subject_ref(subject: str) -> str:
    """A short keyed reference to a provider subject, for audit rows and usernames."""
    return crypto.keyed_hash(subject, purpose="idp-subject")[:20]


def _citizen_upsert(*, info: IdentityInfo) -> tuple[User, bool]:
    id_number = normalise_id(info.id_number)
    id_hash = crypto.keyed_hash(id_number, purpose="id")
    user = User.objects.select_for_update().filter(idp_subject=info.subject).first()
    if user is None:
        user = (
            User.objects.select_for_update()
            .filter(role=Role.CITIZEN, id_hash=id_hash)
            .order_by("id")
            .first()
        )
    created = user is None
    if user is None:
        user = User(username=f"ash-{subject_ref(info.subject)}", role=Role.CITIZEN)
        user.set_unusable_password()
    elif user.role != Role.CITIZEN or (user.id_hash and user.id_hash != id_hash):
        raise SignInRefused("account-conflict", status=403, outcome=Outcome.DENIED)
    elif not user.is_active:
        raise SignInRefused("account-disabled", status=403, outcome=Outcome.DENIED)
    user.idp_subject = info.subject
    user.display_name = info.name[:40]
    user.verification_level = info.verification_level
    user.synthetic = info.synthetic
    user.set_id_number(id_number)
    if info.phone and not phone_error(info.phone):
        user.set_phone(info.phone)
    user.save()
    return user, created


def citizen_sign_in(
    *, request: HttpRequest, info: IdentityInfo, provider: str, ticket_digest: str
) -> tuple[User, bool]:
    """Create or update the citizen `info` describes and sign them in.

    1. In one transaction: record the ticket as consumed (its unique hash refuses a
       concurrent replay), find the citizen by provider subject or else by the keyed
       hash of the ID number, create or update them (role citizen, unusable password,
       ID and phone encrypted), and record the audit event.
    2. Log them in with Django's session (a new session key).

    Being a representative is not stored: it follows from the roster by ID hash.
    """
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    ConsumedTicket.objects.create(
                        ticket_hash=ticket_digest,
                        provider=provider,
                        consumed_at=timezone.now(),
                    )
            except IntegrityError:
                raise SignInRefused("ticket-replayed", status=400) from None
            user, created = _citizen_upsert(info=info)
            audit_record(
                actor=user,
                action="identity.login",
                target=user,
                detail={
                    "provider": provider,
                    "level": info.verification_level,
                    "created": created,
                    "representative": user_is_representative(user),
                    "synthetic": info.synthetic,
                },
                request=request,
            )
    except IntegrityError:
        # Another account already holds this subject or username.
        raise SignInRefused(
            "account-conflict", status=403, outcome=Outcome.DENIED
        ) from None
    login(request, user, backend=AUTH_BACKEND)
    return user, created


def sign_in_complete(
    *, request: HttpRequest, params: Mapping[str, str]
) -> SignInResult:
    """Finish a sign-in from the callback's query `params`, or raise SignInRefused.

    1. The `state` must match the one in this session (then it is discarded) and be
       younger than IDENTITY_STATE_MAX_AGE.
    2. The ticket must look like one and must not have been consumed before.
    3. Trade the ticket for a token and the token for the person (server to server).
    4. The ID number must be valid and the verification level at least
       AISHANDONG_MIN_LEVEL.
    5. `citizen_sign_in` records the ticket, creates or updates the citizen, logs in.

    A refusal stores nothing but its audit event (outcome failure, or denied when the
    person is known but not allowed).
    """
    provider = identity_provider(request=request)
    ticket = str(params.get(provider.ticket_param) or "")
    try:
        next_url = _state_check(request=request, state=str(params.get("state") or ""))
        digest = _ticket_check(ticket)
        info = _fetch_identity(provider=provider, ticket=ticket)
        _identity_check(info)
        user, created = citizen_sign_in(
            request=request, info=info, provider=provider.name, ticket_digest=digest
        )
    except SignInRefused as refusal:
        audit_record(
            actor=request.user,
            action="identity.login",
            object_type="identity",
            outcome=refusal.outcome,
            detail={"reason": refusal.reason, "provider": provider.name}
            | refusal.detail,
            request=request,
        )
        logger.warning(
            "citizen sign-in refused: %s (%s)", refusal.reason, refusal.detail
        )
        raise
    return SignInResult(user=user, next_url=next_url, created=created)


def citizen_sign_out(*, request: HttpRequest) -> str | None:
    """Log the current person out; return the provider's logout URL, if it has one."""
    user = request.user
    if user.is_authenticated:
        audit_record(actor=user, action="identity.logout", target=user, request=request)
    logout(request)
    try:
        provider = identity_provider(request=request)
    except ImproperlyConfigured:  # the local sign-out has happened all the same
        logger.exception("identity provider unavailable at sign-out")
        return None
    return provider.logout_url(return_url=request.build_absolute_uri("/"))
