"""Browser journeys: the real `sanmin run` (gunicorn + worker) on a fresh SQLite
database with demo data, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    expect,
    sync_playwright,
)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).parent / "artifacts"
# Two cores run gunicorn, the worker and Chromium together: allow slow pages.
TIMEOUT_MS = 15_000
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "has_touch": True,
    "is_mobile": True,
}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
DEMO_PASSWORD = "demo-password-e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark the journeys `e2e`, so that `-m "not e2e"` leaves them out."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


class Server:
    def __init__(self, url: str, env: dict[str, str], log: Path) -> None:
        self.url = url
        self.env = env
        self.log = log

    def log_text(self) -> str:
        """What gunicorn (access log included), the worker and `run` have printed."""
        return self.log.read_text(errors="replace")

    def sanmin(self, *args: str) -> str:
        """Run a `sanmin` command against the server's database."""
        result = subprocess.run(
            [sys.executable, "-m", "sanmin", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        return result.stdout


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    data_dir = Path(tempfile.mkdtemp(prefix="sanmin-e2e-"))
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SANMIN_KEY_FILE", "TASKS_BACKEND"}
    }
    env.update(
        SANMIN_DATA_DIR=str(data_dir),
        SANMIN_DEMO_PASSWORD=DEMO_PASSWORD,
        SITE_URL=f"http://127.0.0.1:{port}",
        AISHANDONG_SIMULATOR_ENABLED="1",
        # Ticket → token → user info as real HTTP calls back into the server.
        AISHANDONG_SIMULATOR_TRANSPORT="http",
        WEB_WORKERS="2",
    )
    log = (data_dir / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "sanmin", "run", "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log.close()
                raise RuntimeError(
                    (data_dir / "server.log").read_text()[-4000:]
                ) from None
            time.sleep(0.5)
    try:
        yield Server(url, env, data_dir / "server.log")
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
        # Kept beside the screenshots: the access log and any traceback.
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copyfile(data_dir / "server.log", ARTIFACTS / "server.log")
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"找不到 Chromium（{CHROMIUM}）：请先 apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def _expect_timeout() -> None:
    expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture
def new_page(browser: Browser, server: Server) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh browser context (its own cookies): phone or desktop;
    other context options as keywords (e.g. java_script_enabled=False)."""
    contexts: list[BrowserContext] = []

    def open_page(kind: str = "desktop", **extra: Any) -> Page:
        options = {**(PHONE if kind == "phone" else DESKTOP), **extra}
        context = browser.new_context(locale="zh-CN", base_url=server.url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def phone(new_page: Callable[..., Page]) -> Page:
    return new_page("phone")


@pytest.fixture
def desktop(new_page: Callable[..., Page]) -> Page:
    return new_page("desktop")


@pytest.fixture
def shoot(request: pytest.FixtureRequest) -> Callable[..., Path]:
    """Save a screenshot to e2e/artifacts/<test>-<nn>-<step>.png: the viewport, or
    the whole page with full=True (long phone pages shrink to illegible strips)."""
    ARTIFACTS.mkdir(exist_ok=True)
    test = request.node.name
    for old in ARTIFACTS.glob(f"{test}-*.png"):
        old.unlink()
    counter = iter(range(1, 100))

    def take(page: Page, step: str, *, full: bool = False) -> Path:
        path = ARTIFACTS / f"{test}-{next(counter):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=full)
        return path

    return take


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.IGNORECASE | re.DOTALL)


def _with_scripts(page: Page) -> tuple[BrowserContext, Page]:
    """The page as it stands, in a context where scripts run, none of its own.

    axe needs timers, which a context with JavaScript off does not run: the no-script
    journeys' pages are checked as a copy served at the same address (so that the
    stylesheets load), their <script> elements taken out.
    """
    html = _SCRIPT.sub("", page.content())
    browser = page.context.browser
    assert browser is not None
    context = browser.new_context(locale="zh-CN", viewport=page.viewport_size)
    copy = context.new_page()
    address = page.url
    copy.route(
        lambda url: url == address,
        lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"),
    )
    copy.goto(address)
    sheets = "() => Array.from(document.styleSheets, s => s.cssRules.length)"
    assert copy.evaluate(sheets) == page.evaluate(sheets), "样式表未载入"
    return context, copy


def assert_accessible(page: Page) -> None:
    """axe-core on the current page: no serious or critical violation."""
    page.add_script_tag(path=str(AXE)).evaluate("tag => tag.dataset.e2e = 'axe'")
    if page.evaluate("typeof axe") == "undefined":  # JavaScript is off
        page.evaluate("() => document.querySelector('[data-e2e=axe]').remove()")
        context, copy = _with_scripts(page)
        try:
            assert_accessible(copy)
        finally:
            context.close()
        return
    result: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {runOnly: "
        "{type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert not bad, f"{page.url} 可访问性问题：\n" + "\n".join(bad)


ID_NUMBER = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")


def assert_no_id_number(page: Page) -> None:
    """No full 18-character resident ID number anywhere in the page's text or HTML."""
    text = page.locator("body").inner_text()
    assert not ID_NUMBER.search(text), f"{page.url} 显示了完整身份证号码"
    html = page.evaluate(
        "() => { const copy = document.documentElement.cloneNode(true);"
        " copy.querySelectorAll('[data-e2e]').forEach(el => el.remove());"
        " return copy.outerHTML; }"
    )
    assert not ID_NUMBER.search(html), f"{page.url} 的HTML含完整身份证号码"


_TOTP_STEP = 30
_TOTP_STEPS_USED: dict[str, int] = {}


def _totp_step() -> int:
    return int(time.time() // _TOTP_STEP)


def staff_sign_in(page: Page, server: Server, username: str) -> None:
    """Password, then the TOTP code the demo device shows now.

    django-otp refuses a code of a time step it has already accepted for the device,
    so a second sign-in of the same user within one step waits for the next step.
    """
    page.goto("/accounts/login/")
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="下一步", exact=True).click()
    expect(page.get_by_role("heading", name="输入动态验证码")).to_be_visible()
    used = _TOTP_STEPS_USED.get(username)
    while used is not None and _totp_step() <= used:
        time.sleep(_TOTP_STEP - time.time() % _TOTP_STEP + 0.2)
    before = _totp_step()
    code = server.sanmin("staff", "totp", username).strip().split()[-1]
    # The code is of the step when the command ran; if a step began meanwhile,
    # count the later one so that a next sign-in surely gets a fresh code.
    _TOTP_STEPS_USED[username] = max(before, _totp_step())
    page.get_by_label("动态验证码", exact=True).fill(code)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_role("heading", name="工作台", exact=True)).to_be_visible()


