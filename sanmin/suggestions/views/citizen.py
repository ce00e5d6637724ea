"""Pages of 云征集 for the submitter, signed in through 爱山东 (area: citizen).

- submit/: 提出意见建议 (citizens, representatives, organisations' 对策建议);
- mine/: 我的建议, the user's suggestions with their status;
- mine/<number>/: one case: its public steps, the approved answers once answered,
  its attachments and the satisfaction form; rate/ takes that form (POST);
- attachment/<pk>/: an attachment, for the submitter, the office and the
  departments handling the case (everyone else: 404), always as a download.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from sanmin.accounts.access import citizen_required
from sanmin.campaigns.models import Campaign
from sanmin.campaigns.selectors import campaign_current
from sanmin.reporting.media import PRIVATE_CACHE, storage_file_response
from sanmin.suggestions.forms.submit import RateForm, SubmitForm
from sanmin.suggestions.models import Source, Suggestion
from sanmin.suggestions.selectors import citizen as selectors
from sanmin.suggestions.services.loop import satisfaction_rate
from sanmin.suggestions.services.submit import (
    suggestion_submit,
    user_is_campaign_representative,
)

MINE_PAGE_SIZE = 20


def _submit_form(campaign: Campaign, data: Any = None, files: Any = None) -> SubmitForm:
    return SubmitForm(
        data,
        files,
        topics=selectors.submit_topics(campaign=campaign),
        districts=selectors.submit_districts(),
        max_files=int(settings.SUGGESTION_MAX_ATTACHMENTS),
        max_mb=int(settings.UPLOAD_MAX_ATTACHMENT_MB),
    )


def _source(*, form: SubmitForm, representative: bool) -> str:
    if form.cleaned_data.get("as_org"):
        return Source.ORGANISATION
    return Source.REPRESENTATIVE if representative else Source.CITIZEN


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@citizen_required
def submit(request: HttpRequest) -> HttpResponse:
    campaign = campaign_current()
    context: dict[str, Any] = {"campaign": campaign}
    if campaign is None or campaign.status == Campaign.Status.CLOSED:
        return render(request, "suggestions/citizen/submit.html", context)
    representative = user_is_campaign_representative(
        user=request.user, campaign=campaign
    )
    context["representative"] = representative
    if request.method != "POST":
        context["form"] = _submit_form(campaign)
        return render(request, "suggestions/citizen/submit.html", context)
    form = _submit_form(campaign, request.POST, request.FILES)
    context["form"] = form
    if not form.is_valid():
        return render(request, "suggestions/citizen/submit.html", context, status=400)
    data = form.cleaned_data
    try:
        suggestion = suggestion_submit(
            user=request.user,
            campaign=campaign,
            source=_source(form=form, representative=representative),
            topic=data["topic"],
            title=data["title"],
            text=data["text"],
            place=data["place"],
            district=data["district"],
            show_name=bool(data["show_name"]),
            org_name=data["org_name"],
            org_kind=data["org_kind"],
            files=data["attachments"],
            request=request,
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return render(request, "suggestions/citizen/submit.html", context, status=400)
    messages.success(
        request,
        f"提交成功！您的建议编号是 {suggestion.number}，请记下编号以便查询办理进度。",
    )
    return redirect("suggestions:mine-detail", number=suggestion.number)


@never_cache
@require_safe
@citizen_required
def mine(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(
        selectors.citizen_suggestions(user=request.user), MINE_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "suggestions/citizen/mine.html", {"page": page})


def _detail_page(
    request: HttpRequest,
    *,
    suggestion: Suggestion,
    form: RateForm | None = None,
    refusals: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    may_rate = selectors.case_may_rate(suggestion=suggestion)
    return render(
        request,
        "suggestions/citizen/detail.html",
        {
            "suggestion": suggestion,
            "steps": selectors.case_timeline(suggestion=suggestion),
            "answers": selectors.case_answers(suggestion=suggestion),
            "attachments": list(suggestion.attachments.all()),
            "satisfaction": selectors.case_satisfaction(suggestion=suggestion),
            "rate_form": (form or RateForm()) if may_rate else None,
            "rate_refusals": refusals or [],
        },
        status=status,
    )


@never_cache
@require_safe
@citizen_required
def mine_detail(request: HttpRequest, number: str) -> HttpResponse:
    suggestion = selectors.suggestion_for_submitter(user=request.user, number=number)
    return _detail_page(request, suggestion=suggestion)


@require_POST
@citizen_required
def rate(request: HttpRequest, number: str) -> HttpResponse:
    suggestion = selectors.suggestion_for_submitter(user=request.user, number=number)
    form = RateForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, suggestion=suggestion, form=form, status=400)
    try:
        satisfaction_rate(
            suggestion=suggestion,
            user=request.user,
            level=form.cleaned_data["level"],
            comment=form.cleaned_data["comment"],
            request=request,
        )
    except ValidationError as error:
        return _detail_page(
            request, suggestion=suggestion, refusals=error.messages, status=400
        )
    messages.success(request, "感谢您的评价！")
    return redirect("suggestions:mine-detail", number=suggestion.number)


@require_safe
def attachment(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Download only: never rendered inline, never sniffed into HTML."""
    found = selectors.attachment_for_user(user=request.user, pk=pk)
    response = storage_file_response(
        request,
        storage=found.file.storage,
        name=found.file.name or "",
        content_type=found.content_type,
        cache_control=PRIVATE_CACHE,
    )
    filename = selectors.attachment_download_name(attachment=found, user=request.user)
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    response["Content-Disposition"] = disposition or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list[URLPattern] = [
    path("submit/", submit, name="submit"),
    path("mine/", mine, name="mine"),
    path("mine/<str:number>/", mine_detail, name="mine-detail"),
    path("mine/<str:number>/rate/", rate, name="rate"),
    path("attachment/<int:pk>/", attachment, name="attachment"),
]
