"""The office's pages of 云征集 under /suggestions/office/ (role OFFICE):

- office/: the triage list of the current campaign (filters, 25 a page, newest first);
- office/<number>/: everything of one case and the forms that fit its state;
- office/<number>/<action>/ and office/items/<pk>/<action>/: one POST per step of the
  closed loop. Each parses its form, fetches the case through `case_for_office`,
  calls one service and goes back to the case with a message. A refusal (a form
  error or a service's ValidationError) renders the case page again with status 400
  and the message beside the form; nothing is changed.

The similar cases and the suggested departments are shown with their reasons; the
office always decides.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from sanmin.accounts.access import role_required
from sanmin.accounts.models import Role
from sanmin.campaigns.selectors import campaign_current
from sanmin.suggestions.forms.office import (
    ContactGrantForm,
    DeclineForm,
    FollowUpForm,
    MergeForm,
    PublishForm,
    ReassignForm,
    ReviewForm,
    TriageFilterForm,
    item_plan_formset,
)
from sanmin.suggestions.models import ItemStatus, Nomination, Status, Suggestion
from sanmin.suggestions.selectors import triage as selectors
from sanmin.suggestions.selectors.access import case_for_office
from sanmin.suggestions.selectors.excellence import adoptions_of
from sanmin.suggestions.services import loop, text
from sanmin.suggestions.services.excellence import ANSWERED_STATES
from sanmin.suggestions.views.acting import form_act

office = role_required(Role.OFFICE)

# Which action forms the case page offers in each state (the services decide).
ACTIONS: dict[str, tuple[str, ...]] = {
    Status.SUBMITTED: ("accept", "decline", "merge"),
    Status.ACCEPTED: ("assign",),
    Status.ASSIGNED: ("assign",),
    Status.ANSWERED: ("follow_up", "publish"),
    Status.FOLLOWED_UP: ("follow_up", "publish"),
}
# Cases whose items may still get a contact grant for the call-back.
GRANTABLE = (Status.ASSIGNED, Status.ANSWERED, Status.FOLLOWED_UP)


# The list ---------------------------------------------------------------------------


@never_cache
@require_safe
@office
def triage(request: HttpRequest) -> HttpResponse:
    campaign = campaign_current()
    if campaign is None:
        return render(request, "suggestions/office/triage.html", {"campaign": None})
    topics = selectors.campaign_topics(campaign=campaign)
    districts = selectors.campaign_districts()
    filters = TriageFilterForm(request.GET, topics=topics, districts=districts)
    status = filters.value("status") or Status.SUBMITTED
    topic_id, district_id = filters.value("topic"), filters.value("district")
    cases = selectors.triage_list(
        campaign=campaign,
        status=status,
        topic=next((t for t in topics if t.pk == topic_id), None),
        district=next((d for d in districts if d.pk == district_id), None),
        source=filters.value("source") or "",
        search=filters.value("q") or "",
    )
    page, page_cases = selectors.triage_page(
        cases,
        number=request.GET.get("page"),
        searching=bool((filters.value("q") or "").strip()),
    )
    query = request.GET.copy()
    query.pop("page", None)
    status_label = "全部" if status == selectors.ALL else Status(status).label
    return render(
        request,
        "suggestions/office/triage.html",
        {
            "campaign": campaign,
            "filters": filters,
            "status": status,
            "status_label": status_label,
            "page": page,
            "rows": selectors.triage_rows(page_cases, now=timezone.now()),
            "count_capped": page.paginator.count == selectors.SEARCH_COUNT_CAP,
            "query": query.urlencode(),
        },
    )


# The case page ----------------------------------------------------------------------


def _hints(case: Suggestion) -> dict[str, Any]:
    """Similar cases (for a merge or a joint answer) and, while items may still be
    assigned, the suggested departments; both only help, the office decides."""
    similar = [
        hint
        for hint in text.similar_find(suggestion=case, limit=5)
        if hint.number != case.number
    ]
    hints = (
        text.department_suggest(suggestion=case, limit=3)
        if case.status in (Status.SUBMITTED, Status.ACCEPTED, Status.ASSIGNED)
        else []
    )
    return {"similar": similar, "hints": hints}


def _item_forms(
    view: selectors.CaseView,
    departments: list[Any],
    bound: dict[str, Any],
) -> list[dict[str, Any]]:
    """Per item: the review, reassign and contact-grant forms that fit it."""
    entries = []
    grantable = view.case.status in GRANTABLE
    for row in view.items:
        item = row.item
        handlers = [item.lead, *row.partners]
        key = str(item.pk)
        entry: dict[str, Any] = {"row": row}
        if item.status == ItemStatus.SUBMITTED:
            entry["review"] = bound.get(f"review-{key}") or ReviewForm(
                auto_id=f"review-{key}-%s"
            )
        if item.status == ItemStatus.REASSIGN:
            entry["reassign"] = bound.get(f"reassign-{key}") or ReassignForm(
                auto_id=f"reassign-{key}-%s",
                departments=departments,
                initial={"lead": item.lead_id},
            )
        if grantable:
            entry["grant"] = bound.get(f"grant-{key}") or ContactGrantForm(
                auto_id=f"grant-{key}-%s",
                departments=handlers,
                initial={"department": item.lead_id},
            )
        entries.append(entry)
    return entries


def _publish_initial(view: selectors.CaseView) -> dict[str, str]:
    answers = [item.answer for item in view.approved_answers if item.answer]
    return {"title": view.case.title, "answer": "\n\n".join(answers)}


def case_page(
    request: HttpRequest,
    *,
    case: Suggestion,
    bound: dict[str, Any] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The case page; `bound` holds the posted form (with its errors) by key."""
    bound = bound or {}
    now = timezone.now()
    view = selectors.case_view(case=case, now=now)
    case = view.case
    departments = selectors.campaign_departments(campaign=case.campaign)
    actions = ACTIONS.get(case.status, ())
    context: dict[str, Any] = {
        "view": view,
        "case": case,
        "actions": actions,
        "error": error,
        "items": _item_forms(view, departments, bound),
        **_hints(case),
        # 优秀建议: the case's nomination (and tier) and adoptions, with their pages.
        "nomination": Nomination.objects.filter(suggestion=case).first(),
        "adoptions": adoptions_of(suggestion=case),
        "may_nominate": case.status in ANSWERED_STATES,
    }
    if "decline" in actions:
        context["decline_form"] = bound.get("decline") or DeclineForm()
    if "merge" in actions:
        context["merge_form"] = bound.get("merge") or MergeForm()
    if "assign" in actions:
        hints = context["hints"]
        # A formset of no rows is falsy: test for the key, not the value.
        context["assign_formset"] = (
            bound["assign"]
            if "assign" in bound
            else item_plan_formset(
                departments=departments,
                first_lead=hints[0].department if hints and not view.items else None,
                first_summary=case.title if not view.items else "",
            )
        )
    if "follow_up" in actions:
        context["follow_up_form"] = bound.get("follow_up") or FollowUpForm()
    if "publish" in actions:
        context["publish_form"] = bound.get("publish") or PublishForm(
            initial=_publish_initial(view)
        )
    return render(request, "suggestions/office/case.html", context, status=status)


