"""The Django admin, open only to the office and the operator with a verified TOTP.

Installed as the default admin site (INSTALLED_APPS names `SanminAdminConfig` instead
of "django.contrib.admin"), so every app's `@admin.register` lands here. The admin has
no login page of its own: it sends people to the staff sign-in (`accounts:login`),
which has the lockout and the audit trail.

Models are imported inside methods: this module is loaded while the app registry is
still being filled.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse


class SanminAdminSite(AdminSite):
    site_header = "三民活动平台 · 管理后台"
    site_title = "三民活动平台"
    index_title = "活动配置"

    def has_permission(self, request: HttpRequest) -> bool:
        from sanmin.accounts.models import ADMIN_ROLES

        user: Any = request.user
        return bool(
            user.is_active
            and user.is_staff
            and user.role in ADMIN_ROLES
            and user.is_verified()
        )

    def admin_view(  # type: ignore[override]
        self, view: Callable[..., Any], cacheable: bool = False
    ) -> Callable[..., Any]:
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            refusal = self._refusal(request)
            if refusal is not None:
                return refusal
            return inner(request, *args, **kwargs)

        guarded.__dict__.update(inner.__dict__)
        guarded.__name__ = getattr(inner, "__name__", "admin_view")
        return guarded

    def _refusal(self, request: HttpRequest) -> HttpResponse | None:
        """Anonymous or not yet verified: to the staff sign-in. Wrong role: 403."""
        from django.contrib.auth.views import redirect_to_login

        from sanmin.accounts.access import deny
        from sanmin.accounts.models import ADMIN_ROLES

        user: Any = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "accounts:login")
        if user.role not in ADMIN_ROLES:
            raise deny(request, reason="admin-role")
        if not user.is_verified():
            return redirect_to_login(request.get_full_path(), "accounts:login")
        return None

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        refusal = self._refusal(request)
        if refusal is not None:
            return refusal
        return HttpResponseRedirect(reverse("admin:index", current_app=self.name))

    def logout(  # type: ignore[override]
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        from sanmin.accounts.views import logout_view

        return logout_view(request)

    def password_change(  # type: ignore[override]
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return HttpResponseRedirect(reverse("accounts:password-change"))


class SanminAdminConfig(AdminConfig):
    default_site = "sanmin.admin_site.SanminAdminSite"
