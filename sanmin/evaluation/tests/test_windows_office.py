"""The office schedules, opens early, extends and closes evaluation windows, each with
a reason and audited; others are refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanmin.accounts.tests.fixtures import verified_client
from sanmin.audit.models import AuditEvent
from sanmin.evaluation.models import Window
from sanmin.evaluation.tests.ballot_helpers import first_public_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(office_user: Any) -> Client:
    return verified_client(office_user)


def _follow(client: Client, url: str, data: dict[str, str] | None = None) -> str:
    response = client.post(url, data or {}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def _act(name: str, window: Window) -> str:
    return reverse(f"evaluation:{name}", kwargs={"window_id": window.pk})


def test_it_lists_the_sessions_and_schedules_the_default_windows(
    office: Client, campaign: Any
) -> None:
    page = office.get(reverse("evaluation:windows")).content.decode()
    assert "安排默认评议时段" in page
    assert page.count("尚未安排") >= 5
    url = reverse("evaluation:windows-schedule", kwargs={"campaign_id": campaign.pk})
    page = _follow(office, url)
    assert "已为 5 个场次安排默认评议时段" in page
    assert Window.objects.count() == 5
    first = first_public_session(campaign)
    assert first.window.opens_at == first.ends_at
    assert "安排默认评议时段</button>" not in page
    assert AuditEvent.objects.filter(action="window.schedule").count() == 1
    assert "所有场次都已安排评议时段" in _follow(office, url)
    assert AuditEvent.objects.filter(action="window.schedule").count() == 1


def test_the_office_opens_a_window_early_with_a_reason(
    office: Client, public_session: Any
) -> None:
    window = public_session.window
    moment = window.opens_at - dt.timedelta(hours=1)
    with time_machine.travel(moment, tick=False):
        page = _follow(office, _act("window-open", window), {"reason": ""})
        assert "请填写调整评议时段的理由" in page
        window.refresh_from_db()
        assert window.opens_at > moment
        page = _follow(office, _act("window-open", window), {"reason": "会场提前结束"})
    assert "评议已提前开始" in page
    window.refresh_from_db()
    assert window.opens_at == moment
    event = AuditEvent.objects.get(action="window.open")
    assert event.detail["reason"] == "会场提前结束"


def test_the_office_extends_a_window(office: Client, public_session: Any) -> None:
    window = public_session.window
    later = timezone.localtime(window.closes_at) + dt.timedelta(hours=2)
    with time_machine.travel(window.opens_at + dt.timedelta(minutes=5), tick=False):
        page = _follow(
            office,
            _act("window-extend", window),
            {"reason": "网络故障", "closes_at": later.strftime("%Y-%m-%dT%H:%M")},
        )
        assert "评议截止时间已延长" in page
        window.refresh_from_db()
        assert window.closes_at == later.replace(second=0, microsecond=0)
        earlier = timezone.localtime(window.closes_at) - dt.timedelta(hours=1)
        page = _follow(
            office,
            _act("window-extend", window),
            {"reason": "网络故障", "closes_at": earlier.strftime("%Y-%m-%dT%H:%M")},
        )
        assert "延长后的截止时间必须晚于原截止时间" in page
        page = _follow(
            office,
            _act("window-extend", window),
            {"reason": "网络故障", "closes_at": "明天"},
        )
        assert "截止时间格式不正确" in page
    assert AuditEvent.objects.filter(action="window.extend").count() == 1


def test_the_office_closes_an_open_window_now(
    office: Client, public_session: Any
) -> None:
    window = public_session.window
    moment = window.opens_at + dt.timedelta(minutes=30)
    with time_machine.travel(moment, tick=False):
        page = _follow(office, _act("window-close", window), {"reason": "提前完成"})
        assert "评议已截止" in page
        window.refresh_from_db()
        assert window.closes_at == moment
        page = _follow(office, _act("window-close", window), {"reason": "再次截止"})
        assert "评议未在进行中，无需截止" in page
    assert AuditEvent.objects.filter(action="window.close").count() == 1


def test_the_list_offers_the_acts_each_state_allows(
    office: Client, public_session: Any
) -> None:
    window = public_session.window
    url = reverse("evaluation:windows")
    with time_machine.travel(window.opens_at - dt.timedelta(hours=1), tick=False):
        page = office.get(url).content.decode()
    assert _act("window-open", window) in page
    assert _act("window-close", window) not in page
    with time_machine.travel(window.opens_at + dt.timedelta(hours=1), tick=False):
        page = office.get(url).content.decode()
    assert _act("window-open", window) not in page
    assert _act("window-close", window) in page
    assert _act("window-extend", window) in page
    with time_machine.travel(window.closes_at, tick=False):
        page = office.get(url).content.decode()
    assert _act("window-extend", window) not in page
    assert "评议已截止，评议时段不能再调整" in page


@pytest.mark.parametrize("role", ["statistics", "district", "representative"])
def test_other_roles_cannot_move_a_window(
    client_as: Any, public_session: Any, role: str
) -> None:
    window = public_session.window
    before = (window.opens_at, window.closes_at)
    response = client_as(role).post(
        _act("window-close", window), {"reason": "试图截止"}
    )
    assert response.status_code == 403
    window.refresh_from_db()
    assert (window.opens_at, window.closes_at) == before
    assert not AuditEvent.objects.filter(action__startswith="window.c").exists()


def test_an_unknown_window_is_not_found(office: Client) -> None:
    url = reverse("evaluation:window-close", kwargs={"window_id": 999999})
    assert office.post(url, {"reason": "x"}).status_code == 404