@never_cache
@require_safe
@office
def case_detail(request: HttpRequest, number: str) -> HttpResponse:
    return case_page(request, case=case_for_office(user=request.user, number=number))


# The actions ------------------------------------------------------------------------


def _act(
    request: HttpRequest,
    *,
    case: Suggestion,
    key: str,
    form: Any,
    call: Callable[[], Any],
    done: str,
) -> HttpResponse:
    """Run one service for a valid form; on a refusal show the case again (400)."""
    return form_act(
        request,
        form=form,
        call=call,
        done=done,
        again=lambda error: case_page(
            request, case=case, bound={key: form}, error=error, status=400
        ),
        back=lambda: redirect("suggestions:case", number=case.number),
    )


@require_POST
@office
def case_accept(request: HttpRequest, number: str) -> HttpResponse:
    case = case_for_office(user=request.user, number=number)
    return _act(
        request,
        case=case,
        key="accept",
        form=forms.Form(request.POST),
        call=lambda: loop.suggestion_accept(
            suggestion=case, actor=request.user, request=request
        ),
        done=f"已受理建议 {case.number}。",
    )


@require_POST
@office
def case_decline(request: HttpRequest, number: str) -> HttpResponse:
    case = case_for_office(user=request.user, number=number)
    form = DeclineForm(request.POST)
    return _act(
        request,
        case=case,
        key="decline",
        form=form,
        call=lambda: loop.suggestion_decline(
            suggestion=case,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            request=request,
        ),
        done=f"建议 {case.number} 已不予受理，建议人将收到理由。",
    )


@require_POST
@office
def case_merge(request: HttpRequest, number: str) -> HttpResponse:
    case = case_for_office(user=request.user, number=number)
    form = MergeForm(request.POST)

    def call() -> None:
        target = (
            Suggestion.objects.filter(
                campaign_id=case.campaign_id, number=form.cleaned_data["into"]
            )
            .only("pk", "number")
            .first()
        )
        if target is None:
            raise ValidationError("没有这个编号的建议，请核对后重新填写")
        loop.suggestion_merge(
            suggestion=case, into=target, actor=request.user, request=request
        )

    return _act(
        request,
        case=case,
        key="merge",
        form=form,
        call=call,
        done=f"建议 {case.number} 已并入 {form.data.get('into', '').strip().upper()}。",
    )


