from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": "三民活动平台",
        "care_mode": getattr(request, "care_mode", False),
    }
