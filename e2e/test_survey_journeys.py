"""社情民意调查 in the browser, on a phone:

(a) a representative casts a ballot and, from the receipt, completes the
    representatives' questionnaire; the follow-up question appears only for 不满意
    (client-side conditional display); axe-clean also in 关怀版;
(b) a visitor answers the public survey anonymously, leaves half-way, comes back,
    finds the answers restored from the device, completes and submits (the proof
    of work done in the background); the device cannot answer again.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.conftest import (
    checked,
    through_aishandong,
    toggle_care,
)

VOTER = "赵静（演示）"  # a public-roster representative of sanmin/core/demo.py
AREAS = ("居住环境", "社会治安", "基本医疗", "文体生活", "基础教育", "社会帮扶")


def _rate_areas(page: Page, areas: tuple[str, ...] = AREAS) -> None:
    matrix = page.locator("#q-areas")
    for index, area in enumerate(areas):
        label = ("满意", "比较满意", "基本满意", "不满意", "不了解")[index % 5]
        matrix.get_by_role("group", name=area, exact=True).get_by_label(
            label, exact=True
        ).check()


def _finish(page: Page) -> None:
    """The questions after the matrix, with the conditional follow-up checked."""
    overall = page.locator("#q-overall")
    follow_up = page.locator("#q-overall_detail")
    expect(follow_up).to_be_hidden()
    overall.get_by_label("不满意", exact=True).check()
    expect(follow_up).to_be_visible()
    follow_up.get_by_role("textbox").fill("社区医院看病排队时间较长。")
    overall.get_by_label("比较满意", exact=True).check()
    expect(follow_up).to_be_hidden()
    page.locator("#q-improve_area").get_by_label("基本医疗", exact=True).check()
    improvements = page.locator("#q-improvements")
    improvements.locator("input[type=checkbox]").nth(0).check()
    improvements.locator("input[type=checkbox]").nth(1).check()
    page.locator("#q-age input[type=radio]").nth(2).check()


def test_a_representative_casts_a_ballot_then_answers(
    phone: Page, session_id: int, shoot
) -> None:
    page = phone
    page.goto(f"/evaluate/{session_id}/")
    through_aishandong(page, VOTER)
    expect(page).to_have_url(re.compile(rf"/evaluate/{session_id}/$"))
    for box in page.locator("fieldset[data-department]").all():
        box.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="下一步：核对评议意见").click()
    page.get_by_role("dialog", name="核对评议意见").get_by_role(
        "button", name="确认提交"
    ).click()
    expect(page.get_by_role("heading", name="您的评议回执")).to_be_visible()

    page.get_by_role("link", name="下一步：填写市民代表问卷").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "市民代表社情民意调查问卷"
    )
    checked(page)
    shoot(page, "representative-fill", full=True)
    toggle_care(page, "关怀版")
    checked(page)
    shoot(page, "representative-fill-care", full=True)
    toggle_care(page, "标准版")

    _rate_areas(page)
    _finish(page)
    page.get_by_role("button", name="提交问卷").click()
    expect(page.get_by_text("问卷已提交")).to_be_visible()
    # fill.js put the thank-you content in place of the form: its address, its
    # title, and the heading focused for screen readers.
    expect(page).to_have_url(re.compile(r"/surveys/fill/\d+/thanks/$"))
    expect(page).to_have_title(re.compile(r"^感谢参与："))
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    checked(page)
    page.goto("/surveys/representatives/")
    expect(page.get_by_text("问卷已提交")).to_be_visible()


def test_a_visitor_resumes_and_submits_the_public_survey(phone: Page, shoot) -> None:
    page = phone
    page.goto("/surveys/public/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "2024年青岛市社情民意调查"
    )
    checked(page)
    page.get_by_role("link", name="不登录，匿名填写").click()
    expect(page.get_by_text("您正在匿名填写")).to_be_visible()
    checked(page)
    toggle_care(page, "关怀版")
    checked(page)
    shoot(page, "public-fill-care", full=True)

    _rate_areas(page, AREAS[:3])
    page.goto("/")  # leaves half-way
    page.goto("/surveys/public/")
    page.get_by_role("link", name="不登录，匿名填写").click()
    expect(page.locator("[data-survey-restored]")).to_be_visible()
    matrix = page.locator("#q-areas")
    expect(
        matrix.get_by_role("group", name="居住环境", exact=True).get_by_label(
            "满意", exact=True
        )
    ).to_be_checked()
    checked(page)

    _rate_areas(page, AREAS)
    _finish(page)
    page.locator("#q-district").get_by_label("市南区", exact=True).check()
    page.get_by_role("button", name="提交问卷").click()
    expect(page.get_by_text("问卷已提交")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/surveys/fill/\d+/thanks/$"))
    checked(page)
    shoot(page, "public-thanks")
    assert (
        page.evaluate(
            "() => Object.keys(localStorage).filter(k => k.startsWith('sanmin-survey-'))"
        )
        == []
    )

    page.goto("/surveys/public/")
    expect(page.get_by_text("您已填写过本次调查")).to_be_visible()
