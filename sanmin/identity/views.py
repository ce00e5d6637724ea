"""Citizen sign-in pages: start, callback, who am I, sign out."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sanmin.accounts.access import citizen_required
from sanmin.accounts.models import Role
from sanmin.identity.selectors import citizen_profile
from sanmin.identity.services import (
    SignInRefused,
    citizen_sign_out,
    safe_next,
    sign_in_complete,
    sign_in_start,
)

logger = logging.getLogger(__name__)


def sign_in_error(
    request: HttpRequest, *, message: str, status: int, retry: bool = True
) -> HttpResponse:
    context = {
        "message": message,
        "retry_url": reverse("identity:start") if retry else "",
    }
    return render(request, "identity/error.html", context, status=status)


def _not_configured(request: HttpRequest) -> HttpResponse:
    logger.exception("identity provider is not configured")
    return sign_in_error(
        request,
        message="爱山东统一身份认证尚未配置，暂时无法登录，请联系平台运维人员。",
        status=503,
        retry=False,
    )


@never_cache
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    next_url = request.GET.get("next", "")
    if getattr(request.user, "role", None) == Role.CITIZEN:
        return redirect(safe_next(request=request, next_url=next_url))
    try:
        url = sign_in_start(request=request, next_url=next_url)
    except ImproperlyConfigured:
        return _not_configured(request)
    return HttpResponseRedirect(url)


@never_cache
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    try:
        result = sign_in_complete(request=request, params=request.GET)
    except ImproperlyConfigured:
        return _not_configured(request)
    except SignInRefused as refusal:
        return sign_in_error(request, message=refusal.message, status=refusal.status)
    messages.success(request, f"{result.user}，您已通过爱山东登录。")
    return redirect(result.next_url)


@never_cache
@citizen_required
def signed_in(request: HttpRequest) -> HttpResponse:
    profile = citizen_profile(user=request.user)  # type: ignore[arg-type]
    return render(request, "identity/signed_in.html", {"profile": profile})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    provider_logout = citizen_sign_out(request=request)
    messages.info(request, "您已退出登录。")
    return HttpResponseRedirect(provider_logout or "/")
