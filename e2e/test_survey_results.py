"""社情民意调查, the staff side, in the browser:

(a) the statistics role previews the public questionnaire: the same form as the
    fill page, the follow-up question shown only for 不满意, nothing sent;
(b) the statistics role reads the live results of the public survey (the demo's
    synthetic answers and the journeys' own): satisfaction per area, each
    question's table with its chart (ECharts, with its accessibility description),
    the cross-tab by district, and the free-text answers with search; axe-clean,
    on a desktop and on a phone;
(c) before publication the public summary is not there for a visitor.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.conftest import Server, assert_accessible, assert_no_id_number, staff_sign_in

SURVEY = "2024年青岛市社情民意调查"


def _public_row(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_role("row").filter(has_text=SURVEY).first


def test_the_statistics_role_previews_and_reads_the_results(
    desktop: Page, new_page, server: Server, shoot
) -> None:
    page = desktop
    staff_sign_in(page, server, "statistics")

    # (a) The preview behaves as the fill page and sends nothing.
    page.goto("/surveys/builder/")
    _public_row(page).get_by_role("link", name=re.compile("^预览")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SURVEY)
    follow_up = page.locator("#q-overall_detail")
    expect(follow_up).to_be_hidden()
    page.locator("#q-overall").get_by_label("不满意", exact=True).check()
    expect(follow_up).to_be_visible()
    preview_url = page.url
    page.get_by_role("button", name=re.compile("提交问卷")).click()
    expect(page.locator("[data-survey-status]")).to_have_text(
        "这是预览，答卷不会提交。"
    )
    assert page.url == preview_url
    assert_accessible(page)
    shoot(page, "preview")

    # (b) Live results, charts with their descriptions, the cross-tab, texts.
    page.goto("/surveys/results/")
    _public_row(page).get_by_role("link", name=re.compile("^查看结果")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(SURVEY)
    expect(page.get_by_role("heading", name="各领域满意率")).to_be_visible()
    chart = page.locator('[data-survey-chart="all-areas"]')
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("aria-label", re.compile(r"\S"))
    expect(chart.locator("svg")).to_be_visible()
    assert_accessible(page)
    assert_no_id_number(page)
    shoot(page, "results", full=True)

    page.get_by_role("navigation", name="交叉分析").get_by_role(
        "link", name="按区（市）"
    ).click()
    expect(page.get_by_role("heading", name="交叉分析：按区（市）")).to_be_visible()
    expect(page.get_by_role("rowheader", name="市南区").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="文字回答").first.click()
    expect(page.get_by_role("heading", name="文字回答", level=1)).to_be_visible()
    page.get_by_label("搜索文字回答").fill("停车")
    page.get_by_role("button", name="搜索", exact=True).click()
    answers = page.get_by_role("region", name=re.compile("^文字回答"))
    expect(answers).to_contain_text("停车")
    expect(answers).not_to_contain_text("图书馆")
    assert_accessible(page)
    shoot(page, "texts")

    phone = new_page("phone")
    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url.split("/texts/")[0] + "/")
    expect(phone.get_by_role("heading", name="各领域满意率")).to_be_visible()
    assert_accessible(phone)
    shoot(phone, "results-phone", full=True)

    # (c) Nothing is public before publication.
    summary = page.url.split("/texts/")[0] + "/summary/"
    visitor = new_page("phone")
    assert visitor.goto(summary).status == 404
