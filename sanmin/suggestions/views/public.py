"""Public pages of 云征集 (area: public): anyone, signed in or not, reads published
cases and their answers; the submitter's name only with their consent."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_safe

from sanmin.campaigns.selectors import campaign_current
from sanmin.suggestions.selectors import public as selectors


@require_safe
def public(request: HttpRequest) -> HttpResponse:
    filters = selectors.PublicFilters.from_query(request.GET)
    paginator = Paginator(
        selectors.published_suggestions(filters=filters), selectors.PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "suggestions/public/list.html",
        {
            "page": page,
            "filters": filters,
            "query": filters.query,
            "topics": selectors.published_topics(campaign=campaign_current()),
        },
    )


@require_safe
def public_detail(request: HttpRequest, number: str) -> HttpResponse:
    case = selectors.published_case(number=number)
    return render(
        request,
        "suggestions/public/detail.html",
        {"case": case, "author": selectors.public_author(case)},
    )


urlpatterns: list[URLPattern] = [
    path("", public, name="public"),
    path("public/<str:number>/", public_detail, name="public-detail"),
]
