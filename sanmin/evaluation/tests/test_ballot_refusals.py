"""Bad ballots, ballots outside the window, and people who may not rate: each gets a
clear message in Chinese, and nothing is stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from sanmin.accounts.tests.fixtures import verified_client
from sanmin.evaluation.models import Ballot, BallotItem, Participation
from sanmin.evaluation.tests.ballot_helpers import (
    ballot_data,
    department_names,
    internal_session,
    open_session,
    window_around_now,
)
from sanmin.evaluation.tests.conftest import new_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(campaign: Any) -> Any:
    return open_session(campaign)


@pytest.fixture
def client(representative_user: Any) -> Client:
    return verified_client(representative_user)


def _url(name: str, session: Any) -> str:
    return reverse(f"evaluation:{name}", kwargs={"session_id": session.pk})


def _nothing_stored() -> bool:
    return not (
        Participation.objects.exists()
        or Ballot.objects.exists()
        or BallotItem.objects.exists()
    )


def _bad(session: Any, change: str) -> dict[str, str]:
    from sanmin.campaigns.models import Participant

    data = ballot_data(session, key=new_key())
    first = next(name for name in data if name.startswith("choice-"))
    if change == "missing":
        del data[first]
    elif change == "stranger":
        other = Participant.objects.exclude(group=session.group).first()
        assert other is not None
        data[f"choice-{other.pk}"] = "satisfied"
    elif change == "choice":
        data[first] = "very-happy"
    elif change == "comment":
        data[first.replace("choice-", "comment-")] = "长" * 201
    elif change == "key":
        data["idempotency_key"] = "short"
    return data


@pytest.mark.parametrize("step", ["confirm", "cast"])
@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("missing", "尚未评议：市发展改革委"),
        ("stranger", "评议票中包含不属于本场次的部门"),
        ("choice", "“市发展改革委”的评议意见无效"),
        ("comment", "对“市发展改革委”的意见不能超过 200 字"),
        ("key", "评议凭据无效"),
    ],
)
def test_it_refuses_a_bad_ballot_with_a_message_and_stores_nothing(
    client: Client, session: Any, step: str, change: str, message: str
) -> None:
    response = client.post(_url(step, session), _bad(session, change))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "评议票未提交" in page
    assert 'name="choice-' in page  # the form again, with the choices made
    assert _nothing_stored()


def test_it_names_every_missing_department(client: Client, session: Any) -> None:
    data = {"idempotency_key": new_key()}
    response = client.post(_url("confirm", session), data)
    assert response.status_code == 400
    assert "、".join(department_names(session)) in response.content.decode()


def test_a_comment_of_200_characters_with_line_breaks_is_taken(
    client: Client, session: Any
) -> None:
    data = ballot_data(session, key=new_key())
    first = next(name for name in data if name.startswith("comment-"))
    data[first] = "好\r\n" * 66 + "好好"  # 200 characters once \r\n counts as one
    assert client.post(_url("cast", session), data).status_code == 200
    assert (
        BallotItem.objects.filter(comment__contains="\n").get().comment.count("\n")
        == 66
    )


def test_outside_the_window_the_page_says_so_and_accepts_nothing(
    client: Client, public_session: Any
) -> None:
    window = public_session.window
    data = ballot_data(public_session, key=new_key())
    with time_machine.travel(window.opens_at - dt.timedelta(minutes=1), tick=False):
        page = client.get(_url("ballot", public_session)).content.decode()
        assert "本场次评议尚未开始" in page
        assert 'name="choice-' not in page
        response = client.post(_url("confirm", public_session), data)
        assert response.status_code == 400
        assert "尚未开始" in response.content.decode()
        response = client.post(_url("cast", public_session), data)
        assert response.status_code == 400
        assert "本场次评议尚未开始" in response.content.decode()
    with time_machine.travel(window.closes_at, tick=False):
        page = client.get(_url("ballot", public_session)).content.decode()
        assert "本场次评议已截止" in page
        assert 'name="choice-' not in page
        response = client.post(_url("cast", public_session), data)
        assert response.status_code == 400
        assert "本场次评议已截止" in response.content.decode()
    assert _nothing_stored()
    with time_machine.travel(window.opens_at, tick=False):
        assert client.post(_url("cast", public_session), data).status_code == 200


def test_without_a_window_the_page_says_the_time_is_not_set(
    client: Client, campaign: Any
) -> None:
    session = campaign.sessions.filter(kind="public").first()
    page = client.get(_url("ballot", session)).content.decode()
    assert "本场次评议时间尚未安排" in page
    assert 'name="choice-' not in page


def test_a_citizen_not_on_any_roster_is_refused_with_an_explanation(
    citizen_user: Any, session: Any
) -> None:
    client = verified_client(citizen_user)
    for url in (reverse("evaluation:sessions"), _url("ballot", session)):
        response = client.get(url)
        assert response.status_code == 403
        assert "您目前不在市民代表名单中" in response.content.decode()
    response = client.post(_url("cast", session), ballot_data(session, key=new_key()))
    assert response.status_code == 403
    assert _nothing_stored()


def test_a_representative_of_another_roster_is_refused(
    client: Client, campaign: Any
) -> None:
    internal = internal_session(campaign)
    window_around_now(internal)
    response = client.get(_url("ballot", internal))
    assert response.status_code == 403
    assert "您不在本场次的评议代表名单中" in response.content.decode()
    response = client.post(_url("cast", internal), ballot_data(internal, key=new_key()))
    assert response.status_code == 403
    assert _nothing_stored()


def test_a_representative_of_another_campaign_is_refused(
    citizen_user: Any, session: Any
) -> None:
    from sanmin.accounts.tests.fixtures import make_representative
    from sanmin.campaigns.models import Campaign

    earlier = Campaign.objects.create(year=2023, title="2023年活动", slug="qd-2023")
    make_representative(campaign=earlier, citizen=citizen_user)
    response = verified_client(citizen_user).get(_url("ballot", session))
    assert response.status_code == 403
    assert "您不在本场次的评议代表名单中" in response.content.decode()


def test_staff_are_refused_and_anonymous_visitors_sent_to_sign_in(
    office_user: Any, session: Any
) -> None:
    data = ballot_data(session, key=new_key())
    staff = verified_client(office_user)
    assert staff.post(_url("cast", session), data).status_code == 403
    assert staff.get(reverse("evaluation:sessions")).status_code == 403
    response = Client().post(_url("cast", session), data)
    assert response.status_code == 302
    assert reverse("identity:start") in response["Location"]
    assert _nothing_stored()


def test_an_unknown_session_is_not_found(client: Client) -> None:
    url = reverse("evaluation:ballot", kwargs={"session_id": 999999})
    assert client.get(url).status_code == 404


def test_a_forged_form_is_refused_with_a_page_in_chinese(
    representative_user: Any, session: Any
) -> None:
    client = verified_client(representative_user, Client(enforce_csrf_checks=True))
    response = client.post(_url("cast", session), ballot_data(session, key=new_key()))
    assert response.status_code == 403
    page = response.content.decode()
    assert "页面已过期，提交未成功" in page
    assert "没有保存" in page
    assert _nothing_stored()
