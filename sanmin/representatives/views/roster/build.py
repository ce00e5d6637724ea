"""Making the roster from the drawn panel (statistics bureau) and queueing the
selection SMS (district staff for their district, the statistics bureau for all)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from sanmin.representatives.selectors import roster as selectors
from sanmin.representatives.services import roster as services
from sanmin.representatives.views.roster.common import (
    act,
    back_to_list,
    campaign_or_404,
    roster_staff,
    statistics_staff,
)


@require_POST
@statistics_staff
def roster_build(request: HttpRequest) -> HttpResponse:
    """Make the roster from the campaign's drawn panel (once)."""
    campaign = campaign_or_404()
    draw = selectors.roster_draw(campaign=campaign)
    if draw is None:
        messages.error(request, "本活动还没有完成代表抽取，不能生成名单")
        return redirect("representatives:roster")
    count = act(
        request,
        lambda: services.roster_build(draw=draw, actor=request.user, request=request),
    )
    if count is not None:
        messages.success(request, f"已根据抽取结果生成代表名单：{count} 人")
    return redirect("representatives:roster")


@require_POST
@roster_staff
def roster_notify(request: HttpRequest) -> HttpResponse:
    """Queue the selection SMS to the selected representatives not notified yet."""
    district = selectors.roster_scope(request=request)
    result = act(
        request,
        lambda: services.roster_notify(
            campaign=campaign_or_404(),
            actor=request.user,
            district=district,
            request=request,
        ),
    )
    if result is not None:
        text = f"已将 {result.queued} 条选聘通知短信加入发送队列"
        if result.without_phone:
            text += f"；{result.without_phone} 人没有可用的手机号码，请电话通知"
        messages.success(request, text)
    return back_to_list(request)
