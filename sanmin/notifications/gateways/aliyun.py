"""Alibaba Cloud SMS (阿里云短信服务): the `SendSms` action of the dysmsapi RPC API.

Protocol (API version 2017-05-25, RPC signature version 1.0):

1. The request carries the common parameters (AccessKeyId, Action=SendSms,
   Format=JSON, RegionId, SignatureMethod=HMAC-SHA1, SignatureNonce, SignatureVersion
   =1.0, Timestamp in UTC as 2017-07-12T02:42:19Z, Version) and the action's own
   (PhoneNumbers, SignName, TemplateCode, TemplateParam as a JSON object, OutId).
2. Canonicalised query: the parameters sorted by name, name and value each
   percent-encoded by RFC 3986 (unreserved A-Z a-z 0-9 - _ . ~ kept; space → %20,
   * → %2A; UTF-8 bytes as %XY), joined as name=value with &.
3. StringToSign = METHOD & percentEncode("/") & percentEncode(canonicalised query).
4. Signature = Base64(HMAC-SHA1(key = AccessKeySecret + "&", StringToSign)), sent as
   the Signature parameter.
5. The answer is JSON: {"Code": "OK", "BizId": ..., "RequestId": ..., "Message": ...};
   any other Code is an error (isv.* our side, isp.* theirs, Throttling*).

We POST the parameters as a form (so the phone number is not in a URL that proxies
log) to SMS_ENDPOINT with the standard library only. Delivery reports come by the
provider's HTTP push (SmsReport), parsed by `parse_reports`.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Protocol
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from sanmin.core.logging import redact
from sanmin.notifications.catalogue import provider_template_id
from sanmin.notifications.gateways import GatewayError, Outgoing, SendResult

API_VERSION = "2017-05-25"
MAX_BODY_BYTES = 64 * 1024
# Errors after which a later attempt may succeed: flow control, their faults, a
# reused nonce, an empty balance (topped up later).
TRANSIENT_CODES = frozenset(
    {
        "isv.BUSINESS_LIMIT_CONTROL",
        "isv.DAY_LIMIT_CONTROL",
        "isv.AMOUNT_NOT_ENOUGH",
        "isv.OUT_OF_SERVICE",
        "isp.SYSTEM_ERROR",
        "isp.GATEWAY_ERROR",
        "SignatureNonceUsed",
        "ServiceUnavailable",
        "InternalError",
    }
)
REPORT_ZONE = ZoneInfo("Asia/Shanghai")


def percent_encode(value: str) -> str:
    """RFC 3986 encoding as the POP signature wants it (space %20, * %2A, ~ kept)."""
    return quote(value, safe="-_.~")


def canonical_query(params: Mapping[str, str]) -> str:
    pairs = sorted((k, v) for k, v in params.items() if k != "Signature")
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in pairs)


def string_to_sign(params: Mapping[str, str], *, method: str = "GET") -> str:
    return "&".join(
        [method.upper(), percent_encode("/"), percent_encode(canonical_query(params))]
    )


def rpc_signature(
    params: Mapping[str, str], secret: str, *, method: str = "GET"
) -> str:
    key = f"{secret}&".encode()
    message = string_to_sign(params, method=method).encode()
    return base64.b64encode(hmac.new(key, message, hashlib.sha1).digest()).decode()


@dataclasses.dataclass(frozen=True)
class HttpReply:
    status: int
    body: bytes


class Transport(Protocol):
    def post_form(self, url: str, body: str, *, timeout: float) -> HttpReply: ...


class UrllibTransport:
    """Form POST with the standard library; redirects are not followed."""

    def post_form(self, url: str, body: str, *, timeout: float) -> HttpReply:
        if urlsplit(url).scheme not in {"http", "https"}:
            raise GatewayError("bad-endpoint", transient=False)
        request = urllib.request.Request(  # noqa: S310 (scheme checked above)
            url,
            data=body.encode(),
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                "Accept": "application/json",
                "User-Agent": "sanmin-sms/1",
            },
        )
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=timeout) as response:
                return HttpReply(response.status, response.read(MAX_BODY_BYTES))
        except urllib.error.HTTPError as error:
            try:
                data = error.read(MAX_BODY_BYTES)
            except (OSError, AttributeError):
                data = b""
            finally:
                error.close()
            return HttpReply(error.code, data)
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise GatewayError(
                "unreachable", transient=True, detail=type(error).__name__
            ) from None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


@dataclasses.dataclass(frozen=True)
class AliyunConfig:
    access_key_id: str
    access_key_secret: str = dataclasses.field(repr=False)
    sign_name: str
    endpoint: str = "https://dysmsapi.aliyuncs.com/"
    region_id: str = "cn-hangzhou"
    timeout: float = 10


def _utc_timestamp() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class AliyunSmsGateway:
    name = "aliyun"

    def __init__(
        self,
        config: AliyunConfig,
        *,
        transport: Transport | None = None,
        clock: Callable[[], str] = _utc_timestamp,
        nonce: Callable[[], str] = lambda: uuid.uuid4().hex,
    ) -> None:
        self.config = config
        self.transport = transport or UrllibTransport()
        self.clock = clock
        self.nonce = nonce

    def request_params(self, outgoing: Outgoing) -> dict[str, str]:
        """Every parameter of the SendSms call, Signature included."""
        template_id = provider_template_id(outgoing.template.code)
        if not template_id:
            raise GatewayError("template-not-configured", transient=False)
        params = {
            "AccessKeyId": self.config.access_key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "RegionId": self.config.region_id,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": self.nonce(),
            "SignatureVersion": "1.0",
            "Timestamp": self.clock(),
            "Version": API_VERSION,
            "PhoneNumbers": outgoing.phone,
            "SignName": self.config.sign_name,
            "TemplateCode": template_id,
            "TemplateParam": json.dumps(
                outgoing.params, ensure_ascii=False, separators=(",", ":")
            ),
            "OutId": str(outgoing.message_id),
        }
        params["Signature"] = rpc_signature(
            params, self.config.access_key_secret, method="POST"
        )
        return params

    def send(self, outgoing: Outgoing) -> SendResult:
        params = self.request_params(outgoing)
        body = "&".join(
            f"{percent_encode(k)}={percent_encode(v)}" for k, v in params.items()
        )
        reply = self.transport.post_form(
            self.config.endpoint, body, timeout=self.config.timeout
        )
        answer = _json(reply.body)
        code = str(answer.get("Code", "")) if answer else ""
        if reply.status == 200 and code == "OK":
            biz_id = str(answer.get("BizId", ""))[:64]
            if not biz_id:
                raise GatewayError("bad-response", transient=False, detail="no BizId")
            return SendResult(provider_message_id=biz_id)
        if not code:
            # No answer we understand: their side failed (5xx) or something between.
            raise GatewayError(f"http-{reply.status}", transient=reply.status >= 500)
        detail = redact(str(answer.get("Message", "")))[:120]
        raise GatewayError(
            code[:60],
            transient=code in TRANSIENT_CODES or code.startswith("Throttling"),
            detail=detail,
        )


def _json(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


@dataclasses.dataclass(frozen=True)
class DeliveryReport:
    provider_message_id: str
    out_id: str
    delivered: bool
    error_code: str
    reported_at: dt.datetime | None


def _report_time(value: Any) -> dt.datetime | None:
    try:
        naive = dt.datetime.strptime(str(value), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    return naive.replace(tzinfo=REPORT_ZONE)


def parse_reports(body: bytes) -> list[DeliveryReport]:
    """The SmsReport HTTP push: a JSON array of {biz_id, out_id, success, err_code,
    report_time, ...}. Entries without a biz_id or out_id are skipped; the phone
    number the push carries is never read."""
    try:
        items = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ValueError("not JSON") from None
    if not isinstance(items, list):
        raise ValueError("not a list")
    reports = []
    for item in items:
        if not isinstance(item, dict):
            continue
        biz_id = str(item.get("biz_id") or "")[:64]
        out_id = str(item.get("out_id") or "")[:20]
        if not (biz_id or out_id):
            continue
        success = item.get("success")
        delivered = success is True or str(success).lower() == "true"
        reports.append(
            DeliveryReport(
                provider_message_id=biz_id,
                out_id=out_id,
                delivered=delivered,
                error_code="" if delivered else str(item.get("err_code") or "")[:60],
                reported_at=_report_time(item.get("report_time")),
            )
        )
    return reports


def gateway_from_settings() -> AliyunSmsGateway:
    missing = [
        name
        for name in ("SMS_ACCESS_KEY_ID", "SMS_ACCESS_KEY_SECRET", "SMS_SIGN_NAME")
        if not getattr(settings, name)
    ]
    if missing:
        raise ImproperlyConfigured(f"阿里云短信缺少配置：{'、'.join(missing)}")
    return AliyunSmsGateway(
        AliyunConfig(
            access_key_id=settings.SMS_ACCESS_KEY_ID,
            access_key_secret=settings.SMS_ACCESS_KEY_SECRET,
            sign_name=settings.SMS_SIGN_NAME,
            endpoint=settings.SMS_ENDPOINT,
            region_id=settings.SMS_REGION_ID,
            timeout=settings.SMS_TIMEOUT,
        )
    )
