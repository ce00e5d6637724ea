"""违纪举报 (Annex 4): a confidential channel apart from suggestions.

- complain/: a citizen (爱山东 sign-in) files a complaint and gets its number.
- complaints/: the supervision role's list of the campaign's complaints.
- complaints/<number>/: one complaint, the complainant masked; start the
  verification, or close it with the outcome.
No other role reaches these pages: department staff and the office get 403 like
everyone else, and the reads answer 404 to anyone but the supervision role.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from sanmin.accounts.access import citizen_required, role_required
from sanmin.accounts.models import Role
from sanmin.campaigns.selectors import campaign_current
from sanmin.suggestions.forms.complaints import (
    ComplaintCloseForm,
    ComplaintFilterForm,
    ComplaintForm,
)
from sanmin.suggestions.models import Complaint
from sanmin.suggestions.selectors import complaints as selectors
from sanmin.suggestions.services.complaints import (
    complaint_close,
    complaint_file,
    complaint_handle,
)

supervisors = role_required(Role.SUPERVISOR)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@citizen_required
def complain(request: HttpRequest) -> HttpResponse:
    campaign = campaign_current()
    departments = selectors.complaint_departments(campaign=campaign) if campaign else []
    form = ComplaintForm(request.POST or None, departments=departments)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                complaint = complaint_file(
                    user=request.user,
                    campaign=campaign,
                    department=form.cleaned_data["department"],
                    subject=form.cleaned_data["subject"],
                    text=form.cleaned_data["text"],
                    request=request,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(
                    request,
                    f"举报已提交，编号 {complaint.number}。纪律监督部门将依规核查，"
                    "您的身份不会告知被举报单位。",
                )
                return redirect("suggestions:complain")
        status = 400
    return render(
        request,
        "suggestions/complaints/complain.html",
        {"campaign": campaign, "form": form},
        status=status,
    )


@never_cache
@require_safe
@supervisors
def complaint_list(request: HttpRequest) -> HttpResponse:
    campaign = campaign_current()
    filters = ComplaintFilterForm(request.GET)
    context: dict[str, object] = {"campaign": campaign, "filters": filters}
    if campaign is not None:
        complaints = selectors.complaints_for_supervisor(
            user=request.user, campaign=campaign, status=filters.value()
        )
        page = Paginator(complaints, selectors.PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            page=page,
            query=query.urlencode(),
            counts=selectors.complaint_counts(user=request.user, campaign=campaign),
            statuses=Complaint.Status,
        )
    return render(request, "suggestions/complaints/list.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@supervisors
def complaint_detail(request: HttpRequest, number: str) -> HttpResponse:
    complaint = selectors.complaint_for_supervisor(user=request.user, number=number)
    form = ComplaintCloseForm(
        request.POST if request.POST.get("action") == "close" else None
    )
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "handle":
                complaint_handle(
                    complaint=complaint, actor=request.user, request=request
                )
                messages.success(request, "已开始核查。")
                return redirect("suggestions:complaint", number=complaint.number)
            if action == "close" and form.is_valid():
                complaint_close(
                    complaint=complaint,
                    actor=request.user,
                    outcome=form.cleaned_data["outcome"],
                    request=request,
                )
                messages.success(request, "举报已办结。")
                return redirect("suggestions:complaint", number=complaint.number)
            if action not in ("handle", "close"):
                form.add_error(None, "请选择要进行的操作")
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        status = 400
        complaint.refresh_from_db()
    return render(
        request,
        "suggestions/complaints/detail.html",
        {
            "complaint": complaint,
            "complainant": selectors.complainant_masked(complaint=complaint),
            "form": form,
        },
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("complain/", complain, name="complain"),
    path("complaints/", complaint_list, name="complaints"),
    path("complaints/<str:number>/", complaint_detail, name="complaint"),
]
