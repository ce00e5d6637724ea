from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanmin.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "审计日志：verify 校验哈希链"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_verify()
        if not report.ok:
            raise CommandError(
                f"审计日志哈希链在第 {report.broken_id} 条记录处断开：{report.reason}"
                f"（此前 {report.checked} 条完好）"
            )
        self.stdout.write(
            self.style.SUCCESS(f"审计日志完好：共校验 {report.checked} 条记录")
        )
