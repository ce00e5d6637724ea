"""Live participation pages: staff dashboards and the public big screen for venues.

Each page loads once and then polls a small partial (htmx, every 5 seconds). They
show counts only: never a name, never what anyone chose.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sanmin.accounts.access import role_required
from sanmin.accounts.models import Role
from sanmin.accounts.selectors import user_district_scope_id
from sanmin.campaigns.models import Session
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


def _context(session: Session, data: Any) -> dict[str, Any]:
    return {
        "session": session,
        "data": data,
        "updated_at": timezone.now(),
        "poll_seconds": POLL_SECONDS,
    }


def _live(
    template: str,
    session_id: int,
    district_id: int | None,
    data: Callable[[Session], Any],
) -> HttpResponse:
    """A partial as every viewer of the same session and scope sees it.

    It holds nothing personal, so one rendering serves every poll of the next
    couple of seconds in this process; such a poll reads nothing beyond the
    sign-in (the session is read, and a missing one answered 404, when the partial
    is made).
    """
    key = f"dashboards:{template}:{session_id}:{district_id or '*'}"
    html = cache.get(key)
    if html is None:
        session = selectors.dashboard_session(session_id=session_id)
        html = render_to_string(template, _context(session, data(session)))
        cache.set(key, html, selectors.FRESH_SECONDS)
    return HttpResponse(html)


@require_GET
@role_required(*WATCHERS)
def session(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.dashboard_session(session_id=session_id)
    data = selectors.dashboard_participation(user=request.user, session=session)
    return render(request, "dashboards/session.html", _context(session, data))


@never_cache
@require_GET
@role_required(*WATCHERS)
def session_live(request: HttpRequest, session_id: int) -> HttpResponse:
    return _live(
        "dashboards/_session_live.html",
        session_id,
        user_district_scope_id(request.user),
        lambda session: selectors.dashboard_participation(
            user=request.user, session=session
        ),
    )


@require_GET
def screen(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.dashboard_session(session_id=session_id)
    data = selectors.screen_participation(session=session)
    return render(request, "dashboards/screen.html", _context(session, data))


@never_cache
@require_GET
def screen_live(request: HttpRequest, session_id: int) -> HttpResponse:
    return _live(
        "dashboards/_screen_live.html",
        session_id,
        None,
        lambda session: selectors.screen_participation(session=session),
    )
