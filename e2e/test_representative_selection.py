"""代表遴选 in the browser, one small campaign from sign-up to replacement:

(a) a citizen signs in through the 爱山东 simulator and signs up as a volunteer
    (standard view and 关怀版), and sees 待审查;
(b) the police reviewer passes them one by one and the rest of the queue in bulk,
    the petition reviewer (on a phone) passes ticked candidates and then the page;
    the citizen sees 已通过资格审查;
(c) the statistics bureau freezes the pool, enters the seed sources, draws, reads
    the report (chances per cell, fingerprints), verifies it, and builds the roster;
    anyone reads the public record, on a desktop and on a phone;
(d) the volunteer, now selected, confirms on the confirm page;
(e) 市南区's staff record a decline taken by phone and give the seat to the next
    alternate.

The journeys follow one campaign and run in this order. The campaign (2031: a
volunteer seat and ten seats in each district) is made through the services by
`sanmin shell` and is the current one while this module runs (active, the latest
year); afterwards it is closed, so the other journeys find the demo's 2024 campaign
again. Its random-sample pool is imported and passed by both bodies through the
services, except 市南区's, which the reviewers pass in the browser.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import (
    Server,
    checked,
    staff_sign_in,
    through_aishandong,
    toggle_care,
)

YEAR = 2031
SLUG = f"e2e-selection-{YEAR}"
VOLUNTEER = "何雨欣（演示）"
# A demo citizen on no roster (demo.py, serial 46): only looks at the form.
ONLOOKER = "赵晓东（演示）"
SHINAN_POOL = 13  # 市南区's candidates, left for the reviewers: 10 seats, 1 alternate
HASH = re.compile(r"^[0-9a-f]{64}$")
SEEDS = (("2031-06-01 福彩3D开奖号码", "385"), ("公证员见证投掷骰子", "3-6-2"))

_SETUP = """
import csv, datetime as dt, io, json
from sanmin.accounts.models import User
from sanmin.campaigns.models import Campaign, District
from sanmin.campaigns.services import (
    QINGDAO_2024, campaign_load, campaign_set_status, venue_add,
)
from sanmin.core.personal import make_id_number
from sanmin.identity.services import simulated_person_create
from sanmin.representatives.models import Candidate, Review
from sanmin.representatives.selectors.intake import intake_scope_for
from sanmin.representatives.services.intake import candidates_import
from sanmin.representatives.services.reviews import candidates_review
from sanmin.representatives.services.years import service_years_import

YEAR, SLUG, SHINAN_POOL = __YEAR__, "__SLUG__", __SHINAN__
ACTOR = "浏览器测试"
text = QINGDAO_2024.read_text(encoding="utf-8").replace('"2024-', f'"{YEAR}-')
data = json.loads(text)
data["campaign"].update(
    year=YEAR, slug=SLUG, title=f"{YEAR}年代表遴选浏览器测试活动", min_representatives=101
)
data["quotas"] = [
    {"level": "city", "section": "自愿报名", "code": "city-volunteers",
     "name": "自愿报名市民代表", "note": "按照代表属地分配", "seats": 1,
     "method": "volunteer", "by_residence": True},
    {"level": "district", "section": "服务对象代表", "code": "d-residents",
     "name": "社区(村)居民代表", "note": "", "seats": 100, "method": "random",
     "by_residence": False},
]
campaign = campaign_load(data=data, actor=ACTOR)
campaign_set_status(campaign=campaign, status=Campaign.Status.ACTIVE, actor=ACTOR)
districts = list(District.objects.order_by("order", "code"))
shinan = districts[0]
venue_add(campaign=campaign, district=shinan, name="市南区社区会场（演示）",
          address="市南区演示街道1号（演示数据）", capacity=120, actor=ACTOR)

