"""Pages of 社情民意调查 (area: results).

Who sees what (the embargo):
- statistics (市统计局): every version's figures, free texts and exports, any time;
- office (市政府办公厅): publishes a closed version's results; sees the figures and
  free texts once published (never before: the list shows it only what awaits
  publication, without figures);
- everyone: the public summary (charts and percentages, no free text) once
  published; the list of published summaries.
Before publication other staff (departments, districts, reviewers, supervisors,
operators) get 403 and the public (anonymous, citizens, representatives) 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from sanmin.accounts.access import deny, role_required, staff_may_enter
from sanmin.accounts.models import STAFF_ROLES, Role
from sanmin.campaigns.selectors import campaign_current, campaign_get
from sanmin.surveys import exports
from sanmin.surveys.models import Audience, Kind, Questionnaire, QuestionnaireStatus
from sanmin.surveys.models.questionnaires import TEXT_KINDS
from sanmin.surveys.selectors import results as selectors
from sanmin.surveys.services import builder
from sanmin.surveys.services import results as services

TEXTS_PER_PAGE = 50


def _is_staff(user: Any) -> bool:
    return bool(user.is_authenticated and user.role in STAFF_ROLES)


def _may(user: Any, *roles: str) -> bool:
    return _is_staff(user) and staff_may_enter(user, roles) is None


def _gate(
    request: HttpRequest,
    questionnaire: Questionnaire,
    *,
    after: tuple[str, ...],
    public_after: bool = False,
) -> HttpResponseBase | None:
    """None if the user may open this results page, else the refusal.

    1. Published and open to everyone after publication: yes.
    2. Staff: statistics always; the roles of `after` once published; a role that
       may but has not verified its second factor goes to the sign-in; any other
       staff role gets 403 (recorded).
    3. Everyone else: 404 (unpublished results do not exist for the public).
    """
    published = questionnaire.results_published_at is not None
    if published and public_after:
        return None
    user = request.user
    if _is_staff(user):
        roles = (Role.STATISTICS, *after) if published else (Role.STATISTICS,)
        reason = staff_may_enter(user, roles)
        if reason == "otp":
            return redirect_to_login(request.get_full_path(), "accounts:login")
        if reason:
            raise deny(request, reason="survey-results-embargo")
        return None
    raise Http404("没有该调查结果")


def _questionnaire(pk: int) -> Questionnaire:
    return get_object_or_404(Questionnaire.objects.select_related("campaign"), pk=pk)


def _campaign(request: HttpRequest) -> Any:
    slug = request.GET.get("campaign", "")
    campaign = campaign_get(slug=slug) if slug else campaign_current()
    if campaign is None:
        raise Http404("没有该活动")
    return campaign


# Chart data: the same figures as the tables ---------------------------------------


def _bar(title: str, labels: list[str], values: list[Any], unit: str) -> dict[str, Any]:
    return {"title": title, "labels": labels, "values": values, "unit": unit}


def _charts(figures: dict[str, Any]) -> dict[str, Any]:
    """One chart per choice question (percent per option), per matrix (satisfaction
    per row) and one of the areas' satisfaction rates."""
    charts: dict[str, Any] = {}
    if figures["areas"]:
        charts["all-areas"] = _bar(
            "各领域满意率",
            [area["label"] for area in figures["areas"]],
            [area["rate"] for area in figures["areas"]],
            "%",
        )
    for question in figures["questions"]:
        if "options" in question:
            charts[f"q-{question['code']}"] = _bar(
                f"{question['number']} {question['prompt']}",
                [option["label"] for option in question["options"]],
                [option["percent"] for option in question["options"]],
                "%",
            )
        elif question["kind"] == Kind.MATRIX:
            rows = [row for row in question["rows"] if "satisfaction" in row]
            if rows:
                charts[f"q-{question['code']}"] = _bar(
                    f"{question['number']} {question['prompt']}（满意率）",
                    [row["label"] for row in rows],
                    [row["satisfaction"]["rate"] for row in rows],
                    "%",
                )
    return charts


