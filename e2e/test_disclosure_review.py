"""市发展改革委 edits and submits its disclosures, the office publishes them, and an
anonymous visitor reads the new text; the department cannot open another's page."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from e2e.conftest import Server, assert_accessible, staff_sign_in

DEPARTMENT = "市发展改革委"
OTHER_DEPARTMENT = "市教育局"


def _participant_id(page: Page, department: str) -> int:
    """The id of a department's participation, from the public list."""
    page.goto("/departments/")
    href = page.get_by_role("link", name=re.compile(department)).get_attribute("href")
    found = re.search(r"/departments/(\d+)/", href or "")
    assert found, f"{department} 没有部门页链接：{href}"
    return int(found.group(1))


def test_it_publishes_a_department_disclosure_after_review(
    new_page: Callable[..., Page], server: Server, shoot: Callable[..., Path]
) -> None:
    marker = f"E2E-{uuid.uuid4().hex[:10]}"
    work_points = f"一、推进重点项目建设（{marker}）。\n二、优化营商环境。"

    # The department fills in 年度工作要点, saves and submits.
    department = new_page("desktop")
    fgw = _participant_id(department, DEPARTMENT)
    other = _participant_id(department, OTHER_DEPARTMENT)
    staff_sign_in(department, server, "dept-fgw")
    expect(department.get_by_text(DEPARTMENT).first).to_be_visible()
    assert_accessible(department)
    shoot(department, "department-workbench")

    department.get_by_role("link", name="述职材料填报").click()
    expect(department).to_have_url(re.compile(r"/manage/$"))
    expect(department.get_by_role("heading", level=1)).to_have_text("本部门述职材料")
    rows = department.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(DEPARTMENT)
    assert_accessible(department)
    shoot(department, "department-manage-home")

    rows.first.get_by_role("link", name="填报").click()
    expect(department).to_have_url(
        re.compile(rf"/manage/participants/{fgw}/disclosure/$")
    )
    expect(department.get_by_role("heading", level=1)).to_contain_text(DEPARTMENT)
    assert_accessible(department)
    field = department.get_by_label("年度工作要点", exact=True)
    field.fill(work_points)
    shoot(department, "department-editing")
    department.get_by_role("button", name="保存草稿").click()

    expect(department.get_by_text(re.compile(r"第\d+版草稿已保存"))).to_be_visible()
    expect(department.get_by_label("年度工作要点", exact=True)).to_have_value(
        work_points
    )
    expect(department.locator("#preview ~ section").first).to_be_visible()
    expect(department.get_by_text(marker).last).to_be_visible()
    assert_accessible(department)
    shoot(department, "department-draft-saved")
    department.get_by_role("button", name="提交审核").click()

    submitted = department.get_by_text(re.compile(r"第(\d+)版已提交"))
    expect(submitted).to_be_visible()
    number = re.search(r"第(\d+)版", submitted.inner_text())
    assert number
    version = number.group(1)
    expect(department.get_by_role("button", name="保存草稿")).to_have_count(0)
    assert_accessible(department)
    shoot(department, "department-submitted")

    # Another department's page is refused.
    response = department.goto(f"/manage/participants/{other}/disclosure/")
    assert response is not None
    assert response.status == 403
    expect(department.get_by_role("heading", level=1)).to_have_text("无权访问")
    assert_accessible(department)
    shoot(department, "department-other-403")

    # The office previews and publishes it.
    office = new_page("desktop")
    staff_sign_in(office, server, "office")
    assert_accessible(office)
    office.goto("/manage/disclosures/")
    expect(office.get_by_role("heading", level=1)).to_have_text("述职材料审核")
    row = office.locator("table tbody tr").filter(has_text=DEPARTMENT)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"第{version}版")
    assert_accessible(office)
    shoot(office, "office-queue")

    row.get_by_role("link", name="预览并审核").click()
    expect(office.get_by_role("heading", level=1)).to_contain_text(DEPARTMENT)
    points = office.locator("section.card").filter(
        has=office.get_by_role("heading", name="年度工作要点")
    )
    expect(points).to_contain_text(marker)
    assert_accessible(office)
    points.scroll_into_view_if_needed()
    shoot(office, "office-preview")

    office.get_by_role("button", name="审核通过并发布").click()
    expect(office).to_have_url(re.compile(r"/manage/disclosures/$"))
    expect(office.get_by_text(f"已发布：{DEPARTMENT}第{version}版")).to_be_visible()
    expect(office.locator("table tbody tr").filter(has_text=DEPARTMENT)).to_have_count(
        0
    )
    assert_accessible(office)
    shoot(office, "office-published")

    # Anyone now reads the new text on the public page.
    visitor = new_page("phone")
    visitor.goto(f"/departments/{fgw}/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(DEPARTMENT)
    public_points = visitor.get_by_role("region", name="年度工作要点")
    expect(public_points).to_contain_text(marker)
    assert_accessible(visitor)
    public_points.scroll_into_view_if_needed()
    shoot(visitor, "public-department")
