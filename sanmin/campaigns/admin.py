"""Configuring a campaign in the admin (in Chinese): its phases, groups, scale, topics,
sessions, participants, venues, and the standing districts and departments.

Every change made here is written to the audit log. The venue list warns about
districts without a community venue or with more than the plan's two.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from sanmin.audit.services import audit_record
from sanmin.campaigns.models import (
    Campaign,
    Department,
    District,
    Participant,
    Phase,
    QuotaCategory,
    RatingChoice,
    ReportGroup,
    Session,
    TopicArea,
    Venue,
)
from sanmin.campaigns.selectors import VENUES_MAX, venue_coverage
from sanmin.campaigns.services import quota_table_errors


class AuditedAdmin(admin.ModelAdmin):
    """Records every add, change and delete made through the admin."""

    def save_model(
        self, request: HttpRequest, obj: Any, form: forms.ModelForm, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="admin.change" if change else "admin.add",
            target=obj,
            detail={"fields": sorted(form.changed_data)},
            request=request,
        )

    def save_formset(
        self, request: HttpRequest, form: Any, formset: Any, change: bool
    ) -> None:
        super().save_formset(request, form, formset, change)
        changed = [*formset.new_objects, *(obj for obj, _ in formset.changed_objects)]
        for obj in changed:
            audit_record(
                actor=request.user, action="admin.inline", target=obj, request=request
            )
        for obj in formset.deleted_objects:
            audit_record(
                actor=request.user,
                action="admin.inline_delete",
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk or ""),
                detail={"label": str(obj)},
                request=request,
            )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_record(
            actor=request.user,
            action="admin.delete",
            target=obj,
            detail={"label": str(obj)},
            request=request,
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class ReportGroupInline(admin.TabularInline):
    model = ReportGroup
    extra = 0


class RatingChoiceInline(admin.TabularInline):
    model = RatingChoice
    extra = 0


class TopicAreaInline(admin.TabularInline):
    model = TopicArea
    extra = 0


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "year",
            "title",
            "slug",
            "district",
            "status",
            "document",
            "report_minutes",
            "interview_minutes",
            "min_representatives",
            "alternate_rate",
            "rotation_min_new",
            "max_consecutive_years",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        campaign = self.instance
        opening = data.get("status") == Campaign.Status.ACTIVE
        if opening and campaign.pk and campaign.quotas.exists():
            # The same rule as campaign_set_status, with the edited minimum.
            campaign.min_representatives = data.get(
                "min_representatives", campaign.min_representatives
            )
            errors = quota_table_errors(campaign)
            if errors:
                raise forms.ValidationError(
                    ["代表名额表不平衡，活动不能开始：", *errors]
                )
        return data


@admin.register(Campaign)
class CampaignAdmin(AuditedAdmin):
    form = CampaignForm
    list_display = ["title", "year", "level", "status"]
    list_filter = ["status", "year"]
    search_fields = ["title", "slug"]
    inlines = [PhaseInline, ReportGroupInline, RatingChoiceInline, TopicAreaInline]

    @admin.display(description="层级")
    def level(self, obj: Campaign) -> str:
        return obj.level_label


@admin.register(Session)
class SessionAdmin(AuditedAdmin):
    list_display = ["title", "campaign", "kind", "group", "starts_at", "ends_at"]
    list_filter = ["campaign", "kind"]
    list_select_related = ["campaign", "group"]


@admin.register(Participant)
class ParticipantAdmin(AuditedAdmin):
    list_display = ["department", "campaign", "group", "internal", "order"]
    list_filter = ["campaign", "internal", "group"]
    list_select_related = ["campaign", "department", "group"]
    search_fields = ["department__name"]


class VenueForm(forms.ModelForm):
    class Meta:
        model = Venue
        fields = ["campaign", "district", "name", "address", "capacity"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        campaign, district = data.get("campaign"), data.get("district")
        if campaign and district:
            others = Venue.objects.filter(campaign=campaign, district=district)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.count() >= VENUES_MAX:
                raise forms.ValidationError(
                    f"{district.name}已有{VENUES_MAX}处社区会场，方案要求每个区（市）设置1—2处"
                )
        return data


@admin.register(Venue)
class VenueAdmin(AuditedAdmin):
    form = VenueForm
    list_display = ["name", "district", "address", "capacity", "campaign"]
    list_filter = ["campaign", "district"]
    list_select_related = ["campaign", "district"]
    search_fields = ["name", "address"]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        chosen = request.GET.get("campaign__id__exact")
        campaigns = Campaign.objects.order_by("-year")
        campaign = (
            campaigns.filter(pk=chosen).first()
            if chosen and chosen.isdigit()
            else campaigns.filter(status=Campaign.Status.ACTIVE).first()
            or campaigns.first()
        )
        if campaign is not None and request.method == "GET":
            for gap in venue_coverage(campaign=campaign):
                messages.warning(request, f"{campaign.title}：{gap}")
        return super().changelist_view(request, extra_context)


@admin.register(District)
class DistrictAdmin(AuditedAdmin):
    list_display = ["name", "code", "alias", "order"]
    search_fields = ["name", "code"]


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ["name", "code", "district"]
    list_filter = ["district"]
    search_fields = ["name", "code"]


class QuotaCategoryForm(forms.ModelForm):
    class Meta:
        model = QuotaCategory
        fields = [
            "campaign",
            "level",
            "section",
            "code",
            "name",
            "note",
            "seats",
            "method",
            "by_residence",
            "order",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        districts = District.objects.count()
        seats = data.get("seats")
        if (
            data.get("level") == QuotaCategory.Level.DISTRICT
            and districts
            and seats is not None
            and seats % districts
        ):
            raise forms.ValidationError(
                f"区（市）级类别的名额须能平均分配到 {districts} 个区（市）："
                f"{seats} 不能被 {districts} 整除"
            )
        return data


@admin.register(QuotaCategory)
class QuotaCategoryAdmin(AuditedAdmin):
    form = QuotaCategoryForm
    list_display = ["name", "level", "section", "seats", "method", "by_residence"]
    list_filter = ["campaign", "level", "method"]
    search_fields = ["name", "code"]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # The whole table's balance shows on the list, where a year's edits are
        # made row by row; opening the campaign refuses a table still unbalanced.
        if request.method == "GET":
            for campaign in Campaign.objects.exclude(status=Campaign.Status.CLOSED):
                if not campaign.quotas.exists():
                    continue
                for error in quota_table_errors(campaign):
                    messages.warning(request, f"{campaign.title}：{error}")
        return super().changelist_view(request, extra_context)
