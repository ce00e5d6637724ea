"""显示号码: one full number, to the district that calls, audited, shown once."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from sanmin.accounts.tests.fixtures import verified_client
from sanmin.audit.models import AuditEvent
from sanmin.evaluation.tests.test_calls_list import call_roster

pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(campaign: Any, public_session: Any, during: dt.datetime) -> dict[str, Any]:
    return call_roster(campaign, public_session, during)


def _url(session: Any, representative: Any) -> str:
    return f"/manage/evaluation/calls/{session.pk}/{representative.pk}/reveal/"


def test_district_staff_see_the_number_once_and_it_is_audited(
    district_user: Any, public_session: Any, roster: dict[str, Any]
) -> None:
    representative = roster["waiting"]
    response = verified_client(district_user).post(_url(public_session, representative))
    assert response.status_code == 200
    assert "13800000011" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="representative.phone.reveal")
    assert event.actor == district_user
    assert event.object_id == str(representative.pk)
    assert event.detail["reason"] == "电话提醒"
    assert event.detail["phone"] == "138****0011"
    assert "13800000011" not in json.dumps(event.detail)


def test_with_htmx_only_the_number_comes_back(
    district_user: Any, public_session: Any, roster: dict[str, Any]
) -> None:
    response = verified_client(district_user).post(
        _url(public_session, roster["waiting"]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert 'href="tel:13800000011"' in body
    assert "<html" not in body


def test_the_list_page_never_holds_the_full_number(
    district_user: Any, public_session: Any, roster: dict[str, Any]
) -> None:
    client = verified_client(district_user)
    client.post(_url(public_session, roster["waiting"]))
    page = client.get(f"/manage/evaluation/calls/{public_session.pk}/")
    assert "13800000011" not in page.content.decode()


def test_another_districts_representative_is_refused(
    district_user: Any, public_session: Any, roster: dict[str, Any]
) -> None:
    response = verified_client(district_user).post(
        _url(public_session, roster["elsewhere"])
    )
    assert response.status_code == 403
    assert "13800000021" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="representative.phone.reveal").exists()
    denied = AuditEvent.objects.get(action="access.denied")
    assert denied.detail == {"reason": "other-district"}


def test_the_office_may_not_reveal(
    office_user: Any, public_session: Any, roster: dict[str, Any]
) -> None:
    response = verified_client(office_user).post(
        _url(public_session, roster["waiting"])
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="representative.phone.reveal").exists()


def test_a_representative_who_voted_is_not_revealed(
    district_user: Any, public_session: Any, roster: dict[str, Any]
) -> None:
    client = verified_client(district_user)
    response = client.post(_url(public_session, roster["voted"]), follow=True)
    assert "已完成本场次评议" in response.content.decode()
    assert "13800000013" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="representative.phone.reveal").exists()


def test_a_declined_representative_is_not_found(
    district_user: Any, public_session: Any, roster: dict[str, Any]
) -> None:
    response = verified_client(district_user).post(
        _url(public_session, roster["declined"])
    )
    assert response.status_code == 404


def test_a_get_reveals_nothing(
    district_user: Any, public_session: Any, roster: dict[str, Any]
) -> None:
    response = verified_client(district_user).get(
        _url(public_session, roster["waiting"])
    )
    assert response.status_code == 405
    assert not AuditEvent.objects.filter(action="representative.phone.reveal").exists()
