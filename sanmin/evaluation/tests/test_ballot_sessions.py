"""/evaluate/: the sessions a representative may rate, with where each window stands
and whether they have voted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import strip_tags

from sanmin.accounts.tests.fixtures import make_citizen, verified_client
from sanmin.evaluation.tests.ballot_helpers import ballot_data
from sanmin.evaluation.tests.conftest import new_key

pytestmark = pytest.mark.django_db


def _sessions_page(user: Any) -> str:
    response = verified_client(user).get(reverse("evaluation:sessions"))
    assert response.status_code == 200
    return strip_tags(response.content.decode())


def test_it_lists_the_public_sessions_with_their_window_state(
    representative_user: Any, public_session: Any, during: dt.datetime
) -> None:
    with time_machine.travel(during, tick=False):
        page = _sessions_page(representative_user)
    assert page.count("述职 12月") == 4
    assert "内部述职" not in page
    assert "评议中" in page
    assert "截止时间：12月18日 11:30" in page  # 24 hours after the first ends
    assert page.count("未开始") == 3
    assert "评议开始时间：12月17日 17:00" in page
    assert "已评议" not in page


def test_it_marks_a_session_voted_in(
    representative_user: Any, public_session: Any, during: dt.datetime
) -> None:
    with time_machine.travel(during, tick=False):
        verified_client(representative_user).post(
            reverse("evaluation:cast", args=[public_session.pk]),
            ballot_data(public_session, key=new_key()),
        )
        page = _sessions_page(representative_user)
    assert page.count("已评议") == 1
    assert "查看回执" in page


def test_after_the_close_it_links_to_the_receipts(
    representative_user: Any, public_session: Any
) -> None:
    with time_machine.travel(public_session.window.closes_at, tick=False):
        response = verified_client(representative_user).get(
            reverse("evaluation:sessions")
        )
    page = response.content.decode()
    assert "已截止" in page
    assert reverse("evaluation:receipts", args=[public_session.pk]) in page


def test_an_internal_rater_sees_only_the_internal_session(
    campaign: Any, public_session: Any
) -> None:
    from sanmin.core import crypto
    from sanmin.representatives.models import Representative

    rater = make_citizen(serial=50)
    Representative.objects.create(
        campaign=campaign,
        roster=Representative.Roster.INTERNAL,
        id_hash=rater.id_hash,
        name_cipher=crypto.cipher().encrypt(rater.display_name),
        synthetic=True,
    )
    page = _sessions_page(rater)
    assert page.count("述职 12月") == 1
    assert "内部述职" in page
    assert campaign.sessions.get(kind="internal").title in page


def test_a_representative_whose_campaign_has_no_sessions_sees_an_empty_list(
    campaign: Any, citizen_user: Any
) -> None:
    from sanmin.accounts.tests.fixtures import make_representative
    from sanmin.campaigns.models import Campaign

    empty = Campaign.objects.create(year=2023, title="2023年活动", slug="qd-2023")
    make_representative(campaign=empty, citizen=citizen_user)
    assert "目前没有需要您评议的场次" in _sessions_page(citizen_user)
