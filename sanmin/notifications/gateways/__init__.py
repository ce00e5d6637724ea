"""SMS gateways: one interface, a registry chosen by settings.SMS_GATEWAY.

- ``console`` (default): sends nothing; writes what would be sent (masked phone,
  template, parameters) to the log and to a JSON-lines file, and reports it delivered.
- ``aliyun``: Alibaba Cloud SMS, the `SendSms` RPC API (gateways/aliyun.py).

A gateway sends one message and answers with the provider's message id, or raises
`GatewayError`, saying whether trying again later may help.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from sanmin.notifications.catalogue import SmsTemplate

GATEWAYS = {
    "console": "sanmin.notifications.gateways.console.gateway_from_settings",
    "aliyun": "sanmin.notifications.gateways.aliyun.gateway_from_settings",
}


@dataclasses.dataclass(frozen=True, repr=False)
class Outgoing:
    """One message to send. Holds the plain phone number: never log it."""

    message_id: int
    phone: str
    template: SmsTemplate
    params: dict[str, str]

    def __repr__(self) -> str:
        return f"Outgoing(message_id={self.message_id}, template={self.template.code})"


@dataclasses.dataclass(frozen=True)
class SendResult:
    provider_message_id: str
    # The gateway knows it arrived (the console gateway); otherwise a delivery
    # report may say so later.
    delivered: bool = False


class GatewayError(Exception):
    """The message was not accepted. `code` is the provider's error code or a short
    reason (no personal data); `transient` says whether a later retry may succeed."""

    def __init__(self, code: str, *, transient: bool, detail: str = "") -> None:
        super().__init__(f"{code} {detail}".strip())
        self.code = code
        self.transient = transient
        self.detail = detail


class SmsGateway(Protocol):
    name: str

    def send(self, outgoing: Outgoing) -> SendResult: ...


def sms_gateway() -> SmsGateway:
    """The configured gateway."""
    path = GATEWAYS.get(settings.SMS_GATEWAY)
    if path is None:
        raise ImproperlyConfigured(
            f"SMS_GATEWAY 应为 {'、'.join(GATEWAYS)} 之一，"
            f"当前为 {settings.SMS_GATEWAY!r}"
        )
    factory: Callable[[], SmsGateway] = import_string(path)
    return factory()
