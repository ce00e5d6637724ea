"""`sanmin bench surveys`: 社情民意调查 on 1,000,000 public responses (issue 6).

The command (sanmin/core/management/commands/bench.py) drops and creates the
throwaway benchmark database (the ballot benchmark's Runner: 127.0.0.1 only), then:

1. runs `bench surveys-run` in a process of its own with that database; that
   process (`bench_surveys` below):
   a. loads the 2024 campaign and the 2024 public questionnaire from
      sanmin/surveys/data/survey-2024.json and opens it;
   b. writes `count` synthetic public responses with their participations, texts
      and tallies in chunks (COPY on PostgreSQL; sanmin/surveys/synthetic.py), then VACUUM
      ANALYZE as autovacuum would after such a load, and a CHECKPOINT so that the
      one the load calls for does not fall into a timed load;
   c. times `results_compute` for all questions and for the cross-tab by district
      (and by representative category): one cold call, then ROUNDS calls, the
      median reported;
   d. measures the full CSV export (and with `--xlsx` the .xlsx one: openpyxl
      takes tens of minutes for a million rows), read to the end through the
      export page as the statistics role: the peak RSS of a separate process that
      only exports (`bench surveys-export`), or in the test the tracemalloc peak;
   e. makes `clients` × SUBMISSIONS_PER_CLIENT citizens signed in already (as a
      completed 爱山东 sign-in leaves them) with a valid answer each, in the fill
      form's field names, and writes them to the manifest for step 2.
2. starts gunicorn as for the ballots (benchmark mode, which mounts the bare
   endpoint) and runs the load driver (surveys_driver.py, a separate process,
   asyncio + aiohttp) with `clients` concurrent clients: first every citizen's
   fill page is loaded (GET: the form, its CSRF token), then each client posts
   the next citizen's answers as fill.js does (POST, answered with the thank-you
   content) until all have answered; the submission figures (throughput, p99,
   CPU) are those of the posts alone, the pages' are reported beside them. The
   same clients POST as many times to the bare endpoint (views.bare_survey: the
   participation, the response and its texts in one transaction, into a draft
   copy of the questionnaire; no authentication, validation, tallies or audit).
   Each load runs in two halves, in the order submission, bare, bare, submission,
   so that a steady drift of the machine's speed cancels out (`_combined`). CPU
   of the server, PostgreSQL and the driver is measured for each.
3. checks (`bench surveys-check`) that every acknowledged answer is stored once
   (responses and participations = loaded + answered) and, up to RECOUNT_MAX
   responses, that the live figures equal `results_recount` of the stored
   answers.

The last line is one JSON object: milliseconds, megabytes, ratios as fractions,
`failed_targets` and `ok`.
"""

from __future__ import annotations

import functools
import json
import os
import random
import statistics
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

from sanmin.bench.suggestions import _staff, rss_mb, signed_in

# Targets of the issue.
AGGREGATE_MAX_MS = 2000.0
CROSSTAB_MAX_MS = 1000.0
EXPORT_MAX_MB = 200.0
SUBMIT_TO_BARE_MIN = 0.5
ROUNDS = 3
SUBMISSIONS_PER_CLIENT = 10
STATISTICS = "bench-surveys-statistics"
ACTOR = "性能测试"
FORMATS = ("csv", "xlsx")
# The free-text search timed (a phrase of synthetic.PHRASES, so that it finds some).
TEXT_SEARCH = "停车"


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def survey_questionnaires(*, campaign: Any) -> tuple[Any, Any]:
    """The 2024 public questionnaire of `campaign` from the shipped data, opened,
    and a draft copy of it (its next version) that takes the bare endpoint's rows,
    so that they never mix with the answers counted."""
    from sanmin.surveys.models import Audience
    from sanmin.surveys.services.builder import (
        questionnaire_new_version,
        questionnaire_open,
        questionnaires_load_2024,
    )

    loaded = questionnaires_load_2024(campaign=campaign, actor=ACTOR)
    public = next(q for q in loaded if q.audience == Audience.PUBLIC)
    public = questionnaire_open(questionnaire=public, actor=ACTOR)
    return public, questionnaire_new_version(questionnaire=public, actor=ACTOR)


