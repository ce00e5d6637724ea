from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sanmin.accounts.access import role_required
from sanmin.accounts.models import Role
from sanmin.audit.forms import AuditFilterForm
from sanmin.audit.selectors import audit_chain_verify, audit_event_list

READERS = (Role.SUPERVISOR, Role.OPERATOR)


@role_required(*READERS)
def event_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(audit_event_list(**filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@role_required(*READERS)
def chain_verify(request: HttpRequest) -> HttpResponse:
    return render(request, "audit/verify.html", {"report": audit_chain_verify()})
