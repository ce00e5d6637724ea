"""Read-only views of identity records; changes go through services only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sanmin.identity.models import ConsumedTicket, SimulatedPerson


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SimulatedPerson)
class SimulatedPersonAdmin(ReadOnlyAdmin):
    list_display = ["name", "id_masked", "verification_level", "synthetic"]
    readonly_fields = [
        "name",
        "id_masked",
        "phone_masked",
        "verification_level",
        "synthetic",
    ]
    search_fields = ["name"]

    @admin.display(description="身份证号码")
    def id_masked(self, obj: SimulatedPerson) -> str:
        return obj.id_masked

    @admin.display(description="手机号码")
    def phone_masked(self, obj: SimulatedPerson) -> str:
        return obj.phone_masked


@admin.register(ConsumedTicket)
class ConsumedTicketAdmin(ReadOnlyAdmin):
    list_display = ["consumed_at", "provider", "ticket_hash"]
    list_filter = ["provider"]
