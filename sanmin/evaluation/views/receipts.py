"""The public list of a session's receipts, after its window has closed.

Anyone may read it (no names, no times, alphabetical) and check that a receipt is on
it. The internal session's list is shown only to the internal raters: the internal
session is never shown to the public.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from sanmin.campaigns.models import Session
from sanmin.evaluation.selectors import sessions
from sanmin.evaluation.selectors.ballots import session_representative
from sanmin.evaluation.selectors.sessions import WindowState

RECEIPTS_PER_PAGE = 500


@require_safe
def receipt_list(request: HttpRequest, session_id: int) -> HttpResponse:
    session = sessions.session_get(session_id=session_id)
    if session is None:
        raise Http404("没有该场次")
    internal = session.kind == Session.Kind.INTERNAL
    if internal and not session_representative(session=session, user=request.user):
        raise Http404("没有该场次")
    window = sessions.session_window(session)
    state = sessions.window_state(window, now=timezone.now())
    context: dict[str, Any] = {"session": session, "window": window, "state": state}
    if state == WindowState.CLOSED:
        listing = sessions.session_receipts(session=session)
        page = Paginator(listing, RECEIPTS_PER_PAGE).get_page(request.GET.get("page"))
        query = request.GET.get("receipt", "").strip()[:64]
        normal = sessions.receipt_normalise(query) if query else ""
        context.update(
            page=page,
            query=query,
            normal=normal,
            found=bool(normal)
            and sessions.receipt_listed(session=session, receipt=normal),
        )
    return render(request, "evaluation/ballot/receipts.html", context)


urlpatterns = [
    path("evaluate/<int:session_id>/receipts/", receipt_list, name="receipts"),
]
