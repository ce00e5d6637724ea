"""The load driver: an open arrival model of representatives casting ballots.

Run in its own process (no Django here): ``python -m sanmin.bench.driver CONFIG OUT``.
CONFIG is a JSON file (see `Config`); OUT receives the figures and every
acknowledged receipt. Representatives arrive at random moments spread over the
burst, whatever the server's state (an open model: a slow server gets a queue, not
fewer arrivals). Each one loads the ballot page once, fills every department and
submits the page's form as a browser running ballot.js does (the confirmation is
shown in the page, the form goes to the cast with ballot.js's header), following a
server confirmation step if a page has one, until a receipt is shown. Connection
errors and 5xx answers are retried with the same form (so the same idempotency
key); anything else is an error. Dashboard viewers poll
their page every few seconds until the last representative is done.

The driver only ever talks to the base URL it is given, which the runner sets to a
server it started on 127.0.0.1; everything is bounded by a deadline.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp

# Four groups of four base-32 characters; the page may wrap or space the halves.
RECEIPT = re.compile(
    r"\b([A-Z2-7]{4})-([A-Z2-7]{4})\s*-\s*([A-Z2-7]{4})-([A-Z2-7]{4})\b"
)
_TAG = re.compile(r"<[^>]+>")
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
_INPUT = re.compile(r"<(input|textarea|button)\b([^>]*)>", re.I)
_ATTR = re.compile(r'([\w:-]+)\s*=\s*"([^"]*)"')
KEY_FIELD = "idempotency_key"
RETRY_STATUSES = frozenset({500, 502, 503, 504})
# What ballot.js and fill.js send with the form they post themselves, to get only
# the content of the page back (sanmin.core.fragments; no Django in the driver).
CONTENT_HEADER = "X-Content-Only"
CAST_HEADERS = {CONTENT_HEADER: "1"}


@dataclass
class Config:
    base_url: str
    mode: str  # "ballot" or "bare"
    ballot_path: str  # the ballot page ("ballot") or the bare endpoint ("bare")
    users: list[int]
    cookies: list[str]
    session_cookie: str = "sessionid"
    csrf_cookie: str = "csrftoken"
    duration_s: float = 10.0
    dashboard_paths: list[str] = field(default_factory=list)
    # Where the dashboards are served when not by the ballot server (its own pool).
    dashboard_base_url: str = ""
    viewer_cookies: list[str] = field(default_factory=list)
    poll_s: float = 2.0
    warmup: int = 20
    retries: int = 8
    timeout_s: float = 60.0
    deadline_s: float = 240.0
    seed: int = 2024

    @classmethod
    def load(cls, path: Path) -> Config:
        return cls(**json.loads(path.read_text()))


def parse_forms(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each form's action and the fields a person would send, choices made.

    A ballot form's `data-cast-action` wins over its `action`, as in a browser
    running ballot.js: the confirmation is shown in the page and the form goes
    straight to the cast (without the script it goes to the server's confirmation
    page first, which the driver would follow too). Hidden and text fields keep their value; of each group of radio buttons one
    option is picked at random; textareas are left empty; buttons with a name send
    their value only when they are the form's first such button.
    """
    forms = []
    for attributes, body in _FORM.findall(html):
        form_attrs = dict(_ATTR.findall(attributes))
        action = form_attrs.get("data-cast-action") or form_attrs.get("action", "")
        fields: list[tuple[str, str]] = []
        radios: dict[str, list[str]] = {}
        button = False
        for tag, raw in _INPUT.findall(body):
            attrs = dict(_ATTR.findall(raw))
            name = attrs.get("name")
            if not name or "disabled" in raw:
                continue
            kind = attrs.get("type", "text").lower()
            if tag.lower() == "textarea":
                fields.append((name, ""))
            elif tag.lower() == "button" or kind == "submit":
                if not button:
                    fields.append((name, attrs.get("value", "")))
                    button = True
            elif kind == "radio":
                radios.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind == "checkbox":
                continue
            else:
                fields.append((name, _unescape(attrs.get("value", ""))))
        fields += [(name, random.choice(values)) for name, values in radios.items()]
        forms.append((_unescape(action), fields))
    return forms


