"""System checks: a production site must not sign people in through the simulator."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def simulator_off_in_production(**kwargs: Any) -> list[checks.CheckMessage]:
    messages: list[checks.CheckMessage] = []
    if settings.AISHANDONG_SIMULATOR_ENABLED:
        messages.append(
            checks.Warning(
                "爱山东模拟器已启用：任何人都可以用演示身份登录。",
                hint="生产环境请设置 AISHANDONG_SIMULATOR_ENABLED=0。",
                id="identity.W001",
            )
        )
    if settings.IDENTITY_PROVIDER == "aishandong" and not (
        settings.AISHANDONG_BASE_URL and settings.AISHANDONG_APP_SECRET
    ):
        messages.append(
            checks.Error(
                "IDENTITY_PROVIDER=aishandong 但未设置 AISHANDONG_BASE_URL 或 "
                "AISHANDONG_APP_SECRET。",
                id="identity.E001",
            )
        )
    return messages
