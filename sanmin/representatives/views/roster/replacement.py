"""Replacement (替补): the seat of a declined or unreachable representative given to
the next alternate of the same cell."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from sanmin.representatives.services import roster as services
from sanmin.representatives.views.roster.common import (
    act,
    entry_in_scope,
    roster_staff,
    to_entry,
)


@require_POST
@roster_staff
def roster_replace(request: HttpRequest, representative_id: int) -> HttpResponse:
    """Give the seat to the next alternate of the same cell."""
    representative = entry_in_scope(request, representative_id)
    successor = act(
        request,
        lambda: services.representative_replace(
            representative=representative, actor=request.user, request=request
        ),
    )
    if successor is None:
        return to_entry(representative_id)
    messages.success(request, "已由本单元顺位最前的备选代表替补，请通知新代表")
    return to_entry(successor.pk)
