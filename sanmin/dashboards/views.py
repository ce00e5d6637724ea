"""Live participation pages: staff dashboards and the public big screen for venues.

Each page loads once and then polls a small partial (htmx, every 5 seconds). They
show counts only: never a name, never what anyone chose.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sanmin.accounts.access import role_required
from sanmin.accounts.models import Role
from sanmin.dashboards import selectors

WATCHERS = (Role.OFFICE, Role.STATISTICS, Role.DISTRICT)
POLL_SECONDS = 5


@require_GET
@role_required(*WATCHERS)
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "dashboards/index.html",
        {"sessions": selectors.dashboard_sessions(), "now": timezone.now()},
    )


def _session_context(request: HttpRequest, session_id: int) -> dict[str, object]:
    session = selectors.dashboard_session(session_id=session_id)
    return {
        "session": session,
        "data": selectors.dashboard_participation(user=request.user, session=session),
        "updated_at": timezone.now(),
        "poll_seconds": POLL_SECONDS,
    }


@require_GET
@role_required(*WATCHERS)
def session(request: HttpRequest, session_id: int) -> HttpResponse:
    return render(
        request, "dashboards/session.html", _session_context(request, session_id)
    )


@never_cache
@require_GET
@role_required(*WATCHERS)
def session_live(request: HttpRequest, session_id: int) -> HttpResponse:
    return render(
        request,
        "dashboards/_session_live.html",
        _session_context(request, session_id),
    )


def _screen_context(session_id: int) -> dict[str, object]:
    session = selectors.dashboard_session(session_id=session_id)
    return {
        "session": session,
        "data": selectors.screen_participation(session=session),
        "updated_at": timezone.now(),
        "poll_seconds": POLL_SECONDS,
    }


@require_GET
def screen(request: HttpRequest, session_id: int) -> HttpResponse:
    return render(request, "dashboards/screen.html", _screen_context(session_id))


@never_cache
@require_GET
def screen_live(request: HttpRequest, session_id: int) -> HttpResponse:
    return render(request, "dashboards/_screen_live.html", _screen_context(session_id))
