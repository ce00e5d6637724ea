"""A representative rates every department of an open session on a phone: signs in
through the 爱山东 simulator, rates, confirms, gets a receipt, comes back to 已评议 with
the receipt; axe-clean in the standard view and in 关怀版."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from e2e.conftest import Server, assert_accessible, assert_no_id_number

# Synthetic public-roster representatives of sanmin/core/demo.py (serials 2 and 3).
VOTER = "张海燕（演示）"
SECOND_VOTER = "刘志强（演示）"
RECEIPT = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$")
CHOICES = ("满意", "比较满意", "基本满意", "不满意", "不了解")

# The demo sessions are in December 2024: give the first public one a window around
# now through the office's service (open early), and close it again afterwards so
# that other journeys (the tally) find every window closed.
_OPEN_WINDOW = """
import datetime as dt
from django.utils import timezone
from sanmin.campaigns.selectors import campaign_current
from sanmin.evaluation.models import Window
from sanmin.evaluation.services.windows import window_open_now
now = timezone.now()
session = campaign_current().sessions.filter(kind="public").order_by("starts_at")[0]
window = Window.objects.filter(session=session).first()
later = {"opens_at": now + dt.timedelta(hours=1), "closes_at": now + dt.timedelta(hours=3)}
if window is None:
    window = Window.objects.create(session=session, **later)
elif not window.is_open(now):
    Window.objects.filter(pk=window.pk).update(**later)
    window.refresh_from_db()
if not window.is_open(now):
    window_open_now(window=window, actor="浏览器测试", reason="浏览器测试：开放评议")
print(session.pk)
"""

_CLOSE_WINDOW = """
from django.utils import timezone
from sanmin.evaluation.models import Window
from sanmin.evaluation.services.windows import window_close_now
window = Window.objects.get(session_id=SESSION)
if window.is_open(timezone.now()):
    window_close_now(window=window, actor="浏览器测试", reason="浏览器测试结束")
