"""Staff sign-in (password, then TOTP code or first enrolment), sign-out, staff home.

Between the two steps the session holds only the id of the user who gave the right
password, for a few minutes; nobody is signed in until the second factor passes.
"""

from __future__ import annotations

from base64 import b32encode
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from sanmin.accounts import menu
from sanmin.accounts.access import staff_required
from sanmin.accounts.forms import LoginForm, StaffPasswordChangeForm, TokenForm
from sanmin.accounts.models import STAFF_ROLES, User
from sanmin.accounts.selectors import user_totp_device
from sanmin.accounts.services import (
    LoginRefused,
    login_enrol_confirm,
    login_enrol_start,
    login_password_check,
    login_token_verify,
    user_logout,
    user_password_change,
)
from sanmin.accounts.totp import totp_qr_svg

PENDING_KEY = "accounts.pending"
PENDING_SECONDS = 300


def _refused_message() -> str:
    return (
        "用户名或密码不正确，或账号已被暂时锁定。"
        f"连续失败 {settings.LOGIN_MAX_FAILURES} 次将锁定 "
        f"{settings.LOGIN_LOCK_MINUTES} 分钟。"
    )


def _locked_message() -> str:
    return (
        "验证码错误次数过多，账号已锁定 "
        f"{settings.LOGIN_LOCK_MINUTES} 分钟，请稍后再试。"
    )


def _safe_next(request: HttpRequest, value: str | None) -> str:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return ""


def _signed_in_staff(request: HttpRequest) -> bool:
    user: Any = request.user
    return bool(
        user.is_authenticated and user.role in STAFF_ROLES and user.is_verified()
    )


def _pending_start(request: HttpRequest, user: User, next_url: str) -> None:
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "next": next_url,
        "at": timezone.now().timestamp(),
    }


def _pending(request: HttpRequest) -> tuple[User | None, str]:
    """The user between the two steps and where to go after, or (None, "")."""
    data = request.session.get(PENDING_KEY)
    if not data:
        return None, ""
    if timezone.now().timestamp() - data["at"] > PENDING_SECONDS:
        del request.session[PENDING_KEY]
        messages.info(request, "登录已超时，请重新输入用户名和密码。")
        return None, ""
    user = User.objects.filter(pk=data["user"], is_active=True).first()
    return user, data["next"]


def _pending_end(request: HttpRequest, next_url: str) -> HttpResponse:
    request.session.pop(PENDING_KEY, None)
    return HttpResponseRedirect(next_url or reverse("accounts:home"))


def _not_pending(request: HttpRequest) -> HttpResponse:
    if _signed_in_staff(request):
        return redirect("accounts:home")
    return redirect("accounts:login")


def _identity_url() -> str:
    try:
        return reverse("identity:start")
    except NoReverseMatch:
        return ""


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if _signed_in_staff(request):
        return HttpResponseRedirect(next_url or reverse("accounts:home"))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = login_password_check(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                request=request,
            )
        except LoginRefused as refused:
            if refused.reason == LoginRefused.CITIZEN:
                form.add_error(
                    None, "市民请通过“爱山东”App 登录，本页面仅供工作人员使用。"
                )
            else:
                form.add_error(None, _refused_message())
        else:
            _pending_start(request, user, next_url)
            if user_totp_device(user=user) is None:
                return redirect("accounts:enrol")
            return redirect("accounts:verify")
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": next_url, "identity_url": _identity_url()},
    )


@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    user, next_url = _pending(request)
    if user is None:
        return _not_pending(request)
    if user_totp_device(user=user) is None:
        return redirect("accounts:enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            login_token_verify(
                request=request, user=user, token=form.cleaned_data["token"]
            )
        except LoginRefused as refused:
            if refused.reason == LoginRefused.ENROL:
                return redirect("accounts:enrol")
            if refused.reason == LoginRefused.LOCKED:
                request.session.pop(PENDING_KEY, None)
                messages.error(request, _locked_message())
                return redirect("accounts:login")
            form.add_error("token", "验证码不正确，请输入身份验证器上当前显示的数字。")
        else:
            return _pending_end(request, next_url)
    return render(request, "accounts/verify.html", {"form": form, "pending": user})


@sensitive_post_parameters("token")
@never_cache
@require_http_methods(["GET", "POST"])
def enrol_view(request: HttpRequest) -> HttpResponse:
    user, next_url = _pending(request)
    if user is None:
        return _not_pending(request)
    if user_totp_device(user=user) is not None:
        return redirect("accounts:verify")
    device = login_enrol_start(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            login_enrol_confirm(
                request=request, user=user, token=form.cleaned_data["token"]
            )
        except LoginRefused as refused:
            if refused.reason == LoginRefused.LOCKED:
                request.session.pop(PENDING_KEY, None)
                messages.error(request, _locked_message())
                return redirect("accounts:login")
            form.add_error("token", "验证码不正确，请确认已扫描二维码并输入当前数字。")
        else:
            messages.success(
                request, "身份验证器已绑定，今后登录请输入其显示的验证码。"
            )
            return _pending_end(request, next_url)
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "pending": user,
            "otpauth_uri": device.config_url,
            "secret": b32encode(device.bin_key).decode(),
            # segno writes the SVG from the URI alone; nothing user-typed is in it.
            "qr_svg": mark_safe(totp_qr_svg(device)),  # noqa: S308
        },
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    user_logout(request=request)
    messages.success(request, "您已安全退出。")
    return redirect("/")


@staff_required
def home_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(
        request,
        "accounts/home.html",
        {"links": menu.menu_for(user), "staff": user},
    )


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@staff_required
def password_change_view(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = StaffPasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user_password_change(
            user=user,
            new_password=form.cleaned_data["new_password1"],
            request=request,
        )
        messages.success(request, "密码已修改。")
        return redirect("accounts:home")
    return render(request, "accounts/password_change.html", {"form": form})
