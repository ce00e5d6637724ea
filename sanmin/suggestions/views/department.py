"""The department's pages of 云征集 under /suggestions/department/ (role DEPARTMENT):

- department/: the items the user's department leads or works on as a partner,
  nearest deadline first, filtered by state and by 逾期/临期, 25 a page;
- department/items/<pk>/: the item's content (the case's title, text, topic, place,
  attachments; never the submitter's name, phone or ID), its own steps, and the
  forms: a note (lead or partner), the answer and a request for reassignment (lead);
- department/items/<pk>/contact/: POST only, while the office's contact grant is
  valid: reveals the submitter's phone once (audited by `contact_reveal`) on the
  resulting page; the number is never put in a URL, a message or a log.

Another department's item is a 404 (`item_for_department`). A refusal renders the
item page again with status 400 and the Chinese message; nothing is changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from sanmin.accounts.access import role_required
from sanmin.accounts.models import Role
from sanmin.campaigns.models import Department
from sanmin.suggestions.forms.department import (
    AnswerForm,
    ItemFilterForm,
    NoteForm,
    ReassignRequestForm,
)
from sanmin.suggestions.models import Item, ItemStatus
from sanmin.suggestions.selectors import items as selectors
from sanmin.suggestions.selectors.access import item_for_department
from sanmin.suggestions.services import loop
from sanmin.suggestions.views.acting import form_act

department_staff = role_required(Role.DEPARTMENT)


def _department(request: HttpRequest) -> Department:
    """The signed-in staff member's department (department staff always have one)."""
    department = getattr(request.user, "department", None)
    if department is None:
        raise Http404
    return department


@never_cache
@require_safe
@department_staff
def items(request: HttpRequest) -> HttpResponse:
    department = _department(request)
    filters = ItemFilterForm(request.GET)
    state = filters.value("state") or selectors.OPEN
    due = filters.value("due") or ""
    now = timezone.now()
    listing = selectors.department_items(
        department=department, state=state, due=due, now=now
    )
    page = Paginator(listing, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "suggestions/department/items.html",
        {
            "department": department,
            "filters": filters,
            "page": page,
            "rows": selectors.department_item_rows(
                list(page.object_list), department=department, now=now
            ),
            "query": query.urlencode(),
        },
    )


def item_page(
    request: HttpRequest,
    *,
    item: Item,
    bound: dict[str, Any] | None = None,
    error: str = "",
    phone: str = "",
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    department = _department(request)
    view = selectors.department_item_view(
        item=item, department=department, now=timezone.now()
    )
    item = view.row.item
    open_item = item.status != ItemStatus.APPROVED
    lead_working = view.is_lead and item.status in selectors.ANSWERABLE
    context: dict[str, Any] = {
        "view": view,
        "item": item,
        "case": item.suggestion,
        "error": error,
        "phone": phone,
        "note_form": (bound.get("note") or NoteForm()) if open_item else None,
        "answer_form": (
            bound.get("answer") or AnswerForm(initial={"answer": item.answer})
        )
        if lead_working
        else None,
        "reassign_form": (bound.get("reassign") or ReassignRequestForm())
        if lead_working
        else None,
    }
    return render(request, "suggestions/department/item.html", context, status=status)


@never_cache
@require_safe
@department_staff
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return item_page(request, item=item_for_department(user=request.user, pk=pk))


def _act(
    request: HttpRequest,
    *,
    item: Item,
    key: str,
    form: Any,
    call: Callable[[], Any],
    done: str,
) -> HttpResponse:
    """Run one service for a valid form; on a refusal show the item again (400)."""
    return form_act(
        request,
        form=form,
        call=call,
        done=done,
        again=lambda error: item_page(
            request, item=item, bound={key: form}, error=error, status=400
        ),
        back=lambda: redirect("suggestions:item", pk=item.pk),
    )


@require_POST
@department_staff
def item_note(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for_department(user=request.user, pk=pk)
    form = NoteForm(request.POST)
    return _act(
        request,
        item=item,
        key="note",
        form=form,
        call=lambda: loop.item_note(
            item=item,
            actor=request.user,
            note=form.cleaned_data["note"],
            request=request,
        ),
        done="已记录办理进展。",
    )


@require_POST
@department_staff
def item_answer(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for_department(user=request.user, pk=pk)
    form = AnswerForm(request.POST)
    return _act(
        request,
        item=item,
        key="answer",
        form=form,
        call=lambda: loop.item_answer_submit(
            item=item,
            actor=request.user,
            answer=form.cleaned_data["answer"],
            request=request,
        ),
        done="答复已提交，等待市政府办公厅审核。",
    )


@require_POST
@department_staff
def item_reassign_request(request: HttpRequest, pk: int) -> HttpResponse:
    item = item_for_department(user=request.user, pk=pk)
    form = ReassignRequestForm(request.POST)
    return _act(
        request,
        item=item,
        key="reassign",
        form=form,
        call=lambda: loop.item_reassign_request(
            item=item,
            actor=request.user,
            reason=form.cleaned_data["reason"],
            request=request,
        ),
        done="已向市政府办公厅申请改派。",
    )


@never_cache
@require_POST
@department_staff
def item_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """Reveal the submitter's phone once, on this response only (audited)."""
    item = item_for_department(user=request.user, pk=pk)
    try:
        phone = loop.contact_reveal(item=item, actor=request.user, request=request)
    except ValidationError as refusal:
        return item_page(
            request, item=item, error="；".join(refusal.messages), status=400
        )
    return item_page(request, item=item, phone=phone)


urlpatterns: list[URLPattern] = [
    path("department/", items, name="items"),
    path("department/items/<int:pk>/", item_detail, name="item"),
    path("department/items/<int:pk>/note/", item_note, name="item-note"),
    path("department/items/<int:pk>/answer/", item_answer, name="item-answer"),
    path(
        "department/items/<int:pk>/reassign/",
        item_reassign_request,
        name="item-reassign-request",
    ),
    path("department/items/<int:pk>/contact/", item_contact, name="item-contact"),
]
