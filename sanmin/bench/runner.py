"""`sanmin bench ballots`: set up, serve, load, check, compare; print the figures.

Steps (each phase in its own processes, everything on 127.0.0.1):

1. A fresh PostgreSQL database (dropped first) with durable commits, migrated and
   filled by `sanmin bench prepare` (dataset.py).
2. The production layout (README, Production) on this machine: the ballot pool,
   gunicorn with gthread workers, cores + 1 of them with one thread each
   (`--workers`, `--threads`), in benchmark mode; beside it the live pool that
   serves the polled participation partials (one worker × 8 threads;
   `--live-workers 0` polls the ballot pool instead).
3. The load driver (driver.py, a separate process): representatives arrive over the
   burst and cast ballots through the real ballot pages while dashboard viewers poll
   the live pool; `--fault` kills the ballot pool's workers (kill -9) twice during
   the burst.
4. `sanmin bench check` (check.py): every acknowledged ballot stored exactly once.
5. The bare endpoint under the same arrivals, on the same server.
6. The ballot burst again on a fresh SQLite file (WAL).
7. The figures, and as the last line one JSON object with every figure and `ok`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.urls import reverse

from sanmin.core import crypto

DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/sanmin_bench"
LOOPBACK = ("127.0.0.1", "localhost", "::1")

# Targets of the issue (2 cores, load driver included).
P99_MAX_MS = 1500.0
DASHBOARD_P95_MAX_MS = 500.0
BARE_RATIO_MIN = 0.40
SQLITE_RATIO_MIN = 0.50


@dataclass(frozen=True)
class Plan:
    representatives: int
    duration_s: float
    viewers: int
    workers: int
    threads: int
    live_workers: int = 1
    live_threads: int = 8
    fault: bool = False
    bare: bool = True
    sqlite: bool = True

    @property
    def kill_at(self) -> list[float]:
        """When the workers are killed, in seconds after the burst starts."""
        return [self.duration_s * 0.3, self.duration_s * 0.65] if self.fault else []


FULL = {"representatives": 3200, "duration_s": 10.0, "viewers": 50}
QUICK = {"representatives": 200, "duration_s": 2.0, "viewers": 10}


def ballot_path(session_id: int) -> str:
    """The representative's ballot page (the form posts to confirm, then cast)."""
    return reverse("evaluation:ballot", kwargs={"session_id": session_id})


def dashboard_path(session_id: int) -> str:
    return reverse("dashboards:session-live", kwargs={"session_id": session_id})


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used (0 if it is gone)."""
    try:
        fields = (Path("/proc") / str(pid) / "stat").read_text().rpartition(")")[2]
    except OSError:
        return 0.0
    values = fields.split()
    return (int(values[11]) + int(values[12])) / os.sysconf("SC_CLK_TCK")


def _database_pids() -> list[int]:
    """The PostgreSQL server's processes on this machine (backends included)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().startswith("postgres"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@dataclass
class CpuMeter:
    """CPU used by the application servers and by PostgreSQL during a burst.

    Servers: each gunicorn master (ballot and live pools) and its workers at the
    end of the burst (a killed worker's time is lost: the fault variant
    under-counts). Database: every PostgreSQL process, those started during the
    burst counted in full.
    """

    server_pids: list[int]
    before: dict[int, float] = field(default_factory=dict)

    def _servers(self) -> list[int]:
        return [p for pid in self.server_pids for p in (pid, *_children(pid))]

    def start(self) -> None:
        self.before = {pid: _cpu_seconds(pid) for pid in _database_pids()}
        for pid in self._servers():
            self.before[pid] = _cpu_seconds(pid)

    def used(self) -> dict[str, float]:
        def spent(pids: list[int]) -> float:
            return sum(max(_cpu_seconds(p) - self.before.get(p, 0.0), 0) for p in pids)

        server = spent(self._servers())
        return {
            "server_cpu_s": round(server, 2),
            "db_cpu_s": round(spent(_database_pids()), 2),
        }


