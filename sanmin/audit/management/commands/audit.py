from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanmin.audit.selectors import LaneReport, audit_chain_verify


def lane_line(lane: LaneReport) -> str:
    if lane.ok:
        return f"分链 {lane.lane}：{lane.checked} 条记录完好"
    return (
        f"分链 {lane.lane} 在第 {lane.broken_id} 条记录处断开：{lane.reason}"
        f"（此前该分链 {lane.checked} 条完好）"
    )


class Command(BaseCommand):
    help = "审计日志：verify 逐条分链校验哈希链"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        report = audit_chain_verify()
        if not report.ok:
            for lane in report.lanes:
                if lane.ok:
                    self.stdout.write(lane_line(lane))
            broken = "\n".join(lane_line(lane) for lane in report.broken)
            raise CommandError(
                f"审计日志哈希链有 {len(report.broken)} 条分链断开"
                f"（共 {len(report.lanes)} 条分链）：\n{broken}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"审计日志完好：共校验 {report.checked} 条记录，"
                f"分属 {len(report.lanes)} 条分链"
            )
        )
        for lane in report.lanes:
            self.stdout.write(lane_line(lane))
