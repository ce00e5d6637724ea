from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from sanmin.audit.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = [
        "at",
        "actor_label",
        "action",
        "object_type",
        "object_id",
        "outcome",
    ]
    list_filter = ["outcome", "action"]
    search_fields = ["action", "actor_label", "object_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