@require_POST
@office
def case_assign(request: HttpRequest, number: str) -> HttpResponse:
    case = case_for_office(user=request.user, number=number)
    formset = item_plan_formset(
        request.POST, departments=selectors.campaign_departments(campaign=case.campaign)
    )

    def call() -> None:
        plans = [loop.ItemPlan(**plan) for plan in formset.plans()]
        loop.items_assign(
            suggestion=case, actor=request.user, plans=plans, request=request
        )

    return _act(
        request,
        case=case,
        key="assign",
        form=formset,
        call=call,
        done=f"建议 {case.number} 已交办。",
    )


@require_POST
@office
def case_follow_up(request: HttpRequest, number: str) -> HttpResponse:
    case = case_for_office(user=request.user, number=number)
    form = FollowUpForm(request.POST)
    return _act(
        request,
        case=case,
        key="follow_up",
        form=form,
        call=lambda: loop.follow_up_record(
            suggestion=case,
            actor=request.user,
            method=form.cleaned_data["method"],
            held_on=form.cleaned_data["held_on"],
            outcome=form.cleaned_data["outcome"],
            level=form.cleaned_data["level"],
            request=request,
        ),
        done="已记录回访情况。",
    )


@require_POST
@office
def case_publish(request: HttpRequest, number: str) -> HttpResponse:
    case = case_for_office(user=request.user, number=number)
    form = PublishForm(request.POST)

    def call() -> None:
        numbers = [n for n in form.cleaned_data["together"] if n != case.number]
        others, missing = selectors.cases_by_numbers(
            campaign_id=case.campaign_id, numbers=numbers
        )
        if missing:
            raise ValidationError(f"没有这些编号的建议：{'、'.join(missing)}")
        loop.suggestions_publish(
            suggestions=[case, *others],
            actor=request.user,
            title=form.cleaned_data["title"],
            answer=form.cleaned_data["answer"],
            request=request,
        )

    return _act(
        request,
        case=case,
        key="publish",
        form=form,
        call=call,
        done=f"建议 {case.number} 的答复已公开。",
    )


@require_POST
@office
def item_review(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_for_office(user=request.user, pk=pk)
    form = ReviewForm(request.POST, auto_id=f"review-{item.pk}-%s")
    approve = form.data.get("decision") == "approve"

    def call() -> None:
        if form.cleaned_data["decision"] == "approve":
            loop.item_answer_approve(item=item, actor=request.user, request=request)
        else:
            loop.item_answer_return(
                item=item,
                actor=request.user,
                comment=form.cleaned_data["comment"],
                request=request,
            )

    return _act(
        request,
        case=item.suggestion,
        key=f"review-{item.pk}",
        form=form,
        call=call,
        done=f"第 {item.seq} 项的答复已"
        + ("审定通过。" if approve else "退回承办单位修改。"),
    )


@require_POST
@office
def item_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_for_office(user=request.user, pk=pk)
    form = ReassignForm(
        request.POST,
        auto_id=f"reassign-{item.pk}-%s",
        departments=selectors.campaign_departments(campaign=item.suggestion.campaign),
    )

    def call() -> None:
        lead = form.department_of(form.cleaned_data["lead"])
        loop.item_reassign(
            item=item,
            actor=request.user,
            lead=lead,
            partners=form.partner_list(form.cleaned_data["partners"], lead=lead),
            deadline=form.cleaned_data["deadline"],
            note=form.cleaned_data["note"],
            request=request,
        )

    return _act(
        request,
        case=item.suggestion,
        key=f"reassign-{item.pk}",
        form=form,
        call=call,
        done=f"第 {item.seq} 项已改派。",
    )


@require_POST
@office
def contact_grant(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_for_office(user=request.user, pk=pk)
    handlers = [item.lead, *item.partners.all()]
    form = ContactGrantForm(
        request.POST, auto_id=f"grant-{item.pk}-%s", departments=handlers
    )
    return _act(
        request,
        case=item.suggestion,
        key=f"grant-{item.pk}",
        form=form,
        call=lambda: loop.contact_grant(
            item=item,
            department=form.department_of(form.cleaned_data["department"]),
            actor=request.user,
            reason=form.cleaned_data["reason"],
            request=request,
        ),
        done=f"已授权承办单位查看第 {item.seq} 项建议人的联系电话。",
    )


urlpatterns: list[URLPattern] = [
    path("office/", triage, name="triage"),
    path("office/<str:number>/", case_detail, name="case"),
    path("office/<str:number>/accept/", case_accept, name="case-accept"),
    path("office/<str:number>/decline/", case_decline, name="case-decline"),
    path("office/<str:number>/merge/", case_merge, name="case-merge"),
    path("office/<str:number>/assign/", case_assign, name="case-assign"),
    path("office/<str:number>/follow-up/", case_follow_up, name="case-follow-up"),
    path("office/<str:number>/publish/", case_publish, name="case-publish"),
    path("office/items/<int:pk>/review/", item_review, name="item-review"),
    path("office/items/<int:pk>/reassign/", item_reassign, name="item-reassign"),
    path("office/items/<int:pk>/contact-grant/", contact_grant, name="contact-grant"),
]
