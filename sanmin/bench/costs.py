"""Where a ballot's time goes: each request of the flow run in-process, measured.

`sanmin bench costs` (in the benchmark's environment, after `prepare`) walks N
representatives through the real pages with Django's test client (no network, no
concurrency), and reports per step the CPU time, the wall time, the number of SQL
statements, and, for the cast, the share of the parts of `ballot_cast` and
`audit_record` (cProfile on CPU time, as shares of the cast view). The burst tells how the server copes; this
tells what to make cheaper.
"""

from __future__ import annotations

import cProfile
import pstats
import statistics
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sanmin.bench.driver import CAST_HEADERS, ballot_form, receipt_in

# Functions whose cumulative time inside a cast is reported (file suffix, name).
CAST_PARTS = (
    ("evaluation/views/ballots.py", "cast"),
    ("evaluation/views/ballots.py", "_seat"),
    ("evaluation/selectors/sheets.py", "sheet_read"),
    ("evaluation/services/ballots.py", "ballot_cast"),
    ("evaluation/services/ballots.py", "_validated_items"),
    ("evaluation/services/ballots.py", "receipt_for"),
    ("core/rows.py", "_insert"),
    ("audit/services.py", "audit_record"),
    ("audit/services.py", "_take_lane"),
    ("django/db/transaction.py", "__exit__"),
    ("evaluation/views/ballots.py", "_receipt_page"),
    ("django/contrib/auth/__init__.py", "get_user"),
)


FORM = "application/x-www-form-urlencoded"

# One client for every request: a new one would load the middleware again (and
# WhiteNoise would scan the static files) on its first request.
_CLIENT = Client(HTTP_HOST="127.0.0.1")


def _client(session_key: str = "") -> Client:
    _CLIENT.cookies.clear()
    if session_key:
        _CLIENT.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return _CLIENT


def _measure(
    samples: dict[str, list[tuple[float, float, int]]],
    step: str,
    call: Callable[..., Any],
    *args: Any,
    **kwargs: Any,
) -> Any:
    cpu, wall = time.process_time(), time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        answer = call(*args, **kwargs)
    samples.setdefault(step, []).append(
        (
            (time.process_time() - cpu) * 1000,
            (time.perf_counter() - wall) * 1000,
            len(queries.captured_queries),
        )
    )
    return answer


def ballot_costs(*, manifest: dict[str, Any], count: int) -> dict[str, Any]:
    """Walk `count` representatives (from the end of the roster) through the pages.

    Each step is measured twice: once plainly (CPU, wall, statements) and, for the
    cast, once more under cProfile for the breakdown (a separate representative, so
    that the profiler's own cost does not blur the plain figures).
    """
    session_id = manifest["session_id"]
    page = "http://127.0.0.1" + reverse("evaluation:ballot", args=[session_id])
    live = reverse("dashboards:session-live", args=[session_id])
    screen = reverse("dashboards:screen-live", args=[session_id])
    samples: dict[str, list[tuple[float, float, int]]] = {}
    profile = cProfile.Profile(time.process_time)
    keys = manifest["cookies"][-2 * count :]
    _client().get("/healthz")  # load the middleware before measuring
    for n, key in enumerate(keys):
        profiled = n % 2 == 1
        client = _client(key)
        body = _measure(samples, "page", client.get, page).content.decode()
        for _step in range(3):
            form = ballot_form(body, page)
            assert form is not None, "no ballot form"
            action, fields = form
            step = "cast" if "cast" in action else "confirm"
            # Urlencoded, as a browser submits the form (and the load driver too).
            sent = urlencode(fields)
            # The cast with ballot.js's header, as the load driver sends it.
            headers = CAST_HEADERS if step == "cast" else {}
            if profiled and step == "cast":
                profile.enable()
                answer = client.post(action, sent, content_type=FORM, headers=headers)
                profile.disable()
            else:
                answer = _measure(
                    samples,
                    step,
                    client.post,
                    action,
                    sent,
                    content_type=FORM,
                    headers=headers,
                )
            body = answer.content.decode()
            if receipt_in(body):
                break
        _measure(samples, "dashboard", _client(manifest["viewer_cookies"][0]).get, live)
        _measure(samples, "screen", _client().get, screen)
    return {
        "steps": {
            step: {
                "cpu_ms": round(statistics.median(s[0] for s in rows), 2),
                "wall_ms": round(statistics.median(s[1] for s in rows), 2),
                "queries": statistics.median(s[2] for s in rows),
            }
            for step, rows in samples.items()
        },
        "cast_parts_share": _parts(profile),
    }


def _parts(profile: cProfile.Profile) -> dict[str, float]:
    """Each part's cumulative CPU as a fraction of the cast view's (the profiler
    inflates Python code, so shares travel better than its milliseconds)."""
    loaded: Any = pstats.Stats(profile)
    stats: dict[tuple[str, int, str], tuple[Any, ...]] = loaded.stats
    found: dict[str, float] = {}
    for (filename, _line, name), row in stats.items():
        for suffix, wanted in CAST_PARTS:
            if name == wanted and filename.endswith(suffix):
                label = f"{'/'.join(suffix.split('/')[-2:]).removesuffix('.py')}.{name}"
                found[label] = found.get(label, 0.0) + row[3]
    whole = found.pop("views/ballots.cast", 0.0) or 1.0
    return {label: round(cpu / whole, 3) for label, cpu in sorted(found.items())}
