"""The office's case page shows a case's nomination and adoptions and leads to
their pages once the case has been answered."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.accounts.models import User
from sanmin.campaigns.models import Campaign, Department
from sanmin.suggestions.models import Adoption
from sanmin.suggestions.services.excellence import suggestion_adopt
from sanmin.suggestions.tests.excellence_helpers import nominated
from sanmin.suggestions.tests.suggestion_helpers import make_suggestion

pytestmark = pytest.mark.django_db


def _page(client: Client, number: str) -> str:
    response = client.get(reverse("suggestions:case", args=[number]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_the_nomination_and_adoption_of_an_answered_case(
    campaign: Campaign,
    citizen_user: User,
    department_user: User,
    office_user: User,
    client_as: Callable[[str], Client],
) -> None:
    department = department_user.department
    assert isinstance(department, Department)
    nomination = nominated(campaign, citizen_user, department)
    case = nomination.suggestion
    suggestion_adopt(
        suggestion=case,
        actor=office_user,
        kind=Adoption.Kind.WORK_REPORT,
        note="纳入明年政府工作报告",
    )

    html = _page(client_as("office"), case.number)

    assert "已推荐为优秀建议候选" in html
    assert "纳入政府工作报告" in html
    assert reverse("suggestions:adopt", args=[case.number]) in html
    assert reverse("suggestions:nominate", args=[case.number]) not in html


def test_it_offers_nothing_of_the_kind_before_the_answer(
    campaign: Campaign, citizen_user: User, client_as: Callable[[str], Client]
) -> None:
    case = make_suggestion(campaign, citizen_user)

    html = _page(client_as("office"), case.number)

    assert "优秀建议与采纳" not in html
    assert reverse("suggestions:nominate", args=[case.number]) not in html
