"""`sanmin run`: prepare the database and demo data, then serve with a worker beside.

The web server is gunicorn (threaded workers), not runserver; the background worker is
django-tasks-db's `db_worker`; the scheduler (`sanmin scheduler`) makes due reminders
and re-enqueues deferred text messages. All three are supervised: when one stops, all
stop.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "初始化数据库与演示数据，启动网站（gunicorn）和后台任务进程"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind", default=os.environ.get("SANMIN_BIND", "127.0.0.1:8000")
        )
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "3"))
        )
        parser.add_argument("--no-demo", action="store_true", help="不载入演示数据")

    def handle(self, *args: Any, **options: Any) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("keys", "init")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not options["no_demo"]:
            call_command("demo", "seed")
        self.serve(bind=options["bind"], workers=options["workers"])

    def serve(self, *, bind: str, workers: int) -> None:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sanmin.settings"}
        env.setdefault("SANMIN_DATA_DIR", str(settings.DATA_DIR))
        web = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "sanmin.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(workers),
                "--worker-class",
                "gthread",
                "--threads",
                "4",
                "--timeout",
                "60",
                "--graceful-timeout",
                "20",
                "--access-logfile",
                "-",
            ],
            env=env,
        )
        worker = subprocess.Popen(
            [sys.executable, "-m", "sanmin", "db_worker"], env=env
        )
        scheduler = subprocess.Popen(
            [sys.executable, "-m", "sanmin", "scheduler"], env=env
        )
        self.stdout.write(
            self.style.SUCCESS(f"三民活动平台已启动：http://{bind}/ （Ctrl+C 停止）")
        )
        children = [web, worker, scheduler]

        def stop(*_: Any) -> None:
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(child.poll() is None for child in children):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for child in children:
                try:
                    child.wait(timeout=25)
                except subprocess.TimeoutExpired:
                    child.kill()
