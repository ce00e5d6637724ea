"""确认参加 and 谢绝: the representative's own confirm page (signed in through 爱山东,
the link of the selection SMS), and the answers staff take by phone: confirmation,
decline, unreachable."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sanmin.accounts.access import citizen_required, deny
from sanmin.representatives.selectors import roster as selectors
from sanmin.representatives.services import roster as services
from sanmin.representatives.views.roster.common import (
    act,
    campaign_or_404,
    entry_in_scope,
    roster_staff,
    to_entry,
)

# The representative --------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@citizen_required
def roster_confirm(request: HttpRequest) -> HttpResponse:
    """确认参加 / 谢绝, for the signed-in citizen's own roster entry."""
    campaign = campaign_or_404()
    representative = selectors.citizen_roster_entry(
        user=request.user, campaign=campaign
    )
    if representative is None:
        deny(request, reason="not-on-roster")
        return render(
            request,
            "representatives/roster/not_on_roster.html",
            {"campaign": campaign},
            status=403,
        )
    if request.method == "POST":
        choice = request.POST.get("action", "")
        if choice == "confirm":
            done = act(
                request,
                lambda: services.representative_confirm(
                    representative=representative, actor=request.user, request=request
                ),
            )
            if done:
                messages.success(request, "已确认参加，感谢您的支持！")
        elif choice == "decline":
            done = act(
                request,
                lambda: services.representative_decline(
                    representative=representative,
                    actor=request.user,
                    reason=request.POST.get("reason", ""),
                    request=request,
                ),
            )
            if done:
                messages.success(request, "已登记谢绝，感谢您的答复。")
        else:
            messages.error(request, "请选择确认参加或谢绝")
        return redirect("representatives:roster-confirm")
    return render(
        request,
        "representatives/roster/confirm.html",
        {
            "campaign": campaign,
            "rep": representative,
            "frozen": selectors.roster_freeze_of(campaign=campaign) is not None,
            "first_session": selectors.first_public_session(campaign=campaign),
            "reason_max": services.REASON_MAX,
        },
    )


# Taken by phone (staff) ----------------------------------------------------------------


@require_POST
@roster_staff
def roster_phone_confirm(request: HttpRequest, representative_id: int) -> HttpResponse:
    """Record a confirmation the representative gave by phone."""
    representative = entry_in_scope(request, representative_id)
    if act(
        request,
        lambda: services.representative_confirm(
            representative=representative, actor=request.user, request=request
        ),
    ):
        messages.success(request, "已登记电话确认参加")
    return to_entry(representative_id)


@require_POST
@roster_staff
def roster_decline(request: HttpRequest, representative_id: int) -> HttpResponse:
    """Record a decline the representative gave by phone."""
    representative = entry_in_scope(request, representative_id)
    if act(
        request,
        lambda: services.representative_decline(
            representative=representative,
            actor=request.user,
            reason=request.POST.get("reason", ""),
            request=request,
        ),
    ):
        messages.success(request, "已登记谢绝，可以替补")
    return to_entry(representative_id)


@require_POST
@roster_staff
def roster_unreachable(request: HttpRequest, representative_id: int) -> HttpResponse:
    representative = entry_in_scope(request, representative_id)
    if act(
        request,
        lambda: services.representative_mark_unreachable(
            representative=representative,
            actor=request.user,
            reason=request.POST.get("reason", ""),
            request=request,
        ),
    ):
        messages.success(request, "已登记无法联系，可以替补")
    return to_entry(representative_id)
