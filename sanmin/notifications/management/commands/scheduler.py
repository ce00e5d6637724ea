"""`sanmin scheduler`: every interval, make the reminders that are due, keep the
SMS outbox moving and fold the survey answers' pending counts into the tallies.
Stops cleanly on SIGTERM or Ctrl+C (after the current round).

Several schedulers may run (one per server): reminders are deduplicated by key and
a message is claimed by one worker only, so nothing is sent twice.
"""

from __future__ import annotations

import logging
import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connection
from django.utils import timezone

from sanmin.notifications.services import messages_sweep, reminders_due
from sanmin.suggestions.services.reminders import items_remind
from sanmin.surveys.services.store import tallies_fold

logger = logging.getLogger("sanmin.scheduler")


def default_interval() -> int:
    return int(settings.SCHEDULER_INTERVAL)


def _refresh_connections() -> None:
    """Drop broken or expired connections between rounds, as a request would (not
    inside a transaction: a test runs the command in one)."""
    if not connection.in_atomic_block:
        close_old_connections()


class Command(BaseCommand):
    help = "定时任务：发送到期的评议提醒和建议办理时限提醒短信，重新排队到期的短信，计入问卷计数"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="两轮之间的秒数（默认 SCHEDULER_INTERVAL，60）",
        )
        parser.add_argument("--once", action="store_true", help="只运行一轮")

    def handle(self, *args: Any, **options: Any) -> None:
        interval = options["interval"] or default_interval()
        stopping = threading.Event()

        def stop(*_: Any) -> None:
            stopping.set()

        if not options["once"]:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
            self.stdout.write(f"定时任务已启动，每 {interval:g} 秒一轮")
        while True:
            self.tick()
            if options["once"] or stopping.wait(interval):
                break
        if not options["once"]:
            self.stdout.write("定时任务已停止")

    def tick(self) -> None:
        """One round; a failure is logged and the next round tries again."""
        _refresh_connections()
        now = timezone.now()
        try:
            created = reminders_due(now=now)
            created += items_remind(now=now)
            swept = messages_sweep(now=now)
            folded = tallies_fold()
        except Exception:
            logger.exception("定时任务本轮失败")
            return
        finally:
            _refresh_connections()
        if created or swept.enqueued or swept.abandoned or folded:
            logger.info(
                "提醒 %s 条，排队发送 %s 条，中断 %s 条，计入问卷计数 %s 份",
                created,
                swept.enqueued,
                swept.abandoned,
                folded,
            )
