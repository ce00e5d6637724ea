"""Reading accounts: the scope a staff member is limited to, and sign-in look-ups.

Other apps build their access selectors on the scope helpers here, e.g.::

    def venue_list(*, user: User) -> QuerySet[Venue]:
        return Venue.objects.filter(user_scope_q(user, district_field="district"))

A role check (`role_required`) comes first; the scope narrows what that role sees.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanmin.accounts.models import STAFF_ROLES, Role, User
from sanmin.campaigns.models import Department, District

# A filter that matches no row (an empty IN list is valid on every backend).
NOTHING = Q(pk__in=[])


def _staff(user: Any) -> User:
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied("not signed in")
    if user.role not in STAFF_ROLES:
        raise PermissionDenied("not staff")
    return user  # type: ignore[no-any-return]


def user_district_scope(user: Any) -> District | None:
    """The district a staff member is limited to; None means every district.

    District staff are limited to their district. Department staff have no district
    scope but see nothing by district (use `user_scope_q`). Anyone who is not staff
    is refused with PermissionDenied, so that None never means "everything" for them.
    """
    staff = _staff(user)
    if staff.role == Role.DISTRICT:
        return staff.district
    return None


def user_district_scope_id(user: Any) -> int | None:
    """`user_district_scope`'s key, without reading the district."""
    staff = _staff(user)
    return staff.district_id if staff.role == Role.DISTRICT else None


def user_department_scope(user: Any) -> Department | None:
    """The department a staff member is limited to; None means every department."""
    staff = _staff(user)
    if staff.role == Role.DEPARTMENT:
        return staff.department
    return None


def user_scope_q(
    user: Any,
    *,
    district_field: str | None = None,
    department_field: str | None = None,
) -> Q:
    """A filter limiting a queryset to what `user` may see by scope.

    Pass the lookup path of the district and/or department of the queried model.
    District staff see rows of their district, department staff rows of their
    department; a scoped user sees nothing when the model has no such field;
    citizens and anonymous visitors see nothing; other staff see everything.
    """
    if not getattr(user, "is_authenticated", False):
        return NOTHING
    if user.role not in STAFF_ROLES:
        return NOTHING
    if user.role == Role.DISTRICT:
        if district_field is None:
            return NOTHING
        return Q(**{district_field: user.district_id})
    if user.role == Role.DEPARTMENT:
        if department_field is None:
            return NOTHING
        return Q(**{department_field: user.department_id})
    return Q()


def user_by_username(*, username: str) -> User | None:
    return User.objects.filter(username=username).first()


def user_totp_device(*, user: User, confirmed: bool = True) -> TOTPDevice | None:
    """The user's TOTP device (the newest one if several)."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=confirmed)
        .order_by("-id")
        .first()
    )


def staff_list() -> list[User]:
    return list(
        User.objects.filter(role__in=STAFF_ROLES)
        .select_related("district", "department")
        .order_by("role", "username")
    )
