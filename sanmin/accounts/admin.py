"""Accounts in the admin: read-only, personal data masked, changes through services.

Staff accounts are created with `sanmin staff create`; here the operator can look them
up, lift a lock, reset a lost authenticator and disable or enable an account, each an
audited service call. Cipher text and look-up hashes are never shown.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanmin.accounts.models import User
from sanmin.accounts.services import staff_set_active, staff_totp_reset, staff_unlock

# Permissions follow the role (accounts/permissions.py), not groups; TOTP secrets are
# never shown in the admin (a lost device is reset from the user list instead).
for model in (Group, TOTPDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = [
        "username",
        "display_name",
        "role",
        "district",
        "department",
        "is_active",
        "locked_until",
        "last_login",
    ]
    list_filter = ["role", "is_active", "synthetic", "district"]
    search_fields = ["username", "display_name"]
    ordering = ["role", "username"]
    fieldsets = [
        (None, {"fields": ["username", "display_name", "role", "reviewer_body"]}),
        ("范围", {"fields": ["district", "department"]}),
        (
            "状态",
            {
                "fields": [
                    "is_active",
                    "failed_logins",
                    "locked_until",
                    "last_login",
                    "date_joined",
                ]
            },
        ),
        (
            "市民信息（已脱敏）",
            {
                "fields": [
                    "verification_level",
                    "id_display",
                    "phone_display",
                    "synthetic",
                ]
            },
        ),
    ]
    actions = ["unlock", "reset_totp", "disable", "enable"]

    @admin.display(description="身份证号")
    def id_display(self, obj: User) -> str:
        return obj.id_masked or "—"

    @admin.display(description="手机号")
    def phone_display(self, obj: User) -> str:
        return obj.phone_masked or "—"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [
            str(name) for _, options in self.fieldsets for name in options["fields"]
        ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The change form is view-only; "change" only unlocks the audited actions.
        if obj is not None:
            return False
        return super().has_change_permission(request, obj)

    @admin.action(description="解除登录锁定", permissions=["change"])
    def unlock(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            staff_unlock(user=user, actor=request.user, request=request)
        messages.success(request, f"已解除 {queryset.count()} 个账号的锁定。")

    @admin.action(
        description="重置身份验证器（下次登录重新绑定）", permissions=["change"]
    )
    def reset_totp(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            staff_totp_reset(user=user, actor=request.user, request=request)
        messages.success(request, f"已重置 {queryset.count()} 个账号的身份验证器。")

    @admin.action(description="停用账号", permissions=["change"])
    def disable(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset.exclude(username=request.user.get_username()):
            staff_set_active(
                user=user, active=False, actor=request.user, request=request
            )
        messages.success(request, "已停用所选账号（不含您自己）。")

    @admin.action(description="启用账号", permissions=["change"])
    def enable(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            staff_set_active(
                user=user, active=True, actor=request.user, request=request
            )
        messages.success(request, f"已启用 {queryset.count()} 个账号。")
