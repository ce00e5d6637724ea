"""The roster exports (.xlsx, audited): masked for the roster staff, with full names
and phones for district staff's call work (a reason required)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sanmin.accounts.access import deny
from sanmin.campaigns.models import Campaign
from sanmin.core.spreadsheets import XLSX_TYPE
from sanmin.representatives.selectors import roster as selectors
from sanmin.representatives.services import roster as services
from sanmin.representatives.views.roster.common import (
    act,
    back_to_list,
    campaign_or_404,
    district_staff,
    roster_staff,
)


def _workbook(content: bytes, campaign: Campaign, suffix: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    name = f"roster-{campaign.slug}-{suffix}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@roster_staff
def roster_export(request: HttpRequest) -> HttpResponse:
    """The roster in scope as an .xlsx, masked (audited)."""
    campaign = campaign_or_404()
    district = selectors.roster_scope(request=request)
    content, _ = _export(request, campaign=campaign, unmasked=False)
    return _workbook(content, campaign, district.code if district else "all")


@never_cache
@require_POST
@district_staff
def roster_export_full(request: HttpRequest) -> HttpResponse:
    """The district's roster with full names and phones, for its call work; the
    reason is required and the unmasking audited."""
    campaign = campaign_or_404()
    result = act(
        request,
        lambda: services.roster_export(
            campaign=campaign,
            actor=request.user,
            unmasked=True,
            reason=request.POST.get("reason", ""),
            request=request,
        ),
    )
    if result is None:
        return back_to_list(request)
    district = selectors.roster_scope(request=request)
    code = district.code if district else "all"
    return _workbook(result[0], campaign, f"{code}-full")


def _export(
    request: HttpRequest, *, campaign: Campaign, unmasked: bool
) -> tuple[bytes, int]:
    try:
        return services.roster_export(
            campaign=campaign, actor=request.user, unmasked=unmasked, request=request
        )
    except PermissionDenied as refusal:
        raise deny(request, reason=str(refusal) or "scope") from refusal