def _timed(call: Callable[[], Any], rounds: int) -> tuple[float, float]:
    """(cold ms, median ms of `rounds` further calls)."""
    started = time.perf_counter()
    call()
    cold = time.perf_counter() - started
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        samples.append(time.perf_counter() - started)
    return _ms(cold), _ms(statistics.median(samples))


def export_read(*, client: Client, questionnaire_id: int, fmt: str) -> dict[str, Any]:
    """Read a whole export through its page, chunk by chunk, keeping nothing."""
    started = time.perf_counter()
    response = client.get(
        reverse("surveys:export", kwargs={"pk": questionnaire_id}), {"format": fmt}
    )
    if response.status_code != 200:
        raise RuntimeError(f"export {fmt} answered {response.status_code}")
    size = 0
    for chunk in response.streaming_content:  # type: ignore[attr-defined]
        size += len(chunk)
    return {"seconds": time.perf_counter() - started, "bytes": size}


def export_measure(*, fmt: str, username: str, questionnaire_id: int) -> dict[str, Any]:
    """`bench surveys-export`: one full export in a fresh process; its peak RSS
    (Django and the app included; `baseline_rss_mb` is before the export)."""
    from sanmin.accounts.models import User

    client = signed_in(User.objects.get(username=username))
    # Load the app's code and templates first (the results page, small).
    client.get(reverse("surveys:results"))
    baseline = rss_mb()
    read = export_read(client=client, questionnaire_id=questionnaire_id, fmt=fmt)
    return {
        "format": fmt,
        "bytes": read["bytes"],
        "seconds": round(read["seconds"], 3),
        "baseline_rss_mb": round(baseline, 1),
        "peak_rss_mb": round(rss_mb(), 1),
    }


def _export_in_subprocess(fmt: str, questionnaire_id: int) -> dict[str, Any]:
    done = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "sanmin",
            "bench",
            "surveys-export",
            "--format",
            fmt,
            "--user",
            STATISTICS,
            "--questionnaire",
            str(questionnaire_id),
        ],
        env={**os.environ},
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"export {fmt} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _export_traced(client: Client, fmt: str, questionnaire_id: int) -> dict[str, Any]:
    tracemalloc.start()
    try:
        read = export_read(client=client, questionnaire_id=questionnaire_id, fmt=fmt)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return {
        "bytes": read["bytes"],
        "seconds": read["seconds"],
        "peak_rss_mb": round(peak / 1024 / 1024, 1),
    }


def answer_fields(*, structure: Any, answers: dict[str, Any]) -> list[list[str]]:
    """An answer set as the fill form posts it: [field name, value] pairs in the
    form's own names (sanmin/surveys/forms/answer.py)."""
    from sanmin.surveys.forms.answer import field_name

    fields: list[list[str]] = []
    for question in structure.questions:
        value = answers.get(question.code)
        if value is None:
            continue
        name = field_name(question)
        if isinstance(value, dict):
            fields += [[field_name(question, row), str(v)] for row, v in value.items()]
        elif isinstance(value, list):
            fields += [[name, str(v)] for v in value]
        else:
            fields.append([name, str(value)])
        other = answers.get(question.other_key)
        if other:
            fields.append([f"{name}__other", str(other)])
    return fields


def submit_prepare(
    *, questionnaire: Any, citizens: int, seed: int = 7
) -> dict[str, Any]:
    """`citizens` synthetic citizens signed in already, each with a valid answer
    in the fill form's fields: what the load driver needs."""
    from django.conf import settings

    from sanmin.bench.dataset import _citizens, _signed_in
    from sanmin.surveys.selectors.structure import questionnaire_structure
    from sanmin.surveys.synthetic import questions_of, synthetic_answers

    structure = questionnaire_structure(questionnaire=questionnaire)
    questions = questions_of(structure)
    rng = random.Random(seed)
    users = _citizens(citizens)
    return {
        "questionnaire_id": questionnaire.pk,
        "fill_path": reverse("surveys:fill", kwargs={"pk": questionnaire.pk}),
        "cookies": _signed_in(users),
        "answers": [
            answer_fields(
                structure=structure,
                answers=synthetic_answers(structure, questions, rng),
            )
            for _ in users
        ],
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
    }


