"""Earlier years' rosters (statistics bureau): the import of service years, its
template, and the rotation report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from sanmin.campaigns.selectors import campaign_current
from sanmin.core.spreadsheets import sheet_template_response
from sanmin.representatives.selectors import years as year_selectors
from sanmin.representatives.services import years as year_services
from sanmin.representatives.views.roster.common import statistics_staff


class YearsImportForm(forms.Form):
    file = forms.FileField(
        label="往年市民代表名单",
        help_text="Excel（.xlsx）或 CSV 文件，表头：身份证号、年度、代表类别、区（市）",
        error_messages={
            "required": "请选择要导入的文件",
            "empty": "上传的文件是空的",
        },
    )


def _years_page(
    request: HttpRequest,
    *,
    form: YearsImportForm,
    errors: list[Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    campaign = campaign_current()
    report = year_selectors.rotation_report(campaign=campaign)
    return render(
        request,
        "representatives/years/report.html",
        {
            "campaign": campaign,
            "form": form,
            "errors": errors or [],
            "summary": year_selectors.years_summary(),
            "report": report,
            "chart": report.chart(),
        },
        status=status,
    )


@require_GET
@statistics_staff
def years(request: HttpRequest) -> HttpResponse:
    return _years_page(request, form=YearsImportForm())


@require_POST
@statistics_staff
def years_import(request: HttpRequest) -> HttpResponse:
    form = YearsImportForm(request.POST, request.FILES)
    campaign = campaign_current()
    if not form.is_valid() or campaign is None:
        if campaign is None:
            form.add_error(None, "还没有活动，不能确定哪些是往年")
        return _years_page(request, form=form, status=400)
    upload = form.cleaned_data["file"]
    result = year_services.service_years_import(
        upload=upload,
        filename=upload.name or "",
        before_year=campaign.year,
        actor=request.user,
        request=request,
    )
    if not result.ok:
        return _years_page(request, form=form, errors=result.errors, status=400)
    per_year = "，".join(f"{y} 年 {n} 人" for y, n in result.per_year.items())
    messages.success(request, f"已导入 {len(result.rows)} 条任职记录（{per_year}）")
    return redirect("representatives:years")


@require_GET
@statistics_staff
def years_template(request: HttpRequest) -> HttpResponse:
    return sheet_template_response(
        columns=year_services.YEAR_COLUMNS,
        title="往年市民代表名单",
        notes=year_services.YEAR_NOTES,
        basename="service-years-template",
        as_csv=request.GET.get("format") == "csv",
    )
