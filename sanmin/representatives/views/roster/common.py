"""What the roster's view modules share: the role gates, the current campaign, how a
service's refusal or error is answered, the way back to the list, and the entry in
the user's scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse

from sanmin.accounts.access import deny, role_required
from sanmin.accounts.models import Role
from sanmin.campaigns.models import Campaign
from sanmin.campaigns.selectors import campaign_current
from sanmin.representatives.models import Representative
from sanmin.representatives.selectors import roster as selectors

roster_staff = role_required(Role.DISTRICT, Role.STATISTICS)
district_staff = role_required(Role.DISTRICT)
statistics_staff = role_required(Role.STATISTICS)


def campaign_or_404() -> Campaign:
    campaign = campaign_current()
    if campaign is None:
        raise Http404("还没有活动")
    return campaign


def _messages(error: ValidationError) -> str:
    return "；".join(error.messages)


def act(request: HttpRequest, action: Callable[[], Any]) -> Any:
    """Run a service: its refusal is audited and answered 403; a Chinese message
    for bad input is shown on the next page. Returns the result, or None."""
    try:
        return action()
    except PermissionDenied as refusal:
        raise deny(request, reason=str(refusal) or "scope") from refusal
    except ValidationError as error:
        messages.error(request, _messages(error))
        return None


def back_to_list(request: HttpRequest) -> HttpResponse:
    """The list again, with the filters and page it was posted from."""
    query = QueryDict(request.POST.get("back", ""))
    filters = selectors.RosterFilters.from_query(query).query()
    page = query.get("page", "")
    if page.isdecimal():
        filters = f"{filters}&page={page}" if filters else f"page={page}"
    url = reverse("representatives:roster")
    return redirect(f"{url}?{filters}" if filters else url)


def entry_in_scope(request: HttpRequest, representative_id: int) -> Representative:
    return selectors.roster_representative_for(
        request=request, campaign=campaign_or_404(), representative_id=representative_id
    )


def to_entry(representative_id: int) -> HttpResponse:
    return redirect("representatives:roster-detail", representative_id)
