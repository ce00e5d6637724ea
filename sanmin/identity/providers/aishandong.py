"""爱山东 unified identity authentication: the ticket-based single sign-on client.

DB37/T 3448.8 (“爱山东”政务服务平台 第8部分：统一身份认证系统接入规范) names the
interfaces an app uses: 登录页面接口 (§6.2), 获取签名接口 (§6.3), 通过票据获取令牌接口
(§6.4), 获取信息接口 (§6.5), PC账号退出接口 (§6.6), and code tables for return codes
and 实名认证等级 (Annex D). The concrete addresses and parameter names come with each
app's access approval, so everything below that is not in the standard's outline is a
setting. The steps, as this adapter speaks them:

1. Login page. The browser is redirected to
   ``{AISHANDONG_BASE_URL}{AISHANDONG_LOGIN_PATH}?appMark=<AISHANDONG_APP_MARK>&gotoUrl=<return URL>``.
   The return URL is our callback and carries our ``state``.
2. The citizen signs in with 爱山东 (face verification in the app); the provider sends
   the browser back to the return URL with a one-time ``ticket`` appended.
3. Ticket for token, server to server: ``POST {BASE}{AISHANDONG_TOKEN_PATH}`` as a form
   with ``appMark``, ``ticket``, ``timestamp`` (ms), ``nonce`` and ``sign``; the answer is
   JSON ``{"code": "0", "msg": "...", "data": {"token": "..."}}``.
4. Token for the person: ``POST {BASE}{AISHANDONG_USERINFO_PATH}`` with ``appMark``,
   ``token``, ``timestamp``, ``nonce``, ``sign``; ``data`` holds ``userId``, ``name``,
   ``idNumber``, ``mobile`` and ``authLevel`` (实名认证等级).
5. Optional logout: ``{BASE}{AISHANDONG_LOGOUT_PATH}?appMark=..&gotoUrl=..`` when
   AISHANDONG_LOGOUT_PATH is set.

Signature (our local stand-in for 获取签名接口): lower-case hex HMAC-SHA256 keyed with
AISHANDONG_APP_SECRET over the other parameters sorted by name, joined ``k=v&k=v``.

Configurable names:
- AISHANDONG_REQUEST_PARAMS renames request parameters; keys: app_mark, return_url,
  ticket, token, timestamp, nonce, sign.
- AISHANDONG_RESPONSE_FIELDS renames answer fields (dotted paths allowed); keys: code,
  message, data, token, subject, name, id_number, phone, level. ``data=`` (empty)
  reads fields from the top level.
- AISHANDONG_SUCCESS_CODES lists the return codes that mean success.

Answers are parsed defensively: size-capped, JSON objects only, ``data`` may itself be
a JSON string, codes may be numbers or strings; anything else is a ProviderError.
Only the standard library is used (urllib), with AISHANDONG_TIMEOUT, no redirects.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from sanmin.identity.providers import IdentityInfo, ProviderError

DEFAULT_PARAMS: Mapping[str, str] = {
    "app_mark": "appMark",
    "return_url": "gotoUrl",
    "ticket": "ticket",
    "token": "token",
    "timestamp": "timestamp",
    "nonce": "nonce",
    "sign": "sign",
}
DEFAULT_FIELDS: Mapping[str, str] = {
    "code": "code",
    "message": "msg",
    "data": "data",
    "token": "token",
    "subject": "userId",
    "name": "name",
    "id_number": "idNumber",
    "phone": "mobile",
    "level": "authLevel",
}
MAX_BODY_BYTES = 1 << 20
MAX_VALUE_CHARS = 4096


def parse_names(
    text: str, defaults: Mapping[str, str], *, setting: str
) -> dict[str, str]:
    """Defaults overridden by "ours=theirs,ours=theirs" from a setting."""
    names = dict(defaults)
    for pair in filter(None, (item.strip() for item in text.split(","))):
        ours, sep, theirs = pair.partition("=")
        ours = ours.strip()
        if not sep or ours not in defaults:
            raise ImproperlyConfigured(
                f"{setting} 中的 {pair!r} 无效：应为 名称=对方名称，名称取自 "
                f"{', '.join(defaults)}"
            )
        names[ours] = theirs.strip()
    return names


def sign_params(params: Mapping[str, str], *, secret: str) -> str:
    """HMAC-SHA256 over the parameters sorted by name, joined as k=v&k=v."""
    canonical = "&".join(f"{key}={params[key]}" for key in sorted(params))
    return hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()


def with_query(url: str, extra: Mapping[str, str]) -> str:
    """`url` with `extra` added to its query string (existing pairs kept)."""
    parts = urlsplit(url)
    query = [*parse_qsl(parts.query, keep_blank_values=True), *extra.items()]
    return urlunsplit(parts._replace(query=urlencode(query)))


@dataclasses.dataclass(frozen=True)
class HttpReply:
    status: int
    body: bytes


class Transport(Protocol):
    def post_form(
        self, url: str, form: Mapping[str, str], *, timeout: float
    ) -> HttpReply: ...


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A redirect would turn the POST into a GET and could lead anywhere: refuse it.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class UrllibTransport:
    """Form POST over HTTP(S) with the standard library."""

    def post_form(
        self, url: str, form: Mapping[str, str], *, timeout: float
    ) -> HttpReply:
        if urlsplit(url).scheme not in {"http", "https"}:
            raise ProviderError("unreachable", code="scheme")
        request = urllib.request.Request(  # noqa: S310 (scheme checked above)
            url,
            data=urlencode(form).encode(),
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "Accept": "application/json",
                "User-Agent": "sanmin-identity/1",
            },
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=timeout) as response:
                return HttpReply(response.status, response.read(MAX_BODY_BYTES + 1))
        except urllib.error.HTTPError as error:
            try:
                body = error.read(MAX_BODY_BYTES + 1)
            except (OSError, AttributeError):
                body = b""
            finally:
                error.close()
            return HttpReply(error.code, body)
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise ProviderError("unreachable", code=type(error).__name__) from None


@dataclasses.dataclass(frozen=True)
class AishandongConfig:
    base_url: str
    app_mark: str
    app_secret: str
    timeout: float
    login_path: str
    token_path: str
    userinfo_path: str
    logout_path: str = ""
    # Where the browser is sent; empty means base_url (the simulator uses "").
    browser_base_url: str | None = None
    params: Mapping[str, str] = dataclasses.field(
        default_factory=lambda: dict(DEFAULT_PARAMS)
    )
    fields: Mapping[str, str] = dataclasses.field(
        default_factory=lambda: dict(DEFAULT_FIELDS)
    )
    success_codes: frozenset[str] = frozenset({"0", "200"})


def _pick(obj: Mapping[str, Any], path: str) -> Any:
    value: Any = obj
    for key in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _text(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | str):
        return str(value).strip()[:MAX_VALUE_CHARS]
    return ""


def _level(value: Any) -> int | None:
    text = _text(value)
    return int(text) if text.isdecimal() and len(text) <= 2 else None


class AishandongProvider:
    name = "aishandong"
    synthetic = False

    def __init__(
        self,
        config: AishandongConfig,
        *,
        transport: Transport | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self.transport = transport or UrllibTransport()
        self.clock = clock

    @property
    def ticket_param(self) -> str:
        return self.config.params["ticket"]

    def _browser_url(self, path: str) -> str:
        base = self.config.browser_base_url
        return (self.config.base_url if base is None else base).rstrip("/") + path

    def login_url(self, *, state: str, return_url: str) -> str:
        params = self.config.params
        return with_query(
            self._browser_url(self.config.login_path),
            {
                params["app_mark"]: self.config.app_mark,
                params["return_url"]: with_query(return_url, {"state": state}),
            },
        )

    def logout_url(self, *, return_url: str) -> str | None:
        if not self.config.logout_path:
            return None
        params = self.config.params
        return with_query(
            self._browser_url(self.config.logout_path),
            {
                params["app_mark"]: self.config.app_mark,
                params["return_url"]: return_url,
            },
        )

    def exchange_ticket(self, *, ticket: str) -> str:
        data = self._call(self.config.token_path, {"ticket": ticket})
        token = _text(_pick(data, self.config.fields["token"]))
        if not token:
            raise ProviderError("bad-response", code="token")
        return token

    def user_info(self, *, token: str) -> IdentityInfo:
        data = self._call(self.config.userinfo_path, {"token": token})
        fields = self.config.fields
        subject = _text(_pick(data, fields["subject"]))
        name = _text(_pick(data, fields["name"]))
        id_number = _text(_pick(data, fields["id_number"])).upper()
        level = _level(_pick(data, fields["level"]))
        if not (subject and name and id_number) or level is None:
            raise ProviderError("bad-response", code="user-info")
        return IdentityInfo(
            subject=subject[:128],
            name=name,
            id_number=id_number,
            phone=_text(_pick(data, fields["phone"])),
            verification_level=level,
            synthetic=self.synthetic,
        )

    def signed_form(self, values: Mapping[str, str]) -> dict[str, str]:
        """Our values under the provider's names, with app mark, time, nonce, sign."""
        params = self.config.params
        form = {params[key]: value for key, value in values.items()}
        form[params["app_mark"]] = self.config.app_mark
        form[params["timestamp"]] = str(int(self.clock() * 1000))
        form[params["nonce"]] = secrets.token_hex(16)
        form[params["sign"]] = sign_params(form, secret=self.config.app_secret)
        return form

    def _call(self, path: str, values: Mapping[str, str]) -> Mapping[str, Any]:
        """POST a signed form and return the answer's data object, or raise."""
        url = self.config.base_url.rstrip("/") + path
        reply = self.transport.post_form(
            url, self.signed_form(values), timeout=self.config.timeout
        )
        answer = self._parse(reply)
        fields = self.config.fields
        code = _text(_pick(answer, fields["code"])) if fields["code"] else ""
        if code and code not in self.config.success_codes:
            raise ProviderError("refused", code=code[:32])
        if not 200 <= reply.status < 300:
            raise ProviderError("bad-response", code=f"http-{reply.status}")
        data: Any = _pick(answer, fields["data"]) if fields["data"] else answer
        if isinstance(data, str):
            data = self._json(data.encode())
        if not isinstance(data, Mapping):
            raise ProviderError("bad-response", code="data")
        return data

    def _parse(self, reply: HttpReply) -> Mapping[str, Any]:
        if len(reply.body) > MAX_BODY_BYTES:
            raise ProviderError("bad-response", code="too-large")
        try:
            return self._json(reply.body)
        except ProviderError:
            if not 200 <= reply.status < 300:
                raise ProviderError(
                    "bad-response", code=f"http-{reply.status}"
                ) from None
            raise

    @staticmethod
    def _json(body: bytes) -> Mapping[str, Any]:
        try:
            answer = json.loads(body.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            raise ProviderError("bad-response", code="json") from None
        if not isinstance(answer, Mapping):
            raise ProviderError("bad-response", code="json")
        return answer


def provider_from_settings(*, request: HttpRequest | None = None) -> AishandongProvider:
    """The real provider, configured from AISHANDONG_* settings."""
    base_url = settings.AISHANDONG_BASE_URL.strip()
    if urlsplit(base_url).scheme not in {"http", "https"}:
        raise ImproperlyConfigured(
            "请设置 AISHANDONG_BASE_URL（爱山东统一身份认证的 http(s) 地址）"
        )
    if not settings.AISHANDONG_APP_SECRET:
        raise ImproperlyConfigured(
            "请设置 AISHANDONG_APP_SECRET（接入时分配的应用密钥）"
        )
    codes = frozenset(
        code.strip() for code in settings.AISHANDONG_SUCCESS_CODES.split(",")
    ) - {""}
    config = AishandongConfig(
        base_url=base_url,
        app_mark=settings.AISHANDONG_APP_MARK,
        app_secret=settings.AISHANDONG_APP_SECRET,
        timeout=float(settings.AISHANDONG_TIMEOUT),
        login_path=settings.AISHANDONG_LOGIN_PATH,
        token_path=settings.AISHANDONG_TOKEN_PATH,
        userinfo_path=settings.AISHANDONG_USERINFO_PATH,
        logout_path=settings.AISHANDONG_LOGOUT_PATH,
        params=parse_names(
            settings.AISHANDONG_REQUEST_PARAMS,
            DEFAULT_PARAMS,
            setting="AISHANDONG_REQUEST_PARAMS",
        ),
        fields=parse_names(
            settings.AISHANDONG_RESPONSE_FIELDS,
            DEFAULT_FIELDS,
            setting="AISHANDONG_RESPONSE_FIELDS",
        ),
        success_codes=codes or frozenset({"0"}),
    )
    return AishandongProvider(config)
