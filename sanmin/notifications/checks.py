"""System checks: the SMS settings make sense before anything is sent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Warning, register
from django.core.exceptions import ImproperlyConfigured

from sanmin.notifications.catalogue import TEMPLATES, provider_template_ids
from sanmin.notifications.gateways import GATEWAYS
from sanmin.notifications.timing import quiet_hours, reminder_rules


@register()
def sms_settings_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if settings.SMS_GATEWAY not in GATEWAYS:
        problems.append(
            Error(
                f"SMS_GATEWAY 应为 {'、'.join(GATEWAYS)} 之一",
                id="notifications.E001",
            )
        )
    for read in (quiet_hours, reminder_rules):
        try:
            read()
        except ImproperlyConfigured as error:
            problems.append(Error(str(error), id="notifications.E002"))
    if settings.SMS_GATEWAY == "aliyun":
        for name in ("SMS_ACCESS_KEY_ID", "SMS_ACCESS_KEY_SECRET", "SMS_SIGN_NAME"):
            if not getattr(settings, name):
                problems.append(
                    Error(f"阿里云短信需要设置 {name}", id="notifications.E003")
                )
        missing = sorted(set(TEMPLATES) - set(provider_template_ids()))
        if missing:
            problems.append(
                Warning(
                    "SMS_TEMPLATE_IDS 缺少这些短信模板的服务商模板编号："
                    + "、".join(missing),
                    hint="未配置的模板发送时记为失败。",
                    id="notifications.W001",
                )
            )
    return problems
