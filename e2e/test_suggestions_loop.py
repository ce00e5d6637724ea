"""云征集 in the browser, one suggestion around the whole closed loop:

(a) a citizen signs in through the 爱山东 simulator on a phone, submits a
    suggestion (also looked at in 关怀版) and gets a tracking number;
(b) the office finds it in the triage list, accepts it and assigns it to
    市发展改革委, with the similar cases and the suggested department shown;
(c) 市发展改革委's staff answer the item, seeing no trace of who submitted it;
(d) the office approves the answer and publishes it;
(e) the citizen reads the answer on 我的建议, rates the handling, and anyone finds
    the published answer on the public suggestions page.

The steps follow one case and run in this order; axe-core checks every page.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import (
    Server,
    assert_accessible,
    assert_no_id_number,
    staff_sign_in,
    through_aishandong,
)

CITIZEN = "杨磊（演示）"  # a demo citizen on no roster (suggestions/demo.py)
TITLE = "建议在地铁站出口增设非机动车停放点"
TEXT = (
    "地铁站出口附近共享单车和电动自行车乱停放，占用盲道和人行道。建议在出口"
    "周边划定非机动车停放区，并安排专人定时整理。<script>alert(1)</script>"
)
ANSWER = (
    "经研究，我委已会同城市管理部门在相关地铁站出口周边规划非机动车停放区，"
    "将于明年一季度完成施划并安排专人管理。"
)
STATE: dict[str, Any] = {}


def _after(step: str) -> None:
    if step not in STATE:
        pytest.fail(f"前一步（{step}）没有完成，本步无法进行")


def _checked(page: Page) -> None:
    assert_accessible(page)
    assert_no_id_number(page)


def test_a_citizen_submits_a_suggestion_on_a_phone(phone: Page, shoot: Any) -> None:
    page = phone
    page.goto("/suggestions/submit/")
    through_aishandong(page, CITIZEN)
    expect(page.get_by_role("heading", level=1)).to_have_text("提出意见建议")
    _checked(page)
    page.locator(".care-toggle").get_by_role("button", name="关怀版").click()
    expect(
        page.locator(".care-toggle").get_by_role("button", name="标准版")
    ).to_be_visible()
    _checked(page)
    shoot(page, "submit-care", full=True)

    page.get_by_label("建议领域").select_option(label="城市规划建设管理")
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("建议内容").fill(TEXT)
    page.get_by_role("button", name="提交建议").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    number = page.locator(".sg-number").first.inner_text().strip()
    assert re.fullmatch(r"JY\d{10}", number), number
    # Script in the text is shown as text, never run.
    expect(page.get_by_text("<script>alert(1)</script>", exact=False)).to_be_visible()
    _checked(page)
    shoot(page, "submitted", full=True)
    STATE["number"] = number


def test_the_office_accepts_and_assigns(
    desktop: Page, server: Server, shoot: Any
) -> None:
    _after("number")
    page = desktop
    staff_sign_in(page, server, "office")
    page.get_by_role("link", name="建议受理与交办", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("建议受理与交办")
    page.get_by_label("编号或标题").fill(STATE["number"])
    page.get_by_role("button", name="筛选").click()
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("heading", name="相似建议")).to_be_visible()
    expect(page.get_by_role("heading", name="建议承办部门")).to_be_visible()
    _checked(page)
    shoot(page, "case", full=True)

    page.get_by_role("button", name="受理", exact=True).click()
    expect(page.get_by_role("heading", name="交办", exact=True)).to_be_visible()
    assign = page.locator("form", has=page.get_by_role("button", name="交办"))
    assign.get_by_label("交办事项").first.fill("研究在地铁站出口增设非机动车停放点")
    assign.get_by_label("主办单位").first.select_option(label="市发展改革委")
    page.get_by_role("button", name="交办", exact=True).click()
    expect(page.get_by_text("市发展改革委").first).to_be_visible()
    expect(
        page.get_by_role("heading", name=re.compile("交办事项（1 项）"))
    ).to_be_visible()
    _checked(page)
    STATE["assigned"] = True


def test_the_department_answers_without_seeing_the_citizen(
    desktop: Page, server: Server, shoot: Any
) -> None:
    _after("assigned")
    page = desktop
    staff_sign_in(page, server, "dept-fgw")
    page.get_by_role("link", name="交办建议办理", exact=True).click()
    page.get_by_role("link", name=re.compile("地铁站出口增设非机动车停放点")).click()
    expect(page.get_by_role("heading", name="答复建议人")).to_be_visible()
    assert CITIZEN.removesuffix("（演示）") not in page.content()
    _checked(page)
    shoot(page, "item", full=True)

    page.get_by_label("办理进展或内部备注").fill("已会同城市管理部门现场查看")
    page.get_by_role("button", name="保存").click()
    page.get_by_label("答复内容").fill(ANSWER)
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_text("答复待审").first).to_be_visible()
    assert CITIZEN.removesuffix("（演示）") not in page.content()
    STATE["answered"] = True


def test_the_office_approves_and_publishes(desktop: Page, server: Server) -> None:
    _after("answered")
    page = desktop
    staff_sign_in(page, server, "office")
    page.goto(f"/suggestions/office/{STATE['number']}/")
    page.get_by_label("审定通过").first.check()
    page.get_by_role("button", name="提交审核结论").click()
    expect(page.get_by_role("heading", name="公开答复")).to_be_visible()
    _checked(page)

    page.get_by_label("公开标题").fill("关于地铁站出口非机动车停放的答复")
    page.get_by_role("button", name="公开", exact=True).click()
    expect(page.get_by_text("已公开").first).to_be_visible()
    STATE["published"] = True


def test_the_citizen_reads_the_answer_rates_it_and_finds_it_public(
    phone: Page, shoot: Any
) -> None:
    _after("published")
    page = phone
    page.goto("/suggestions/mine/")
    through_aishandong(page, CITIZEN)
    page.get_by_role("link", name=TITLE).click()
    answers = page.get_by_role("region", name="答复")
    expect(answers.get_by_text(ANSWER[:20])).to_be_visible()
    _checked(page)
    shoot(page, "answered", full=True)

    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_role("heading", name="您的评价")).to_be_visible()

    page.goto("/suggestions/")
    page.get_by_role("link", name="关于地铁站出口非机动车停放的答复").click()
    expect(page.get_by_text(ANSWER[:20])).to_be_visible()
    assert CITIZEN.removesuffix("（演示）") not in page.content()
    _checked(page)
