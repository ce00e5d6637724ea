"""优秀建议 pages.

Office (市政府办公厅):
- excellence/: criteria (editable until the first score), the panel, the
  nominations ranked by mean total with the number of panelists who scored, and
  the award of a tier; a look-up by tracking number to nominate or adopt a case.
- excellence/nominate/<number>/, excellence/adopt/<number>/: one case.
- excellence/<pk>/award/: award a tier (POST).
Panel (staff the office put on it, whatever their role):
- excellence/panel/: the nominations, never who submitted them.
- excellence/panel/<pk>/: one nomination with its answers, and the score form.
Public:
- excellent/: the awarded suggestions and the adopted ones.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from sanmin.accounts.access import deny, role_required, staff_required
from sanmin.accounts.models import Role
from sanmin.campaigns.models import Campaign
from sanmin.campaigns.selectors import campaign_current
from sanmin.suggestions.forms.excellence import (
    AdoptForm,
    AwardForm,
    CriteriaForm,
    LookupForm,
    NominateForm,
    PanelistAddForm,
    PanelistRemoveForm,
    ScoreForm,
)
from sanmin.suggestions.models import Nomination, Panelist
from sanmin.suggestions.selectors import excellence as selectors
from sanmin.suggestions.selectors.access import case_for_office
from sanmin.suggestions.selectors.complaints import complaint_departments
from sanmin.suggestions.services import excellence as services

office_only = role_required(Role.OFFICE)


def _campaign() -> Campaign:
    campaign = campaign_current()
    if campaign is None:
        raise Http404("目前没有活动")
    return campaign


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _office_page(
    request: HttpRequest,
    campaign: Campaign,
    *,
    criteria_form: CriteriaForm | None = None,
    panel_form: PanelistAddForm | None = None,
    status: int = 200,
) -> HttpResponse:
    criteria = services.criteria_ensure(campaign=campaign)
    ranked = selectors.nominations_ranked(campaign=campaign)
    panel = selectors.panelists(campaign=campaign)
    return render(
        request,
        "suggestions/excellence/office.html",
        {
            "campaign": campaign,
            "criteria": criteria,
            "criteria_locked": selectors.criteria_locked(campaign=campaign),
            "criteria_form": criteria_form or CriteriaForm(criteria=criteria),
            "panel": panel,
            "panel_form": panel_form
            or PanelistAddForm(
                candidates=selectors.panel_candidates(campaign=campaign)
            ),
            "ranked": ranked,
            "award_form": AwardForm(),
            "lookup_form": LookupForm(),
            "panel_size": len(panel),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@office_only
def excellence(request: HttpRequest) -> HttpResponse:
    campaign = _campaign()
    if request.method != "POST":
        go = request.GET.get("go")
        lookup = LookupForm(request.GET)
        if go in ("nominate", "adopt") and lookup.is_valid():
            number = lookup.cleaned_data["number"].strip().upper()
            return redirect(f"suggestions:{go}", number=number)
        return _office_page(request, campaign)
    action = request.POST.get("action")
    try:
        if action == "criteria":
            criteria = selectors.criteria_of(campaign=campaign)
            criteria_form = CriteriaForm(request.POST, criteria=criteria)
            if not criteria_form.is_valid():
                return _office_page(
                    request, campaign, criteria_form=criteria_form, status=400
                )
            services.criteria_update(
                campaign=campaign,
                actor=request.user,
                changes=criteria_form.changes(),
                request=request,
            )
            messages.success(request, "评分项已保存。")
        elif action == "panel-add":
            panel_form = PanelistAddForm(
                request.POST, candidates=selectors.panel_candidates(campaign=campaign)
            )
            if not panel_form.is_valid():
                return _office_page(
                    request, campaign, panel_form=panel_form, status=400
                )
            services.panelist_add(
                campaign=campaign,
                user=panel_form.cleaned_data["user"],
                actor=request.user,
                request=request,
            )
            messages.success(request, "已加入评审专家名单。")
        elif action == "panel-remove":
            remove = PanelistRemoveForm(request.POST)
            panelist = (
                Panelist.objects.filter(
                    campaign=campaign, pk=remove.cleaned_data["panelist"]
                ).first()
                if remove.is_valid()
                else None
            )
            if panelist is None:
                raise ValidationError("没有这名评审专家")
            services.panelist_remove(
                panelist=panelist, actor=request.user, request=request
            )
            messages.success(request, "已移出评审专家名单。")
        else:
            raise ValidationError("请选择要进行的操作")
    except ValidationError as error:
        _errors(request, error)
    return redirect("suggestions:excellence")


def _case_context(case: Any) -> dict[str, Any]:
    return {
        "case": case,
        "answers": selectors.case_answers(suggestion=case),
        "nomination": Nomination.objects.filter(suggestion=case).first(),
        "adoptions": selectors.adoptions_of(suggestion=case),
        "eligible": case.status in services.ANSWERED_STATES,
    }


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@office_only
def nominate(request: HttpRequest, number: str) -> HttpResponse:
    case = case_for_office(user=request.user, number=number)
    form = NominateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.suggestion_nominate(
                    suggestion=case,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request, f"已将建议 {case.number} 推荐为优秀建议候选。"
                )
                return redirect("suggestions:excellence")
        status = 400
        case.refresh_from_db()
    return render(
        request,
        "suggestions/excellence/nominate.html",
        {**_case_context(case), "form": form},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@office_only
def adopt(request: HttpRequest, number: str) -> HttpResponse:
    case = case_for_office(user=request.user, number=number)
    form = AdoptForm(
        request.POST or None,
        departments=complaint_departments(campaign=case.campaign),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.suggestion_adopt(
                    suggestion=case,
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    department=form.cleaned_data["department"],
                    note=form.cleaned_data["note"],
                    request=request,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, f"已记录建议 {case.number} 的采纳情况。")
                return redirect("suggestions:adopt", number=case.number)
        status = 400
        case.refresh_from_db()
    return render(
        request,
        "suggestions/excellence/adopt.html",
        {**_case_context(case), "form": form},
        status=status,
    )


@require_POST
@office_only
def award(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = selectors.nomination_for_office(user=request.user, pk=pk)
    form = AwardForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择评定等次")
        return redirect("suggestions:excellence")
    try:
        services.nomination_award(
            nomination=nomination,
            actor=request.user,
            tier=form.cleaned_data["tier"],
            request=request,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request, f"已评定等次并在优秀建议栏目公布：{nomination.suggestion.title}"
        )
    return redirect("suggestions:excellence")


def _panelist(request: HttpRequest) -> Panelist:
    panelist = selectors.panelist_of(user=request.user, campaign=_campaign())
    if panelist is None:
        raise deny(request, reason="not-panelist")
    return panelist


@never_cache
@require_safe
@staff_required
def panel(request: HttpRequest) -> HttpResponse:
    panelist = _panelist(request)
    cases = selectors.panel_cases(panelist=panelist)
    return render(
        request,
        "suggestions/excellence/panel.html",
        {
            "campaign": panelist.campaign,
            "cases": cases,
            "criteria": selectors.criteria_of(campaign=panelist.campaign),
            "done": sum(1 for case in cases if case.scored),
        },
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def score(request: HttpRequest, pk: int) -> HttpResponse:
    panelist = _panelist(request)
    nomination = selectors.nomination_for_panelist(panelist=panelist, pk=pk)
    criteria = services.criteria_ensure(campaign=panelist.campaign)
    case = selectors.panel_case(panelist=panelist, nomination=nomination)
    form = ScoreForm(request.POST or None, criteria=criteria, current=case.my_scores)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.nomination_score(
                    nomination=nomination,
                    user=request.user,
                    points=form.points(),
                    request=request,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, "评分已保存。")
                return redirect("suggestions:panel")
        status = 400
    return render(
        request,
        "suggestions/excellence/score.html",
        {"case": case, "form": form, "panel_url": reverse("suggestions:panel")},
        status=status,
    )


@require_safe
def excellent(request: HttpRequest) -> HttpResponse:
    campaign = campaign_current()
    return render(
        request,
        "suggestions/excellence/public.html",
        {
            "campaign": campaign,
            "entries": selectors.excellent_public(campaign=campaign)
            if campaign
            else [],
            "adoptions": selectors.adoptions_public(campaign=campaign)
            if campaign
            else [],
        },
    )


urlpatterns: list[URLPattern] = [
    path("excellence/", excellence, name="excellence"),
    path("excellence/nominate/<str:number>/", nominate, name="nominate"),
    path("excellence/adopt/<str:number>/", adopt, name="adopt"),
    path("excellence/<int:pk>/award/", award, name="award"),
    path("excellence/panel/", panel, name="panel"),
    path("excellence/panel/<int:pk>/", score, name="score"),
    path("excellent/", excellent, name="excellent"),
]