def _crosstab(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Cross-tab tables: for each question with options (or areas) the groups as
    rows, options (or matrix rows) as columns."""
    groups = figures.get("groups") or []
    tables: list[dict[str, Any]] = []
    if figures["areas"]:
        tables.append(
            {
                "title": "各领域满意率",
                "columns": [area["label"] for area in figures["areas"]],
                "unit": "%",
                "rows": [
                    {
                        "label": group["label"],
                        "responses": group["responses"],
                        "cells": [area["rate"] for area in group["areas"]],
                    }
                    for group in groups
                ],
            }
        )
    for index, question in enumerate(figures["questions"]):
        if "options" in question:
            tables.append(
                {
                    "title": f"{question['number']} {question['prompt']}",
                    "columns": [o["label"] for o in question["options"]],
                    "unit": "%",
                    "rows": [
                        {
                            "label": group["label"],
                            "responses": group["questions"][index]["answered"],
                            "cells": [
                                o["percent"]
                                for o in group["questions"][index]["options"]
                            ],
                        }
                        for group in groups
                    ],
                }
            )
        elif question["kind"] == Kind.NUMBER:
            tables.append(
                {
                    "title": f"{question['number']} {question['prompt']}",
                    "columns": ["平均值", "最小值", "最大值"],
                    "unit": "",
                    "rows": [
                        {
                            "label": group["label"],
                            "responses": group["questions"][index]["answered"],
                            "cells": [
                                group["questions"][index]["stats"][key]
                                for key in ("mean", "min", "max")
                            ],
                        }
                        for group in groups
                    ],
                }
            )
    return tables


# Pages ---------------------------------------------------------------------------------


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    """Statistics: every opened version with its response count; office: the
    published ones and those awaiting publication (no figures); everyone else:
    the published summaries."""
    campaign = _campaign(request)
    user = request.user
    statistics = _may(user, Role.STATISTICS)
    office = _may(user, Role.OFFICE)
    # Every opened version once (two queries), for staff who see more than the
    # published ones; the public reads the published ones only.
    every = selectors.results_questionnaires(
        campaign=campaign, published_only=not (statistics or office)
    )
    versions = every if statistics else [q for q in every if q.results_published_at]
    waiting: list[Questionnaire] = []
    running: list[Questionnaire] = []
    if office:
        waiting = [
            q
            for q in every
            if q.results_published_at is None and q.status == QuestionnaireStatus.CLOSED
        ]
        running = sorted(
            (
                q
                for q in every
                if q.audience == Audience.PUBLIC
                and q.status == QuestionnaireStatus.OPEN
            ),
            key=lambda q: (q.code, q.version),
        )
    return render(
        request,
        "surveys/results/list.html",
        {
            "campaign": campaign,
            "versions": versions,
            "waiting": waiting,
            "running": running,
            "statistics": statistics,
            "office": office,
        },
    )


@require_GET
def result(request: HttpRequest, pk: int) -> HttpResponseBase:
    questionnaire = _questionnaire(pk)
    published = questionnaire.results_published_at is not None
    if published and not _may(request.user, Role.STATISTICS, Role.OFFICE):
        # After publication everyone else reads the public summary.
        return redirect("surveys:summary", pk=questionnaire.pk)
    refusal = _gate(request, questionnaire, after=(Role.OFFICE,))
    if refusal is not None:
        return refusal
    by = request.GET.get("by") or None
    if by not in (None, *selectors.BY_CHOICES):
        by = None
    figures = selectors.results_compute(questionnaire=questionnaire, by=by)
    return render(
        request,
        "surveys/results/detail.html",
        {
            "questionnaire": questionnaire,
            "figures": figures,
            "charts": _charts(figures),
            "crosstab": _crosstab(figures) if by else [],
            "by": by,
            "by_choices": [(None, "总体")]
            + [(key, selectors.BY_LABELS[key]) for key in selectors.BY_CHOICES],
            "by_label": selectors.BY_LABELS.get(by or "", "总体"),
            "statistics": _may(request.user, Role.STATISTICS),
            "office": _may(request.user, Role.OFFICE),
            "has_texts": any(q["kind"] in TEXT_KINDS for q in figures["questions"]),
        },
    )


@require_GET
def texts(request: HttpRequest, pk: int) -> HttpResponseBase:
    questionnaire = _questionnaire(pk)
    refusal = _gate(request, questionnaire, after=(Role.OFFICE,))
    if refusal is not None:
        return refusal
    search = request.GET.get("q", "").strip()[:50]
    listing = selectors.results_texts(questionnaire=questionnaire, search=search)
    page = Paginator(listing, TEXTS_PER_PAGE).get_page(request.GET.get("page"))
    layout = {q.pk: q for q in selectors.results_layout(questionnaire=questionnaire)}
    for answer in page.object_list:
        question = layout.get(answer.question_id)
        answer.number = question.number if question else ""
        answer.is_other = bool(question and question.kind not in TEXT_KINDS)
    return render(
        request,
        "surveys/results/texts.html",
        {
            "questionnaire": questionnaire,
            "page": page,
            "search": search,
            "query": urlencode({"q": search}) if search else "",
        },
    )


@require_GET
def export(request: HttpRequest, pk: int) -> HttpResponseBase:
    questionnaire = _questionnaire(pk)
    refusal = _gate(request, questionnaire, after=())
    if refusal is not None:
        return refusal
    fmt = request.GET.get("format", "csv")
    if fmt not in exports.FORMATS:
        fmt = "csv"
    services.results_export_record(
        questionnaire=questionnaire, fmt=fmt, actor=request.user, request=request
    )
    name = f"survey-{questionnaire.code}-v{questionnaire.version}.{fmt}"
    stream, content_type = (
        (exports.xlsx_stream, exports.XLSX_TYPE)
        if fmt == "xlsx"
        else (exports.csv_stream, exports.CSV_TYPE)
    )
    response = StreamingHttpResponse(
        stream(questionnaire=questionnaire), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _back_to_list(questionnaire: Questionnaire) -> HttpResponse:
    """The office's acts return to the results list of the questionnaire's campaign."""
    target = reverse("surveys:results")
    return redirect(f"{target}?{urlencode({'campaign': questionnaire.campaign.slug})}")


@require_POST
@role_required(Role.OFFICE)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(pk)
    try:
        services.results_publish(
            questionnaire=questionnaire, actor=request.user, request=request
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "调查结果已公布")
    return _back_to_list(questionnaire)


@require_POST
@role_required(Role.OFFICE)
def anonymous(request: HttpRequest, pk: int) -> HttpResponse:
    """The office allows or stops anonymous answers to a running public survey."""
    questionnaire = _questionnaire(pk)
    allow = request.POST.get("allow") == "1"
    try:
        builder.questionnaire_anonymous_set(
            questionnaire=questionnaire,
            allow=allow,
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已允许匿名填写" if allow else "已停止匿名填写")
    return _back_to_list(questionnaire)


@require_GET
def summary(request: HttpRequest, pk: int) -> HttpResponseBase:
    questionnaire = _questionnaire(pk)
    refusal = _gate(request, questionnaire, after=(), public_after=True)
    if refusal is not None:
        return refusal
    figures = selectors.results_compute(questionnaire=questionnaire)
    return render(
        request,
        "surveys/results/summary.html",
        {
            "questionnaire": questionnaire,
            "figures": figures,
            "charts": _charts(figures),
            "published": questionnaire.results_published_at is not None,
        },
    )


urlpatterns: list[URLPattern] = [
    path("results/", results, name="results"),
    path("results/<int:pk>/", result, name="result"),
    path("results/<int:pk>/texts/", texts, name="texts"),
    path("results/<int:pk>/export/", export, name="export"),
    path("results/<int:pk>/publish/", publish, name="publish"),
    path("results/<int:pk>/anonymous/", anonymous, name="anonymous"),
    path("results/<int:pk>/summary/", summary, name="summary"),
]