def through_aishandong(page: Page, name: str) -> None:
    """On the 爱山东 simulator's pages (where a citizen-only page sent them): pick
    the person, pass the face check, come back."""
    expect(page).to_have_url(re.compile(r"/identity/simulator/login/"))
    page.get_by_role("button", name=f"以{name}的身份登录", exact=True).click()
    page.get_by_role("button", name="开始人脸识别").click()
    expect(page.get_by_text("识别通过")).to_be_visible()
    page.get_by_role("button", name="确认登录三民平台").click()


def checked(page: Page) -> None:
    """axe-clean and no ID number on the page."""
    assert_accessible(page)
    assert_no_id_number(page)


def toggle_care(page: Page, to: str) -> None:
    """Switch to 关怀版 or back (标准版) with the header's toggle."""
    page.locator(".care-toggle").get_by_role("button", name=to, exact=True).click()
    other = "标准版" if to == "关怀版" else "关怀版"
    expect(
        page.locator(".care-toggle").get_by_role("button", name=other, exact=True)
    ).to_be_visible()


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
    """The first public session, its evaluation window open for the module's
    journeys and closed after them."""
    pk = int(server.sanmin("shell", "-c", _OPEN_WINDOW).strip().splitlines()[-1])
    yield pk
    server.sanmin("shell", "-c", _CLOSE_WINDOW.replace("SESSION", str(pk)))
