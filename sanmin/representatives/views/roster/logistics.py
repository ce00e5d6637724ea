"""The district staff's work on their district's representatives: bulk training and
venue from the list, and revealing one phone number to call (audited)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sanmin.campaigns.models import Venue
from sanmin.representatives.selectors import roster as selectors
from sanmin.representatives.services import roster as services
from sanmin.representatives.views.roster.common import (
    act,
    back_to_list,
    campaign_or_404,
    district_staff,
    entry_in_scope,
    to_entry,
)


def _chosen_ids(request: HttpRequest) -> list[int]:
    return [int(v) for v in request.POST.getlist("ids") if v.isdecimal()]


@require_POST
@district_staff
def roster_training(request: HttpRequest) -> HttpResponse:
    """Mark the ticked representatives as trained (trained=1) or not (trained=0)."""
    trained = request.POST.get("trained", "1") != "0"
    changed = act(
        request,
        lambda: services.representatives_train(
            campaign=campaign_or_404(),
            actor=request.user,
            ids=_chosen_ids(request),
            trained=trained,
            request=request,
        ),
    )
    if changed is not None:
        label = "已培训" if trained else "未培训"
        messages.success(request, f"已将 {changed} 名代表标记为{label}")
    return back_to_list(request)


@require_POST
@district_staff
def roster_venue(request: HttpRequest) -> HttpResponse:
    """Assign the ticked representatives to a venue of the district (or none)."""
    campaign = campaign_or_404()
    chosen = request.POST.get("venue", "")
    venue = None
    if chosen.isdecimal():
        venue = Venue.objects.filter(pk=int(chosen), campaign=campaign).first()
        if venue is None:
            messages.error(request, "没有该会场")
            return back_to_list(request)
    elif chosen != "none":
        messages.error(request, "请选择会场")
        return back_to_list(request)
    count = act(
        request,
        lambda: services.representatives_assign_venue(
            campaign=campaign,
            actor=request.user,
            ids=_chosen_ids(request),
            venue=venue,
            request=request,
        ),
    )
    if count is not None:
        where = f"会场“{venue.name}”" if venue else "不安排会场"
        messages.success(request, f"已将 {count} 名代表安排为{where}")
    return back_to_list(request)


@never_cache
@require_POST
@district_staff
def roster_reveal(request: HttpRequest, representative_id: int) -> HttpResponse:
    """Show one representative's full phone number, once, in this response."""
    representative = entry_in_scope(request, representative_id)
    phone = act(
        request,
        lambda: services.representative_phone_reveal(
            representative=representative, actor=request.user, request=request
        ),
    )
    if phone is None:
        if request.headers.get("HX-Request"):
            return HttpResponse(status=400)
        return to_entry(representative_id)
    entry = selectors.roster_entries([representative])[0]
    template = (
        "representatives/roster/_phone.html"
        if request.headers.get("HX-Request")
        else "representatives/roster/reveal.html"
    )
    return render(request, template, {"entry": entry, "phone": phone})