# The random-sample pool: 12 in every district, 13 in 市南区; sequence codes 50-99,
# which no demo person uses.
rows, years, serial = [], [], 0
for district in districts:
    for _ in range(SHINAN_POOL if district == shinan else 12):
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=serial * 37)
        number = make_id_number(district.code, birth, 50 + serial % 50)
        rows.append([f"居民{serial:03d}（演示）", number, f"1709{serial:07d}",
                     "社区(村)居民代表", district.name])
        if district == shinan and serial % 4 == 1:  # three served last year
            years.append([number, YEAR - 1, "d-residents", district.name])
        if district == shinan and serial % 13 == 12:  # served three years running
            years += [[number, YEAR - k, "d-residents", district.name] for k in (1, 2, 3)]
        serial += 1

def sheet(header, body):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *body])
    return io.BytesIO(buffer.getvalue().encode("utf-8-sig"))

statistics = User.objects.get(username="statistics")
imported = candidates_import(
    campaign=campaign, scope=intake_scope_for(statistics),
    upload=sheet(["姓名", "身份证号", "手机号", "代表类别", "区（市）"], rows),
    filename="浏览器测试抽样库.csv", actor=statistics,
)
assert imported.ok, imported.errors[:3]
served = service_years_import(
    upload=sheet(["身份证号", "年度", "代表类别", "区（市）"], years),
    filename="浏览器测试往年名单.csv", before_year=YEAR, actor=statistics,
)
assert served.ok, served.errors[:3]
others = list(
    Candidate.objects.filter(campaign=campaign).exclude(district=shinan)
    .values_list("pk", flat=True)
)
for username in ("reviewer-police", "reviewer-petition"):
    candidates_review(campaign=campaign, candidate_ids=others,
                      reviewer=User.objects.get(username=username),
                      decision=Review.PASSED)