def _children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (the gunicorn master's workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name may hold spaces; the parent id follows its ")".
        if int(stat.rpartition(")")[2].split()[1]) == pid:
            found.append(int(entry.name))
    return found


class Runner:
    def __init__(
        self,
        *,
        plan: Plan,
        workdir: Path,
        pg_url: str,
        write: Callable[[str], None],
    ) -> None:
        self.plan = plan
        self.workdir = workdir
        self.pg_url = pg_url
        self.write = write
        self.started: list[subprocess.Popen[Any]] = []
        if urlsplit(pg_url).hostname not in LOOPBACK:
            raise ValueError("the benchmark database must be on 127.0.0.1")

    # -- environment and processes ---------------------------------------------------

    def env(self, database: str) -> dict[str, str]:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "sanmin.settings",
            "SANMIN_DATA_DIR": str(self.workdir),
            "SANMIN_KEY_FILE": str(self.workdir / "keys.json"),
            "SANMIN_BENCH": "1",
            "LOG_LEVEL": "WARNING",
            "DB_CONN_MAX_AGE": "600",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("DATABASE_URL", None)
        if database == "postgresql":
            env["DATABASE_URL"] = self.pg_url
        else:
            env["SQLITE_PATH"] = str(self.workdir / "bench.sqlite3")
        return env

    def sanmin(self, env: dict[str, str], *args: str) -> str:
        done = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "sanmin", "bench", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(f"sanmin bench {args[0]} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def pg_reset(self) -> dict[str, str]:
        """Drop and create the benchmark database; commits durable (fsync, sync)."""
        import psycopg

        parts = urlsplit(self.pg_url)
        name = parts.path.lstrip("/")
        if not name.replace("_", "").isalnum():
            raise ValueError(f"unexpected database name {name!r}")
        admin = urlunsplit(parts._replace(path="/postgres"))
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
            connection.execute(f'ALTER DATABASE "{name}" SET synchronous_commit TO on')
        with psycopg.connect(self.pg_url) as connection:
            settings = {
                key: str(connection.execute(f"SHOW {key}").fetchone()[0])  # type: ignore[index]
                for key in ("fsync", "synchronous_commit", "wal_sync_method")
            }
        return settings

    def serve(
        self, env: dict[str, str], *, workers: int, threads: int
    ) -> tuple[subprocess.Popen[Any], str]:
        port = _free_port()
        server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "sanmin.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--worker-class",
                "gthread",
                "--threads",
                str(threads),
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "--backlog",
                "4096",
                "--log-level",
                "warning",
                # For profiling experiments only, e.g. "--config hooks.py".
                *shlex.split(os.environ.get("SANMIN_BENCH_GUNICORN_ARGS", "")),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(self.workdir / "gunicorn.log").open("a"),
        )
        self.started.append(server)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise RuntimeError("gunicorn stopped; see gunicorn.log")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:  # noqa: S310
                    if answer.status == 200:
                        return server, base
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def stop(self, server: subprocess.Popen[Any]) -> None:
        if server.poll() is None:
            workers = _children(server.pid)
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait(timeout=10)
            for pid in workers:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        if server in self.started:
            self.started.remove(server)

    def cleanup(self) -> None:
        for process in list(self.started):
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
        self.started.clear()

    # -- one burst -------------------------------------------------------------------

    def drive(
        self,
        *,
        name: str,
        base: str,
        manifest: dict[str, Any],
        mode: str,
        server: subprocess.Popen[Any] | None = None,
        live: tuple[subprocess.Popen[Any], str] | None = None,
        kill_at: list[float] | None = None,
    ) -> dict[str, Any]:
        plan = self.plan
        if mode in ("bare", "bare-audit"):
            # Mounted only on the benchmark server, so not reversible here.
            path = f"/bench/bare/{manifest['bare_session_id']}/"
            if mode == "bare-audit":
                path += "?audit=1"
            mode = "bare"
            viewers: list[str] = []
        else:
            path = ballot_path(manifest["session_id"])
            viewers = manifest["viewer_cookies"]
        config = {
            "base_url": base,
            "mode": mode,
            "ballot_path": path,
            "users": manifest["representatives"],
            "cookies": manifest["cookies"],
            "session_cookie": manifest["session_cookie"],
            "csrf_cookie": manifest["csrf_cookie"],
            "duration_s": plan.duration_s,
            "dashboard_paths": [dashboard_path(manifest["session_id"])],
            "dashboard_base_url": live[1] if live else "",
            "viewer_cookies": viewers,
            "timeout_s": 300.0,
            "deadline_s": plan.duration_s + 420.0,
        }
        config_file = self.workdir / f"{name}.config.json"
        out_file = self.workdir / f"{name}.result.json"
        config_file.write_text(json.dumps(config))
        driver = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "sanmin.bench.driver",
                str(config_file),
                str(out_file),
            ],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.started.append(driver)
        assert driver.stdout is not None
        line = driver.stdout.readline().strip()
        if line != "START":
            driver.wait(timeout=60)
            raise RuntimeError(f"the load driver failed before the burst ({line!r})")
        start = time.monotonic()
        load = os.getloadavg()[0]
        meter = CpuMeter(
            server_pids=[p.pid for p in (server, live[0] if live else None) if p]
        )
        meter.start()
        killed = 0
        for at in kill_at or []:
            time.sleep(max(start + at - time.monotonic(), 0))
            assert server is not None
            for pid in _children(server.pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                    killed += 1
                except ProcessLookupError:
                    pass
        driver.wait(timeout=plan.duration_s + 600)
        self.started.remove(driver)
        cpu = meter.used()
        if driver.returncode:
            raise RuntimeError(f"the load driver failed ({driver.returncode})")
        result: dict[str, Any] = json.loads(out_file.read_text())
        result["workers_killed"] = killed
        result.update(cpu)
        # Others' work on the machine shares the cores: say how busy it was.
        result["loadavg_1m_before"] = round(load, 2)
        return result

    def check(
        self, env: dict[str, str], *, name: str, session_key: str
    ) -> dict[str, Any]:
        answer = self.sanmin(
            env,
            "check",
            "--manifest",
            str(self.workdir / "manifest.json"),
            "--result",
            str(self.workdir / f"{name}.result.json"),
            "--session-key",
            session_key,
        )
        return dict(json.loads(answer.strip().splitlines()[-1]))

    def prepare(self, env: dict[str, str]) -> dict[str, Any]:
        path = self.workdir / "manifest.json"
        self.sanmin(
            env,
            "prepare",
            "--representatives",
            str(self.plan.representatives),
            "--viewers",
            str(self.plan.viewers),
            "--manifest",
            str(path),
        )
        return dict(json.loads(path.read_text()))

    # -- the whole run ---------------------------------------------------------------

    def line(self, name: str, result: dict[str, Any]) -> None:
        latency = result["latency"]
        self.write(
            f"  {name:<10} {result['acknowledged']:>5}/{result['arrivals']} ballots in "
            f"{result['elapsed_s']:.1f} s = {result['throughput_per_s']:.1f}/s · "
            f"p50 {latency['p50_ms']:.0f} ms p95 {latency['p95_ms']:.0f} ms "
            f"p99 {latency['p99_ms']:.0f} ms · errors {result['errors']} "
            f"retries {result['retries']} · CPU {_per_ballot(result):.1f} ms/ballot "
            f"(server {result.get('server_cpu_s', 0):.1f} s, database "
            f"{result.get('db_cpu_s', 0):.1f} s, driver {result['driver_cpu_s']:.1f} s)"
        )
        if result["dashboard_polls"]:
            self.write(
                f"  {'':<10} dashboard {result['dashboard_polls']} polls p95 "
                f"{result['dashboard']['p95_ms']:.0f} ms · errors "
                f"{result['dashboard_errors']}"
            )
        for example in result["error_examples"][:3]:
            self.write(f"  {'':<10} ! {example}")

    def burst(
        self, database: str, *, kill: bool = False
    ) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
        """Prepare `database`, serve it, run the ballot burst (and, on PostgreSQL,
        the bare one), check. Returns ballot result, its check, bare result, info."""
        env = self.env(database)
        info: dict[str, Any] = {}
        if database == "postgresql":
            info = self.pg_reset()
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{env['SQLITE_PATH']}{suffix}").unlink(missing_ok=True)
        began = time.monotonic()
        manifest = self.prepare(env)
        self.write(
            f"{database}: {len(manifest['cookies'])} representatives signed in, "
            f"{manifest['departments']} departments, set up in "
            f"{time.monotonic() - began:.0f} s"
        )
        server, base = self.serve(
            env, workers=self.plan.workers, threads=self.plan.threads
        )
        live = (
            self.serve(
                env, workers=self.plan.live_workers, threads=self.plan.live_threads
            )
            if self.plan.live_workers
            else None
        )
        bare: dict[str, Any] = {}
        bare_audit: dict[str, Any] = {}
        try:
            name = f"{database}-ballots"
            result = self.drive(
                name=name,
                base=base,
                manifest=manifest,
                mode="ballot",
                server=server,
                live=live,
                kill_at=self.plan.kill_at if kill else None,
            )
            if kill:
                info["workers_after"] = len(_children(server.pid))
            self.line("ballots", result)
            checked = self.check(env, name=name, session_key="session_id")
            self.write(
                f"  {'':<10} check: acknowledged {checked['acknowledged']} stored "
                f"{checked['stored']} participations {checked['participations']} "
                f"lost {checked['lost']} doubled {checked['doubled']} "
                f"unacknowledged {checked['unacknowledged']} → "
                f"{'OK' if checked['ok'] else 'FAILED'}"
            )
            if database == "postgresql" and self.plan.bare and not kill:
                bare = self.drive(
                    name="postgresql-bare",
                    base=base,
                    manifest=manifest,
                    mode="bare",
                    server=server,
                )
                self.line("bare", bare)
                self.write(
                    f"  {'':<10} a ballot costs {_per_ballot(result):.1f} ms of "
                    f"machine CPU, a bare insert {_per_ballot(bare):.1f} ms "
                    f"(ratio {_ratio(_per_ballot(bare), _per_ballot(result)):.3f})"
                )
                bare_audit = self.drive(
                    name="postgresql-bare-audit",
                    base=base,
                    manifest=manifest,
                    mode="bare-audit",
                    server=server,
                )
                self.line("bare+audit", bare_audit)
                info["bare_audit"] = bare_audit
        finally:
            self.stop(server)
            if live:
                self.stop(live[0])
        return result, checked, bare, info

    def fresh_workdir(self) -> None:
        if self.workdir.exists():
            shutil.rmtree(self.workdir)
        self.workdir.mkdir(parents=True)
        (self.workdir / "static").mkdir()
        os.environ.pop("SANMIN_DATA_KEY", None)
        os.environ.pop("SANMIN_LOOKUP_KEY", None)
        crypto.generate_key_file(self.workdir / "keys.json")

    def costs(self, *, count: int, database: str = "postgresql") -> dict[str, Any]:
        """Per-request costs of the ballot flow, in-process (see costs.py)."""
        self.fresh_workdir()
        env = self.env(database)
        if database == "postgresql":
            self.pg_reset()
        self.prepare(env)
        answer = self.sanmin(
            env,
            "costs",
            "--manifest",
            str(self.workdir / "manifest.json"),
            "--representatives",
            str(count),
        )
        return dict(json.loads(answer.strip().splitlines()[-1]))

    def run(self) -> dict[str, Any]:
        plan = self.plan
        self.fresh_workdir()
        self.write(
            f"ballot burst: {plan.representatives} representatives over "
            f"{plan.duration_s:g} s, {plan.viewers} dashboard viewers every 2 s; "
            f"gunicorn {plan.workers} gthread workers × {plan.threads} threads"
            + (
                f", live pool {plan.live_workers} × {plan.live_threads}"
                if plan.live_workers
                else ", dashboards on the same pool"
            )
            + ("; workers killed twice" if plan.fault else "")
        )
        figures: dict[str, Any] = {
            "date": dt.date.today().isoformat(),
            "representatives": plan.representatives,
            "duration_s": plan.duration_s,
            "dashboard_viewers": plan.viewers,
            "cpus": os.cpu_count(),
            "gunicorn_workers": plan.workers,
            "gunicorn_threads": plan.threads,
            "live_workers": plan.live_workers,
            "live_threads": plan.live_threads,
            "fault": plan.fault,
        }
        try:
            pg, pg_check, bare, info = self.burst("postgresql", kill=plan.fault)
            figures.update(_figures("", pg, pg_check))
            bare_audit = info.pop("bare_audit", None)
            figures.update({f"pg_{key}": value for key, value in info.items()})
            if plan.fault:
                figures["workers_killed"] = pg["workers_killed"]
            if bare:
                figures["bare_loadavg_1m_before"] = bare["loadavg_1m_before"]
                figures["bare_throughput_per_s"] = bare["throughput_per_s"]
                figures["bare_p99_ms"] = bare["latency"]["p99_ms"]
                figures["bare_errors"] = bare["errors"]
                figures["bare_cpu_ms_per_ballot"] = _per_ballot(bare)
                figures["ballot_to_bare_ratio"] = _ratio(
                    pg["throughput_per_s"], bare["throughput_per_s"]
                )
                # Under the same arrivals the bare endpoint keeps up (its throughput
                # is the arrival rate), so the ratio above says nothing of what it
                # could do; its machine CPU per insert against a ballot's does.
                figures["ballot_to_bare_cpu_ratio"] = _ratio(
                    figures["bare_cpu_ms_per_ballot"], _per_ballot(pg)
                )
            if bare_audit:
                # The same bare rows plus one audit event (the chain's lock).
                figures["bare_audit_throughput_per_s"] = bare_audit["throughput_per_s"]
                figures["bare_audit_p99_ms"] = bare_audit["latency"]["p99_ms"]
                figures["bare_audit_errors"] = bare_audit["errors"]
            if plan.sqlite and not plan.fault:
                lite, lite_check, _, _ = self.burst("sqlite")
                figures.update(_figures("sqlite_", lite, lite_check))
                figures["sqlite_to_pg_ratio"] = _ratio(
                    lite["throughput_per_s"], pg["throughput_per_s"]
                )
        finally:
            self.cleanup()
        failed = targets_failed(figures)
        figures["failed_targets"] = failed
        figures["ok"] = not failed
        return figures


def _per_ballot(result: dict[str, Any]) -> float:
    """Machine CPU (server, database, load driver) per acknowledged ballot, in ms;
    the dashboard polls of the same burst are included."""
    spent = sum(
        result.get(k, 0.0) for k in ("server_cpu_s", "db_cpu_s", "driver_cpu_s")
    )
    return (
        round(spent * 1000 / result["acknowledged"], 2)
        if result["acknowledged"]
        else 0.0
    )


def _ratio(part: float, whole: float) -> float:
    return round(part / whole, 3) if whole else 0.0


def _figures(
    prefix: str, result: dict[str, Any], checked: dict[str, Any]
) -> dict[str, Any]:
    by_kind = result["by_kind"]
    return {
        f"{prefix}acknowledged": result["acknowledged"],
        f"{prefix}throughput_per_s": result["throughput_per_s"],
        f"{prefix}offered_per_s": result["offered_per_s"],
        f"{prefix}elapsed_s": result["elapsed_s"],
        f"{prefix}p50_ms": result["latency"]["p50_ms"],
        f"{prefix}p95_ms": result["latency"]["p95_ms"],
        f"{prefix}p99_ms": result["latency"]["p99_ms"],
        f"{prefix}max_ms": result["latency"]["max_ms"],
        **{f"{prefix}{kind}_p99_ms": by_kind[kind]["p99_ms"] for kind in by_kind},
        f"{prefix}flow_p99_ms": result["flow"]["p99_ms"],
        f"{prefix}errors": result["errors"],
        f"{prefix}retries": result["retries"],
        f"{prefix}lost": checked["lost"],
        f"{prefix}doubled": checked["doubled"],
        f"{prefix}unacknowledged": checked["unacknowledged"],
        f"{prefix}malformed": checked["malformed"],
        f"{prefix}stored": checked["stored"],
        f"{prefix}participations": checked["participations"],
        f"{prefix}check_ok": checked["ok"],
        f"{prefix}dashboard_polls": result["dashboard_polls"],
        f"{prefix}dashboard_p95_ms": result["dashboard"]["p95_ms"],
        f"{prefix}dashboard_errors": result["dashboard_errors"],
        f"{prefix}driver_cpu_s": result["driver_cpu_s"],
        f"{prefix}server_cpu_s": result.get("server_cpu_s", 0.0),
        f"{prefix}db_cpu_s": result.get("db_cpu_s", 0.0),
        f"{prefix}cpu_ms_per_ballot": _per_ballot(result),
        f"{prefix}loadavg_1m_before": result["loadavg_1m_before"],
    }


def targets_failed(figures: dict[str, Any]) -> list[str]:
    """The targets of the issue that the figures miss (those that were measured)."""
    failed = []
    if figures.get("errors", 0) or figures.get("dashboard_errors", 0):
        failed.append("errors")
    if (
        not figures.get("check_ok", False)
        or figures.get("lost")
        or figures.get("doubled")
    ):
        failed.append("lost_or_doubled")
    if figures.get("acknowledged", 0) != figures.get("representatives"):
        failed.append("not_all_acknowledged")
    if figures.get("fault"):
        return failed
    if figures.get("p99_ms", 0) >= P99_MAX_MS:
        failed.append("p99")
    if figures.get("dashboard_p95_ms", 0) >= DASHBOARD_P95_MAX_MS:
        failed.append("dashboard_p95")
    if figures.get("ballot_to_bare_ratio", 1.0) < BARE_RATIO_MIN:
        failed.append("ballot_to_bare_ratio")
    if "sqlite_throughput_per_s" in figures:
        if figures.get("sqlite_to_pg_ratio", 0.0) < SQLITE_RATIO_MIN:
            failed.append("sqlite_to_pg_ratio")
        if figures.get("sqlite_errors") or not figures.get("sqlite_check_ok"):
            failed.append("sqlite_errors_or_lost")
    return failed