"""


@pytest.fixture(scope="module")
def session_id(server: Server) -> Iterator[int]:
    pk = int(server.sanmin("shell", "-c", _OPEN_WINDOW).strip().splitlines()[-1])
    yield pk
    server.sanmin("shell", "-c", _CLOSE_WINDOW.replace("SESSION", str(pk)))


def _checked(page: Page) -> None:
    assert_accessible(page)
    assert_no_id_number(page)


def _sign_in_to_evaluate(page: Page, name: str) -> None:
    """/evaluate/ sends a signed-out visitor through 爱山东 and back."""
    page.goto("/evaluate/")
    expect(page).to_have_url(re.compile(r"/identity/simulator/login/"))
    page.get_by_role("button", name=f"以{name}的身份登录", exact=True).click()
    page.get_by_role("button", name="开始人脸识别").click()
    expect(page.get_by_text("识别通过")).to_be_visible()
    page.get_by_role("button", name="确认登录三民平台").click()
    expect(page).to_have_url(re.compile(r"/evaluate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("我的评议")


def _toggle_care(page: Page, to: str) -> None:
    page.locator(".care-toggle").get_by_role("button", name=to, exact=True).click()
    other = "标准版" if to == "关怀版" else "关怀版"
    expect(
        page.locator(".care-toggle").get_by_role("button", name=other, exact=True)
    ).to_be_visible()


def _departments(page: Page) -> list[str]:
    legends = page.locator("fieldset[data-department]")
    return [
        str(legends.nth(i).get_attribute("data-department"))
        for i in range(legends.count())
    ]


def _group(page: Page, department: str) -> Locator:
    return page.get_by_role("group", name=department, exact=True)


def _choose(page: Page, department: str, label: str) -> None:
    _group(page, department).get_by_label(label, exact=True).check()


def test_a_representative_rates_every_department_and_gets_a_receipt(
    phone: Page, server: Server, session_id: int, shoot: Callable[..., Path]
) -> None:
    page = phone
    _sign_in_to_evaluate(page, VOTER)
    _checked(page)
    shoot(page, "sessions")
    session_card = page.locator(".eval-session").first
    expect(session_card.get_by_text("评议中")).to_be_visible()
    session_card.get_by_role("link", name=re.compile("^开始评议")).click()

    # The ballot, standard view.
    expect(page).to_have_url(re.compile(rf"/evaluate/{session_id}/$"))
    departments = _departments(page)
    assert len(departments) == 8
    for label in CHOICES:
        expect(page.get_by_label(label, exact=True)).to_have_count(8)
    key = page.locator("input[name=idempotency_key]").input_value()
    _checked(page)
    shoot(page, "ballot")

    # Nothing is sent while a department has no choice: the missing ones are named.
    _choose(page, departments[0], "满意")
    _choose(page, departments[1], "比较满意")
    page.get_by_role("button", name="下一步：核对评议意见").click()
    missing = page.locator("[data-ballot-missing]")
    expect(missing).to_be_visible()
    expect(missing).to_be_focused()
    for name in departments[2:]:
        expect(missing.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/evaluate/{session_id}/$"))
    shoot(page, "ballot-missing")

    # 关怀版: the choices made so far and the key survive the switch.
    _toggle_care(page, "关怀版")
    expect(page.locator("html")).to_have_class(re.compile("care"))
    group = _group(page, departments[0])
    expect(group.get_by_label("满意", exact=True)).to_be_checked()
    assert page.locator("input[name=idempotency_key]").input_value() == key
    _checked(page)
    shoot(page, "ballot-care")

    for index, name in enumerate(departments[2:], start=2):
        _choose(page, name, CHOICES[index % len(CHOICES)])
    _group(page, departments[0]).get_by_label("意见建议").fill(
        "希望办事窗口延长服务时间。"
    )
    expect(page.locator("[data-ballot-progress]")).to_have_text("已评议 8 / 8 个部门")
    page.get_by_role("button", name="下一步：核对评议意见").click()

    # The confirmation shows the whole ballot; going back keeps everything.
    expect(page.get_by_role("heading", level=1)).to_have_text("核对评议意见")
    summary = page.locator(".ballot-summary li")
    expect(summary).to_have_count(8)
    expect(summary.first).to_contain_text("满意")
    expect(summary.first).to_contain_text("希望办事窗口延长服务时间。")
    _checked(page)
    shoot(page, "confirm-care", full=True)
    page.get_by_role("button", name="返回修改").click()
    group = _group(page, departments[1])
    expect(group.get_by_label("比较满意", exact=True)).to_be_checked()
    assert page.locator("input[name=idempotency_key]").input_value() == key
    page.get_by_role("button", name="下一步：核对评议意见").click()
    page.get_by_role("button", name="确认提交").click()

    # The receipt.
    expect(page.get_by_role("heading", level=1)).to_have_text("您的评议回执")
    receipt = page.locator("[data-receipt]").inner_text().strip()
    assert RECEIPT.match(receipt), receipt
    expect(page.get_by_text("什么是评议回执")).to_be_visible()
    expect(page.get_by_role("button", name="短信发送回执")).to_be_visible()
    _checked(page)
    shoot(page, "receipt-care")

    # Coming back (here by switching back to the standard view, then reloading):
    # 已评议 with the receipt this phone kept, never the form.
    _toggle_care(page, "标准版")
    expect(page).to_have_url(re.compile(rf"/evaluate/{session_id}/$"))
    for _ in range(2):
        expect(page.get_by_text("您已完成本场次评议")).to_be_visible()
        expect(page.locator("[data-receipt]")).to_have_text(receipt)
        expect(page.locator("input[type=radio]")).to_have_count(0)
        _checked(page)
        page.reload()
    shoot(page, "voted")

    page.goto("/evaluate/")
    expect(page.locator(".eval-session").first.get_by_text("已评议")).to_be_visible()


def test_a_second_representative_sees_the_receipt_in_the_standard_view(
    new_page: Callable[..., Page], session_id: int, shoot: Callable[..., Path]
) -> None:
    page = new_page("phone")
    _sign_in_to_evaluate(page, SECOND_VOTER)
    page.goto(f"/evaluate/{session_id}/")
    for name in _departments(page):
        _choose(page, name, "满意")
    page.get_by_role("button", name="下一步：核对评议意见").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("核对评议意见")
    shoot(page, "confirm")
    page.get_by_role("button", name="确认提交").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("您的评议回执")
    assert RECEIPT.match(page.locator("[data-receipt]").inner_text().strip())
    _checked(page)
    shoot(page, "receipt")
    shoot(page, "receipt-full", full=True)
