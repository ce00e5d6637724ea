"""A citizen on a phone switches to 关怀版, finds 市发展改革委 and watches its report."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect

from e2e.conftest import assert_accessible

DEPARTMENT = "市发展改革委"
CARE = re.compile(r"\bcare\b")


def _care_toggle(page: Page, label: str) -> None:
    page.locator("form.care-toggle").get_by_role("button", name=label).click()


def test_it_plays_a_department_report_in_care_mode(
    phone: Page, shoot: Callable[..., Path]
) -> None:
    page = phone
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("市民评议活动")
    expect(page.locator("html")).not_to_have_class(CARE)
    assert_accessible(page)
    shoot(page, "home")

    _care_toggle(page, "关怀版")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_class(CARE)
    expect(page.locator("form.care-toggle button")).to_have_text("标准版")
    assert_accessible(page)
    shoot(page, "home-care")

    page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="述职部门"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("述职部门")
    # Remembered on the next page, without clicking again.
    expect(page.locator("html")).to_have_class(CARE)
    assert_accessible(page)
    shoot(page, "departments-care")

    page.get_by_role("link", name=re.compile(DEPARTMENT)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(DEPARTMENT)
    expect(page.locator("html")).to_have_class(CARE)
    video = page.get_by_role("region", name="述职视频").locator("video").first
    expect(video).to_be_visible()
    assert_accessible(page)

    video.scroll_into_view_if_needed()
    video.evaluate("v => v.play()")
    page.wait_for_function(
        "v => v.currentTime > 1 && !v.paused && !v.error", arg=video.element_handle()
    )
    shoot(page, "department-care-playing")

    _care_toggle(page, "标准版")
    expect(page.get_by_role("heading", level=1)).to_have_text(DEPARTMENT)
    expect(page.locator("html")).not_to_have_class(CARE)
    assert_accessible(page)
    shoot(page, "department-standard")
