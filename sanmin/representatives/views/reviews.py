"""资格审查 pages under /representatives/reviews/ (reviewers of the police or the
petition bureau; each sees and decides for their own body only).

- reviews/: the queue of the current campaign, 50 a page, filtered by status (of
  their body's decision), district, category and channel; tick candidates (or take
  the whole page) and pass or reject them together, one reason for a bulk rejection.
- reviews/<id>/: one candidate, with the body's decision or the form to make it.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from sanmin.accounts.access import deny, role_required
from sanmin.accounts.models import ReviewerBody, Role
from sanmin.campaigns.models import Campaign
from sanmin.campaigns.selectors import campaign_current
from sanmin.representatives.forms.reviews import (
    BulkDecisionForm,
    DecisionForm,
    QueueFilterForm,
)
from sanmin.representatives.models import Review
from sanmin.representatives.selectors import reviews as selectors
from sanmin.representatives.selectors.intake import campaign_districts, pool_frozen
from sanmin.representatives.services.reviews import candidates_review

reviewers = role_required(Role.REVIEWER)
FILTER_KEYS = ("status", "district", "category", "channel", "page")


def _body(request: HttpRequest) -> str:
    body = selectors.reviewer_body(request.user)
    if not body:
        raise deny(request, reason="no-reviewer-body")
    return body


def _queue_page(
    request: HttpRequest,
    *,
    campaign: Campaign | None,
    body: str,
    form: BulkDecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, Any] = {
        "campaign": campaign,
        "body_label": ReviewerBody(body).label,
    }
    if campaign is not None:
        districts = campaign_districts(campaign=campaign)
        filters = QueueFilterForm(
            request.GET,
            districts=districts,
            categories=list(campaign.quotas.order_by("level", "order")),
        )
        review_status = filters.value("status") or Review.PENDING
        category_id = filters.value("category")
        district_id = filters.value("district")
        queue = selectors.review_queue(
            campaign=campaign,
            body=body,
            status=review_status,
            district=next((d for d in districts if d.pk == district_id), None),
            category=campaign.quotas.filter(pk=category_id).first()
            if category_id
            else None,
            channel=filters.value("channel") or "",
        )
        page = Paginator(queue, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        frozen = pool_frozen(campaign=campaign)
        context.update(
            filters=filters,
            review_status=review_status,
            deciding=review_status == Review.PENDING and not frozen,
            status_label=Review(review_status).label,
            page=page,
            entries=selectors.queue_entries(page.object_list, body=body),
            query=query.urlencode(),
            form=form or BulkDecisionForm(),
            frozen=frozen,
            pending=selectors.review_queue(campaign=campaign, body=body).count(),
        )
    return render(request, "representatives/reviews/queue.html", context, status=status)


@never_cache
@require_safe
@reviewers
def review_queue(request: HttpRequest) -> HttpResponse:
    return _queue_page(request, campaign=campaign_current(), body=_body(request))


@require_POST
@reviewers
def review_bulk(request: HttpRequest) -> HttpResponse:
    body = _body(request)
    campaign = campaign_current()
    form = BulkDecisionForm(request.POST)
    if campaign is None or not form.is_valid():
        return _queue_page(request, campaign=campaign, body=body, form=form, status=400)
    try:
        done = candidates_review(
            campaign=campaign,
            candidate_ids=form.cleaned_data["ids"],
            reviewer=request.user,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            request=request,
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _queue_page(request, campaign=campaign, body=body, form=form, status=400)
    label = Review(form.cleaned_data["decision"]).label
    messages.success(request, f"已对 {done} 名候选人作出“{label}”的审查结论。")
    return redirect(_back(request))


def _back(request: HttpRequest) -> str:
    """The queue with the filters it was posted from (known keys only)."""
    posted = QueryDict(request.POST.get("back", ""))
    kept = {key: posted[key] for key in FILTER_KEYS if posted.get(key)}
    url = reverse("representatives:reviews")
    return f"{url}?{urlencode(kept)}" if kept else url


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@reviewers
def review_detail(request: HttpRequest, candidate_id: int) -> HttpResponse:
    body = _body(request)
    campaign = campaign_current()
    candidate = (
        selectors.review_candidate(campaign=campaign, candidate_id=candidate_id)
        if campaign
        else None
    )
    if campaign is None or candidate is None:
        raise Http404("没有这名候选人")
    form = DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                candidates_review(
                    campaign=campaign,
                    candidate_ids=[candidate.pk],
                    reviewer=request.user,
                    decision=form.cleaned_data["decision"],
                    reason=form.cleaned_data["reason"],
                    request=request,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                label = Review(form.cleaned_data["decision"]).label
                messages.success(request, f"已作出“{label}”的审查结论。")
                return redirect("representatives:reviews")
        status = 400
    entry = selectors.queue_entries([candidate], body=body)[0]
    return render(
        request,
        "representatives/reviews/detail.html",
        {
            "campaign": campaign,
            "entry": entry,
            "body_label": ReviewerBody(body).label,
            "form": form,
            "frozen": pool_frozen(campaign=campaign),
        },
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("reviews/", review_queue, name="reviews"),
    path("reviews/decide/", review_bulk, name="reviews-decide"),
    path("reviews/<int:candidate_id>/", review_detail, name="review"),
]
