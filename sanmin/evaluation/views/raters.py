"""The office's internal rater list (内部评议人员名单) under /manage/evaluation/raters/.

The page shows the roster's count and its entries with masked ID and phone numbers
(never full ones); an upload adds a whole list or nothing, with the errors row by
row; the template comes as .xlsx or .csv.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.http import require_POST, require_safe

from sanmin.accounts import menu
from sanmin.accounts.access import role_required
from sanmin.accounts.models import Role
from sanmin.campaigns.models import Campaign
from sanmin.campaigns.selectors import campaign_current, campaign_list
from sanmin.core.spreadsheets import sheet_template_response
from sanmin.evaluation.forms import RaterImportForm
from sanmin.evaluation.imports import RATER_COLUMNS, RATER_NOTES
from sanmin.evaluation.selectors.raters import rater_entries
from sanmin.evaluation.services.raters import raters_import

office_staff = role_required(Role.OFFICE)


def menu_register() -> None:
    """The office's staff-home link (called from the app's ready())."""
    menu.register(Role.OFFICE, "内部评议人员名单", "evaluation:raters", order=45)


def _page(
    request: HttpRequest,
    *,
    campaign: Campaign | None,
    form: RaterImportForm,
    errors: list[Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "evaluation/raters/list.html",
        {
            "campaign": campaign,
            "campaigns": list(campaign_list()),
            "entries": rater_entries(campaign=campaign) if campaign else [],
            "form": form,
            "errors": errors or [],
        },
        status=status,
    )


@require_safe
@office_staff
def raters(request: HttpRequest) -> HttpResponse:
    chosen = request.GET.get("campaign", "")
    campaign = (
        campaign_list().filter(pk=int(chosen)).first()
        if chosen.isdigit()
        else campaign_current()
    )
    form = RaterImportForm(initial={"campaign": campaign.pk if campaign else None})
    return _page(request, campaign=campaign, form=form)


@require_POST
@office_staff
def raters_upload(request: HttpRequest) -> HttpResponse:
    form = RaterImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, campaign=campaign_current(), form=form, status=400)
    campaign = form.cleaned_data["campaign"]
    upload = form.cleaned_data["file"]
    result = raters_import(
        campaign=campaign,
        upload=upload,
        filename=upload.name or "",
        actor=request.user,
        request=request,
    )
    if not result.ok:
        return _page(
            request, campaign=campaign, form=form, errors=result.errors, status=400
        )
    messages.success(request, f"已导入 {len(result.raters)} 名内部评议人员")
    return redirect(f"{reverse('evaluation:raters')}?campaign={campaign.pk}")


@require_safe
@office_staff
def raters_template(request: HttpRequest) -> HttpResponse:
    return sheet_template_response(
        columns=RATER_COLUMNS,
        title="内部评议人员名单",
        notes=RATER_NOTES,
        basename="internal-raters-template",
        as_csv=request.GET.get("format") == "csv",
    )


urlpatterns = [
    path("manage/evaluation/raters/", raters, name="raters"),
    path("manage/evaluation/raters/import/", raters_upload, name="raters-import"),
    path(
        "manage/evaluation/raters/template/",
        raters_template,
        name="raters-template",
    ),
]
