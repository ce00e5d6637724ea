"""Oversight of 云征集: the office's deadline board, the statistics page (office and
statistics bureau) and the streamed export of every case."""

from __future__ import annotations

from typing import Any

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET

from sanmin.accounts.access import role_required
from sanmin.accounts.models import Role
from sanmin.campaigns.models import Campaign
from sanmin.campaigns.selectors import campaign_current
from sanmin.suggestions import exports
from sanmin.suggestions.selectors import deadlines as board
from sanmin.suggestions.selectors.stats import stats_compute

SORT_LABELS = (
    ("department", "部门"),
    ("assigned", "交办件数"),
    ("on_time", "按时答复"),
    ("overdue", "超期"),
    ("due_soon", "即将到期"),
    ("handling_days", "平均办理天数"),
    ("satisfaction", "满意率"),
)


def _campaign() -> Campaign:
    campaign = campaign_current()
    if campaign is None:
        raise Http404("没有进行中的活动")
    return campaign


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@require_GET
@role_required(Role.OFFICE)
def deadlines(request: HttpRequest) -> HttpResponse:
    """Per lead department: assigned, on time, overdue, due soon, handling time and
    satisfaction; then the open items past or near their deadline."""
    campaign = _campaign()
    now = timezone.now()
    sort = request.GET.get("sort", "department")
    if sort not in board.SORT_KEYS:
        sort = "department"
    descending = request.GET.get("dir") == "desc"
    rows = board.board_sort(
        board.department_board(campaign=campaign, now=now),
        key=sort,
        descending=descending,
    )
    overdue, overdue_total = board.items_flagged(
        campaign=campaign, now=now, state="overdue"
    )
    due_soon, due_soon_total = board.items_flagged(
        campaign=campaign, now=now, state="due_soon"
    )
    columns = [
        {
            "key": key,
            "label": label,
            "active": key == sort,
            "aria_sort": ("descending" if descending else "ascending")
            if key == sort
            else "",
            # A second click on the active column turns the order around; figures
            # start with the largest, names with A.
            "next_dir": ("asc" if descending else "desc")
            if key == sort
            else ("asc" if key == "department" else "desc"),
        }
        for key, label in SORT_LABELS
    ]
    table = [
        {
            "row": row,
            "satisfaction": _percent(row.satisfaction),
            "on_time_rate": _percent(row.on_time_rate),
            "handling_days": "—"
            if row.handling_days is None
            else f"{row.handling_days:.1f}",
        }
        for row in rows
    ]
    return render(
        request,
        "suggestions/oversight/deadlines.html",
        {
            "campaign": campaign,
            "columns": columns,
            "table": table,
            "overdue": overdue,
            "overdue_total": overdue_total,
            "due_soon": due_soon,
            "due_soon_total": due_soon_total,
            "due_soon_hours": board.due_soon_window().total_seconds() // 3600,
            "now": now,
        },
    )


def _chart(figures: dict[str, Any]) -> dict[str, Any]:
    """What the charts draw (the tables on the page carry the same figures)."""

    def pairs(rows: list[Any], value: str = "count") -> dict[str, list[Any]]:
        return {
            "labels": [row["label"] for row in rows],
            "values": [row[value] for row in rows],
        }

    return {
        "topic": pairs(figures["by_topic"]),
        "district": pairs(figures["by_district"]),
        "department": pairs(figures["by_department"][:20], "items"),
        "status": pairs([row for row in figures["by_status"] if row["count"]]),
    }


@require_GET
@role_required(Role.OFFICE, Role.STATISTICS)
def stats(request: HttpRequest) -> HttpResponse:
    """Counts by topic, district, lead department and state, on-time rate and
    satisfaction: charts with the same figures in tables."""
    campaign = _campaign()
    figures = stats_compute(campaign=campaign)
    return render(
        request,
        "suggestions/oversight/stats.html",
        {
            "campaign": campaign,
            "figures": figures,
            "on_time_rate": _percent(figures["on_time"]["rate"]),
            "satisfaction_rate": _percent(figures["satisfaction"]["rate"]),
            "chart": _chart(dict(figures)),
        },
    )


@require_GET
@role_required(Role.OFFICE, Role.STATISTICS)
def export(request: HttpRequest) -> HttpResponseBase:
    """Every case of the campaign as CSV (streamed) or .xlsx (?format=xlsx), without
    any personal data of the submitter; audited."""
    campaign = _campaign()
    fmt = request.GET.get("format", "csv")
    if fmt not in exports.FORMATS:
        return HttpResponseBadRequest("导出格式只能是 csv 或 xlsx")
    exports.export_record(
        campaign=campaign, fmt=fmt, actor=request.user, request=request
    )
    name = f"suggestions-{campaign.slug}-{timezone.localdate():%Y%m%d}.{fmt}"
    stream, content_type = (
        (exports.csv_stream, "text/csv; charset=utf-8")
        if fmt == "csv"
        else (exports.xlsx_stream, exports.XLSX_TYPE)
    )
    response = StreamingHttpResponse(
        stream(campaign=campaign), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [
    path("deadlines/", deadlines, name="deadlines"),
    path("stats/", stats, name="stats"),
    path("export/", export, name="export"),
]
