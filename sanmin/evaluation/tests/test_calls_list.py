"""The call list: a district's representatives who have not voted, and only theirs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from sanmin.accounts.tests.fixtures import make_citizen, verified_client
from sanmin.campaigns.models import District
from sanmin.core.personal import make_id_number
from sanmin.evaluation.services.ballots import ballot_cast
from sanmin.evaluation.services.calls import call_mark
from sanmin.evaluation.tests.conftest import full_marks, new_key
from sanmin.representatives.models import Representative
from sanmin.representatives.services import representative_enrol

pytestmark = pytest.mark.django_db


def districts() -> list[District]:
    return list(District.objects.order_by("order", "code")[:2])


def enrol(campaign: Any, serial: int, district: District, **extra: Any) -> Any:
    return representative_enrol(
        campaign=campaign,
        id_number=make_id_number("370202", dt.date(1980, 1, 1), serial),
        name=f"代表{serial}号",
        phone=f"1380000{serial:04d}",
        district=district,
        category=campaign.quotas.order_by("order").first(),
        synthetic=True,
        actor="测试",
        **extra,
    )


def call_roster(campaign: Any, session: Any, during: dt.datetime) -> dict[str, Any]:
    """In the first district: two who have not voted, one who has, one declined;
    in the second district: one who has not voted."""
    own, other = districts()
    voter = make_citizen(serial=13)
    people = {
        "waiting": enrol(campaign, 11, own),
        "waiting2": enrol(campaign, 12, own),
        "voted": enrol(campaign, 13, own),
        "declined": enrol(campaign, 14, own),
        "elsewhere": enrol(campaign, 21, other),
    }
    Representative.objects.filter(pk=people["declined"].pk).update(
        status=Representative.Status.DECLINED
    )
    ballot_cast(
        user=voter,
        session=session,
        idempotency_key=new_key(),
        marks=full_marks(session),
        now=during,
    )
    return people


@pytest.fixture
def roster(campaign: Any, public_session: Any, during: dt.datetime) -> dict[str, Any]:
    return call_roster(campaign, public_session, during)


def _url(session: Any) -> str:
    return f"/manage/evaluation/calls/{session.pk}/"


def test_district_staff_see_their_representatives_who_have_not_voted(
    district_user: Any, public_session: Any, roster: dict[str, Any]
) -> None:
    response = verified_client(district_user).get(_url(public_session))
    assert response.status_code == 200
    page = response.content.decode()
    assert "代表11号" in page
    assert "代表12号" in page
    assert "138****0011" in page
    assert "13800000011" not in page
    assert "代表13号" not in page  # has voted
    assert "代表14号" not in page  # declined
    assert "代表21号" not in page  # another district
    assert [e.representative_id for e in response.context["entries"]] == [
        roster["waiting"].pk,
        roster["waiting2"].pk,
    ]
    category = response.context["entries"][0].category
    assert category and category in page
    assert "显示号码" in page
    assert "已电话提醒" in page


def test_another_district_never_sees_them(
    other_district_user: Any, public_session: Any, roster: dict[str, Any]
) -> None:
    response = verified_client(other_district_user).get(_url(public_session))
    page = response.content.decode()
    assert [e.representative_id for e in response.context["entries"]] == [
        roster["elsewhere"].pk
    ]
    for serial in (11, 12, 13, 14):
        assert f"代表{serial}号" not in page


def test_the_office_reads_every_district_without_revealing(
    office_user: Any, public_session: Any, roster: dict[str, Any]
) -> None:
    client = verified_client(office_user)
    everyone = client.get(_url(public_session))
    assert everyone.status_code == 200
    assert {e.representative_id for e in everyone.context["entries"]} == {
        roster["waiting"].pk,
        roster["waiting2"].pk,
        roster["elsewhere"].pk,
    }
    page = everyone.content.decode()
    assert "显示号码" not in page
    assert "已电话提醒" not in page
    _, other = districts()
    one = client.get(_url(public_session), {"district": other.pk})
    assert [e.representative_id for e in one.context["entries"]] == [
        roster["elsewhere"].pk
    ]


def test_a_district_cannot_widen_its_list_by_a_query(
    district_user: Any, public_session: Any, roster: dict[str, Any]
) -> None:
    _, other = districts()
    response = verified_client(district_user).get(
        _url(public_session), {"district": other.pk}
    )
    assert "代表21号" not in response.content.decode()


def test_it_shows_who_called_and_when(
    district_user: Any, public_session: Any, roster: dict[str, Any], during: Any
) -> None:
    call_mark(
        actor=district_user,
        session=public_session,
        representative=roster["waiting"],
        note="已接通，稍后评议",
        now=during,
    )
    response = verified_client(district_user).get(_url(public_session))
    entry = response.context["entries"][0]
    assert entry.calls == 1
    assert entry.last_called_at == during
    assert entry.last_called_by == district_user.display_name
    page = response.content.decode()
    assert "已提醒 1 次" in page
    assert "已接通，稍后评议" in page


def test_the_sessions_page_counts_who_has_not_voted(
    district_user: Any, public_session: Any, roster: dict[str, Any]
) -> None:
    response = verified_client(district_user).get("/manage/evaluation/calls/")
    assert response.status_code == 200
    first = next(
        s for s in response.context["summaries"] if s.session.pk == public_session.pk
    )
    assert first.not_voted == 2


def test_an_unknown_session_is_not_found(district_user: Any) -> None:
    response = verified_client(district_user).get("/manage/evaluation/calls/999999/")
    assert response.status_code == 404


def test_no_page_of_the_call_list_shows_choices(
    district_user: Any, public_session: Any, roster: dict[str, Any]
) -> None:
    page = verified_client(district_user).get(_url(public_session)).content.decode()
    for choice in ("满意", "不满意", "基本满意", "回执"):
        assert choice not in page
