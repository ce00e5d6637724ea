"""`sheet_read` finds what the ORM selectors find, and the kept new-ballot markup
follows a renamed department or choice at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sanmin.campaigns.models import RatingChoice
from sanmin.evaluation.markup import new_ballot_list
from sanmin.evaluation.selectors.ballots import session_departments
from sanmin.evaluation.selectors.sheets import sheet_read
from sanmin.evaluation.tests.ballot_helpers import internal_session, open_session

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["public", "internal"])
def test_the_departments_and_choices_are_the_orm_ones(campaign: Any, kind: str) -> None:
    session = open_session(campaign) if kind == "public" else internal_session(campaign)
    sheet = sheet_read(session)
    expected = list(session_departments(session))
    assert len(expected) > 1
    assert list(sheet.departments) == expected
    with CaptureQueriesContext(connection) as queries:
        names = [p.department.name for p in sheet.departments]
    assert not queries.captured_queries  # the departments came with the read
    assert names == [p.department.name for p in expected]
    assert list(sheet.choices) == list(
        RatingChoice.objects.filter(campaign_id=session.campaign_id)
    )
    assert [c.points for c in sheet.choices] == [100, 80, 60, 0, 0]


def test_the_kept_markup_follows_a_renamed_department_and_choice(campaign: Any) -> None:
    session = open_session(campaign)
    first = sheet_read(session).departments[0]
    before = new_ballot_list(sheet_read(session))
    assert first.department.name in before
    assert new_ballot_list(sheet_read(session)) is before  # kept, not remade
    department = first.department
    department.name = "市测试更名局"
    department.save()
    assert "市测试更名局" in new_ballot_list(sheet_read(session))
    RatingChoice.objects.filter(campaign=campaign, code="satisfied").update(
        label="非常满意"
    )
    after = new_ballot_list(sheet_read(session))
    assert "非常满意" in after and "市测试更名局" in after
