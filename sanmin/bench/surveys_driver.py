"""The load driver of `sanmin bench surveys`: concurrent clients answering the
public questionnaire, or posting to the bare insert endpoint.

Run in its own process (no Django here):
``python -m sanmin.bench.surveys_driver CONFIG OUT``. It is the ballot driver
(driver.py: requests, cookies, redirects, retries on connection errors and 5xx,
percentiles, the summary) with a closed model instead of arrivals: `clients`
clients each take the next citizen from a shared list and answer as that citizen
until the list is empty, so `clients` requests are in flight at any time.

One answer is what a browser running fill.js does: GET the fill page (the form,
its CSRF token and hidden fields), POST the form with that citizen's answers
(prepared by the Django side in the form's own field names) and fill.js's header,
and get the thank-you page's content in answer.
The pages are all loaded first, then the answers all posted, so that the posts
(the submission) are timed alone, like the bare endpoint's: in "bare" mode each
client POSTs to the bare endpoint, nothing else.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp

from sanmin.bench.driver import (
    _ATTR,
    _FORM,
    _INPUT,
    CONTENT_HEADER,
    Config,
    Driver,
    Failed,
    _cpu,
    _raise_file_limit,
    _text,
    _unescape,
)

# On the thank-you page only (surveys/answer/_thanks.html).
DONE_MARKER = "data-survey-done="


@dataclass
class SurveyConfig(Config):
    clients: int = 200
    # Per citizen (same order as `cookies`): the answer as form fields.
    answers: list[list[list[str]]] = field(default_factory=list)
    # Bare mode: how many posts in all (no citizens needed).
    bare_count: int = 0


def hidden_fields(html: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The answer form of a fill page: its action and its hidden fields (the CSRF
    token and whatever else the page carries). The form with the most inputs that
    posts is taken, so the header's small forms are never it."""
    best: tuple[int, str, list[tuple[str, str]]] | None = None
    for attributes, body in _FORM.findall(html):
        attrs = dict(_ATTR.findall(attributes))
        if attrs.get("method", "get").lower() != "post":
            continue
        inputs = _INPUT.findall(body)
        hidden = []
        for _tag, raw in inputs:
            input_attrs = dict(_ATTR.findall(raw))
            if input_attrs.get("type", "").lower() == "hidden" and input_attrs.get(
                "name"
            ):
                hidden.append(
                    (input_attrs["name"], _unescape(input_attrs.get("value", "")))
                )
        if best is None or len(inputs) > best[0]:
            best = (len(inputs), _unescape(attrs.get("action", "")), hidden)
    return (best[1], best[2]) if best else None


class SurveyDriver(Driver):
    """Two phases in answer mode, each with `clients` concurrent clients: first
    every citizen loads the fill page (kind "page"), then every citizen posts the
    answers (kind "cast"): the submission throughput is that of the posts alone,
    comparable with the bare endpoint's, and the page's is reported beside it."""

    config: SurveyConfig

    def __init__(self, config: SurveyConfig) -> None:
        super().__init__(config)
        self.next_index = 0
        self.forms: dict[int, tuple[str, list[tuple[str, str]]]] = {}
        self.jars: dict[int, dict[str, str]] = {}
        self.page_failed: set[int] = set()

    async def load_page(self, index: int) -> None:
        config = self.config
        cookies = {config.session_cookie: config.cookies[index]}
        self.jars[index] = cookies
        try:
            status, body, page = await self.exchange(
                "page", "GET", self.url(config.ballot_path), cookies=cookies
            )
            if status != 200:
                raise Failed(f"fill page answered {status}")
            form = hidden_fields(body)
            if form is None:
                raise Failed(f"no answer form on {page}: {_text(body)}")
        except Failed as failure:
            self.page_failed.add(index)
            self.stats.error("page", str(failure))
            return
        action, hidden = form
        self.forms[index] = (urljoin(page, action or page), hidden)

    async def representative(self, index: int) -> None:
        started = time.perf_counter()
        try:
            if self.config.mode == "bare":
                receipt = await self._bare()
            else:
                receipt = await self._answer(index)
        except Failed as failure:
            self.stats.error("ballot", str(failure))
            return
        self.stats.flows.append((time.perf_counter() - started) * 1000)
        self.stats.acknowledged[str(index)] = receipt
        self.stats.ack_times.append(time.perf_counter())

    async def _answer(self, index: int) -> str:
        config = self.config
        if index not in self.forms:
            raise Failed("no fill page")
        action, hidden = self.forms[index]
        data = hidden + [(name, value) for name, value in config.answers[index]]
        status, body, final = await self.exchange(
            "cast",
            "POST",
            action,
            cookies=self.jars[index],
            data=data,
            headers={CONTENT_HEADER: "1"},
        )
        # As fill.js asks: the thank-you page's content answers the POST itself (a
        # redirect to the page would be followed); its marker says it was stored.
        if status != 200 or DONE_MARKER not in body:
            raise Failed(f"answer ended at {final} ({status}): {_text(body)}")
        return final

    async def phase(self, work: Any) -> float:
        """Run `work(index)` for every index with `clients` concurrent clients;
        seconds from the start to the last one done."""
        total = self.total()
        self.next_index = 0
        start = time.perf_counter()
        finished = [start]

        async def client() -> None:
            while self.next_index < total:
                index = self.next_index
                self.next_index += 1
                await work(index)
                finished.append(time.perf_counter())

        tasks = [asyncio.create_task(client()) for _ in range(self.config.clients)]
        _done, unfinished = await asyncio.wait(tasks, timeout=self.config.deadline_s)
        for task in unfinished:
            task.cancel()
        return max(finished) - start

    def total(self) -> int:
        config = self.config
        return config.bare_count if config.mode == "bare" else len(config.cookies)

    async def run(self) -> dict[str, Any]:
        config = self.config
        count = self.total()
        connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=1.0)
        timeout = aiohttp.ClientTimeout(total=config.timeout_s)
        async with aiohttp.ClientSession(
            connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
        ) as self.http:
            for _ in range(config.warmup):
                async with self.http.get(self.url("/healthz")) as response:
                    await response.read()
            page_s = 0.0
            if config.mode != "bare":
                page_s = await self.phase(self.load_page)
            # The runner measures CPU from here: the submissions alone.
            print("START", flush=True)
            cpu_before = _cpu()
            start = time.perf_counter()
            await self.phase(self.representative)
            left = count - len(self.stats.acknowledged) - self.stats.errors["ballot"]
            for _ in range(max(left, 0)):
                self.stats.error("ballot", "unfinished at the deadline")
            elapsed = (
                max(self.stats.ack_times) if self.stats.ack_times else start
            ) - start
            cpu = _cpu() - cpu_before
        summary = self.summary(count=count, elapsed=elapsed, cpu=cpu)
        summary["clients"] = config.clients
        summary["page_elapsed_s"] = round(page_s, 3)
        summary["page_errors"] = self.stats.errors["page"]
        summary.pop("acknowledged_receipts", None)
        return summary


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(
            "usage: python -m sanmin.bench.surveys_driver CONFIG OUT", file=sys.stderr
        )
        return 2
    config = SurveyConfig(**json.loads(Path(argv[1]).read_text()))
    host = urlsplit(config.base_url).hostname or ""
    if not (host == "localhost" or host.startswith("127.") or host == "::1"):
        print(f"refusing to load {host}: loopback only", file=sys.stderr)
        return 2
    _raise_file_limit()
    result = asyncio.run(SurveyDriver(config).run())
    Path(argv[2]).write_text(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
