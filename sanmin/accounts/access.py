"""Who may open a page: role checks for views, one condition a line.

Staff pages need a staff role *and* a second factor verified in this session; citizen
pages need a 爱山东 sign-in. A refusal is recorded in the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseBase

from sanmin.accounts.models import STAFF_ROLES, Role
from sanmin.audit.models import Outcome
from sanmin.audit.services import audit_record

View = Callable[..., HttpResponseBase]


def deny(request: HttpRequest, *, reason: str) -> PermissionDenied:
    """Record a refusal and return the exception the caller raises."""
    audit_record(
        actor=request.user,
        action="access.denied",
        object_type="url",
        object_id=request.path[:64],
        outcome=Outcome.DENIED,
        detail={"reason": reason},
        request=request,
    )
    return PermissionDenied(reason)


def staff_may_enter(user: Any, roles: tuple[str, ...]) -> str | None:
    """Why a signed-in user may not enter a staff page, or None."""
    if user.role not in roles:
        return "role"
    if not getattr(user, "is_verified", lambda: False)():
        return "otp"
    return None


def role_required(*roles: str) -> Callable[[View], View]:
    """Allow only signed-in staff of `roles` with a verified second factor."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(
            request: HttpRequest, *args: Any, **kwargs: Any
        ) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path(), "accounts:login")
            reason = staff_may_enter(user, roles)
            if reason == "otp":
                return redirect_to_login(request.get_full_path(), "accounts:login")
            if reason:
                raise deny(request, reason=reason)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def citizen_required(view: View) -> View:
    """Allow only people signed in through 爱山东 (citizens and representatives)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "identity:start")
        if user.role != Role.CITIZEN:
            raise deny(request, reason="not-citizen")
        return view(request, *args, **kwargs)

    return wrapped


def staff_required(view: View) -> View:
    """Allow any staff role with a verified second factor (e.g. the staff home)."""
    return role_required(*STAFF_ROLES)(view)
