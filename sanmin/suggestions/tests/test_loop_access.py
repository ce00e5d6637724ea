"""Access selectors: the office fetches any case by number; department staff an
item only while their department leads or co-handles it; a submitter only their own
case; everyone else gets a 404."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from sanmin.suggestions.selectors.access import (
    case_for_office,
    case_for_submitter,
    item_for_department,
)
from sanmin.suggestions.tests.suggestion_helpers import make_assigned, make_suggestion


def test_it_gives_the_office_any_case(campaign, citizen_user, office_user):
    case = make_suggestion(campaign, citizen_user)

    assert case_for_office(user=office_user, number=case.number) == case


@pytest.mark.parametrize("role", ["department", "supervisor", "citizen"])
def test_it_hides_cases_from_others(campaign, cast, role):
    case = make_suggestion(campaign, cast.user("citizen"))

    with pytest.raises(Http404):
        case_for_office(user=cast.user(role), number=case.number)


def test_it_hides_cases_from_anonymous_and_unknown_numbers(
    campaign, citizen_user, office_user
):
    case = make_suggestion(campaign, citizen_user)

    with pytest.raises(Http404):
        case_for_office(user=AnonymousUser(), number=case.number)
    with pytest.raises(Http404):
        case_for_office(user=office_user, number="JY2024999999")


def test_it_gives_the_lead_and_partners_their_item(
    campaign, citizen_user, department_user, other_department_user
):
    _, item = make_assigned(
        campaign,
        citizen_user,
        department_user.department,
        partners=[other_department_user.department],
    )

    assert item_for_department(user=department_user, pk=item.pk) == item
    assert item_for_department(user=other_department_user, pk=item.pk) == item


def test_it_hides_items_of_other_departments(
    campaign, citizen_user, department_user, other_department_user, office_user
):
    _, item = make_assigned(campaign, citizen_user, department_user.department)

    for user in (other_department_user, office_user, citizen_user, AnonymousUser()):
        with pytest.raises(Http404):
            item_for_department(user=user, pk=item.pk)


def test_it_gives_a_submitter_only_their_own_case(
    campaign, citizen_user, representative_user
):
    case = make_suggestion(campaign, citizen_user)

    assert case_for_submitter(user=citizen_user, number=case.number) == case
    for user in (representative_user, AnonymousUser()):
        with pytest.raises(Http404):
            case_for_submitter(user=user, number=case.number)
