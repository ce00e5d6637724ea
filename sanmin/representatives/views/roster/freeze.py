"""The freeze page (statistics bureau): the counts against the minimum, and fixing
the roster before the first public session."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from sanmin.representatives.selectors import roster as selectors
from sanmin.representatives.services import roster as services
from sanmin.representatives.views.roster.common import (
    act,
    campaign_or_404,
    statistics_staff,
)


@require_http_methods(["GET", "HEAD", "POST"])
@statistics_staff
def roster_freeze(request: HttpRequest) -> HttpResponse:
    campaign = campaign_or_404()
    if request.method == "POST":
        if act(
            request,
            lambda: services.roster_freeze(
                campaign=campaign, actor=request.user, request=request
            ),
        ):
            messages.success(request, "代表名单已冻结")
        return redirect("representatives:roster-freeze")
    return render(
        request,
        "representatives/roster/freeze.html",
        {
            "campaign": campaign,
            "counts": selectors.roster_counts(campaign=campaign),
            "freeze": selectors.roster_freeze_of(campaign=campaign),
            "first_session": selectors.first_public_session(campaign=campaign),
        },
    )