simulated_person_create(
    name="__VOLUNTEER__", id_number=make_id_number("370202", dt.date(1990, 5, 17), 77),
    phone="17090000777",
)
print(json.dumps({"campaign": campaign.pk}))
"""

_TEARDOWN = """
from sanmin.campaigns.models import Campaign
from sanmin.campaigns.services import campaign_set_status
campaign = Campaign.objects.get(slug="__SLUG__")
campaign_set_status(campaign=campaign, status=Campaign.Status.CLOSED, actor="浏览器测试")
"""

_STEPS: set[str] = set()
# What the draw published, for the public record's journey.
_PUBLISHED: dict[str, str] = {}


def _script(template: str) -> str:
    return (
        template.replace("__YEAR__", str(YEAR))
        .replace("__SLUG__", SLUG)
        .replace("__SHINAN__", str(SHINAN_POOL))
        .replace("__VOLUNTEER__", VOLUNTEER)
    )


@pytest.fixture(scope="module")
def campaign(server: Server) -> Iterator[dict[str, Any]]:
    output = server.sanmin("shell", "-c", _script(_SETUP))
    yield json.loads(output.strip().splitlines()[-1])
    server.sanmin("shell", "-c", _script(_TEARDOWN))


def _after(step: str) -> None:
    """The journeys build on each other: say so when an earlier one failed."""
    if step not in _STEPS:
        pytest.fail(f"前一步（{step}）没有完成，本步无法进行")


def _signup_page(page: Page, name: str) -> None:
    page.goto("/representatives/signup/")
    through_aishandong(page, name)
    expect(page).to_have_url(re.compile(r"/representatives/signup/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("自愿报名市民代表")


def _message(page: Page, text: str) -> None:
    expect(page.get_by_text(text, exact=False).first).to_be_visible()


# (a) ---------------------------------------------------------------------------------


def test_a_citizen_signs_up_as_a_volunteer(
    new_page: Callable[..., Page], campaign: dict[str, Any], shoot: Callable[..., Path]
) -> None:
    page = new_page("phone")
    page.goto("/")
    signup = page.get_by_role("region", name="报名成为市民代表")
    expect(signup).to_be_visible()
    signup.get_by_role("link", name="自愿报名").click()
    through_aishandong(page, VOLUNTEER)
    expect(page).to_have_url(re.compile(r"/representatives/signup/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("自愿报名市民代表")
    expect(page.get_by_text(f"{YEAR}年代表遴选浏览器测试活动")).to_be_visible()
    checked(page)
    shoot(page, "form")

    # Without consent nothing is stored: the reason is shown at the box.
    page.get_by_label("居住的区（市）").select_option(label="市南区")
    page.get_by_label("非青岛市户籍", exact=True).check()
    page.get_by_label("在青岛居住年限（年）").fill("3")
    page.get_by_label("职业").fill("教师")
    page.get_by_label("工作单位").fill("青岛某中学（演示）")
    expect(page.get_by_label("手机号码")).to_have_value("17090000777")
    page.get_by_role("button", name="提交报名").click()
    expect(page.get_by_text("请阅读并同意《工作纪律》后再报名").first).to_be_visible()
    expect(page.get_by_label("职业")).to_have_value("教师")
    checked(page)
    shoot(page, "form-refused", full=True)

    # 关怀版: the same form, larger; the work discipline opens in place.
    toggle_care(page, "关怀版")
    expect(page.locator("html")).to_have_class(re.compile("care"))
    page.locator("#annex4 summary").click()
    expect(
        page.get_by_text("一、组织活动的部门及其工作人员，不得存在下列行为")
    ).to_be_visible()
    checked(page)
    shoot(page, "form-care")
    page.get_by_label("居住的区（市）").select_option(label="市南区")
    page.get_by_label("非青岛市户籍", exact=True).check()
    page.get_by_label("在青岛居住年限（年）").fill("3")
    page.get_by_label("职业").fill("教师")
    consent = page.get_by_label(
        "我已阅读《工作纪律》，同意遵守，并承诺如实填写以上信息"
    )
    consent.check()
    shoot(page, "form-care-filled")
    page.get_by_role("button", name="提交报名").click()

    expect(page).to_have_url(re.compile(r"/representatives/signup/$"))
    _message(page, "报名成功，请等待资格审查。")
    status = page.locator("[data-candidate-status]")
    expect(status).to_have_attribute("data-candidate-status", "pending")
    expect(status.get_by_text("待审查", exact=True)).to_be_visible()
    expect(status).to_contain_text("自愿报名市民代表")
    expect(status).to_contain_text("市南区")
    expect(page.get_by_role("button", name="撤回报名")).to_be_visible()
    checked(page)
    shoot(page, "pending-care")
    toggle_care(page, "标准版")
    checked(page)
    shoot(page, "pending")

    # The form on a desktop, as another citizen sees it (not sent).
    desk = new_page("desktop")
    _signup_page(desk, ONLOOKER)
    expect(desk.get_by_role("button", name="提交报名")).to_be_visible()
    checked(desk)
    shoot(desk, "form-desktop")
    _STEPS.add("signed up")


# (b) ---------------------------------------------------------------------------------


def _queue(page: Page, server: Server, username: str, body: str) -> None:
    staff_sign_in(page, server, username)
    page.get_by_role("link", name="资格审查", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"资格审查 · {body}")


def test_reviewers_pass_the_volunteer_one_by_one_and_in_bulk(
    new_page: Callable[..., Page], server: Server, shoot: Callable[..., Path]
) -> None:
    _after("signed up")
    police = new_page("desktop")
    _queue(police, server, "reviewer-police", "市公安局")
    expect(police.locator("[data-pending]")).to_have_text(str(SHINAN_POOL + 1))
    checked(police)
    shoot(police, "police-queue")

    # One by one: the volunteer, found by channel.
    police.get_by_label("渠道").select_option(label="自愿报名")
    police.get_by_role("button", name="筛选").click()
    row = police.locator("tbody tr").filter(has_text=VOLUNTEER)
    expect(police.locator("tbody tr")).to_have_count(1)
    expect(row).to_contain_text("自愿报名市民代表")
    row.get_by_role("link", name="逐个审查").click()
    expect(police.get_by_role("heading", name="候选人")).to_be_visible()
    expect(police.locator("dl")).to_contain_text(VOLUNTEER)
    checked(police)
    shoot(police, "police-one")
    police.get_by_label("通过", exact=True).check()
    police.get_by_role("button", name="提交结论").click()
    _message(police, "已作出“通过”的审查结论。")
    expect(police.locator("[data-pending]")).to_have_text(str(SHINAN_POOL))

    # In bulk: the whole page (市南区's pool).
    police.get_by_label("通过", exact=True).check()
    police.get_by_role("button", name=f"对本页全部 {SHINAN_POOL} 人作出结论").click()
    _message(police, f"已对 {SHINAN_POOL} 名候选人作出“通过”的审查结论。")
    expect(police.get_by_text("没有待审查的候选人。")).to_be_visible()
    checked(police)
    shoot(police, "police-done")

    # The petition bureau on a phone: ticks the volunteer and one more, then the page.
    petition = new_page("phone")
    _queue(petition, server, "reviewer-petition", "市信访局")
    expect(petition.locator("[data-pending]")).to_have_text(str(SHINAN_POOL + 1))
    checked(petition)
    shoot(petition, "petition-queue")
    petition.get_by_label(f"选择 {VOLUNTEER}").check()
    petition.locator("tbody input[type=checkbox]").nth(1).check()
    petition.get_by_label("通过", exact=True).check()
    shoot(petition, "petition-ticked")
    petition.get_by_role("button", name="对勾选的候选人作出结论").click()
    _message(petition, "已对 2 名候选人作出“通过”的审查结论。")
    rest = SHINAN_POOL - 1
    petition.get_by_label("通过", exact=True).check()
    petition.get_by_role("button", name=f"对本页全部 {rest} 人作出结论").click()
    _message(petition, f"已对 {rest} 名候选人作出“通过”的审查结论。")
    expect(petition.get_by_text("没有待审查的候选人。")).to_be_visible()
    checked(petition)
    shoot(petition, "petition-done")

    # Both bodies passed: the volunteer is eligible.
    citizen = new_page("phone")
    _signup_page(citizen, VOLUNTEER)
    status = citizen.locator("[data-candidate-status]")
    expect(status).to_have_attribute("data-candidate-status", "passed")
    expect(status.get_by_text("已通过资格审查", exact=True)).to_be_visible()
    expect(citizen.get_by_role("button", name="撤回报名")).to_have_count(0)
    checked(citizen)
    shoot(citizen, "citizen-passed")
    _STEPS.add("reviewed")


# (c) ---------------------------------------------------------------------------------


def test_statistics_draws_and_reads_the_report(
    new_page: Callable[..., Page], server: Server, shoot: Callable[..., Path]
) -> None:
    _after("reviewed")
    page = new_page("desktop")
    staff_sign_in(page, server, "statistics")
    page.get_by_role("link", name="代表抽取", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("代表抽取")
    checked(page)
    shoot(page, "draws")
    page.get_by_role("link", name=f"{YEAR}年代表遴选浏览器测试活动").click()

    # The overview: every cell reviewed and large enough.
    expect(page).to_have_url(re.compile(rf"/manage/draws/{SLUG}/$"))
    expect(page.get_by_text("资格审查已完成，各单元合格候选人数量足够")).to_be_visible()
    shinan = page.locator("[data-cell-table] tr[data-cell='d-residents@370202']")
    expect(shinan).to_contain_text("就绪")
    checked(page)
    shoot(page, "overview")
    page.get_by_role("button", name="冻结候选池并生成承诺值").click()

    # Committed: the commitment is published before the seed is known.
    _message(page, "已冻结候选池并生成承诺值")
    commitment = page.locator("[data-commitment-value]").inner_text().strip()
    assert HASH.match(commitment), commitment
    expect(page.locator("[data-commitment]")).to_contain_text("因连续任职三年排除 1 名")
    checked(page)
    shoot(page, "committed")

    # A seed source without its value is refused, nothing drawn.
    page.get_by_label("来源 1 名称").fill(SEEDS[0][0])
    page.get_by_role("button", name="抽取", exact=True).click()
    expect(page.locator("[data-draw-errors]")).to_contain_text(
        "第 1 项种子来源缺少取值"
    )
    checked(page)
    for number, (label, value) in enumerate(SEEDS, start=1):
        page.get_by_label(f"来源 {number} 名称").fill(label)
        page.get_by_label(f"来源 {number} 取值").fill(value)
    shoot(page, "seed")
    page.get_by_role("button", name="抽取", exact=True).click()

    # The report: members, alternates, chances per cell, fingerprints.
    _message(page, "抽取完成，名单指纹已生成")
    draw = page.url
    report = page.locator("[data-draw-report]")
    expect(report).to_contain_text("入选代表")
    expect(report.locator(".stat").first.locator(".value")).to_have_text("101")
    expect(report.locator(".stat").nth(1).locator(".value")).to_have_text("10")
    expect(report).to_contain_text("最低入选概率")
    sources = page.locator("[data-seed-sources] li")
    expect(sources).to_have_count(2)
    expect(sources.first).to_have_text(f"{SEEDS[0][0]}：{SEEDS[0][1]}")
    fingerprint = page.locator("[data-panel-fingerprint]").inner_text().strip()
    assert HASH.match(fingerprint), fingerprint
    cells = page.locator("[data-draw-cells]")
    volunteers = cells.locator("tr[data-cell='city-volunteers']")
    expect(volunteers).to_contain_text("100")  # one seat, one eligible: certain
    shinan = cells.locator("tr[data-cell='d-residents@370202']")
    expect(shinan.locator("td").nth(3)).to_have_text("1")  # excluded by rotation
    checked(page)
    shoot(page, "report", full=True)
    report.scroll_into_view_if_needed()
    shoot(page, "report-top")

    # Verify: recomputed bit for bit.
    page.get_by_role("button", name="复算核验").click()
    expect(page.locator("[data-verification]")).to_have_attribute(
        "data-verification", "ok"
    )
    expect(page.get_by_text("复算核验通过")).to_be_visible()
    checked(page)
    shoot(page, "verified")

    # The roster from the draw, and the selection SMS.
    page.goto("/representatives/manage/roster/")
    page.get_by_role("button", name="根据抽取结果生成代表名单").click()
    _message(page, "已根据抽取结果生成代表名单：101 人")
    page.get_by_role("button", name="发送选聘通知短信").click()
    expect(page.get_by_role("button", name="发送选聘通知短信")).to_have_count(0)
    checked(page)
    shoot(page, "roster")
    _STEPS.add("drawn")
    _PUBLISHED.update(commitment=commitment, fingerprint=fingerprint)

    # The report on a phone (same session).
    phone = new_page("phone", storage_state=page.context.storage_state())
    phone.goto(draw)
    expect(phone.locator("[data-draw-report]")).to_be_visible()
    shoot(phone, "report-phone")
    shoot(phone, "report-phone-full", full=True)
    checked(phone)


def test_anyone_reads_the_published_record(
    new_page: Callable[..., Page], shoot: Callable[..., Path]
) -> None:
    """Commitment, seed sources, fingerprint and counts per cell; never a name."""
    _after("drawn")
    for kind in ("desktop", "phone"):
        page = new_page(kind)
        page.goto(f"/representatives/draws/{SLUG}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "市民代表抽取公开记录"
        )
        expect(page.get_by_text(_PUBLISHED["commitment"])).to_be_visible()
        expect(page.get_by_text(_PUBLISHED["fingerprint"])).to_be_visible()
        expect(page.locator("[data-seed-sources] li")).to_have_count(2)
        expect(page.locator("[data-draw-cells] tbody tr")).to_have_count(11)
        expect(page.locator("body")).not_to_contain_text("居民0")
        expect(page.locator("body")).not_to_contain_text(VOLUNTEER)
        shoot(page, f"record-{kind}", full=True)
        checked(page)


# (d) ---------------------------------------------------------------------------------


def test_the_selected_volunteer_confirms(
    new_page: Callable[..., Page], shoot: Callable[..., Path]
) -> None:
    _after("drawn")
    page = new_page("phone")
    page.goto("/representatives/confirm/")  # the link of the selection SMS
    through_aishandong(page, VOLUNTEER)
    expect(page).to_have_url(re.compile(r"/representatives/confirm/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("市民代表确认")
    expect(page.get_by_text("自愿报名市民代表")).to_be_visible()
    expect(page.get_by_role("heading", name="请确认是否参加")).to_be_visible()
    checked(page)
    shoot(page, "confirm")
    page.get_by_role("button", name="确认参加").click()
    _message(page, "已确认参加，感谢您的支持！")
    expect(page.get_by_text("您已确认参加，感谢您的支持！").first).to_be_visible()
    expect(page.get_by_text("本人在线确认")).to_be_visible()
    checked(page)
    shoot(page, "confirmed")
    _STEPS.add("confirmed")


# (e) ---------------------------------------------------------------------------------


def test_district_staff_replace_a_decliner_with_the_next_alternate(
    new_page: Callable[..., Page], server: Server, shoot: Callable[..., Path]
) -> None:
    _after("drawn")
    page = new_page("desktop")
    staff_sign_in(page, server, "district-shinan")
    page.get_by_role("link", name="市民代表名单", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("市民代表名单：市南区")
    # Ten drawn in 市南区's cell, and the volunteer who lives there (municipal).
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(11)
    residents = rows.filter(has_text="社区(村)居民代表")
    expect(residents).to_have_count(10)
    checked(page)
    shoot(page, "roster")

    # One of them says on the phone they cannot come.
    residents.first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="登记电话联络结果")).to_be_visible()
    detail = page.url
    checked(page)
    shoot(page, "entry")
    page.get_by_label("谢绝原因（选填）").fill("电话联系：工作冲突，无法参加")
    page.get_by_role("button", name="代表谢绝参加").click()
    _message(page, "已登记谢绝，可以替补")
    expect(page.locator("h1")).to_contain_text("已谢绝")
    replace = page.get_by_role("region", name="替补")
    expect(replace).to_contain_text("本单元还有 1 名备选代表")
    checked(page)
    shoot(page, "declined")
    replace.get_by_role("button", name="由下一位备选代表替补").click()

    # The successor's page, pointing back to the one replaced.
    _message(page, "已由本单元顺位最前的备选代表替补，请通知新代表")
    expect(page.locator("h1")).to_contain_text("待确认")
    expect(page.locator("dl")).to_contain_text("替补对象")
    expect(page.locator("dl")).to_contain_text("市南区 · 社区(村)居民代表")
    checked(page)
    shoot(page, "successor")
    page.goto(detail)
    expect(page.locator("h1")).to_contain_text("已替补")
    expect(page.locator("dl")).to_contain_text("电话联系：工作冲突，无法参加")
    expect(page.get_by_role("button", name="由下一位备选代表替补")).to_have_count(0)

    # The list: still eleven serving, the replaced one kept with its status.
    page.goto("/representatives/manage/roster/")
    expect(page.locator("table tbody tr")).to_have_count(12)
    expect(page.locator("table tbody").get_by_text("已替补")).to_have_count(1)
    checked(page)
    shoot(page, "roster-after", full=True)

    phone = new_page("phone", storage_state=page.context.storage_state())
    phone.goto(detail)
    checked(phone)
    shoot(phone, "replaced-phone", full=True)
