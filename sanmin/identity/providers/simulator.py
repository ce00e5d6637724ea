"""The simulator adapter: the 爱山东 protocol client pointed at our local simulator.

It is the real adapter's code with other addresses, so every login through the
simulator also exercises the client. The browser goes to the simulator's pages by
relative URL (same site); the server reaches the ticket and user-info endpoints:

- ``http`` transport (default): a real HTTP request to AISHANDONG_SIMULATOR_URL, or to
  the origin of the current request when that is empty. The server must run more
  than one worker or thread, since it calls itself.
- ``local`` transport: the same endpoint handlers called in-process (the Django test
  client has no network to call).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest
from django.urls import reverse

from sanmin.identity.providers.aishandong import (
    AishandongConfig,
    AishandongProvider,
    HttpReply,
    Transport,
    UrllibTransport,
)
from sanmin.identity.simulator import services


class SimulatorProvider(AishandongProvider):
    name = "simulator"
    synthetic = True


class LocalTransport:
    """Calls the simulator's endpoint handlers in-process instead of over HTTP."""

    def post_form(
        self, url: str, form: Mapping[str, str], *, timeout: float
    ) -> HttpReply:
        handlers = {
            reverse("identity:simulator-token"): services.simulator_token_reply,
            reverse("identity:simulator-userinfo"): services.simulator_userinfo_reply,
        }
        handler = handlers.get(urlsplit(url).path)
        if handler is None:
            return HttpReply(404, b"")
        reply = handler(form=dict(form))
        return HttpReply(reply.status, json.dumps(reply.payload).encode())


def provider_from_settings(*, request: HttpRequest | None = None) -> SimulatorProvider:
    if not settings.AISHANDONG_SIMULATOR_ENABLED:
        raise ImproperlyConfigured(
            "IDENTITY_PROVIDER=simulator 需要同时设置 AISHANDONG_SIMULATOR_ENABLED=1"
        )
    origin = settings.AISHANDONG_SIMULATOR_URL.rstrip("/")
    if not origin:
        if request is None:
            raise ImproperlyConfigured("请设置 AISHANDONG_SIMULATOR_URL")
        origin = f"{request.scheme}://{request.get_host()}"
    transport: Transport
    if settings.AISHANDONG_SIMULATOR_TRANSPORT == "local":
        transport = LocalTransport()
    elif settings.AISHANDONG_SIMULATOR_TRANSPORT == "http":
        transport = UrllibTransport()
    else:
        raise ImproperlyConfigured("AISHANDONG_SIMULATOR_TRANSPORT 应为 http 或 local")
    config = AishandongConfig(
        base_url=origin,
        browser_base_url="",
        app_mark=settings.AISHANDONG_APP_MARK,
        app_secret=services.simulator_secret(),
        timeout=float(settings.AISHANDONG_TIMEOUT),
        login_path=reverse("identity:simulator-login"),
        token_path=reverse("identity:simulator-token"),
        userinfo_path=reverse("identity:simulator-userinfo"),
        success_codes=frozenset({"0"}),
    )
    return SimulatorProvider(config, transport=transport)