def _unescape(value: str) -> str:
    return (
        value.replace("&quot;", '"')
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    )


def ballot_form(html: str, page_url: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The form that carries the ballot on a page: the one with the idempotency key,
    preferring one that casts over one that only confirms."""
    candidates = [
        (urljoin(page_url, action or page_url), fields)
        for action, fields in parse_forms(html)
        if any(name == KEY_FIELD for name, _ in fields)
    ]
    candidates.sort(key=lambda form: "cast" not in urlsplit(form[0]).path)
    return candidates[0] if candidates else None


def receipt_in(html: str) -> str | None:
    """The receipt code shown on a page, as stored (XXXX-XXXX-XXXX-XXXX)."""
    found = RECEIPT.search(_TAG.sub("", html))
    return "-".join(found.groups()) if found else None


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of `values` (0 when empty)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(int(-(-fraction * len(ordered) // 1)), 1)
    return ordered[min(rank, len(ordered)) - 1]


class Failed(Exception):
    """A request that ended without the answer the flow needs (after retries)."""


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    flows: list[float] = field(default_factory=list)
    acknowledged: dict[str, str] = field(default_factory=dict)
    ack_times: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    retries: Counter[str] = field(default_factory=Counter)
    # What was retried: "<kind> <exception name or status>".
    retry_reasons: Counter[str] = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def record(self, kind: str, seconds: float) -> None:
        self.latencies.setdefault(kind, []).append(seconds * 1000)

    def error(self, kind: str, detail: str) -> None:
        self.errors[kind] += 1
        if len(self.examples) < 10:
            self.examples.append(f"{kind}: {detail}"[:300])


class Driver:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.stats = Stats()
        self.done = asyncio.Event()
        self.http: aiohttp.ClientSession

    def url(self, path: str) -> str:
        return urljoin(self.config.base_url, path)

    def dashboard_url(self, path: str) -> str:
        return urljoin(self.config.dashboard_base_url or self.config.base_url, path)

    async def exchange(
        self,
        kind: str,
        method: str,
        url: str,
        *,
        cookies: dict[str, str],
        data: list[tuple[str, str]] | None = None,
        retry: bool = True,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, str, str]:
        """One request (following redirects by hand, keeping cookies; `headers`
        on the first only), retried on connection errors and 5xx. Returns status,
        body and the final URL."""
        attempts = self.config.retries if retry else 1
        for attempt in range(1, attempts + 1):
            started = time.perf_counter()
            try:
                status, body, final = await self._send(
                    method, url, cookies, data, headers or {}
                )
            except (TimeoutError, aiohttp.ClientError) as error:
                status, body, final = 0, type(error).__name__, url
            if status and status not in RETRY_STATUSES:
                self.stats.record(kind, time.perf_counter() - started)
                return status, body, final
            if attempt < attempts:
                self.stats.retries[kind] += 1
                self.stats.retry_reasons[f"{kind} {status or body}"] += 1
                await asyncio.sleep(min(0.05 * 2**attempt, 2.0) * random.random())
        raise Failed(f"{kind} {method} {url}: {status or body}")

    async def _send(
        self,
        method: str,
        url: str,
        cookies: dict[str, str],
        data: list[tuple[str, str]] | None,
        extra: dict[str, str],
    ) -> tuple[int, str, str]:
        for _hop in range(4):
            headers = {"Referer": url, **extra}
            if cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
            async with self.http.request(
                method, url, data=data, headers=headers, allow_redirects=False
            ) as response:
                body = await response.text()
                for name, morsel in response.cookies.items():
                    if morsel.value:
                        cookies[name] = morsel.value
                if response.status not in (301, 302, 303, 307, 308):
                    return response.status, body, url
                url = urljoin(url, response.headers["Location"])
                method, data, extra = "GET", None, {}
        raise Failed(f"too many redirects from {url}")

    # -- one representative ---------------------------------------------------------

    async def representative(self, index: int) -> None:
        config = self.config
        user = str(config.users[index])
        started = time.perf_counter()
        try:
            if config.mode == "bare":
                receipt = await self._bare()
            else:
                receipt = await self._ballot(config.cookies[index])
        except Failed as failure:
            self.stats.error("ballot", str(failure))
            return
        self.stats.flows.append((time.perf_counter() - started) * 1000)
        self.stats.acknowledged[user] = receipt
        self.stats.ack_times.append(time.perf_counter())

    async def _bare(self) -> str:
        status, body, _ = await self.exchange(
            "cast", "POST", self.url(self.config.ballot_path), cookies={}, data=[]
        )
        if status != 200:
            raise Failed(f"bare answered {status}")
        return str(json.loads(body)["receipt"])

    async def _ballot(self, session_key: str) -> str:
        cookies = {self.config.session_cookie: session_key}
        page = self.url(self.config.ballot_path)
        status, body, page = await self.exchange("page", "GET", page, cookies=cookies)
        if status != 200:
            raise Failed(f"ballot page answered {status}")
        form = ballot_form(body, page)
        if form is None:
            raise Failed(f"no ballot form on {page}")
        for _step in range(3):
            action, fields = form
            kind = "cast" if "cast" in urlsplit(action).path else "confirm"
            status, body, final = await self.exchange(
                kind,
                "POST",
                action,
                cookies=cookies,
                data=fields,
                # As ballot.js sends the cast (the receipt comes as the page's
                # content only; without the script the whole page comes).
                headers=CAST_HEADERS if kind == "cast" else None,
            )
            if status != 200:
                raise Failed(f"{kind} answered {status}: {_text(body)}")
            receipt = receipt_in(body)
            if receipt:
                return receipt
            next_form = ballot_form(body, final)
            if next_form is None:
                raise Failed(f"{kind} gave neither a receipt nor a form: {_text(body)}")
            form = next_form
        raise Failed("no receipt after three steps")

    # -- dashboard viewers ----------------------------------------------------------

    async def viewer(self, index: int) -> None:
        config = self.config
        path = config.dashboard_paths[index % len(config.dashboard_paths)]
        cookies = {config.session_cookie: config.viewer_cookies[index]}
        await asyncio.sleep(random.random() * config.poll_s)
        while not self.done.is_set():
            tick = time.perf_counter()
            try:
                status, _, _ = await self.exchange(
                    "dashboard", "GET", self.dashboard_url(path), cookies=cookies
                )
                if status != 200:
                    self.stats.error("dashboard", f"answered {status}")
            except Failed as failure:
                self.stats.error("dashboard", str(failure))
            rest = config.poll_s - (time.perf_counter() - tick)
            try:
                await asyncio.wait_for(self.done.wait(), timeout=max(rest, 0.01))
            except TimeoutError:
                continue

    # -- the burst ------------------------------------------------------------------

    async def warm_up(self) -> None:
        """Touch every code path once per worker before measuring (not recorded)."""
        config = self.config
        jobs: list[Any] = [
            self.http.get(self.url("/healthz")) for _ in range(config.warmup)
        ]
        if config.mode == "ballot":
            jobs += [
                self.http.get(
                    self.url(config.ballot_path),
                    headers={"Cookie": f"{config.session_cookie}={key}"},
                )
                for key in config.cookies[: config.warmup]
            ]
        jobs += [
            self.http.get(
                self.dashboard_url(
                    config.dashboard_paths[n % len(config.dashboard_paths)]
                ),
                headers={"Cookie": f"{config.session_cookie}={key}"},
            )
            for n, key in enumerate(config.viewer_cookies[: config.warmup])
        ]
        for job in jobs:
            async with job as response:
                await response.read()

    async def run(self) -> dict[str, Any]:
        config = self.config
        random.seed(config.seed)
        count = len(config.users)
        arrivals = sorted(random.uniform(0, config.duration_s) for _ in range(count))
        # Idle connections are dropped before gunicorn's 2 s keep-alive ends, so that
        # a request never races the server closing the connection it reuses.
        connector = aiohttp.TCPConnector(limit=0, keepalive_timeout=1.0)
        timeout = aiohttp.ClientTimeout(total=config.timeout_s)
        async with aiohttp.ClientSession(
            connector=connector,
            timeout=timeout,
            cookie_jar=aiohttp.DummyCookieJar(),
        ) as self.http:
            await self.warm_up()
            cpu_before = _cpu()
            start = time.perf_counter()
            print("START", flush=True)
            viewers = [
                asyncio.create_task(self.viewer(n))
                for n in range(len(config.viewer_cookies))
            ]
            casts = [
                asyncio.create_task(self._arrive(n, start + at))
                for n, at in enumerate(arrivals)
            ]
            _finished, unfinished = await asyncio.wait(casts, timeout=config.deadline_s)
            for task in unfinished:
                task.cancel()
                self.stats.error("ballot", "unfinished at the deadline")
            self.done.set()
            await asyncio.gather(*viewers, return_exceptions=True)
            elapsed = (
                max(self.stats.ack_times) if self.stats.ack_times else start
            ) - start
            cpu = _cpu() - cpu_before
        return self.summary(count=count, elapsed=elapsed, cpu=cpu)

    async def _arrive(self, index: int, at: float) -> None:
        await asyncio.sleep(max(at - time.perf_counter(), 0))
        await self.representative(index)

    def summary(self, *, count: int, elapsed: float, cpu: float) -> dict[str, Any]:
        stats, config = self.stats, self.config
        ballot_kinds = [k for k in ("page", "confirm", "cast") if k in stats.latencies]
        requests = [ms for k in ballot_kinds for ms in stats.latencies[k]]
        acknowledged = len(stats.acknowledged)

        def figures(values: list[float]) -> dict[str, float]:
            return {
                "p50_ms": round(percentile(values, 0.50), 1),
                "p95_ms": round(percentile(values, 0.95), 1),
                "p99_ms": round(percentile(values, 0.99), 1),
                "max_ms": round(max(values, default=0.0), 1),
            }

        return {
            "mode": config.mode,
            "arrivals": count,
            "duration_s": config.duration_s,
            "acknowledged": acknowledged,
            "elapsed_s": round(elapsed, 3),
            "throughput_per_s": round(acknowledged / elapsed, 1) if elapsed else 0.0,
            "offered_per_s": round(count / config.duration_s, 1),
            "requests": len(requests),
            "latency": figures(requests),
            "by_kind": {k: figures(stats.latencies[k]) for k in ballot_kinds},
            "flow": figures(stats.flows),
            "errors": stats.errors["ballot"],
            "retries": sum(stats.retries[k] for k in ("page", "confirm", "cast")),
            "dashboard_polls": len(stats.latencies.get("dashboard", [])),
            "dashboard": figures(stats.latencies.get("dashboard", [])),
            "dashboard_errors": stats.errors["dashboard"],
            "dashboard_retries": stats.retries["dashboard"],
            "retry_reasons": dict(stats.retry_reasons.most_common(8)),
            "error_examples": stats.examples,
            "driver_cpu_s": round(cpu, 2),
            "acknowledged_receipts": stats.acknowledged,
        }


def _text(body: str) -> str:
    """A short readable excerpt of an HTML answer, for error messages."""
    text = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", text).strip()[:200]


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _raise_file_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: python -m sanmin.bench.driver CONFIG OUT", file=sys.stderr)
        return 2
    config = Config.load(Path(argv[1]))
    for url in (config.base_url, config.dashboard_base_url or config.base_url):
        host = urlsplit(url).hostname or ""
        if not (host == "localhost" or host.startswith("127.") or host == "::1"):
            print(f"refusing to load {host}: loopback only", file=sys.stderr)
            return 2
    _raise_file_limit()
    result = asyncio.run(Driver(config).run())
    Path(argv[2]).write_text(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
