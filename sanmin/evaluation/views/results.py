"""Results pages: the tally under embargo, two-person publication, comments, patterns.

Who sees what:
- statistics (市统计局): every result at any time — compute, read, approve, export;
- office (市政府办公厅): an approved result's digest, department count and approver,
  never its figures, until it has published it; the comments after a window closes;
- department: its own counts, after publication only;
- the public: the published public-roster result (never the internal evaluation);
- supervisor: the suspicious-patterns report.
Every other role gets 403 (`role_required`, and the embargo checks in the selectors).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from sanmin.accounts import menu
from sanmin.accounts.access import role_required
from sanmin.accounts.models import Role
from sanmin.campaigns.models import Campaign
from sanmin.campaigns.selectors import campaign_current, campaign_get
from sanmin.evaluation import exports
from sanmin.evaluation.models import ResultSet
from sanmin.evaluation.selectors import results as selectors
from sanmin.evaluation.selectors import snapshots
from sanmin.evaluation.selectors.patterns import PatternParams, pattern_defaults
from sanmin.evaluation.services import results as services
from sanmin.evaluation.services.patterns import pattern_report_run

statistics_staff = role_required(Role.STATISTICS)
office_staff = role_required(Role.OFFICE)
department_staff = role_required(Role.DEPARTMENT)
supervisor_staff = role_required(Role.SUPERVISOR)


def menu_register() -> None:
    """The staff-home links of these pages (called from the app's ready())."""
    menu.register(Role.STATISTICS, "评议计票与结果", "evaluation:results")
    menu.register(Role.OFFICE, "评议结果发布", "evaluation:publication")
    menu.register(Role.OFFICE, "评议意见", "evaluation:comments")
    menu.register(Role.DEPARTMENT, "本部门评议结果", "evaluation:my-result")
    menu.register(Role.SUPERVISOR, "异常评议行为", "evaluation:patterns")


def _campaign(request: HttpRequest) -> Campaign:
    slug = request.GET.get("campaign", "")
    campaign = campaign_get(slug=slug) if slug else campaign_current()
    if campaign is None:
        raise Http404("没有该活动")
    return campaign


def _refusal(error: ValidationError) -> str:
    return "；".join(error.messages)


class ComputeForm(forms.Form):
    roster = forms.ChoiceField(
        label="名单",
        choices=[(r, snapshots.roster_label(r)) for r in snapshots.ROSTERS],
    )


# Statistics ----------------------------------------------------------------------------


@require_GET
@statistics_staff
def results(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    history = list(selectors.results_of_campaign(campaign=campaign))
    rosters = [
        {
            "roster": roster,
            "label": snapshots.roster_label(roster),
            "current": selectors.result_current(campaign=campaign, roster=roster),
            "has_sessions": bool(
                snapshots.roster_sessions(campaign=campaign, roster=roster)
            ),
        }
        for roster in snapshots.ROSTERS
    ]
    return render(
        request,
        "evaluation/results/statistics_list.html",
        {"campaign": campaign, "rosters": rosters, "history": history},
    )


@require_POST
@statistics_staff
def result_compute(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    form = ComputeForm(request.POST)
    back = redirect(f"{reverse('evaluation:results')}?campaign={campaign.slug}")
    if not form.is_valid():
        messages.error(request, "请选择要计票的名单")
        return back
    try:
        result = services.result_compute(
            campaign=campaign,
            roster=form.cleaned_data["roster"],
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, _refusal(error))
        return back
    messages.success(request, "计票完成，请核对后审核")
    return redirect("evaluation:result-detail", result_id=result.pk)


@require_GET
@statistics_staff
def result_detail(request: HttpRequest, result_id: int) -> HttpResponse:
    result = selectors.result_for_statistics(result_id=result_id)
    return render(
        request,
        "evaluation/results/statistics_detail.html",
        {
            "result": result,
            "roster_label": snapshots.roster_label(result.roster),
            "tables": snapshots.result_tables(result.snapshot),
            "rule": result.snapshot["rule"],
            "receipts": result.snapshot["receipts"],
            "show_counts": True,
        },
    )


@require_POST
@statistics_staff
def result_approve(request: HttpRequest, result_id: int) -> HttpResponse:
    result = selectors.result_for_statistics(result_id=result_id)
    try:
        services.result_approve(result=result, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(
            request, "已审核；结果已冻结，等待市政府办公厅另一名工作人员发布"
        )
    return redirect("evaluation:result-detail", result_id=result.pk)


@require_GET
@statistics_staff
def result_export(request: HttpRequest, result_id: int) -> HttpResponse:
    result = selectors.result_for_statistics(result_id=result_id)
    content = services.result_export(result=result, actor=request.user, request=request)
    response = HttpResponse(content, content_type=exports.CONTENT_TYPE)
    name = f"result-{result.campaign.slug}-{result.roster}-{result.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# Office --------------------------------------------------------------------------------


@require_GET
@office_staff
def publication(request: HttpRequest) -> HttpResponse:
    """Approved results: digest, department count and approver only; published ones
    in full."""
    campaign = _campaign(request)
    entries = []
    for result in selectors.results_for_office(campaign=campaign):
        published = result.status == ResultSet.Status.PUBLISHED
        entries.append(
            {
                "result": result,
                "label": snapshots.roster_label(result.roster),
                "departments": len(result.snapshot.get("departments", [])),
                "tables": snapshots.result_tables(result.snapshot)
                if published
                else None,
                "is_public": result.roster == "public",
            }
        )
    return render(
        request,
        "evaluation/results/office_publication.html",
        {"campaign": campaign, "entries": entries},
    )


@require_POST
@office_staff
def result_publish(request: HttpRequest, result_id: int) -> HttpResponse:
    result = selectors.result_for_office(result_id=result_id)
    try:
        services.result_publish(result=result, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, _refusal(error))
    else:
        messages.success(request, "评议结果已发布")
    return redirect(
        f"{reverse('evaluation:publication')}?campaign={result.campaign.slug}"
    )


@require_GET
@office_staff
def comments(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    departments, waiting = selectors.comments_for_office(
        campaign=campaign, now=timezone.now()
    )
    return render(
        request,
        "evaluation/results/office_comments.html",
        {"campaign": campaign, "departments": departments, "waiting": waiting},
    )


# Department and public -----------------------------------------------------------------


@require_GET
@department_staff
def my_result(request: HttpRequest) -> HttpResponse:
    own = selectors.department_result(user=request.user, campaign=_campaign(request))
    return render(request, "evaluation/results/department.html", {"own": own})


@require_GET
def public_results(request: HttpRequest, campaign_slug: str) -> HttpResponse:
    campaign = campaign_get(slug=campaign_slug)
    if campaign is None:
        raise Http404("没有该活动")
    result = selectors.public_result(campaign=campaign)
    tables = snapshots.result_tables(result.snapshot)
    sections = [
        {
            "group": group,
            "chart_id": f"result-chart-{index}",
            "data_id": f"result-chart-{index}-data",
            "height": 40 * len(group.rows) + 80,
            "data": {
                "title": f"{group.name}得分",
                "departments": [row.department for row in group.rows],
                "scores": [row.score for row in group.rows],
            },
        }
        for index, group in enumerate(tables.groups, start=1)
    ]
    return render(
        request,
        "evaluation/results/public.html",
        {
            "campaign": campaign,
            "result": result,
            "tables": tables,
            "sections": sections,
        },
    )


# Supervisor ----------------------------------------------------------------------------


def _number(label: str, *, maximum: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=maximum,
        widget=forms.NumberInput(attrs={"class": "input"}),
    )


class PatternForm(forms.Form):
    voters = _number("人数 K（超过）", maximum=1000)
    minutes = _number("时间 T（分钟内）", maximum=1440)
    seconds = _number("开始评议后 S 秒内", maximum=3600)


@require_GET
@supervisor_staff
def patterns(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    defaults = pattern_defaults()
    data = {
        "voters": request.GET.get("voters", defaults.voters),
        "minutes": request.GET.get("minutes", defaults.minutes),
        "seconds": request.GET.get("seconds", defaults.seconds),
    }
    form = PatternForm(data)
    if not form.is_valid():
        return render(
            request,
            "evaluation/patterns/report.html",
            {"campaign": campaign, "form": form, "report": None},
            status=400,
        )
    report = pattern_report_run(
        campaign=campaign,
        params=PatternParams(**form.cleaned_data),
        actor=request.user,
        request=request,
    )
    return render(
        request,
        "evaluation/patterns/report.html",
        {"campaign": campaign, "form": form, "report": report},
    )


urlpatterns = [
    path("manage/evaluation/results/", results, name="results"),
    path("manage/evaluation/results/compute/", result_compute, name="result-compute"),
    path(
        "manage/evaluation/results/<int:result_id>/",
        result_detail,
        name="result-detail",
    ),
    path(
        "manage/evaluation/results/<int:result_id>/approve/",
        result_approve,
        name="result-approve",
    ),
    path(
        "manage/evaluation/results/<int:result_id>/export.xlsx",
        result_export,
        name="result-export",
    ),
    path("manage/evaluation/publication/", publication, name="publication"),
    path(
        "manage/evaluation/results/<int:result_id>/publish/",
        result_publish,
        name="result-publish",
    ),
    path("manage/evaluation/comments/", comments, name="comments"),
    path("manage/evaluation/my-result/", my_result, name="my-result"),
    path("manage/evaluation/patterns/", patterns, name="patterns"),
    path("results/<slug:campaign_slug>/", public_results, name="public-results"),
]
