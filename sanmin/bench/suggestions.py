"""`sanmin bench suggestions`: 云征集 on 100,000 suggestions.

The command (sanmin/core/management/commands/bench.py) drops and creates the
throwaway benchmark database, then runs `bench suggestions-run` in a process of its
own with that database; `bench_suggestions` below is what that process does:

1. The 2024 campaign (loaded from the shipped plan when there is none) and `count`
   synthetic suggestions with their items, steps and term index, written by
   `sanmin.suggestions.synthetic.synthetic_suggestions`; on PostgreSQL then VACUUM
   ANALYZE, as autovacuum would do after such a load (statistics for the planner,
   and the visibility map that lets counts read the indexes alone).
2. An office and a department account (the department leading the most items),
   signed in with a verified second factor on Django's test client, in-process:
   no network, no concurrency, so the figures are the server's own time per page.
3. p95 of the office's triage list (several filters and pages), the public
   suggestions page (pages and filters) and the department's item list (filters and
   pages): every URL once to warm up, then ROUNDS rounds over all of them.
4. p95 of `similar_find` for SIMILAR_SAMPLES new texts (made from the same phrase
   banks, so that they do have look-alikes in the corpus).
5. The full export, CSV and .xlsx, read to the end through the export page:
   memory measured as the peak RSS of a separate process that does only that
   (`bench suggestions-export`, default), or as the tracemalloc peak of the Python
   allocations during the export in this process (`export_probe="tracemalloc"`,
   used by the test on an in-memory SQLite database that a second process cannot
   open).
Returns every figure (milliseconds, megabytes) and `ok`: all targets met.
"""

from __future__ import annotations

import json
import math
import os
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connection
from django.test import Client
from django.urls import reverse

# Targets of the issue.
PAGE_P95_MAX_MS = 200.0
SIMILAR_P95_MAX_MS = 1000.0
EXPORT_MAX_MB = 200.0
ROUNDS = 5
SIMILAR_SAMPLES = 20
OFFICE = "bench-suggestions-office"
DEPARTMENT = "bench-suggestions-department"
PASSWORD = "bench-Suggestions-0ff1ce!"


