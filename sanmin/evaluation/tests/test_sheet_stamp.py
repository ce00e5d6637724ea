"""The sheet stamp: database triggers change it with every change to a sheet's rows,
and a process reads a sheet once per stamp (`sheets.sheet_read`)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from sanmin.campaigns.models import Department, Participant, RatingChoice, SheetStamp
from sanmin.evaluation.selectors.seats import seat_read
from sanmin.evaluation.selectors.sheets import sheet_read
from sanmin.evaluation.tests.ballot_helpers import open_session

pytestmark = pytest.mark.django_db


def _stamp() -> int | None:
    return SheetStamp.objects.values_list("token", flat=True).first()


def _rename_department(campaign: Any) -> None:
    department = campaign.participants.first().department
    department.name = "市测试更名局"
    department.save()


def _add_department(campaign: Any) -> None:
    Department.objects.create(code="stamp-new", name="市新设局")


def _move_participant(campaign: Any) -> None:
    campaign.participants.filter(pk=campaign.participants.first().pk).update(order=99)


def _withdraw_participant(campaign: Any) -> None:
    Participant.objects.filter(pk=campaign.participants.last().pk).delete()


def _relabel_choice(campaign: Any) -> None:
    RatingChoice.objects.filter(campaign=campaign, code="satisfied").update(
        label="非常满意"
    )


def _add_choice(campaign: Any) -> None:
    RatingChoice.objects.create(
        campaign=campaign, code="stamp", label="新选项", points=Decimal(10), order=9
    )


def _remove_choice(campaign: Any) -> None:
    RatingChoice.objects.filter(campaign=campaign, code="unknown").delete()


CHANGES = [
    _rename_department,
    _add_department,
    _move_participant,
    _withdraw_participant,
    _relabel_choice,
    _add_choice,
    _remove_choice,
]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__)
def test_every_change_to_a_sheet_row_changes_the_stamp(
    campaign: Any, change: Callable[[Any], None]
) -> None:
    before = _stamp()
    assert before is not None
    change(campaign)
    assert _stamp() not in (None, before)


def test_a_rolled_back_change_restores_the_stamp(campaign: Any) -> None:
    before = _stamp()
    with pytest.raises(RuntimeError), transaction.atomic():
        _rename_department(campaign)
        assert _stamp() != before
        raise RuntimeError("rolled back")
    assert _stamp() == before


def test_the_seat_reads_the_stamp_and_the_sheet_is_read_once_per_stamp(
    campaign: Any, representative_user: Any
) -> None:
    session = open_session(campaign)
    seat = seat_read(session_id=session.pk, user=representative_user)
    assert seat is not None and seat.sheet_token == _stamp()
    first = sheet_read(session, token=seat.sheet_token)
    with CaptureQueriesContext(connection) as queries:
        again = sheet_read(session, token=seat.sheet_token)
    assert again is first and not queries.captured_queries

    department = first.departments[0].department
    Department.objects.filter(pk=department.pk).update(name="市测试更名局")
    seat = seat_read(session_id=session.pk, user=representative_user)
    assert seat is not None
    renamed = sheet_read(session, token=seat.sheet_token)
    assert "市测试更名局" in [p.department.name for p in renamed.departments]
    assert renamed.content != first.content


def test_without_a_stamp_the_sheet_is_read_every_time(
    campaign: Any, representative_user: Any
) -> None:
    SheetStamp.objects.all().delete()
    session = open_session(campaign)
    seat = seat_read(session_id=session.pk, user=representative_user)
    assert seat is not None and seat.sheet_token is None
    sheet_read(session, token=seat.sheet_token)
    with CaptureQueriesContext(connection) as queries:
        sheet_read(session, token=seat.sheet_token)
    assert len(queries.captured_queries) == 2
    _relabel_choice(campaign)  # the triggers make the row again
    assert _stamp() is not None
