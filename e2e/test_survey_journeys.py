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
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import (
    Server,
    assert_accessible,
    assert_no_id_number,
    through_aishandong,
)

VOTER = "赵静（演示）"  # a public-roster representative of sanmin/core/demo.py
AREAS = ("居住环境", "社会治安", "基本医疗", "文体生活", "基础教育", "社会帮扶")

_OPEN = """
import datetime as dt
from django.utils import timezone
from sanmin.campaigns.selectors import campaign_current
from sanmin.evaluation.models import Window
from sanmin.evaluation.services.windows import window_open_now
campaign = campaign_current()  # its 2024 questionnaires are open (demo)
now = timezone.now()
session = campaign.sessions.filter(kind="public").order_by("starts_at")[0]
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

_CLOSE = """
from django.utils import timezone
from sanmin.evaluation.models import Window
from sanmin.evaluation.services.windows import window_close_now
window = Window.objects.get(session_id=SESSION)
if window.is_open(timezone.now()):
    window_close_now(window=window, actor="浏览器测试", reason="浏览器测试结束")
"""


@pytest.fixture(scope="module")
def session_id(server: Server) -> Iterator[int]:
    pk = int(server.sanmin("shell", "-c", _OPEN).strip().splitlines()[-1])
    yield pk
    server.sanmin("shell", "-c", _CLOSE.replace("SESSION", str(pk)))


def _checked(page: Page) -> None:
    assert_accessible(page)
    assert_no_id_number(page)


def _toggle_care(page: Page, to: str) -> None:
    page.locator(".care-toggle").get_by_role("button", name=to, exact=True).click()
    other = "标准版" if to == "关怀版" else "关怀版"
    expect(
        page.locator(".care-toggle").get_by_role("button", name=other, exact=True)
    ).to_be_visible()


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
    _checked(page)
    shoot(page, "representative-fill", full=True)
    _toggle_care(page, "关怀版")
    _checked(page)
    shoot(page, "representative-fill-care", full=True)
    _toggle_care(page, "标准版")

    _rate_areas(page)
    _finish(page)
    page.get_by_role("button", name="提交问卷").click()
    expect(page.get_by_text("问卷已提交")).to_be_visible()
    _checked(page)
    page.goto("/surveys/representatives/")
    expect(page.get_by_text("问卷已提交")).to_be_visible()


def test_a_visitor_resumes_and_submits_the_public_survey(phone: Page, shoot) -> None:
    page = phone
    page.goto("/surveys/public/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "2024年青岛市社情民意调查"
    )
    _checked(page)
    page.get_by_role("link", name="不登录，匿名填写").click()
    expect(page.get_by_text("您正在匿名填写")).to_be_visible()
    _checked(page)
    _toggle_care(page, "关怀版")
    _checked(page)
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
    _checked(page)

    _rate_areas(page, AREAS)
    _finish(page)
    page.locator("#q-district").get_by_label("市南区", exact=True).check()
    page.get_by_role("button", name="提交问卷").click()
    expect(page.get_by_text("问卷已提交")).to_be_visible()
    _checked(page)
    shoot(page, "public-thanks")
    assert (
        page.evaluate(
            "() => Object.keys(localStorage).filter(k => k.startsWith('sanmin-survey-'))"
        )
        == []
    )

    page.goto("/surveys/public/")
    expect(page.get_by_text("您已填写过本次调查")).to_be_visible()
