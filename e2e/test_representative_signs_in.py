"""Citizens sign in through the 爱山东 simulator over real HTTP: login page, face
verification, ticket back to our site, ticket → token → user info server to server."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from e2e.conftest import ID_NUMBER, Server, assert_accessible, assert_no_id_number

# Synthetic people of sanmin/core/demo.py: serial 1 is a representative of the first
# district, serial 44 the first of the five citizens on no roster.
REPRESENTATIVE = "李秀英（演示）"
CITIZEN = "陈芳（演示）"
MASKED_ID = re.compile(r"^\d{4}\*{10}[\dX]{4}$")
REPRESENTATIVE_NOTE = "您是本年度“三民”活动市民代表"
NOT_REPRESENTATIVE_NOTE = "您目前不在市民代表名单中"


def _checked(page: Page) -> None:
    assert_accessible(page)
    assert_no_id_number(page)


def _sign_in(page: Page, name: str, shoot: Callable[..., Path]) -> None:
    """From our site through the simulator and back, checking every page."""
    page.goto("/")
    page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="登录", exact=True
    ).click()

    expect(page).to_have_url(re.compile(r"/identity/simulator/login/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "爱山东统一身份认证（模拟）"
    )
    _checked(page)
    person = page.get_by_role("button", name=f"以{name}的身份登录", exact=True)
    person.scroll_into_view_if_needed()
    shoot(page, "simulator-login")
    person.click()

    expect(page).to_have_url(re.compile(r"/identity/simulator/face/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("刷脸认证（模拟）")
    expect(page.get_by_text(f"登录人员：{name}")).to_be_visible()
    _checked(page)
    shoot(page, "face")
    page.get_by_role("button", name="开始人脸识别").click()

    expect(page.get_by_text("识别通过")).to_be_visible()
    _checked(page)
    shoot(page, "face-passed")
    page.get_by_role("button", name="确认登录三民平台").click()

    # The callback has exchanged the ticket and fetched the user info over HTTP.
    expect(page).to_have_url(re.compile(r"/identity/signed-in/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("我的身份")
    expect(page.get_by_text("您已通过爱山东登录")).to_be_visible()
    _checked(page)


def _identity_value(page: Page, label: str) -> str:
    return page.locator(f"dt:text-is('{label}') + dd").inner_text().strip()


def test_it_signs_in_a_representative(
    phone: Page, server: Server, shoot: Callable[..., Path]
) -> None:
    page = phone
    _sign_in(page, REPRESENTATIVE, shoot)
    # The server asked the simulator over HTTP, as it would ask 爱山东 (gunicorn
    # writes an access line once the response is sent: allow it a moment).
    calls = ('"POST /identity/simulator/token', '"POST /identity/simulator/userinfo')
    deadline = time.monotonic() + 5
    while not all(call in (log := server.log_text()) for call in calls):
        assert time.monotonic() < deadline, "服务器没有通过HTTP调用模拟器"
        time.sleep(0.2)
    # The user info carried the full ID number; no log line may repeat it.
    assert not ID_NUMBER.search(log)
    assert _identity_value(page, "姓名") == REPRESENTATIVE
    assert MASKED_ID.match(_identity_value(page, "身份证号码"))
    expect(page.get_by_text(REPRESENTATIVE_NOTE)).to_be_visible()
    expect(page.get_by_text(NOT_REPRESENTATIVE_NOTE)).to_have_count(0)
    shoot(page, "signed-in-representative")

    # Signed in on every page: the header offers 退出 instead of 登录.
    page.goto("/")
    nav = page.get_by_role("navigation", name="主导航")
    expect(nav.get_by_role("button", name="退出")).to_be_visible()
    nav.get_by_role("button", name="退出").click()
    expect(nav.get_by_role("link", name="登录", exact=True)).to_be_visible()


def test_it_signs_in_a_citizen_who_is_not_a_representative(
    phone: Page, shoot: Callable[..., Path]
) -> None:
    page = phone
    _sign_in(page, CITIZEN, shoot)
    assert _identity_value(page, "姓名") == CITIZEN
    assert MASKED_ID.match(_identity_value(page, "身份证号码"))
    expect(page.get_by_text(NOT_REPRESENTATIVE_NOTE)).to_be_visible()
    expect(page.get_by_text(REPRESENTATIVE_NOTE)).to_have_count(0)
    shoot(page, "signed-in-citizen")
