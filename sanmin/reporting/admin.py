"""云述职 in the admin: read only.

Revisions, announcements, hot topics and questions change only through the services
(state checks, audit log), reached from the staff pages under /manage/. The askers of
questions are not shown here either.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sanmin.reporting.models import (
    Announcement,
    DisclosureRevision,
    HotTopic,
    RepresentativeQuestion,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(DisclosureRevision)
class DisclosureRevisionAdmin(ReadOnlyAdmin):
    list_display = [
        "participant",
        "number",
        "status",
        "submitted_at",
        "published_at",
        "reviewer",
    ]
    list_filter = ["status", "participant__campaign"]
    list_select_related = ["participant__campaign", "participant__department"]
    search_fields = ["participant__department__name"]


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "campaign", "published_at", "withdrawn_at"]
    list_filter = ["kind", "campaign"]
    search_fields = ["title"]


@admin.register(HotTopic)
class HotTopicAdmin(ReadOnlyAdmin):
    list_display = ["title", "participant", "rank", "calls", "imported_at"]
    list_filter = ["participant__campaign"]
    list_select_related = ["participant__campaign", "participant__department"]
    search_fields = ["title", "participant__department__name"]


@admin.register(RepresentativeQuestion)
class RepresentativeQuestionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "participant", "status", "asked_at", "moderated_at"]
    list_filter = ["status", "participant__campaign"]
    list_select_related = ["participant__campaign", "participant__department"]
    exclude = ["asker"]
