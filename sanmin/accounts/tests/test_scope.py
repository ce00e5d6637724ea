from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from sanmin.accounts.models import User
from sanmin.accounts.selectors import (
    user_department_scope,
    user_district_scope,
    user_scope_q,
)
from sanmin.campaigns.models import Campaign, Department, Participant, Venue

pytestmark = pytest.mark.django_db


def test_it_limits_district_staff_to_their_district(
    district_user: User, other_district_user: User
) -> None:
    assert user_district_scope(district_user) == district_user.district
    assert user_district_scope(other_district_user) != district_user.district
    assert user_department_scope(district_user) is None


def test_it_limits_department_staff_to_their_department(department_user: User) -> None:
    assert user_department_scope(department_user) == department_user.department
    assert user_district_scope(department_user) is None


@pytest.mark.parametrize("role", ["office", "statistics", "supervisor", "operator"])
def test_it_leaves_city_wide_staff_unrestricted(role: str, cast: object) -> None:
    user = cast.user(role)  # type: ignore[attr-defined]
    assert user_district_scope(user) is None
    assert user_department_scope(user) is None


def test_it_refuses_a_scope_to_citizens_and_visitors(citizen_user: User) -> None:
    for user in (citizen_user, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            user_district_scope(user)
        with pytest.raises(PermissionDenied):
            user_department_scope(user)


def _venues(campaign: Campaign) -> None:
    from sanmin.campaigns.models import District

    for district in District.objects.all()[:3]:
        Venue.objects.create(
            campaign=campaign,
            district=district,
            name=f"{district.name}会场",
            address="测试地址",
            capacity=100,
        )


def test_it_filters_a_queryset_by_the_users_scope(
    campaign: Campaign,
    district_user: User,
    department_user: User,
    office_user: User,
    citizen_user: User,
) -> None:
    _venues(campaign)

    def venues(user: object) -> set[str]:
        scope = user_scope_q(user, district_field="district")
        return {venue.district.code for venue in Venue.objects.filter(scope)}

    assert district_user.district is not None
    assert venues(district_user) == {district_user.district.code}
    assert len(venues(office_user)) == 3
    assert venues(department_user) == set()  # no department on a venue: nothing
    assert venues(citizen_user) == set()
    assert venues(AnonymousUser()) == set()


def test_it_filters_by_department_when_the_model_has_one(
    campaign: Campaign, department_user: User
) -> None:
    scope = user_scope_q(department_user, department_field="department")

    departments = {p.department for p in Participant.objects.filter(scope)}

    assert departments == {department_user.department}
    assert Department.objects.count() > 1
