"""The draw's pages (市统计局 only) and its public record.

Staff, under /representatives/manage/draws/: the campaigns and their draw state;
a campaign's overview (review status per cell, what blocks the commitment, the
commit button); a draw's page (the commitment, the seed form, the report, verify,
void). Public, under /representatives/draws/<campaign>/: the published record
(commitments, seed sources, panel fingerprint, counts per cell, never names), shown
as soon as a commitment is published.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST, require_safe

from sanmin.accounts import menu
from sanmin.accounts.access import role_required
from sanmin.accounts.models import Role
from sanmin.campaigns.models import Campaign
from sanmin.campaigns.selectors import campaign_get, campaign_list
from sanmin.campaigns.services import quota_table_errors
from sanmin.representatives.draw.verify import Verification
from sanmin.representatives.models import Draw
from sanmin.representatives.selectors.draws import (
    cell_names,
    draw_cell_status,
    draw_get,
    draw_live,
    draw_public_cells,
    draw_report_summary,
    draws_of,
)
from sanmin.representatives.services.draws import (
    MAX_SOURCES,
    draw_commit,
    draw_run,
    draw_verify,
    draw_void,
)

statistics_staff = role_required(Role.STATISTICS)

SOURCE_ROWS = 4


def menu_register() -> None:
    """The statistics bureau's staff-home link (called from the app's ready())."""
    menu.register(Role.STATISTICS, "代表抽取", "representatives:draws", order=30)


class SeedForm(forms.Form):
    """Up to SOURCE_ROWS seed sources, each a label and a value."""

    def __init__(self, *args: Any, rows: int = SOURCE_ROWS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(rows):
            self.fields[f"label_{i}"] = forms.CharField(
                label=f"来源 {i + 1} 名称", max_length=100, required=False
            )
            self.fields[f"value_{i}"] = forms.CharField(
                label=f"来源 {i + 1} 取值", max_length=200, required=False
            )
        self.rows = rows

    def sources(self) -> list[dict[str, str]]:
        return [
            {
                "label": self.cleaned_data.get(f"label_{i}", ""),
                "value": self.cleaned_data.get(f"value_{i}", ""),
            }
            for i in range(self.rows)
        ]

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"label_{i}"], self[f"value_{i}"]) for i in range(self.rows)]


class VoidForm(forms.Form):
    reason = forms.CharField(label="作废理由", max_length=200)


def _campaign(slug: str) -> Campaign:
    campaign = campaign_get(slug=slug)
    if campaign is None:
        raise Http404("没有这个活动")
    return campaign


def _draw(draw_id: int) -> Draw:
    draw = draw_get(draw_id=draw_id)
    if draw is None:
        raise Http404("没有这个抽取")
    return draw


def _errors(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


# Staff ---------------------------------------------------------------------------


@require_safe
@statistics_staff
def draws(request: HttpRequest) -> HttpResponse:
    rows = [
        {"campaign": campaign, "draw": draw_live(campaign=campaign)}
        for campaign in campaign_list()
    ]
    return render(request, "representatives/draws/index.html", {"rows": rows})


def _overview(
    request: HttpRequest,
    campaign: Campaign,
    *,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    cells = draw_cell_status(campaign=campaign)
    blocked = [c for c in cells if c.pending and c.seats]
    short = [c for c in cells if c.missing]
    context = {
        "campaign": campaign,
        "cells": cells,
        "blocked": blocked,
        "short": short,
        "quota_errors": quota_table_errors(campaign),
        "live": draw_live(campaign=campaign),
        "history": draws_of(campaign=campaign),
        "errors": errors or [],
        "totals": {
            "seats": sum(c.seats for c in cells),
            "alternates": sum(c.alternates for c in cells),
            "pending": sum(c.pending for c in cells),
            "eligible": sum(c.eligible for c in cells),
            "rejected": sum(c.rejected for c in cells),
        },
        "targets": campaign.balance_targets.select_related("district").order_by(
            "district__order", "attribute", "value"
        ),
    }
    return render(
        request, "representatives/draws/overview.html", context, status=status
    )


@require_safe
@statistics_staff
def draw_campaign(request: HttpRequest, slug: str) -> HttpResponse:
    return _overview(request, _campaign(slug))


@require_POST
@statistics_staff
def draw_commit_view(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _campaign(slug)
    try:
        draw = draw_commit(campaign=campaign, actor=request.user, request=request)
    except ValidationError as error:
        return _overview(request, campaign, errors=_errors(error), status=400)
    messages.success(request, "已冻结候选池并生成承诺值，请在抽取前公布承诺值")
    return redirect("representatives:draw", draw_id=draw.pk)


def _detail(
    request: HttpRequest,
    draw: Draw,
    *,
    seed_form: SeedForm | None = None,
    void_form: VoidForm | None = None,
    verification: Verification | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    names = cell_names(campaign=draw.campaign)
    report = draw.report if draw.state == Draw.State.DRAWN else {}
    context = {
        "draw": draw,
        "campaign": draw.campaign,
        "cells": draw_public_cells(draw=draw, names=names),
        "report": report,
        "summary": draw_report_summary(draw=draw) if report else {},
        "cap_bound": [
            names.get(k, k) for k in report.get("rotation", {}).get("cap_bound", [])
        ],
        "seed_form": seed_form or SeedForm(),
        "void_form": void_form or VoidForm(),
        "verification": verification,
        "errors": errors or [],
        "max_sources": MAX_SOURCES,
        "counts": _counts(draw),
    }
    return render(request, "representatives/draws/detail.html", context, status=status)


def _counts(draw: Draw) -> dict[str, int]:
    inputs = draw.inputs
    cells = inputs.get("cells", [])
    return {
        "cells": len(cells),
        "seats": sum(c["seats"] for c in cells),
        "alternates": sum(c["alternates"] for c in cells),
        "eligible": len(inputs.get("pool", [])),
        "excluded": len(inputs.get("exclusions", [])),
        "targets": len(inputs.get("targets", [])),
        "lotteries": len(inputs.get("lotteries", [])),
    }


@require_safe
@statistics_staff
def draw_detail(request: HttpRequest, draw_id: int) -> HttpResponse:
    return _detail(request, _draw(draw_id))


@require_POST
@statistics_staff
def draw_run_view(request: HttpRequest, draw_id: int) -> HttpResponse:
    draw = _draw(draw_id)
    form = SeedForm(request.POST)
    if not form.is_valid():
        return _detail(request, draw, seed_form=form, status=400)
    try:
        draw_run(
            draw=draw, seed_sources=form.sources(), actor=request.user, request=request
        )
    except ValidationError as error:
        return _detail(request, draw, seed_form=form, errors=_errors(error), status=400)
    messages.success(request, "抽取完成，名单指纹已生成")
    return redirect("representatives:draw", draw_id=draw.pk)


@require_POST
@statistics_staff
def draw_verify_view(request: HttpRequest, draw_id: int) -> HttpResponse:
    draw = _draw(draw_id)
    return _detail(request, draw, verification=draw_verify(draw=draw))


@require_POST
@statistics_staff
def draw_void_view(request: HttpRequest, draw_id: int) -> HttpResponse:
    draw = _draw(draw_id)
    form = VoidForm(request.POST)
    if not form.is_valid():
        return _detail(request, draw, void_form=form, status=400)
    try:
        draw_void(
            draw=draw,
            reason=form.cleaned_data["reason"],
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        return _detail(request, draw, void_form=form, errors=_errors(error), status=400)
    messages.success(request, "承诺值已作废，可重新冻结候选池")
    return redirect("representatives:draw-campaign", slug=draw.campaign.slug)


# Public --------------------------------------------------------------------------


@require_safe
def draw_record(request: HttpRequest, slug: str) -> HttpResponse:
    """The published record: every commitment of the campaign (void ones with
    their reason), and for the drawn one its seed sources and panel fingerprint."""
    campaign = _campaign(slug)
    names = cell_names(campaign=campaign)
    records = [
        {
            "draw": draw,
            "cells": draw_public_cells(draw=draw, names=names),
            "counts": _counts(draw),
        }
        for draw in draws_of(campaign=campaign)
    ]
    return render(
        request,
        "representatives/draws/public.html",
        {"campaign": campaign, "records": records},
    )


urlpatterns = [
    path("manage/draws/", draws, name="draws"),
    path("manage/draws/<slug:slug>/", draw_campaign, name="draw-campaign"),
    path("manage/draws/<slug:slug>/commit/", draw_commit_view, name="draw-commit"),
    path("manage/draws/record/<int:draw_id>/", draw_detail, name="draw"),
    path("manage/draws/record/<int:draw_id>/run/", draw_run_view, name="draw-run"),
    path(
        "manage/draws/record/<int:draw_id>/verify/",
        draw_verify_view,
        name="draw-verify",
    ),
    path("manage/draws/record/<int:draw_id>/void/", draw_void_view, name="draw-void"),
    path("draws/<slug:slug>/", draw_record, name="draw-record"),
]