def p95(samples: list[float]) -> float:
    """The 95th percentile (nearest rank) of `samples`, 0 when there are none."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]


def _campaign() -> Any:
    from sanmin.campaigns.selectors import campaign_current
    from sanmin.campaigns.services import campaign_load_file

    return campaign_current() or campaign_load_file(actor="性能测试")


def _staff(*, username: str, role: str, department: Any = None) -> Any:
    """A staff account with a TOTP device (made once, reused by later runs)."""
    from sanmin.accounts.models import User
    from sanmin.accounts.selectors import user_totp_device
    from sanmin.accounts.services import staff_create, staff_totp_device_create

    user = User.objects.filter(username=username).first()
    if user is None:
        user = staff_create(
            username=username,
            password=PASSWORD,
            role=role,
            display_name="性能测试",
            department=department,
            actor="性能测试",
        )
    if user_totp_device(user=user) is None:
        staff_totp_device_create(user=user, actor="性能测试")
    return user


def signed_in(user: Any) -> Client:
    """A test client signed in as `user`, second factor verified, as a completed
    staff sign-in leaves the session."""
    from django_otp import DEVICE_ID_SESSION_KEY

    from sanmin.accounts.selectors import user_totp_device

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    device = user_totp_device(user=user)
    assert device is not None
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _busiest_department(campaign: Any) -> Any:
    from django.db.models import Count

    from sanmin.campaigns.models import Department
    from sanmin.suggestions.models import Item

    row = (
        Item.objects.filter(suggestion__campaign=campaign)
        .values("lead_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "lead_id")
        .first()
    )
    if row is None:
        raise RuntimeError("the synthetic data made no items")
    return Department.objects.get(pk=row["lead_id"])


def _urls(campaign: Any) -> dict[str, list[str]]:
    """The pages timed, each with several filters and pages."""
    from sanmin.campaigns.models import District, TopicArea

    topics = list(TopicArea.objects.filter(campaign=campaign).order_by("order"))
    district = District.objects.order_by("order", "code").first()
    triage = reverse("suggestions:triage")
    public = reverse("suggestions:public")
    items = reverse("suggestions:items")
    return {
        "triage": [
            triage,
            f"{triage}?status=submitted",
            f"{triage}?status=assigned&page=3",
            f"{triage}?status=all&topic={topics[0].pk}",
            f"{triage}?status=all&district={district.pk if district else ''}&page=2",
            f"{triage}?status=all&source=citizen&page=40",
            f"{triage}?status=all&q=停车",
            f"{triage}?status=all&page=2000",
        ],
        "public": [
            public,
            f"{public}?page=2",
            f"{public}?page=30",
            f"{public}?topic={topics[4].code if len(topics) > 4 else topics[0].code}",
            f"{public}?q=供暖",
        ],
        "items": [
            items,
            f"{items}?due=overdue",
            f"{items}?due=due_soon",
            f"{items}?state=all&page=2",
            f"{items}?state=approved",
        ],
    }


def _time_pages(
    client: Client, urls: list[str], *, rounds: int
) -> tuple[list[float], list[str]]:
    """Milliseconds per request over `rounds` rounds (after one warm-up round), and
    the URLs that did not answer 200."""
    failed = []
    for url in urls:
        if client.get(url).status_code != 200:
            failed.append(url)
    samples = []
    for _ in range(rounds):
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200 and url not in failed:
                failed.append(url)
    return samples, failed


def _new_texts(count: int, seed: int) -> list[str]:
    """New suggestion texts from the synthetic phrase banks (not stored)."""
    from sanmin.suggestions.synthetic import ISSUES, PLACES

    rng = random.Random(seed + 7)
    texts = []
    for _ in range(count):
        issue = rng.choice(ISSUES)
        clauses = rng.sample(list(issue.clauses), k=min(3, len(issue.clauses)))
        texts.append(f"我住在{rng.choice(PLACES)}。" + "".join(clauses))
    return texts


def _time_similar(texts: list[str]) -> tuple[list[float], int]:
    from sanmin.suggestions.services.text import similar_find

    samples, found = [], 0
    similar_find(text=texts[0])  # warm-up (dictionary load)
    for text in texts:
        started = time.perf_counter()
        found += len(similar_find(text=text))
        samples.append((time.perf_counter() - started) * 1000)
    return samples, found


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB: VmHWM of the current
    address space on Linux (ru_maxrss would report the parent's peak when the
    process was started by vfork + exec), ru_maxrss elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def export_read(*, client: Client, fmt: str) -> dict[str, Any]:
    """Read the whole export through its page, chunk by chunk, keeping nothing."""
    started = time.perf_counter()
    response = client.get(reverse("suggestions:export"), {"format": fmt})
    if response.status_code != 200:
        raise RuntimeError(f"export {fmt} answered {response.status_code}")
    size = 0
    for chunk in response.streaming_content:  # type: ignore[attr-defined]
        size += len(chunk)
    return {"seconds": time.perf_counter() - started, "bytes": size}


def export_measure(*, fmt: str, username: str) -> dict[str, Any]:
    """`bench suggestions-export`: one export in a fresh process; its peak RSS."""
    from sanmin.accounts.models import User

    client = signed_in(User.objects.get(username=username))
    client.get(reverse("suggestions:stats"))  # load the app's code and templates
    baseline = rss_mb()
    read = export_read(client=client, fmt=fmt)
    return {
        "format": fmt,
        "bytes": read["bytes"],
        "seconds": round(read["seconds"], 3),
        "baseline_rss_mb": round(baseline, 1),
        "peak_rss_mb": round(rss_mb(), 1),
    }


def _export_in_subprocess(fmt: str) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "sanmin",
            "bench",
            "suggestions-export",
            "--format",
            fmt,
            "--user",
            OFFICE,
        ],
        env={**os.environ},
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"export {fmt} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _export_traced(client: Client, fmt: str) -> dict[str, Any]:
    tracemalloc.start()
    try:
        read = export_read(client=client, fmt=fmt)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {
        "format": fmt,
        "bytes": read["bytes"],
        "seconds": round(read["seconds"], 3),
        "peak_mb": round(peak / 1024 / 1024, 1),
    }


def bench_suggestions(
    *,
    count: int = 100_000,
    seed: int = 1,
    rounds: int = ROUNDS,
    export_probe: str = "subprocess",
    write: Callable[[str], None] = lambda line: None,
) -> dict[str, Any]:
    """Generate `count` suggestions and measure the pages, duplicate detection and
    the export (see the module docstring). Returns the figures and `ok`."""
    from sanmin.accounts.models import Role
    from sanmin.suggestions.models import Item, Suggestion
    from sanmin.suggestions.synthetic import synthetic_suggestions

    if export_probe not in ("subprocess", "tracemalloc"):
        raise ValueError(f"unknown export probe {export_probe!r}")
    campaign = _campaign()
    figures: dict[str, Any] = {
        "database": connection.vendor,
        "count": count,
        # How busy the machine was: figures compare only between quiet runs.
        "loadavg_1m_before": round(os.getloadavg()[0], 2),
    }

    started = time.perf_counter()
    synthetic_suggestions(campaign=campaign, count=count, seed=seed)
    figures["generate_ms"] = round((time.perf_counter() - started) * 1000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # VACUUM cannot run in a transaction (the test of this command runs
            # inside one); ANALYZE alone still gives the planner its statistics.
            in_test = connection.in_atomic_block
            cursor.execute("ANALYZE" if in_test else "VACUUM ANALYZE")
    figures["suggestions"] = Suggestion.objects.filter(campaign=campaign).count()
    figures["items"] = Item.objects.filter(suggestion__campaign=campaign).count()
    write(
        f"生成 {figures['suggestions']} 条建议、{figures['items']} 个交办事项，"
        f"用时 {figures['generate_ms'] / 1000:.1f} 秒"
    )

    office = _staff(username=OFFICE, role=Role.OFFICE)
    department = _busiest_department(campaign)
    staff = _staff(username=DEPARTMENT, role=Role.DEPARTMENT, department=department)
    clients = {
        "triage": signed_in(office),
        "public": Client(HTTP_HOST="127.0.0.1"),
        "items": signed_in(staff),
    }
    failed: list[str] = []
    for page, urls in _urls(campaign).items():
        samples, bad = _time_pages(clients[page], urls, rounds=rounds)
        failed += bad
        figures[f"{page}_p95_ms"] = round(p95(samples), 1)
        figures[f"{page}_requests"] = len(samples)
        write(f"{page}: p95 {figures[f'{page}_p95_ms']} ms（{len(samples)} 次请求）")
    figures["page_errors"] = failed

    samples, found = _time_similar(_new_texts(SIMILAR_SAMPLES, seed))
    figures["similar_p95_ms"] = round(p95(samples), 1)
    figures["similar_samples"] = len(samples)
    figures["similar_found"] = found
    write(f"similar_find: p95 {figures['similar_p95_ms']} ms，共找到 {found} 条相似")

    figures["export_probe"] = (
        "peak RSS of a separate process"
        if export_probe == "subprocess"
        else "tracemalloc peak in process"
    )
    for fmt in ("csv", "xlsx"):
        if export_probe == "subprocess":
            result = _export_in_subprocess(fmt)
            figures[f"export_{fmt}_mb"] = result["peak_rss_mb"]
            figures[f"export_{fmt}_baseline_mb"] = result["baseline_rss_mb"]
        else:
            result = _export_traced(clients["triage"], fmt)
            figures[f"export_{fmt}_mb"] = result["peak_mb"]
        figures[f"export_{fmt}_ms"] = round(result["seconds"] * 1000)
        figures[f"export_{fmt}_file_mb"] = round(result["bytes"] / 1024 / 1024, 1)
        write(
            f"导出 {fmt}: 内存 {figures[f'export_{fmt}_mb']} MB，"
            f"{figures[f'export_{fmt}_file_mb']} MB 文件，{figures[f'export_{fmt}_ms']} ms"
        )

    figures["targets"] = {
        "page_p95_ms": PAGE_P95_MAX_MS,
        "similar_p95_ms": SIMILAR_P95_MAX_MS,
        "export_mb": EXPORT_MAX_MB,
    }
    figures["failed_targets"] = targets_failed(figures)
    figures["ok"] = not figures["failed_targets"]
    return figures


def targets_failed(figures: dict[str, Any]) -> list[str]:
    """The names of the targets the figures miss."""
    failed = []
    if figures.get("page_errors"):
        failed.append("page_errors")
    for page in ("triage", "public", "items"):
        if figures[f"{page}_p95_ms"] >= PAGE_P95_MAX_MS:
            failed.append(f"{page}_p95")
    if figures["similar_p95_ms"] >= SIMILAR_P95_MAX_MS:
        failed.append("similar_p95")
    for fmt in ("csv", "xlsx"):
        if figures[f"export_{fmt}_mb"] >= EXPORT_MAX_MB:
            failed.append(f"export_{fmt}_memory")
    return failed
