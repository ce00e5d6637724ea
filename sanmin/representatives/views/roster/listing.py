"""The staff roster pages: the list (district staff: their district; the statistics
bureau: all of it) with masked names and phones and its filters, and one entry."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sanmin.accounts.models import Role
from sanmin.representatives.models import Representative
from sanmin.representatives.selectors import roster as selectors
from sanmin.representatives.selectors import years as year_selectors
from sanmin.representatives.services import roster as services
from sanmin.representatives.views.roster.common import (
    campaign_or_404,
    entry_in_scope,
    roster_staff,
)

PAGE_SIZE = 100


@require_GET
@roster_staff
def roster(request: HttpRequest) -> HttpResponse:
    campaign = campaign_or_404()
    district = selectors.roster_scope(request=request)
    filters = selectors.RosterFilters.from_query(request.GET)
    page = Paginator(
        selectors.roster_queryset(
            campaign=campaign, district=district, filters=filters
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    is_statistics = request.user.role == Role.STATISTICS  # type: ignore[union-attr]
    draw = selectors.roster_draw(campaign=campaign) if is_statistics else None
    return render(
        request,
        "representatives/roster/list.html",
        {
            "campaign": campaign,
            "district": district,
            "filters": filters,
            "page": page,
            "entries": selectors.roster_entries(list(page.object_list)),
            "summary": selectors.roster_summary(campaign=campaign, district=district),
            "statuses": Representative.Status.choices,
            "categories": selectors.roster_categories(campaign=campaign),
            "districts": selectors.roster_districts() if district is None else [],
            "venues": selectors.venue_loads(campaign=campaign, district=district),
            "freeze": selectors.roster_freeze_of(campaign=campaign),
            "is_statistics": is_statistics,
            "draw": draw,
            "built": selectors.roster_built(campaign=campaign),
            "reason_max": services.REASON_MAX,
        },
    )


@require_GET
@roster_staff
def roster_detail(request: HttpRequest, representative_id: int) -> HttpResponse:
    representative = entry_in_scope(request, representative_id)
    campaign = representative.campaign
    user = request.user
    draw = selectors.roster_draw(campaign=campaign)
    years = year_selectors.service_years_for(id_hash=representative.id_hash)
    successor = Representative.objects.filter(replaces=representative).first()
    return render(
        request,
        "representatives/roster/detail.html",
        {
            "campaign": campaign,
            "entry": selectors.roster_entries([representative])[0],
            "rep": representative,
            "successor": successor,
            "may_manage": selectors.manages(user, representative),
            "may_replace": selectors.replaces_cell(user, representative),
            "may_reveal": selectors.own_district(user, representative),
            "municipal": selectors.is_municipal(representative),
            "cell_label": selectors.cell_label(representative)
            if representative.cell
            else "",
            "alternates_left": selectors.alternates_left(
                draw=draw, cell=representative.cell
            ),
            "under_targets": selectors.cell_under_targets(
                draw=draw, cell=representative.cell
            ),
            "frozen": selectors.roster_freeze_of(campaign=campaign) is not None,
            "years": years,
            "reason_max": services.REASON_MAX,
        },
    )
