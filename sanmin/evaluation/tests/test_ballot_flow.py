"""A representative rates every department through the pages: ballot → confirmation
→ cast → receipt; coming back shows 已评议 and never the form again."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import strip_tags

from sanmin.accounts.tests.fixtures import verified_client
from sanmin.evaluation.models import Ballot, BallotItem, Participation
from sanmin.evaluation.selectors.ballots import session_departments
from sanmin.evaluation.tests.ballot_helpers import (
    ballot_data,
    department_names,
    open_session,
)
from sanmin.evaluation.tests.conftest import new_key

pytestmark = pytest.mark.django_db

LABELS = ("满意", "比较满意", "基本满意", "不满意", "不了解")


@pytest.fixture
def session(campaign: Any) -> Any:
    return open_session(campaign)


@pytest.fixture
def client(representative_user: Any) -> Client:
    return verified_client(representative_user)


def _url(name: str, session: Any) -> str:
    return reverse(f"evaluation:{name}", kwargs={"session_id": session.pk})


def _page(response: Any) -> str:
    return response.content.decode()


def _text(response: Any) -> str:
    return strip_tags(_page(response))


def test_it_shows_every_department_with_the_five_choices(
    client: Client, session: Any
) -> None:
    response = client.get(_url("ballot", session))
    assert response.status_code == 200
    page = _page(response)
    names = department_names(session)
    assert len(names) == 8
    positions = [page.index(name) for name in names]
    assert positions == sorted(positions)  # report order
    assert page.count("<fieldset") == len(names)
    assert page.count("<legend") == len(names)
    for label in LABELS:
        assert page.count(f"<span>{label}</span>") == len(names)
    assert page.count('type="radio"') == len(names) * len(LABELS)
    assert 'name="idempotency_key"' in page
    for participant in session_departments(session):
        assert reverse("reporting:department", args=[participant.pk]) in page
    assert "js/ballot.js" in page
    assert "评议中" in page


def test_each_page_gets_a_new_random_key(client: Client, session: Any) -> None:
    first = client.get(_url("ballot", session))
    second = client.get(_url("ballot", session))
    key = first.context["key"]
    assert len(key) >= 43
    assert f'name="idempotency_key" value="{key}"' in _page(first)
    assert key != second.context["key"]


def test_it_casts_through_the_confirmation_and_shows_the_receipt(
    client: Client, session: Any
) -> None:
    key = new_key()
    data = ballot_data(session, key=key, choice="fairly-satisfied", comment="很好")

    confirm = client.post(_url("confirm", session), data)
    assert confirm.status_code == 200
    page = _page(confirm)
    assert "核对评议意见" in page
    assert page.count("比较满意") == 8
    assert "确认提交" in page and "返回修改" in page
    assert f'value="{key}"' in page
    assert not Participation.objects.exists()
    assert not Ballot.objects.exists()

    cast = client.post(_url("cast", session), data)
    assert cast.status_code == 200
    ballot = Ballot.objects.get()
    assert ballot.items.count() == 8
    assert set(ballot.items.values_list("comment", flat=True)) == {"很好"}
    page = _page(cast)
    assert ballot.receipt in _text(cast)
    assert "评议已提交" in page
    assert "什么是评议回执" in page
    assert "短信发送回执" in page

    again = client.get(_url("ballot", session))
    assert again.status_code == 200
    page = _page(again)
    assert "已评议" in page
    assert 'name="choice-' not in page
    assert "下一步" not in page
    assert "data-receipt-lookup" in page


def test_going_back_from_the_confirmation_keeps_the_choices_and_the_key(
    client: Client, session: Any
) -> None:
    key = new_key()
    data = ballot_data(session, key=key, choice="dissatisfied", comment="再改改")
    response = client.post(_url("ballot", session), data)
    assert response.status_code == 200
    assert response.context["key"] == key
    page = _page(response)
    assert page.count(" checked") == 8
    assert (
        len(re.findall(r'value="dissatisfied" id="[^"]+" required checked', page)) == 8
    )
    assert page.count("再改改") == 8
    assert not Ballot.objects.exists()


def test_a_retry_of_the_cast_shows_the_same_receipt_and_stores_nothing_twice(
    client: Client, session: Any
) -> None:
    data = ballot_data(session, key=new_key())
    first = client.post(_url("cast", session), data)
    again = client.post(_url("cast", session), data)
    receipt = Ballot.objects.get().receipt
    assert first.status_code == again.status_code == 200
    assert receipt in _text(first) and receipt in _text(again)
    assert "此前已提交成功" in _page(again)
    assert Participation.objects.count() == 1
    assert BallotItem.objects.count() == 8


def test_a_second_ballot_with_another_key_is_refused(
    client: Client, session: Any
) -> None:
    client.post(_url("cast", session), ballot_data(session, key=new_key()))
    response = client.post(
        _url("cast", session), ballot_data(session, key=new_key(), choice="unknown")
    )
    assert response.status_code == 400
    page = _page(response)
    assert "只能评议一次" in page
    assert "已评议" in page
    assert 'name="choice-' not in page
    assert Ballot.objects.count() == 1


def test_the_browser_finds_its_receipt_by_its_key(client: Client, session: Any) -> None:
    key = new_key()
    client.post(_url("cast", session), ballot_data(session, key=key))
    receipt = Ballot.objects.get().receipt

    found = client.post(_url("receipt", session), {"key": key})
    assert found.status_code == 200
    assert found.json() == {"receipt": receipt}
    assert client.post(_url("receipt", session), {"key": new_key()}).status_code == 404
    assert client.post(_url("receipt", session), {}).status_code == 404


def test_another_representative_cannot_use_a_spent_key(
    client: Client, session: Any, campaign: Any
) -> None:
    """A shared phone: the second person's ballot must not take the first's receipt."""
    from sanmin.accounts.tests.fixtures import make_citizen, make_representative

    key = new_key()
    client.post(_url("cast", session), ballot_data(session, key=key))
    other = make_citizen(serial=77)
    make_representative(campaign=campaign, citizen=other)
    other_client = verified_client(other)

    response = other_client.post(_url("cast", session), ballot_data(session, key=key))
    assert response.status_code == 400
    page = _page(response)
    assert "评议凭据已被使用" in page
    assert "data-fresh-key" in page
    assert response.context["key"] != key
    assert Participation.objects.count() == 1
    assert other_client.post(_url("receipt", session), {"key": key}).status_code == 404


def test_it_records_the_device_and_network_hashes(client: Client, session: Any) -> None:
    from sanmin.core import crypto

    client.get(_url("ballot", session))
    device = client.cookies["sanmin_device"]
    assert device["httponly"]
    assert device["max-age"] >= 365 * 24 * 3600
    client.post(
        _url("cast", session),
        ballot_data(session, key=new_key()),
        REMOTE_ADDR="203.0.113.77",
    )
    participation = Participation.objects.get()
    assert participation.device_hash == crypto.keyed_hash(
        device.value, purpose="device"
    )
    assert participation.network_hash == crypto.keyed_hash(
        "203.0.113.0/24", purpose="network"
    )


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("2001:db8:1234:5678::1", "2001:db8:1234::/48"),
        ("::ffff:198.51.100.9", "198.51.100.0/24"),
    ],
)
def test_it_hashes_ipv6_networks_by_their_48_bit_prefix(
    client: Client, session: Any, address: str, network: str
) -> None:
    from sanmin.core import crypto

    client.post(
        _url("cast", session),
        ballot_data(session, key=new_key()),
        REMOTE_ADDR=address,
    )
    assert Participation.objects.get().network_hash == crypto.keyed_hash(
        network, purpose="network"
    )


@pytest.mark.parametrize("step", ["confirm", "cast", "receipt-sms"])
def test_a_get_of_a_posted_step_goes_back_to_the_ballot(
    client: Client, session: Any, step: str
) -> None:
    """As after switching to 关怀版, whose form comes back to the same address."""
    response = client.get(_url(step, session))
    assert response.status_code == 302
    assert response["Location"] == _url("ballot", session)


def test_ballot_js_gets_the_receipt_as_the_page_content_only(
    client: Client, session: Any
) -> None:
    data = ballot_data(session, key=new_key())
    fragment = {"X-Content-Only": "1"}

    response = client.post(_url("cast", session), data, headers=fragment)

    assert response.status_code == 200
    assert response["X-Content-Only"] == "done"
    assert "X-Content-Only" in response["Vary"]
    page = _page(response)
    assert "<html" not in page and "site-header" not in page
    receipt = Ballot.objects.get().receipt
    assert receipt[:9] in page and receipt[10:] in page
    assert f'data-title="评议回执：{session.title} · 三民活动平台"' in page
    assert "我的评议" in page  # the breadcrumbs come with it
    # A retry of the same cast gets the same receipt, in the same form.
    again = client.post(_url("cast", session), data, headers=fragment)
    assert again["X-Content-Only"] == "done" and receipt[:9] in _page(again)
    # Without the header (no script): the whole page, titled the same.
    whole = client.post(_url("cast", session), data)
    assert "X-Content-Only" not in whole
    assert "<html" in _page(whole) and receipt[:9] in _page(whole)
    assert f"<title>评议回执：{session.title} · 三民活动平台</title>" in _page(whole)
    assert Ballot.objects.count() == Participation.objects.count() == 1


def test_a_refused_cast_is_the_whole_page_even_to_ballot_js(
    client: Client, session: Any
) -> None:
    data = ballot_data(session, key=new_key())
    del data[next(name for name in data if name.startswith("choice-"))]

    response = client.post(_url("cast", session), data, headers={"X-Content-Only": "1"})

    assert response.status_code == 400
    assert "X-Content-Only" not in response and "<html" in _page(response)
    assert not Ballot.objects.exists()


def _reads_of(queries: CaptureQueriesContext, *tables: str) -> list[str]:
    return [
        q["sql"]
        for q in queries.captured_queries
        if any(f'"{table}"' in q["sql"] for table in tables)
    ]


def test_a_ballot_request_reads_the_sign_in_and_the_seat_only(
    client: Client, session: Any
) -> None:
    """The session comes with its user, the sheet from what the process keeps
    under the stamp the seat statement read: two statements before the cast's own
    writes, whatever the number of departments."""
    sheet_tables = ("campaigns_participant", "campaigns_ratingchoice")
    client.get(_url("ballot", session))  # the process reads the sheet once
    with CaptureQueriesContext(connection) as page:
        assert client.get(_url("ballot", session)).status_code == 200
    assert len(page.captured_queries) == 2, page.captured_queries
    assert not _reads_of(page, *sheet_tables)

    data = ballot_data(session, key=new_key())
    with CaptureQueriesContext(connection) as cast:
        assert client.post(_url("cast", session), data).status_code == 200
    assert not _reads_of(cast, *sheet_tables)
    reads = [
        sql
        for q in cast.captured_queries
        if (sql := q["sql"].strip()).startswith("SELECT") and "audit" not in sql
    ]
    assert len(reads) == 2, reads  # the sign-in and the seat; the audit chain aside
