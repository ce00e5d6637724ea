"""The tally under embargo, then two-person publication: the statistics user computes
and approves, 市发展改革委 sees nothing until the office (another person) publishes,
then the public ranking tables and the department's own counts appear.

Runs after test_representative_votes.py (file order), whose ballots it counts; alone,
it counts no ballots and checks the same steps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import Server, assert_accessible, staff_sign_in

CAMPAIGN = "qingdao-2024"
DEPARTMENT = "市发展改革委"
PUBLIC_ROSTER = "公开述职评议（市民代表）"
GROUPS = ("经济建设一组", "经济建设二组", "政务服务组", "管理执法组")

# Every public window of the demo campaign closed, through the office's services: the
# unscheduled ones get their default (December 2024, long past) windows, an open one
# is closed now, one not yet open is opened and closed at once.
_CLOSE_PUBLIC_WINDOWS = """
from django.utils import timezone
from sanmin.campaigns.selectors import campaign_get
from sanmin.evaluation.models import Window
from sanmin.evaluation.services import windows as services
campaign = campaign_get(slug="CAMPAIGN")
services.windows_schedule(campaign=campaign, actor="浏览器测试")
public = Window.objects.filter(session__campaign=campaign, session__kind="public")
reason = "浏览器测试：计票前截止评议"
for window in public:
    if window.has_closed(timezone.now()):
        continue
    if not window.is_open(timezone.now()):
        window = services.window_open_now(window=window, actor="浏览器测试", reason=reason)
    services.window_close_now(window=window, actor="浏览器测试", reason=reason)
now = timezone.now()
print(sum(1 for window in public.all() if not window.has_closed(now)))
""".replace("CAMPAIGN", CAMPAIGN)


@pytest.fixture(scope="module")
def windows_closed(server: Server) -> Iterator[None]:
    still_open = server.sanmin("shell", "-c", _CLOSE_PUBLIC_WINDOWS).split()[-1]
    assert still_open == "0"
    yield


def _status(page: Page, url: str) -> int:
    response = page.goto(url)
    assert response is not None
    return response.status


def _refused(page: Page, url: str) -> None:
    """403, the refusal page, and no figure of the result."""
    assert _status(page, url) == 403, url
    expect(page.get_by_role("heading", level=1)).to_have_text("无权访问")
    expect(page.locator("table")).to_have_count(0)
    expect(page.get_by_text("得分")).to_have_count(0)
    assert_accessible(page)


def _department_row(page: Page) -> list[str]:
    """The cells (not the header) of the department's row in the ranking table."""
    row = page.locator("tr").filter(
        has=page.get_by_role("rowheader", name=DEPARTMENT, exact=True)
    )
    expect(row).to_have_count(1)
    return [cell.strip() for cell in row.locator("td").all_inner_texts()]


def test_results_stay_embargoed_until_two_people_publish_them(
    new_page: Callable[..., Page],
    server: Server,
    windows_closed: None,
    shoot: Callable[..., Path],
) -> None:
    # The statistics bureau computes the tally and reads the per-department table.
    statistics = new_page("desktop")
    staff_sign_in(statistics, server, "statistics")
    statistics.get_by_role("link", name="评议计票与结果").click()
    expect(statistics).to_have_url(re.compile(r"/manage/evaluation/results/"))
    assert_accessible(statistics)
    roster = statistics.locator("section.card").filter(
        has=statistics.get_by_role("heading", name=PUBLIC_ROSTER)
    )
    roster.get_by_role("button", name=re.compile(r"^(重新)?计票$")).click()
    expect(statistics.get_by_text("计票完成，请核对后审核")).to_be_visible()
    found = re.search(r"/manage/evaluation/results/(\d+)/$", statistics.url)
    assert found, statistics.url
    detail = found.group(0)
    expect(statistics.get_by_role("heading", level=1)).to_contain_text(PUBLIC_ROSTER)
    expect(statistics.get_by_text("未发布：仅市统计局可见")).to_be_visible()
    for group in GROUPS:
        expect(
            statistics.get_by_role("heading", name=group, exact=True)
        ).to_be_visible()
    counted = _department_row(statistics)
    assert_accessible(statistics)
    shoot(statistics, "statistics-computed", full=True)

    # The department sees no figure of it: the results pages, the public page and
    # its own result page are all refused before publication.
    department = new_page("desktop")
    staff_sign_in(department, server, "dept-fgw")
    for url in (
        "/manage/evaluation/results/",
        detail,
        f"/results/{CAMPAIGN}/",
        "/manage/evaluation/my-result/",
    ):
        _refused(department, url)
    shoot(department, "department-embargoed")

    # Statistics approves: the snapshot is frozen.
    statistics.get_by_role("button", name="审核并冻结").click()
    expect(statistics.get_by_text(re.compile("^已审核；结果已冻结"))).to_be_visible()
    expect(statistics.get_by_role("button", name="审核并冻结")).to_have_count(0)
    assert_accessible(statistics)
    shoot(statistics, "statistics-approved")

    # The office, another person, publishes it (seeing the digest, not the figures).
    office = new_page("desktop")
    staff_sign_in(office, server, "office")
    office.get_by_role("link", name="评议结果发布").click()
    expect(office.get_by_role("heading", level=1)).to_have_text("评议结果发布")
    pending = office.locator("section.card").filter(
        has=office.get_by_role("heading", name=re.compile(PUBLIC_ROSTER))
    )
    expect(pending.get_by_text("部门数")).to_be_visible()
    expect(pending.locator("table")).to_have_count(0)
    assert_accessible(office)
    shoot(office, "office-before-publishing")
    pending.get_by_role("button", name="核对摘要无误，发布").click()
    expect(office.get_by_text("评议结果已发布")).to_be_visible()
    assert_accessible(office)

    # Anyone now reads the ranking tables.
    visitor = new_page("phone")
    assert _status(visitor, f"/results/{CAMPAIGN}/") == 200
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("市民评议结果")
    for group in GROUPS:
        expect(visitor.get_by_role("table", name=f"{group}评议结果")).to_be_visible()
    expect(
        visitor.get_by_role("table", name="经济建设一组评议结果").get_by_role(
            "rowheader", name=DEPARTMENT, exact=True
        )
    ).to_be_visible()
    expect(visitor.locator("[data-result-chart]").first).to_be_visible()
    assert_accessible(visitor)
    shoot(visitor, "public-results")

    # And the department sees its own counts: the same as the statistics' table.
    assert _status(department, "/manage/evaluation/my-result/") == 200
    expect(department.get_by_role("heading", level=1)).to_have_text("本部门评议结果")
    expect(department.get_by_text(DEPARTMENT).first).to_be_visible()
    own = [
        cell.strip() for cell in department.locator("table tbody td").all_inner_texts()
    ]
    # Statistics' row: rank, the votes per choice, valid, score, …; the department's:
    # the votes per choice, valid, total.
    assert own[:-1] == counted[1 : len(own)], (own, counted)
    assert_accessible(department)
    shoot(department, "department-own-result")
