"""The office's evaluation windows (评议时段) under /manage/evaluation/windows/.

Each act is a POST with a reason, calls one service (which audits it) and comes back
to the list with the outcome in Chinese.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from sanmin.accounts.access import role_required
from sanmin.accounts.models import Role
from sanmin.campaigns.models import Campaign
from sanmin.campaigns.selectors import campaign_current, campaign_list
from sanmin.evaluation.forms import WindowExtendForm, WindowReasonForm, form_errors
from sanmin.evaluation.models import Window
from sanmin.evaluation.selectors import sessions
from sanmin.evaluation.services.windows import (
    window_close_now,
    window_extend,
    window_open_now,
    windows_schedule,
)

office_staff = role_required(Role.OFFICE)


def _campaign(request: HttpRequest) -> Campaign | None:
    chosen = request.GET.get("campaign", "")
    if chosen.isdigit():
        return campaign_list().filter(pk=int(chosen)).first()
    return campaign_current()


def _back(campaign: Campaign) -> HttpResponse:
    return redirect(f"{reverse('evaluation:windows')}?campaign={campaign.pk}")


@require_safe
@office_staff
def window_list(request: HttpRequest) -> HttpResponse:
    campaign = _campaign(request)
    entries = (
        sessions.campaign_session_windows(campaign=campaign, now=timezone.now())
        if campaign
        else []
    )
    return render(
        request,
        "evaluation/windows/list.html",
        {
            "campaign": campaign,
            "campaigns": list(campaign_list()),
            "entries": entries,
            "unscheduled": any(entry.window is None for entry in entries),
            "window_hours": settings.EVALUATION_WINDOW_HOURS,
        },
    )


@require_POST
@office_staff
def schedule(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = campaign_list().filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404("没有该活动")
    created = windows_schedule(campaign=campaign, actor=request.user)
    if created:
        messages.success(request, f"已为 {len(created)} 个场次安排默认评议时段")
    else:
        messages.info(request, "所有场次都已安排评议时段")
    return _back(campaign)


def _window_act(
    request: HttpRequest,
    window_id: int,
    *,
    form_class: type[WindowReasonForm],
    act: Callable[..., Window],
    done: str,
) -> HttpResponse:
    window = sessions.window_get(window_id=window_id)
    if window is None:
        raise Http404("没有该评议时段")
    campaign = window.session.campaign
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, f"{window.session.title}：{form_errors(form)}")
        return _back(campaign)
    extra: dict[str, Any] = dict(form.cleaned_data)
    try:
        act(window=window, actor=request.user, **extra)
    except ValidationError as error:
        messages.error(request, f"{window.session.title}：{'；'.join(error.messages)}")
    else:
        messages.success(request, f"{window.session.title}：{done}")
    return _back(campaign)


@require_POST
@office_staff
def window_open(request: HttpRequest, window_id: int) -> HttpResponse:
    return _window_act(
        request,
        window_id,
        form_class=WindowReasonForm,
        act=window_open_now,
        done="评议已提前开始",
    )


@require_POST
@office_staff
def window_extend_view(request: HttpRequest, window_id: int) -> HttpResponse:
    return _window_act(
        request,
        window_id,
        form_class=WindowExtendForm,
        act=window_extend,
        done="评议截止时间已延长",
    )


@require_POST
@office_staff
def window_close(request: HttpRequest, window_id: int) -> HttpResponse:
    return _window_act(
        request,
        window_id,
        form_class=WindowReasonForm,
        act=window_close_now,
        done="评议已截止",
    )


urlpatterns = [
    path("manage/evaluation/windows/", window_list, name="windows"),
    path(
        "manage/evaluation/campaigns/<int:campaign_id>/windows/schedule/",
        schedule,
        name="windows-schedule",
    ),
    path(
        "manage/evaluation/windows/<int:window_id>/open/",
        window_open,
        name="window-open",
    ),
    path(
        "manage/evaluation/windows/<int:window_id>/extend/",
        window_extend_view,
        name="window-extend",
    ),
    path(
        "manage/evaluation/windows/<int:window_id>/close/",
        window_close,
        name="window-close",
    ),
]
