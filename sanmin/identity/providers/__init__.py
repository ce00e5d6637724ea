"""Identity providers: one interface, a registry chosen by settings.IDENTITY_PROVIDER.

A provider speaks a ticket-based single sign-on: the browser is sent to the provider's
login page (`login_url`), comes back with a one-time ticket, and the server trades the
ticket for a token (`exchange_ticket`) and the token for the person (`user_info`).

- ``aishandong``: the real 爱山东 unified identity authentication (providers/aishandong).
- ``simulator``: the same protocol client pointed at our local simulator
  (providers/simulator), served only when AISHANDONG_SIMULATOR_ENABLED.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.utils.module_loading import import_string

from sanmin.core.personal import mask_id, mask_phone

PROVIDERS = {
    "aishandong": "sanmin.identity.providers.aishandong.provider_from_settings",
    "simulator": "sanmin.identity.providers.simulator.provider_from_settings",
}


@dataclasses.dataclass(frozen=True, repr=False)
class IdentityInfo:
    """Who the provider says signed in. Holds plain personal data: never log it."""

    subject: str
    name: str
    id_number: str
    phone: str
    verification_level: int
    synthetic: bool = False

    def __repr__(self) -> str:
        # Tracebacks and debug output show the masked forms only.
        return (
            f"IdentityInfo(subject={self.subject!r}, id={mask_id(self.id_number)}, "
            f"phone={mask_phone(self.phone)}, level={self.verification_level}, "
            f"synthetic={self.synthetic})"
        )


class ProviderError(Exception):
    """The provider could not be reached, refused, or answered something unusable.

    `reason` is one of "unreachable", "refused", "bad-response"; `code` is the
    provider's own return code when it gave one. Neither carries personal data.
    """

    def __init__(self, reason: str, *, code: str = "") -> None:
        super().__init__(f"{reason} {code}".strip())
        self.reason = reason
        self.code = code


class IdentityProvider(Protocol):
    name: str
    # Name of the query parameter the provider appends to the return URL.
    ticket_param: str

    def login_url(self, *, state: str, return_url: str) -> str: ...

    def exchange_ticket(self, *, ticket: str) -> str: ...

    def user_info(self, *, token: str) -> IdentityInfo: ...

    def logout_url(self, *, return_url: str) -> str | None: ...


def identity_provider(*, request: HttpRequest) -> IdentityProvider:
    """The configured provider, set up for this request (its host and scheme)."""
    path = PROVIDERS.get(settings.IDENTITY_PROVIDER)
    if path is None:
        raise ImproperlyConfigured(
            f"IDENTITY_PROVIDER 应为 {'、'.join(PROVIDERS)} 之一，"
            f"当前为 {settings.IDENTITY_PROVIDER!r}"
        )
    factory: Callable[..., IdentityProvider] = import_string(path)
    return factory(request=request)