def bench_surveys(
    *,
    count: int = 1_000_000,
    clients: int = 200,
    seed: int = 1,
    rounds: int = ROUNDS,
    export_probe: str = "subprocess",
    per_client: int = SUBMISSIONS_PER_CLIENT,
    formats: tuple[str, ...] = ("csv",),
    write: Callable[[str], None] = lambda line: None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Steps 1a–1e of the module docstring. Returns the figures and the manifest
    for the submission load."""
    from sanmin.accounts.models import Role
    from sanmin.campaigns.selectors import campaign_current
    from sanmin.campaigns.services import campaign_load_file
    from sanmin.surveys.models import Response, Tally
    from sanmin.surveys.selectors.results import By, results_compute
    from sanmin.surveys.selectors.structure import questionnaire_structure
    from sanmin.surveys.synthetic import responses_load

    if export_probe not in ("subprocess", "tracemalloc"):
        raise ValueError(f"unknown export probe {export_probe!r}")
    campaign = campaign_current() or campaign_load_file(actor=ACTOR)
    questionnaire, bare = survey_questionnaires(campaign=campaign)
    structure = questionnaire_structure(questionnaire=questionnaire)
    figures: dict[str, Any] = {
        "database": connection.vendor,
        "count": count,
        "clients": clients,
        "loadavg_1m_before": round(os.getloadavg()[0], 2),
        "questionnaire": questionnaire.pk,
    }

    started = time.perf_counter()
    loaded = responses_load(
        questionnaire=questionnaire, structure=structure, count=count, seed=seed
    )
    figures["load_ms"] = _ms(time.perf_counter() - started)
    # Statistics for the planner (and on PostgreSQL the visibility map), as
    # autovacuum would leave them after such a load; VACUUM cannot run in a
    # transaction (a test's), ANALYZE can.
    started = time.perf_counter()
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        if vacuum:
            # Write the load out now, so that the checkpoint it calls for does not
            # land in the middle of one of the timed loads.
            cursor.execute("CHECKPOINT")
    figures["analyze_ms"] = _ms(time.perf_counter() - started)
    figures["responses"] = Response.objects.filter(questionnaire=questionnaire).count()
    figures["text_answers"] = loaded.texts
    figures["tally_rows"] = Tally.objects.filter(questionnaire=questionnaire).count()
    figures["tally_increments"] = loaded.increments
    write(
        f"载入 {figures['responses']} 份答卷、{loaded.texts} 条文字答案、"
        f"{figures['tally_rows']} 行计数，用时 {figures['load_ms'] / 1000:.1f} 秒"
    )

    cuts: tuple[tuple[str, By], ...] = (
        ("aggregate", None),
        ("crosstab_district", "district"),
        ("crosstab_category", "category"),
    )
    for name, by in cuts:
        cold, warm = _timed(
            functools.partial(results_compute, questionnaire=questionnaire, by=by),
            rounds,
        )
        figures[f"{name}_ms"] = warm
        figures[f"{name}_cold_ms"] = cold
        write(f"{name}: {warm} ms（首次 {cold} ms）")

    office = _staff(username=STATISTICS, role=Role.STATISTICS)
    reader = signed_in(office)
    texts_url = reverse("surveys:texts", kwargs={"pk": questionnaire.pk})

    def texts_page() -> None:
        page = reader.get(texts_url, {"q": TEXT_SEARCH})
        if page.status_code != 200 or TEXT_SEARCH not in page.content.decode():
            raise RuntimeError(f"text search answered {page.status_code}")

    cold, warm = _timed(texts_page, rounds)
    figures["text_search_ms"] = warm
    figures["text_search_cold_ms"] = cold
    write(f"文字回答搜索“{TEXT_SEARCH}”（第一页）: {warm} ms（首次 {cold} ms）")
    figures["export_probe"] = (
        "peak RSS of a separate process"
        if export_probe == "subprocess"
        else "tracemalloc peak in process"
    )
    for fmt in formats:
        if export_probe == "subprocess":
            result = _export_in_subprocess(fmt, questionnaire.pk)
            figures[f"export_{fmt}_baseline_mb"] = result["baseline_rss_mb"]
        else:
            result = _export_traced(signed_in(office), fmt, questionnaire.pk)
        figures[f"export_{fmt}_mb"] = result["peak_rss_mb"]
        figures[f"export_{fmt}_ms"] = _ms(result["seconds"])
        figures[f"export_{fmt}_file_mb"] = round(result["bytes"] / 1024 / 1024, 1)
        write(
            f"导出 {fmt}: 内存 {figures[f'export_{fmt}_mb']} MB，"
            f"{figures[f'export_{fmt}_file_mb']} MB 文件，{figures[f'export_{fmt}_ms']} ms"
        )

    manifest = submit_prepare(
        questionnaire=questionnaire, citizens=clients * per_client
    )
    manifest["bare_questionnaire_id"] = bare.pk
    return figures, manifest


def stored_check(
    *, questionnaire_id: int, expected: int, recount: bool = True
) -> dict[str, Any]:
    """After the load: responses and participations of the questionnaire both equal
    `expected`, and (with `recount`) the live figures equal a recount of the
    stored answers; None when not recounted."""
    from sanmin.surveys.models import Questionnaire, Respondent, Response
    from sanmin.surveys.selectors.results import results_compute, results_recount

    questionnaire = Questionnaire.objects.get(pk=questionnaire_id)
    responses = Response.objects.filter(questionnaire=questionnaire).count()
    respondents = (
        Respondent.objects.filter(
            campaign_id=questionnaire.campaign_id, code=questionnaire.code
        )
        .exclude(identity_hash__startswith="bench-bare-")
        .count()
    )
    match = None
    recount_ms = None
    if recount:
        live = results_compute(questionnaire=questionnaire)
        started = time.perf_counter()
        again = results_recount(questionnaire=questionnaire)
        recount_ms = _ms(time.perf_counter() - started)
        match = live == again
    return {
        "stored_responses": responses,
        "stored_respondents": respondents,
        "tallies_match_recount": match,
        "recount_ms": recount_ms,
        "stored_ok": responses == expected and respondents == expected,
    }


def targets_failed(figures: dict[str, Any]) -> list[str]:
    """The names of the targets the figures miss (of those measured)."""
    failed = []
    if figures.get("aggregate_ms", 0) >= AGGREGATE_MAX_MS:
        failed.append("aggregate")
    if figures.get("crosstab_district_ms", 0) >= CROSSTAB_MAX_MS:
        failed.append("crosstab_district")
    for fmt in FORMATS:
        if figures.get(f"export_{fmt}_mb", 0) >= EXPORT_MAX_MB:
            failed.append(f"export_{fmt}_memory")
    if "submit_to_bare_ratio" in figures:
        if figures["submit_to_bare_ratio"] < SUBMIT_TO_BARE_MIN:
            failed.append("submit_to_bare_ratio")
        if (
            figures.get("submit_errors")
            or figures.get("submit_page_errors")
            or figures.get("bare_errors")
        ):
            failed.append("errors")
    if (
        figures.get("stored_ok") is False
        or figures.get("tallies_match_recount") is False
    ):
        failed.append("stored")
    return failed


# The whole run (the `sanmin bench surveys` process) ----------------------------------


def _drive(
    runner: Any,
    *,
    base: str,
    server: Any,
    name: str,
    config: dict[str, Any],
) -> dict[str, Any]:
    """Run the survey load driver in a process of its own; its figures with the
    CPU the server, PostgreSQL and the driver spent."""
    from sanmin.bench.runner import CpuMeter

    config_file = runner.workdir / f"{name}.config.json"
    out_file = runner.workdir / f"{name}.result.json"
    config_file.write_text(json.dumps({"base_url": base, **config}))
    driver = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "sanmin.bench.surveys_driver",
            str(config_file),
            str(out_file),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    runner.started.append(driver)
    assert driver.stdout is not None
    line = driver.stdout.readline().strip()
    if line != "START":
        driver.wait(timeout=60)
        raise RuntimeError(f"the load driver failed before the load ({line!r})")
    load = os.getloadavg()[0]
    meter = CpuMeter(server_pids=[server.pid])
    meter.start()
    driver.wait(timeout=config["deadline_s"] + 120)
    runner.started.remove(driver)
    cpu = meter.used()
    if driver.returncode:
        raise RuntimeError(f"the load driver failed ({driver.returncode})")
    result: dict[str, Any] = json.loads(out_file.read_text())
    result.update(cpu)
    result["loadavg_1m_before"] = round(load, 2)
    return result


def _combined(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The runs of one load as one: counts, times and CPU added up, throughput
    over the summed time, each latency figure the worst of the runs."""
    added = (
        "arrivals",
        "acknowledged",
        "errors",
        "retries",
        "page_errors",
        "elapsed_s",
        "page_elapsed_s",
        "server_cpu_s",
        "db_cpu_s",
        "driver_cpu_s",
    )
    whole: dict[str, Any] = {
        key: round(sum(result.get(key, 0) for result in results), 3) for key in added
    }
    whole["throughput_per_s"] = (
        round(whole["acknowledged"] / whole["elapsed_s"], 1)
        if whole["elapsed_s"]
        else 0.0
    )
    whole["by_kind"] = {
        kind: {
            figure: max(r["by_kind"][kind][figure] for r in results)
            for figure in results[0]["by_kind"][kind]
        }
        for kind in results[0]["by_kind"]
    }
    whole["error_examples"] = [e for r in results for e in r["error_examples"]]
    whole["loadavg_1m_before"] = results[0]["loadavg_1m_before"]
    return whole


def _load_figures(prefix: str, result: dict[str, Any]) -> dict[str, Any]:
    spent = sum(
        result.get(k, 0.0) for k in ("server_cpu_s", "db_cpu_s", "driver_cpu_s")
    )
    done = result["acknowledged"]
    figures = {
        f"{prefix}_count": result["arrivals"],
        f"{prefix}_acknowledged": done,
        f"{prefix}_throughput_per_s": result["throughput_per_s"],
        f"{prefix}_elapsed_ms": _ms(result["elapsed_s"]),
        f"{prefix}_p50_ms": result["by_kind"].get("cast", {}).get("p50_ms", 0.0),
        f"{prefix}_p99_ms": result["by_kind"].get("cast", {}).get("p99_ms", 0.0),
        f"{prefix}_errors": result["errors"],
        f"{prefix}_retries": result["retries"],
        f"{prefix}_server_cpu_s": result.get("server_cpu_s", 0.0),
        f"{prefix}_db_cpu_s": result.get("db_cpu_s", 0.0),
        f"{prefix}_driver_cpu_s": result["driver_cpu_s"],
        f"{prefix}_cpu_ms_per_answer": round(spent * 1000 / done, 2) if done else 0.0,
        f"{prefix}_loadavg_1m_before": result["loadavg_1m_before"],
    }
    if "page" in result["by_kind"]:
        # The fill pages, loaded by the same clients before the submissions.
        page_s = result["page_elapsed_s"]
        figures[f"{prefix}_page_p50_ms"] = result["by_kind"]["page"]["p50_ms"]
        figures[f"{prefix}_page_p99_ms"] = result["by_kind"]["page"]["p99_ms"]
        figures[f"{prefix}_page_throughput_per_s"] = (
            round(result["arrivals"] / page_s, 1) if page_s else 0.0
        )
        figures[f"{prefix}_page_errors"] = result["page_errors"]
    return figures


def run_surveys(
    *,
    count: int,
    clients: int,
    per_client: int,
    seed: int,
    xlsx: bool,
    database_url: str,
    workdir: Path,
    write: Callable[[str], None],
    workers: int | None = None,
    threads: int | None = None,
) -> dict[str, Any]:
    """`sanmin bench surveys`: steps 1–3 of the module docstring, every process
    it starts ended at the end."""
    from sanmin.bench.runner import DEFAULT_PG_URL, Plan, Runner

    cpus = os.cpu_count() or 2
    plan = Plan(
        representatives=0,
        duration_s=0,
        viewers=0,
        workers=workers or cpus + 1,
        threads=threads or 8,
    )
    runner = Runner(
        plan=plan,
        workdir=workdir,
        pg_url=database_url or os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG_URL),
        write=write,
    )
    runner.fresh_workdir()
    durability = runner.pg_reset()
    env = runner.env("postgresql")
    write(
        f"社情民意调查性能测试：{count} 份公众答卷，{clients} 个并发客户端；临时数据库已重建"
    )
    manifest_file = workdir / "surveys-manifest.json"
    process = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "sanmin",
            "bench",
            "surveys-run",
            "--count",
            str(count),
            "--clients",
            str(clients),
            "--per-client",
            str(per_client),
            "--seed",
            str(seed),
            "--manifest",
            str(manifest_file),
            *(["--xlsx"] if xlsx else []),
        ],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    runner.started.append(process)
    assert process.stdout is not None
    last = ""
    for line in process.stdout:
        last = line.strip() or last
        if not last.startswith("{"):
            write(line.rstrip())
    runner.started.remove(process)
    if process.wait() or not last.startswith("{"):
        raise RuntimeError("surveys-run failed; see the output above")
    figures: dict[str, Any] = json.loads(last)
    figures.update({f"pg_{key}": value for key, value in durability.items()})
    manifest = json.loads(manifest_file.read_text())
    submissions = len(manifest["cookies"])
    figures["gunicorn_workers"] = plan.workers
    figures["gunicorn_threads"] = plan.threads
    common = {
        "session_cookie": manifest["session_cookie"],
        "csrf_cookie": manifest["csrf_cookie"],
        "clients": clients,
        "warmup": 20,
        "timeout_s": 300.0,
        "deadline_s": 900.0,
    }
    server, base = runner.serve(env, workers=plan.workers, threads=plan.threads)
    # Each load twice, in the order submit, bare, bare, submit (half the posts
    # each time): this machine's speed drifts by tens of percent within a minute,
    # and the mirrored order cancels a steady drift between the two loads.
    halves = [range(0, submissions // 2), range(submissions // 2, submissions)]
    runs: dict[str, list[dict[str, Any]]] = {"submit": [], "bare": []}
    try:
        for prefix, half in (("submit", 0), ("bare", 0), ("bare", 1), ("submit", 1)):
            part = halves[half]
            if prefix == "submit":
                config = {
                    **common,
                    "users": list(range(len(part))),
                    "mode": "answer",
                    "ballot_path": manifest["fill_path"],
                    "cookies": manifest["cookies"][part.start : part.stop],
                    "answers": manifest["answers"][part.start : part.stop],
                }
            else:
                config = {
                    **common,
                    "users": list(range(len(part))),
                    "mode": "bare",
                    # Mounted only on the benchmark server, so not reversible here.
                    "ballot_path": f"/bench/bare-survey/{manifest['bare_questionnaire_id']}/",
                    "cookies": [],
                    "bare_count": len(part),
                }
            result = _drive(
                runner,
                base=base,
                server=server,
                name=f"surveys-{prefix}-{half}",
                config=config,
            )
            runs[prefix].append(result)
            for example in result["error_examples"][:3]:
                write(f"  ! {example}")
        for prefix, results in runs.items():
            figures.update(_load_figures(prefix, _combined(results)))
    finally:
        runner.stop(server)
        runner.cleanup()
    figures["submit_to_bare_ratio"] = (
        round(figures["submit_throughput_per_s"] / figures["bare_throughput_per_s"], 3)
        if figures["bare_throughput_per_s"]
        else 0.0
    )
    for prefix in ("submit", "bare"):
        write(
            f"{prefix}: {figures[f'{prefix}_acknowledged']}/{submissions} 份，"
            f"{figures[f'{prefix}_throughput_per_s']}/s，p99 {figures[f'{prefix}_p99_ms']} ms，"
            f"错误 {figures[f'{prefix}_errors']}，"
            f"CPU {figures[f'{prefix}_cpu_ms_per_answer']} ms/份"
        )
    write(f"提交 ÷ 空白对照 = {figures['submit_to_bare_ratio']}")
    started = time.perf_counter()
    checked = json.loads(
        runner.sanmin(
            env,
            "surveys-check",
            "--questionnaire",
            str(manifest["questionnaire_id"]),
            "--count",
            str(figures["responses"] + figures["submit_acknowledged"]),
            "--recount",
        )
        .strip()
        .splitlines()[-1]
    )
    figures.update(checked)
    figures["check_ms"] = _ms(time.perf_counter() - started)
    write(
        f"核对：答卷 {checked['stored_responses']}，参与记录 {checked['stored_respondents']}"
        + {True: "，计数与重算一致", False: "，计数与重算不一致", None: "（未重算）"}[
            checked["tallies_match_recount"]
        ]
    )
    figures["targets"] = {
        "aggregate_ms": AGGREGATE_MAX_MS,
        "crosstab_district_ms": CROSSTAB_MAX_MS,
        "export_mb": EXPORT_MAX_MB,
        "submit_to_bare_ratio": SUBMIT_TO_BARE_MIN,
    }
    figures["failed_targets"] = targets_failed(figures)
    figures["ok"] = not figures["failed_targets"]
    return figures
