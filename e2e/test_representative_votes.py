"""A representative rates every department of an open session on a phone: signs in
through the 爱山东 simulator, rates, confirms in the page's dialog, gets a receipt,
comes back to 已评议 with the receipt; axe-clean in the standard view and in 关怀版.
Without JavaScript the same ballot is confirmed on the server's page instead."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Locator, Page, Request, Route, expect

from e2e.conftest import (
    Server,
    checked,
    through_aishandong,
    toggle_care,
)

# Synthetic public-roster representatives of sanmin/core/demo.py (serials 2 to 5).
VOTER = "张海燕（演示）"
SECOND_VOTER = "刘志强（演示）"
NO_SCRIPT_VOTER = "陈丽华（演示）"
DESKTOP_VOTER = "杨明（演示）"
NEXT = "下一步：核对评议意见"
RECEIPT = re.compile(r"^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$")
CHOICES = ("满意", "比较满意", "基本满意", "不满意", "不了解")


def _sign_in_to_evaluate(page: Page, name: str) -> None:
    """/evaluate/ sends a signed-out visitor through 爱山东 and back."""
    page.goto("/evaluate/")
    through_aishandong(page, name)
    expect(page).to_have_url(re.compile(r"/evaluate/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("我的评议")


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


def _dialog(page: Page) -> Locator:
    return page.get_by_role("dialog", name="核对评议意见")


def _expect_whole_ballot(dialog: Locator, chosen: dict[str, str]) -> None:
    """Every department in ballot order, its number and the label chosen for it."""
    items = dialog.locator(".ballot-summary > li")
    expect(items).to_have_count(len(chosen))
    for index, (name, label) in enumerate(chosen.items()):
        item = items.nth(index)
        expect(item.locator(".order")).to_have_text(str(index + 1))
        expect(item.locator(".name")).to_have_text(name)
        expect(item.locator(".summary-choice")).to_have_text(label)


def _ballot_requests(page: Page) -> list[str]:
    """The requests the page makes to /evaluate/ from now on, as "METHOD /path"."""
    seen: list[str] = []

    def record(request: Request) -> None:
        path = urlsplit(request.url).path
        if path.startswith("/evaluate/"):
            seen.append(f"{request.method} {path}")

    page.on("request", record)
    return seen


def test_a_representative_rates_every_department_and_gets_a_receipt(
    phone: Page, server: Server, session_id: int, shoot: Callable[..., Path]
) -> None:
    page = phone
    _sign_in_to_evaluate(page, VOTER)
    checked(page)
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
    checked(page)
    shoot(page, "ballot")

    # Nothing is sent while a department has no choice: the missing ones are named.
    requests = _ballot_requests(page)
    _choose(page, departments[0], "满意")
    _choose(page, departments[1], "比较满意")
    page.get_by_role("button", name=NEXT).click()
    missing = page.locator("[data-ballot-missing]")
    expect(missing).to_be_visible()
    expect(missing).to_be_focused()
    for name in departments[2:]:
        expect(missing.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page).to_have_url(re.compile(rf"/evaluate/{session_id}/$"))
    expect(_dialog(page)).to_be_hidden()
    assert requests == [], requests
    shoot(page, "ballot-missing")

    # 关怀版: the choices made so far and the key survive the switch.
    toggle_care(page, "关怀版")
    expect(page.locator("html")).to_have_class(re.compile("care"))
    group = _group(page, departments[0])
    expect(group.get_by_label("满意", exact=True)).to_be_checked()
    assert page.locator("input[name=idempotency_key]").input_value() == key
    checked(page)
    shoot(page, "ballot-care")

    chosen = {departments[0]: "满意", departments[1]: "比较满意"}
    for index, name in enumerate(departments[2:], start=2):
        chosen[name] = CHOICES[index % len(CHOICES)]
        _choose(page, name, chosen[name])
    comment = "希望办事窗口延长服务时间，周末也能办理社保、医保和不动产登记等常用业务。"
    _group(page, departments[0]).get_by_label("意见建议").fill(comment)
    expect(page.locator("[data-ballot-progress]")).to_have_text("已评议 8 / 8 个部门")

    # The confirmation is a dialog in the page, showing the whole ballot: no request.
    requests = _ballot_requests(page)
    page.get_by_role("button", name=NEXT).click()
    dialog = _dialog(page)
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("请核对您对 8 个部门的评议意见")
    _expect_whole_ballot(dialog, chosen)
    items = dialog.locator(".ballot-summary > li")
    expect(items.first.locator(".summary-comment")).to_have_text(f"意见建议：{comment}")
    expect(items.nth(1).locator(".summary-comment")).to_have_count(0)
    expect(dialog.get_by_role("button", name="确认提交")).to_be_visible()
    checked(page)
    shoot(page, "dialog-care")
    dialog.locator("[data-ballot-dialog-body]").evaluate(
        "body => { body.scrollTop = body.scrollHeight; }"
    )
    shoot(page, "dialog-care-end")
    assert requests == [], requests

    # 返回修改 closes it, back on 下一步, with every choice and the key kept.
    dialog.get_by_role("button", name="返回修改").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name=NEXT)).to_be_focused()
    group = _group(page, departments[1])
    expect(group.get_by_label("比较满意", exact=True)).to_be_checked()
    assert page.locator("input[name=idempotency_key]").input_value() == key
    expect(page).to_have_url(re.compile(rf"/evaluate/{session_id}/$"))

    # A change shows in the dialog; Esc closes it like 返回修改.
    chosen[departments[1]] = "基本满意"
    _choose(page, departments[1], "基本满意")
    page.get_by_role("button", name=NEXT).click()
    _expect_whole_ballot(dialog, chosen)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name=NEXT)).to_be_focused()
    assert requests == [], requests

    # 确认提交 casts: one request, to /cast/, never through the server's confirmation.
    page.get_by_role("button", name=NEXT).click()
    dialog.get_by_role("button", name="确认提交").click()

    # The receipt, in place of the ballot: the address stays the ballot's (a reload
    # shows 已评议), the title is the receipt's, the focus on its heading.
    expect(page.get_by_role("heading", level=1)).to_have_text("您的评议回执")
    assert requests == [f"POST /evaluate/{session_id}/cast/"], requests
    expect(page).to_have_url(re.compile(rf"/evaluate/{session_id}/$"))
    expect(page).to_have_title(re.compile(r"^评议回执："))
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    expect(page.locator("dialog[open]")).to_have_count(0)
    receipt = page.locator("[data-receipt]").inner_text().strip()
    assert RECEIPT.match(receipt), receipt
    expect(page.get_by_text("什么是评议回执")).to_be_visible()
    expect(page.get_by_role("button", name="短信发送回执")).to_be_visible()
    checked(page)
    shoot(page, "receipt-care")

    # Coming back (here by switching back to the standard view, then reloading):
    # 已评议 with the receipt this phone kept, never the form.
    toggle_care(page, "标准版")
    expect(page).to_have_url(re.compile(rf"/evaluate/{session_id}/$"))
    for _ in range(2):
        expect(page.get_by_text("您已完成本场次评议")).to_be_visible()
        expect(page.locator("[data-receipt]")).to_have_text(receipt)
        expect(page.locator("input[type=radio]")).to_have_count(0)
        checked(page)
        page.reload()
    shoot(page, "voted")

    page.goto("/evaluate/")
    expect(page.locator(".eval-session").first.get_by_text("已评议")).to_be_visible()


def test_a_second_representative_sees_the_receipt_in_the_standard_view(
    new_page: Callable[..., Page], session_id: int, shoot: Callable[..., Path]
) -> None:
    """Standard view; the first 确认提交 is lost on the network, the retry after the
    button comes back sends the same key and gets the receipt."""
    page = new_page("phone")
    _sign_in_to_evaluate(page, SECOND_VOTER)
    page.clock.install()  # ballot.js's 15 s wait before a retry, fast-forwarded
    sent: list[str] = []  # the bodies of the casts

    def record(request: Request) -> None:
        if request.method == "POST" and request.url.endswith("/cast/"):
            sent.append(request.post_data or "")

    page.on("request", record)
    requests = _ballot_requests(page)
    page.goto(f"/evaluate/{session_id}/")
    key = page.locator("input[name=idempotency_key]").input_value()
    chosen = {name: "满意" for name in _departments(page)}
    for name in chosen:
        _choose(page, name, "满意")
    page.get_by_role("button", name=NEXT).click()
    dialog = _dialog(page)
    expect(dialog).to_be_visible()
    _expect_whole_ballot(dialog, chosen)
    checked(page)
    shoot(page, "dialog")

    # Lost on its way: the button says it is sending, and neither a second tap nor
    # 返回修改 nor Esc sends again or lets the choices change under it.
    cast_url = f"**/evaluate/{session_id}/cast/"

    def lose(route: Route) -> None:
        route.abort("aborted")

    page.route(cast_url, lose)
    with page.expect_event("requestfailed"):
        dialog.get_by_role("button", name="确认提交").click()
    busy = dialog.get_by_role("button", name="正在提交…")
    expect(busy).to_have_attribute("aria-disabled", "true")
    shoot(page, "dialog-sending")
    busy.click(force=True)
    dialog.get_by_role("button", name="返回修改").click(force=True)
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    expect(dialog).to_be_visible()
    assert len(sent) == 1

    # After 15 s the button is back: the retry carries the same key.
    page.unroute(cast_url)
    page.clock.run_for(15_000)
    retry = dialog.get_by_role("button", name="确认提交")
    expect(retry).not_to_have_attribute("aria-disabled", "true")
    retry.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("您的评议回执")
    assert requests == [
        f"GET /evaluate/{session_id}/",
        f"POST /evaluate/{session_id}/cast/",
        f"POST /evaluate/{session_id}/cast/",
    ], requests
    assert [parse_qs(body)["idempotency_key"] for body in sent] == [[key], [key]]
    assert RECEIPT.match(page.locator("[data-receipt]").inner_text().strip())
    checked(page)
    shoot(page, "receipt")
    shoot(page, "receipt-full", full=True)


def test_the_confirmation_dialog_on_a_desktop(
    desktop: Page, session_id: int, shoot: Callable[..., Path]
) -> None:
    """Looked at, not cast: standard and 关怀版; a comment is shown as typed."""
    page = desktop
    _sign_in_to_evaluate(page, DESKTOP_VOTER)
    page.goto(f"/evaluate/{session_id}/")
    departments = _departments(page)
    chosen: dict[str, str] = {}
    for index, name in enumerate(departments):
        chosen[name] = CHOICES[(index + 1) % len(CHOICES)]
        _choose(page, name, chosen[name])
    comment = "<b>不是粗体</b>\n第二行：希望公开办理进度。"
    _group(page, departments[2]).get_by_label("意见建议").fill(comment)
    for view in ("standard", "care"):
        if view == "care":
            toggle_care(page, "关怀版")
            expect(
                _group(page, departments[0]).get_by_label(
                    chosen[departments[0]], exact=True
                )
            ).to_be_checked()
        page.get_by_role("button", name=NEXT).click()
        dialog = _dialog(page)
        expect(dialog).to_be_visible()
        _expect_whole_ballot(dialog, chosen)
        shown = (
            dialog.locator(".ballot-summary > li").nth(2).locator(".summary-comment")
        )
        expect(shown.locator("b")).to_have_count(0)
        assert shown.inner_text() == "意见建议：" + comment
        checked(page)
        shoot(page, f"dialog-{view}")
        dialog.get_by_role("button", name="返回修改").click()
        expect(dialog).to_be_hidden()
        expect(page.get_by_role("button", name=NEXT)).to_be_focused()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("您的评议回执")


def test_without_javascript_the_server_confirms(
    new_page: Callable[..., Page], session_id: int, shoot: Callable[..., Path]
) -> None:
    """The fallback: 下一步 posts to the server's confirmation page, and from there
    返回修改 and 确认提交 work as forms."""
    signed_in = new_page("phone")
    _sign_in_to_evaluate(signed_in, NO_SCRIPT_VOTER)
    page = new_page(
        "phone",
        java_script_enabled=False,
        storage_state=signed_in.context.storage_state(),
    )
    requests = _ballot_requests(page)
    page.goto(f"/evaluate/{session_id}/")
    departments = _departments(page)
    chosen: dict[str, str] = {}
    for index, name in enumerate(departments):
        chosen[name] = CHOICES[index % len(CHOICES)]
        _choose(page, name, chosen[name])
    comment = "建议在社区会场增加无障碍通道。"
    _group(page, departments[0]).get_by_label("意见建议").fill(comment)
    key = page.locator("input[name=idempotency_key]").input_value()
    page.get_by_role("button", name=NEXT).click()

    expect(page).to_have_url(re.compile(rf"/evaluate/{session_id}/confirm/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("核对评议意见")
    summary = page.locator(".ballot-summary li")
    expect(summary).to_have_count(8)
    for index, (name, label) in enumerate(chosen.items()):
        expect(summary.nth(index).locator(".name")).to_have_text(name)
        expect(summary.nth(index).locator(".summary-choice")).to_have_text(label)
    expect(summary.first).to_contain_text(comment)
    checked(page)
    shoot(page, "confirm", full=True)
    page.get_by_role("button", name="返回修改").click()
    expect(page).to_have_url(re.compile(rf"/evaluate/{session_id}/$"))
    expect(
        _group(page, departments[1]).get_by_label(chosen[departments[1]], exact=True)
    ).to_be_checked()
    assert page.locator("input[name=idempotency_key]").input_value() == key
    page.get_by_role("button", name=NEXT).click()
    page.get_by_role("button", name="确认提交").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("您的评议回执")
    assert RECEIPT.match(page.locator("[data-receipt]").inner_text().strip())
    assert requests == [
        f"GET /evaluate/{session_id}/",
        f"POST /evaluate/{session_id}/confirm/",
        f"POST /evaluate/{session_id}/",
        f"POST /evaluate/{session_id}/confirm/",
        f"POST /evaluate/{session_id}/cast/",
    ], requests
    checked(page)
    shoot(page, "receipt")
