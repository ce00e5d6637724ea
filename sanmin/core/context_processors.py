from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# The addresses every page's header and footer link to ("" when that part of the
# platform is not mounted): reversed once per URL configuration, not on every page.
NAV_VIEWS = {
    "home_url": "reporting:home",
    "departments_url": "reporting:departments",
    "survey_public_url": "surveys:public",
    "suggestions_url": "suggestions:public",
    "evaluate_url": "evaluation:sessions",
    "mine_url": "suggestions:mine",
    "citizen_login_url": "identity:start",
    "citizen_logout_url": "identity:logout",
    "staff_login_url": "accounts:login",
    "logout_url": "accounts:logout",
    "workbench_url": "accounts:workbench",
    "staff_home_url": "accounts:home",
    "care_toggle_url": "care-toggle",
}
SITE_NAME = "三民活动平台"
_NAV_URLS: dict[tuple[Any, ...], dict[str, str]] = {}


def _reversed(view: str) -> str:
    try:
        return reverse(view)
    except NoReverseMatch:
        return ""


def nav_urls() -> dict[str, str]:
    key = (settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())
    urls = _NAV_URLS.get(key)
    if urls is None:
        urls = {name: _reversed(view) for name, view in NAV_VIEWS.items()}
        _NAV_URLS[key] = urls
    return urls


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "site_name": SITE_NAME,
        "care_mode": getattr(request, "care_mode", False),
        "nav": nav_urls(),
    }
