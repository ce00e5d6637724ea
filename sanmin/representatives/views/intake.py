"""Candidate intake pages under /representatives/.

- signup/: a citizen signed in through 爱山东 signs up (自愿报名), then sees the
  status of their candidacy (pending, passed, or a neutral “not passed” without
  reasons: the review bodies' grounds stay with them) and may withdraw it before any
  review decision.
- intake/: counts per category × channel × review status: district staff for their
  district, the office and the statistics bureau citywide (or one district); with the
  batches each imported.
- intake/import/: the spreadsheet upload of the uploader's channel (district staff
  and the office: 组织推荐; statistics: 随机抽取 pools), all or nothing, with the
  errors row by row; intake/template/ the blank template.
- intake/candidates/: district staff's masked list of their district's candidates.

The review pages (资格审查) are in views/reviews.py; their patterns are added here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from sanmin.accounts import menu
from sanmin.accounts.access import citizen_required, deny, role_required
from sanmin.accounts.models import Role
from sanmin.campaigns.models import Campaign
from sanmin.campaigns.selectors import campaign_current
from sanmin.core import crypto
from sanmin.core.personal import mask_id
from sanmin.core.spreadsheets import sheet_template_response
from sanmin.representatives.forms.candidate_sheet import INTAKE_COLUMNS, INTAKE_NOTES
from sanmin.representatives.forms.intake import IntakeUploadForm, SignUpForm
from sanmin.representatives.forms.reviews import QueueFilterForm
from sanmin.representatives.models import Channel, Review
from sanmin.representatives.selectors import intake as selectors
from sanmin.representatives.services.intake import (
    candidate_sign_up,
    candidate_withdraw,
    candidates_import,
    sign_up_errors,
)
from sanmin.representatives.views import reviews

intake_staff = role_required(Role.DISTRICT, Role.OFFICE, Role.STATISTICS)
district_staff = role_required(Role.DISTRICT)
PAGE_SIZE = 50
# An error report longer than this lists the first ones and says how many more.
ERRORS_SHOWN = 300


def menu_register() -> None:
    """Staff-home links (called from the app's ready())."""
    menu.register(Role.DISTRICT, "市民代表候选人", "representatives:intake", order=30)
    menu.register(Role.OFFICE, "市民代表候选人", "representatives:intake", order=30)
    menu.register(
        Role.STATISTICS, "市民代表候选人与抽样库", "representatives:intake", order=30
    )
    menu.register(Role.REVIEWER, "资格审查", "representatives:reviews", order=10)


# 自愿报名 ------------------------------------------------------------------------------


def _citizen_profile(user: Any) -> dict[str, str]:
    phone = crypto.cipher().decrypt(user.phone_cipher) if user.phone_cipher else ""
    number = crypto.cipher().decrypt(user.id_cipher) if user.id_cipher else ""
    return {
        "name": user.display_name,
        "id_masked": mask_id(number) if number else "",
        "phone": phone,
    }


def _signup_page(
    request: HttpRequest,
    *,
    campaign: Campaign | None,
    form: SignUpForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user: Any = request.user
    candidate = (
        selectors.candidate_of_citizen(campaign=campaign, user=user)
        if campaign
        else None
    )
    refusals = (
        sign_up_errors(campaign=campaign, citizen=user, today=timezone.localdate())
        if campaign and candidate is None
        else []
    )
    profile = _citizen_profile(user)
    if form is None and campaign and candidate is None and not refusals:
        form = SignUpForm(
            districts=selectors.campaign_districts(campaign=campaign),
            initial={"phone": profile["phone"]},
        )
    return render(
        request,
        "representatives/intake/signup.html",
        {
            "campaign": campaign,
            "candidate": candidate,
            "candidate_status": (
                selectors.candidate_status(candidate) if candidate else ""
            ),
            "may_withdraw": bool(
                candidate
                and candidate.channel == Channel.VOLUNTEER
                and candidate.police_review == candidate.petition_review
                and candidate.police_review == Review.PENDING
            ),
            "refusals": refusals,
            "profile": profile,
            "form": form,
            "category": (
                selectors.volunteer_category(campaign=campaign) if campaign else None
            ),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@citizen_required
def signup(request: HttpRequest) -> HttpResponse:
    campaign = campaign_current()
    if request.method != "POST" or campaign is None:
        return _signup_page(request, campaign=campaign)
    if selectors.candidate_of_citizen(campaign=campaign, user=request.user):
        # An old tab posting again: the status page says what is on record.
        messages.error(request, "您已是本年度活动的候选人，不能重复报名。")
        return redirect("representatives:signup")
    form = SignUpForm(
        request.POST, districts=selectors.campaign_districts(campaign=campaign)
    )
    if not form.is_valid():
        return _signup_page(request, campaign=campaign, form=form, status=400)
    try:
        candidate_sign_up(
            campaign=campaign,
            citizen=request.user,
            data=form.sign_up(),
            request=request,
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error(None, message)
        return _signup_page(request, campaign=campaign, form=form, status=400)
    messages.success(request, "报名成功，请等待资格审查。")
    return redirect("representatives:signup")


@require_POST
@citizen_required
def signup_withdraw(request: HttpRequest) -> HttpResponse:
    campaign = campaign_current()
    if campaign is None:
        messages.error(request, "目前没有进行中的活动")
        return redirect("representatives:signup")
    try:
        candidate_withdraw(campaign=campaign, citizen=request.user, request=request)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已撤回报名。")
    return redirect("representatives:signup")


# Staff: counts, imports, the district's list ----------------------------------------


def _count_district(request: HttpRequest, campaign: Campaign) -> tuple[Any, list[Any]]:
    """District staff: their district. Office and statistics: all, or the one chosen
    (the choices are returned for the filter)."""
    user: Any = request.user
    if user.role == Role.DISTRICT:
        return user.district, []
    districts = selectors.campaign_districts(campaign=campaign)
    chosen = request.GET.get("district", "")
    return next((d for d in districts if str(d.pk) == chosen), None), districts


@never_cache
@require_safe
@intake_staff
def intake_overview(request: HttpRequest) -> HttpResponse:
    campaign = campaign_current()
    context: dict[str, Any] = {"campaign": campaign}
    if campaign is not None:
        district, districts = _count_district(request, campaign)
        context.update(
            district=district,
            districts=districts,
            counts=selectors.intake_counts(campaign=campaign, district=district),
            batches=list(
                selectors.intake_batches(campaign=campaign, user=request.user)
            ),
            scope=selectors.intake_scope_for(request.user),
            frozen=selectors.pool_frozen(campaign=campaign),
        )
    return render(request, "representatives/intake/overview.html", context)


def _import_page(
    request: HttpRequest,
    *,
    campaign: Campaign | None,
    form: IntakeUploadForm,
    errors: list[Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    scope = selectors.intake_scope_for(request.user)
    errors = errors or []
    return render(
        request,
        "representatives/intake/import.html",
        {
            "campaign": campaign,
            "scope": scope,
            "categories": (
                selectors.scope_categories(campaign=campaign, scope=scope)
                if campaign and scope
                else []
            ),
            "form": form,
            "errors": errors[:ERRORS_SHOWN],
            "error_count": len(errors),
            "errors_hidden": max(0, len(errors) - ERRORS_SHOWN),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@intake_staff
def intake_import(request: HttpRequest) -> HttpResponse:
    campaign = campaign_current()
    scope = selectors.intake_scope_for(request.user)
    if scope is None:
        raise deny(request, reason="no-intake-scope")
    if request.method != "POST":
        return _import_page(request, campaign=campaign, form=IntakeUploadForm())
    form = IntakeUploadForm(request.POST, request.FILES)
    if campaign is None or not form.is_valid():
        if campaign is None:
            form.add_error(None, "目前没有活动，无法导入候选人")
        return _import_page(request, campaign=campaign, form=form, status=400)
    upload = form.cleaned_data["file"]
    result = candidates_import(
        campaign=campaign,
        scope=scope,
        upload=upload,
        filename=upload.name or "",
        actor=request.user,
        request=request,
    )
    if not result.ok:
        return _import_page(
            request, campaign=campaign, form=form, errors=result.errors, status=400
        )
    messages.success(request, f"已导入 {len(result.rows)} 名候选人，均待资格审查。")
    return redirect("representatives:intake")


@require_safe
@intake_staff
def intake_template(request: HttpRequest) -> HttpResponse:
    return sheet_template_response(
        columns=INTAKE_COLUMNS,
        title="市民代表候选人名单",
        notes=INTAKE_NOTES,
        basename="candidates-template",
        as_csv=request.GET.get("format") == "csv",
    )


@never_cache
@require_safe
@district_staff
def intake_candidates(request: HttpRequest) -> HttpResponse:
    """District staff: their district's candidates, numbers masked, with the combined
    review status (never the bodies' reasons)."""
    user: Any = request.user
    campaign = campaign_current()
    context: dict[str, Any] = {"campaign": campaign, "district": user.district}
    if campaign is not None:
        filters = QueueFilterForm(
            request.GET,
            districts=[],
            categories=list(campaign.quotas.order_by("level", "order")),
        )
        category_id = filters.value("category")
        page = Paginator(
            selectors.district_candidates(
                campaign=campaign,
                district=user.district,
                category=campaign.quotas.filter(pk=category_id).first()
                if category_id
                else None,
                channel=filters.value("channel") or "",
            ),
            PAGE_SIZE,
        ).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context.update(
            filters=filters,
            page=page,
            entries=selectors.candidate_entries(page.object_list),
            query=query.urlencode(),
        )
    return render(request, "representatives/intake/candidates.html", context)


urlpatterns: list[URLPattern] = [
    path("signup/", signup, name="signup"),
    path("signup/withdraw/", signup_withdraw, name="signup-withdraw"),
    path("intake/", intake_overview, name="intake"),
    path("intake/import/", intake_import, name="intake-import"),
    path("intake/template/", intake_template, name="intake-template"),
    path("intake/candidates/", intake_candidates, name="intake-candidates"),
    *reviews.urlpatterns,
]
