"""Browser journeys: the real `sanmin run` (gunicorn + worker) on a fresh SQLite
database with demo data, driven by Playwright in Debian's Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
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


class Server:
    def __init__(self, url: str, env: dict[str, str]) -> None:
        self.url = url
        self.env = env

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
        yield Server(url, env)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
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


@pytest.fixture
def phone(browser: Browser, server: Server) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="zh-CN",
        base_url=server.url,
        has_touch=True,
        is_mobile=True,
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser: Browser, server: Server) -> Iterator[Page]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="zh-CN", base_url=server.url
    )
    page = context.new_page()
    yield page
    context.close()


def assert_accessible(page: Page) -> None:
    """axe-core on the current page: no serious or critical violation."""
    page.add_script_tag(path=str(AXE))
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


def staff_sign_in(page: Page, server: Server, username: str) -> None:
    """Password, then the TOTP code the demo device shows now."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    code = server.sanmin("staff", "totp", username).strip().split()[-1]
    page.get_by_label("验证码").fill(code)
    page.get_by_role("button", name="验证").click()
