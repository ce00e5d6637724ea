"""`sanmin bench ballots [--quick] [--fault]`: the ballot burst benchmark; `draw`,
`import` and `suggestions [--count N] [--database-url URL]` (云征集 on 100,000
suggestions, sanmin/bench/suggestions.py); `surveys [--count N] [--clients N]`
(社情民意调查 on 1,000,000 public responses, sanmin/bench/surveys.py).

`prepare` and `check` are its steps, run by the benchmark in processes of their own
(each against the database of its environment); see sanmin/bench/runner.py.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "性能测试：ballots 在本机回环地址上压测评议提交（--quick 小规模，--fault 杀进程）；"
        "draw 在 30,000 名候选人上测试代表抽取；import 在临时数据库中导入 30,000 行候选人"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action",
            choices=[
                "ballots",
                "costs",
                "prepare",
                "check",
                "draw",
                "import",
                "import-run",
                "suggestions",
                "suggestions-run",
                "suggestions-export",
                "surveys",
                "surveys-run",
                "surveys-export",
                "surveys-check",
            ],
        )
        parser.add_argument("--quick", action="store_true", help="小规模冒烟测试")
        parser.add_argument(
            "--fault", action="store_true", help="压测中两次 kill -9 应用进程"
        )
        parser.add_argument("--workers", type=int, default=None)
        parser.add_argument("--threads", type=int, default=None)
        parser.add_argument(
            "--live-workers",
            type=int,
            default=1,
            help="ballots：仪表盘轮询所用独立进程池的进程数（0 表示与评议共用）",
        )
        parser.add_argument("--representatives", type=int, default=None)
        parser.add_argument("--duration", type=float, default=None)
        parser.add_argument("--viewers", type=int, default=None)
        parser.add_argument("--no-bare", action="store_true")
        parser.add_argument("--no-sqlite", action="store_true")
        parser.add_argument("--manifest", default="")
        parser.add_argument("--result", default="")
        parser.add_argument("--session-key", default="session_id")
        parser.add_argument(
            "--count",
            type=int,
            default=None,
            help="suggestions：生成的建议条数（默认 100000）；"
            "surveys：载入的公众答卷份数（默认 1000000）",
        )
        parser.add_argument(
            "--clients", type=int, default=200, help="surveys：并发提交的客户端数"
        )
        parser.add_argument(
            "--per-client",
            type=int,
            default=None,
            help="surveys：每个客户端提交的答卷份数（默认 10）",
        )
        parser.add_argument("--questionnaire", type=int, default=0)
        parser.add_argument(
            "--xlsx",
            action="store_true",
            help="surveys：也测 .xlsx 导出的内存（一百万行需数十分钟）",
        )
        parser.add_argument("--recount", action="store_true")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--database-url",
            default="",
            help="suggestions：临时 PostgreSQL 数据库（会被删除重建，只能在 127.0.0.1）",
        )
        parser.add_argument("--format", default="csv", choices=["csv", "xlsx"])
        parser.add_argument("--user", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "prepare":
            self.prepare(options)
        elif action == "check":
            self.check_ballots(options)
        elif action == "costs" and options["manifest"]:
            self.measure_costs(options)
        elif action == "draw":
            self.draw()
        elif action == "import":
            self.imports()
        elif action == "import-run":
            self.import_run(options)
        elif action == "suggestions":
            self.suggestions(options)
        elif action == "suggestions-run":
            self.suggestions_run(options)
        elif action == "suggestions-export":
            self.suggestions_export(options)
        elif action.startswith("surveys"):
            self.surveys(action, options)
        else:
            self.ballots(options)

    def ballots(self, options: dict[str, Any]) -> None:
        """The burst (`ballots`), or the per-request costs (`costs`)."""
        from sanmin.bench.runner import DEFAULT_PG_URL, FULL, QUICK, Plan, Runner

        size = {**(QUICK if options["quick"] else FULL)}
        for name, key in (
            ("representatives", "representatives"),
            ("duration_s", "duration"),
            ("viewers", "viewers"),
        ):
            if options[key] is not None:
                size[name] = options[key]
        cpus = os.cpu_count() or 2
        plan = Plan(
            representatives=int(size["representatives"]),
            duration_s=float(size["duration_s"]),
            viewers=int(size["viewers"]),
            workers=options["workers"] or cpus + 1,
            threads=options["threads"] or 1,
            live_workers=options["live_workers"],
            fault=options["fault"],
            bare=not options["no_bare"],
            sqlite=not options["no_sqlite"],
        )
        runner = Runner(
            plan=plan,
            workdir=Path(settings.DATA_DIR) / "bench",
            pg_url=os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG_URL),
            write=self.stdout.write,
        )
        if options["action"] == "costs":
            count = options["representatives"] or 30
            plan = Plan(**{**plan.__dict__, "representatives": 2 * count})
            runner.plan = plan
            costs = runner.costs(
                count=count,
                database="sqlite" if options["no_bare"] else "postgresql",
            )
            for step, row in costs["steps"].items():
                self.stdout.write(
                    f"{step:<10} cpu {row['cpu_ms']:6.1f} ms  wall {row['wall_ms']:6.1f}"
                    f" ms  {row['queries']:g} statements"
                )
            cast_cpu = costs["steps"]["cast"]["cpu_ms"]
            for part, share in costs["cast_parts_share"].items():
                self.stdout.write(
                    f"  cast ⊃ {part:<32} {share:6.1%} ≈ {share * cast_cpu:5.1f} ms CPU"
                )
            self.stdout.write(json.dumps(costs, ensure_ascii=False))
            return
        figures = runner.run()
        self.stdout.write(json.dumps(figures, ensure_ascii=False))

    def draw(self) -> None:
        """The draw on 30,000 candidates, in memory (sanmin/bench/draw.py)."""
        from sanmin.bench.draw import bench_draw

        figures = bench_draw(write=self.stdout.write)
        self.stdout.write(json.dumps(figures, ensure_ascii=False))

    def imports(self) -> None:
        """A 30,000-row candidate import on SQLite and on PostgreSQL, each in a fresh
        throwaway database (the benchmark's), never the platform's own."""
        from sanmin.bench.runner import DEFAULT_PG_URL, Plan, Runner

        # The runner only lends its throwaway databases here; no burst is run.
        idle = Plan(representatives=0, duration_s=0, viewers=0, workers=1, threads=1)
        runner = Runner(
            plan=idle,
            workdir=Path(settings.DATA_DIR) / "bench",
            pg_url=os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG_URL),
            write=self.stdout.write,
        )
        figures: dict[str, Any] = {}
        for database in ("sqlite", "postgresql"):
            runner.fresh_workdir()
            if database == "postgresql":
                runner.pg_reset()
            answer = runner.sanmin(runner.env(database), "import-run")
            result = json.loads(answer.strip().splitlines()[-1])
            self.stdout.write(f"{database}: {json.dumps(result, ensure_ascii=False)}")
            figures.update({f"{database}_{k}": v for k, v in result.items()})
        figures["ok"] = bool(figures["sqlite_ok"] and figures["postgresql_ok"])
        self.stdout.write(json.dumps(figures, ensure_ascii=False))

    def import_run(self, options: dict[str, Any]) -> None:
        from sanmin.bench.imports import bench_import

        if not settings.SANMIN_BENCH:
            raise CommandError("import-run 只在性能测试模式（SANMIN_BENCH=1）下运行")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(
            json.dumps(bench_import(rows=options["representatives"] or 30000))
        )

    def suggestions(self, options: dict[str, Any]) -> None:
        """云征集 on `--count` suggestions in a fresh throwaway PostgreSQL database
        (the benchmark's, or `--database-url`), never the platform's own; the
        measuring runs in a process of its own (`suggestions-run`)."""
        import subprocess
        import sys

        from sanmin.bench.runner import DEFAULT_PG_URL, Plan, Runner

        idle = Plan(representatives=0, duration_s=0, viewers=0, workers=1, threads=1)
        runner = Runner(
            plan=idle,
            workdir=Path(settings.DATA_DIR) / "bench",
            pg_url=options["database_url"]
            or os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG_URL),
            write=self.stdout.write,
        )
        runner.fresh_workdir()
        runner.pg_reset()
        self.stdout.write(
            f"云征集性能测试：{options['count'] or 100000} 条建议，临时数据库已重建"
        )
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "sanmin",
                "bench",
                "suggestions-run",
                "--count",
                str(options["count"] or 100000),
                "--seed",
                str(options["seed"]),
            ],
            env=runner.env("postgresql"),
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        last = ""
        for line in process.stdout:
            last = line.strip() or last
            if not last.startswith("{"):
                self.stdout.write(line.rstrip())
        if process.wait() or not last.startswith("{"):
            raise CommandError("suggestions-run 失败，见上方输出")
        self.stdout.write(last)

    def suggestions_run(self, options: dict[str, Any]) -> None:
        from sanmin.bench.suggestions import bench_suggestions

        if not settings.SANMIN_BENCH:
            raise CommandError(
                "suggestions-run 只在性能测试模式（SANMIN_BENCH=1）下运行"
            )
        call_command("migrate", interactive=False, verbosity=0)
        figures = bench_suggestions(
            count=options["count"] or 100000,
            seed=options["seed"],
            write=self.stdout.write,
        )
        self.stdout.write(json.dumps(figures, ensure_ascii=False))

    def suggestions_export(self, options: dict[str, Any]) -> None:
        from sanmin.bench.suggestions import export_measure

        if not settings.SANMIN_BENCH:
            raise CommandError(
                "suggestions-export 只在性能测试模式（SANMIN_BENCH=1）下运行"
            )
        result = export_measure(fmt=options["format"], username=options["user"])
        self.stdout.write(json.dumps(result))

    def surveys(self, action: str, options: dict[str, Any]) -> None:
        """社情民意调查 on `--count` public responses (sanmin/bench/surveys.py):
        `surveys` runs everything against a fresh throwaway PostgreSQL database;
        `surveys-run`, `surveys-export` and `surveys-check` are its steps, each in
        a process of its own, in benchmark mode only."""
        from sanmin.bench import surveys

        count = options["count"] if options["count"] is not None else 1_000_000
        per_client = options["per_client"] or surveys.SUBMISSIONS_PER_CLIENT
        if action == "surveys":
            try:
                figures = surveys.run_surveys(
                    count=count,
                    clients=options["clients"],
                    per_client=per_client,
                    seed=options["seed"],
                    xlsx=options["xlsx"],
                    database_url=options["database_url"],
                    workers=options["workers"],
                    threads=options["threads"],
                    workdir=Path(settings.DATA_DIR) / "bench-surveys",
                    write=self.stdout.write,
                )
            except RuntimeError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(json.dumps(figures, ensure_ascii=False))
            return
        if not settings.SANMIN_BENCH:
            raise CommandError(f"{action} 只在性能测试模式（SANMIN_BENCH=1）下运行")
        if action == "surveys-run":
            call_command("migrate", interactive=False, verbosity=0)
            figures, manifest = surveys.bench_surveys(
                count=count,
                clients=options["clients"],
                per_client=per_client,
                seed=options["seed"],
                formats=("csv", "xlsx") if options["xlsx"] else ("csv",),
                write=self.stdout.write,
            )
            Path(options["manifest"]).write_text(json.dumps(manifest))
            self.stdout.write(json.dumps(figures, ensure_ascii=False))
        elif action == "surveys-export":
            result = surveys.export_measure(
                fmt=options["format"],
                username=options["user"],
                questionnaire_id=options["questionnaire"],
            )
            self.stdout.write(json.dumps(result))
        else:
            checked = surveys.stored_check(
                questionnaire_id=options["questionnaire"],
                expected=count,
                recount=options["recount"],
            )
            self.stdout.write(json.dumps(checked))

    def prepare(self, options: dict[str, Any]) -> None:
        from sanmin.bench.dataset import bench_prepare

        if not settings.SANMIN_BENCH:
            raise CommandError("prepare 只在性能测试模式（SANMIN_BENCH=1）下运行")
        call_command("migrate", interactive=False, verbosity=0)
        manifest = bench_prepare(
            representatives=options["representatives"] or 200,
            viewers=options["viewers"] or 0,
        )
        Path(options["manifest"]).write_text(json.dumps(manifest.as_json()))

    def measure_costs(self, options: dict[str, Any]) -> None:
        from sanmin.bench.costs import ballot_costs

        if not settings.SANMIN_BENCH:
            raise CommandError("costs 只在性能测试模式（SANMIN_BENCH=1）下运行")
        manifest = json.loads(Path(options["manifest"]).read_text())
        costs = ballot_costs(manifest=manifest, count=options["representatives"] or 30)
        self.stdout.write(json.dumps(costs))

    def check_ballots(self, options: dict[str, Any]) -> None:
        from sanmin.bench.check import ballots_check, stored_for

        manifest = json.loads(Path(options["manifest"]).read_text())
        result = json.loads(Path(options["result"]).read_text())
        checked = ballots_check(
            acknowledged=result["acknowledged_receipts"],
            stored=stored_for(session_id=manifest[options["session_key"]]),
            departments=manifest["departments"],
        )
        self.stdout.write(json.dumps(checked.as_json()))
