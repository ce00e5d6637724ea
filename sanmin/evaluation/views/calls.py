"""The call list (电话提醒名单): district staff phone their representatives who have
not voted yet; the office may read every district's list."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from sanmin.accounts.access import role_required
from sanmin.accounts.models import Role
from sanmin.campaigns.selectors import campaign_current
from sanmin.evaluation.selectors import calls as selectors
from sanmin.evaluation.services import calls as services

PAGE_SIZE = 100
call_readers = role_required(Role.DISTRICT, Role.OFFICE)
district_staff = role_required(Role.DISTRICT)


def _errors(error: ValidationError) -> str:
    return "；".join(error.messages)


@require_GET
@call_readers
def call_sessions(request: HttpRequest) -> HttpResponse:
    """The sessions of the current campaign, with how many have not voted."""
    district = selectors.call_district_scope(request=request)
    campaign = campaign_current()
    summaries = (
        selectors.call_session_summaries(campaign=campaign, district=district)
        if campaign
        else []
    )
    return render(
        request,
        "evaluation/calls/sessions.html",
        {"campaign": campaign, "district": district, "summaries": summaries},
    )


@require_GET
@call_readers
def calls(request: HttpRequest, session_id: int) -> HttpResponse:
    """Who of the district has not voted in the session: names, masked phones,
    categories and the calls made so far."""
    session = selectors.call_session_get(session_id=session_id)
    district = selectors.call_district_scope(request=request)
    districts = []
    if district is None:
        # The office chooses a district, or reads all of them.
        districts = list(selectors.call_districts())
        chosen = request.GET.get("district", "")
        district = next((d for d in districts if str(d.pk) == chosen), None)
    page = Paginator(
        selectors.call_candidates(session=session, district=district), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    entries = selectors.call_entries(
        session=session, representatives=list(page.object_list)
    )
    window = getattr(session, "window", None)
    return render(
        request,
        "evaluation/calls/list.html",
        {
            "session": session,
            "window": window,
            "district": district,
            "districts": districts,
            "page": page,
            "entries": entries,
            "may_call": request.user.role == Role.DISTRICT,  # type: ignore[union-attr]
        },
    )


@never_cache
@require_POST
@district_staff
def call_reveal(
    request: HttpRequest, session_id: int, representative_id: int
) -> HttpResponse:
    """Show one representative's full number, once, in this response (audited)."""
    session = selectors.call_session_get(session_id=session_id)
    representative = selectors.call_representative_for(
        request=request, session=session, representative_id=representative_id
    )
    back = reverse("evaluation:calls", args=[session.pk])
    try:
        phone = services.call_phone_reveal(
            actor=request.user,
            session=session,
            representative=representative,
            request=request,
        )
    except ValidationError as error:
        if request.headers.get("HX-Request"):
            return HttpResponse(_errors(error), status=400)
        messages.error(request, _errors(error))
        return redirect(back)
    entry = selectors.call_entries(session=session, representatives=[representative])[0]
    template = (
        "evaluation/calls/_phone.html"
        if request.headers.get("HX-Request")
        else "evaluation/calls/reveal.html"
    )
    return render(
        request,
        template,
        {"session": session, "entry": entry, "phone": phone, "back": back},
    )


@require_POST
@district_staff
def call_mark(
    request: HttpRequest, session_id: int, representative_id: int
) -> HttpResponse:
    """Record 已电话提醒 for a representative, with an optional note."""
    session = selectors.call_session_get(session_id=session_id)
    representative = selectors.call_representative_for(
        request=request, session=session, representative_id=representative_id
    )
    try:
        services.call_mark(
            actor=request.user,
            session=session,
            representative=representative,
            note=request.POST.get("note", ""),
            request=request,
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, "已记录电话提醒")
    back = reverse("evaluation:calls", args=[session.pk])
    page = request.POST.get("page", "")
    return redirect(f"{back}?page={page}" if page.isdecimal() else back)


urlpatterns = [
    path("manage/evaluation/calls/", call_sessions, name="call-sessions"),
    path("manage/evaluation/calls/<int:session_id>/", calls, name="calls"),
    path(
        "manage/evaluation/calls/<int:session_id>/<int:representative_id>/reveal/",
        call_reveal,
        name="call-reveal",
    ),
    path(
        "manage/evaluation/calls/<int:session_id>/<int:representative_id>/called/",
        call_mark,
        name="call-mark",
    ),
]
