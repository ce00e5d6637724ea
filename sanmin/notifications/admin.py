"""The outbox in the admin: read-only for the office and the operator."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sanmin.accounts.permissions import VIEW_ONLY, admin_grant
from sanmin.notifications.catalogue import TEMPLATES, masked_params
from sanmin.notifications.models import Message

admin_grant(role="office", app_label="notifications", actions=VIEW_ONLY)
admin_grant(role="operator", app_label="notifications", actions=VIEW_ONLY)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "phone_masked",
        "template",
        "status",
        "attempts",
        "created_at",
        "sent_at",
        "delivered_at",
    ]
    list_filter = ["status", "template"]
    date_hierarchy = "created_at"
    fields = readonly_fields = (
        "phone_masked",
        "template",
        "shown_params",
        "status",
        "attempts",
        "provider_message_id",
        "error",
        "created_at",
        "send_after",
        "sent_at",
        "delivered_at",
    )

    @admin.display(description="手机号码")
    def phone_masked(self, message: Message) -> str:
        return message.phone_masked

    @admin.display(description="模板参数")
    def shown_params(self, message: Message) -> str:
        template = TEMPLATES.get(message.template)
        params = dict(message.params)
        return str(masked_params(template, params) if template else params)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
