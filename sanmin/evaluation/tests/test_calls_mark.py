"""已电话提醒: who called whom and when, recorded and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sanmin.accounts.tests.fixtures import verified_client
from sanmin.audit.models import AuditEvent
from sanmin.evaluation.models import CallMark
from sanmin.evaluation.tests.test_calls_list import call_roster

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(campaign: Any, public_session: Any, during: dt.datetime) -> dict[str, Any]:
    return call_roster(campaign, public_session, during)


def _url(session: Any, representative: Any) -> str:
    return f"/manage/evaluation/calls/{session.pk}/{representative.pk}/called/"


def test_district_staff_record_a_call(
    district_user: Any, public_session: Any, roster: dict[str, Any]
) -> None:
    representative = roster["waiting"]
    response = verified_client(district_user).post(
        _url(public_session, representative), {"note": "已接通", "page": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == (
        f"/manage/evaluation/calls/{public_session.pk}/?page=1"
    )
    mark = CallMark.objects.get()
    assert mark.session == public_session
    assert mark.representative == representative
    assert mark.called_by == district_user
    assert mark.note == "已接通"
    event = AuditEvent.objects.get(action="representative.call.mark")
    assert event.actor == district_user
    assert event.object_id == str(mark.pk)
    assert "已接通" not in str(event.detail)


def test_a_note_too_long_is_refused(
    district_user: Any, public_session: Any, roster: dict[str, Any]
) -> None:
    response = verified_client(district_user).post(
        _url(public_session, roster["waiting"]), {"note": "长" * 101}, follow=True
    )
    assert "备注不能超过 100 字" in response.content.decode()
    assert not CallMark.objects.exists()


def test_another_district_cannot_mark(
    other_district_user: Any, public_session: Any, roster: dict[str, Any]
) -> None:
    response = verified_client(other_district_user).post(
        _url(public_session, roster["waiting"]), {"note": ""}
    )
    assert response.status_code == 403
    assert not CallMark.objects.exists()


def test_the_office_cannot_mark(
    office_user: Any, public_session: Any, roster: dict[str, Any]
) -> None:
    response = verified_client(office_user).post(
        _url(public_session, roster["waiting"]), {"note": ""}
    )
    assert response.status_code == 403
    assert not CallMark.objects.exists()
