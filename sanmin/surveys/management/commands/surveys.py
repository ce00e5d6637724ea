"""`sanmin surveys recount|stats <pk>`.

- recount: recompute the figures of a questionnaire version from its stored
  responses and compare them with the live tallies — overall, by district and by
  representative category. Prints whether they agree; exit code 1 if not.
- stats: the figures of the results page (from the tallies) as JSON, so that any
  number on the page can be checked.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanmin.surveys.models import Questionnaire
from sanmin.surveys.selectors.results import (
    BY_CHOICES,
    results_compute,
    results_recount,
)


def _differences(live: Any, counted: Any, where: str = "") -> list[str]:
    """Paths at which two figure trees differ (at most a screenful)."""
    if isinstance(live, dict) and isinstance(counted, dict):
        out: list[str] = []
        for key in sorted(set(live) | set(counted), key=str):
            out += _differences(live.get(key), counted.get(key), f"{where}.{key}")
        return out
    if isinstance(live, list) and isinstance(counted, list):
        if len(live) != len(counted):
            return [f"{where}: {len(live)} 项 ≠ {len(counted)} 项"]
        out = []
        for index, (a, b) in enumerate(zip(live, counted, strict=True)):
            out += _differences(a, b, f"{where}[{index}]")
        return out
    return [] if live == counted else [f"{where}: 计数 {live} ≠ 重算 {counted}"]


class Command(BaseCommand):
    help = "社情民意调查：recount 由答卷重算并核对实时计数；stats 输出结果数字（JSON）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        recount = sub.add_parser("recount", help="由答卷重算，核对实时计数")
        recount.add_argument("pk", type=int, help="问卷（版本）编号")
        stats = sub.add_parser("stats", help="结果页的全部数字（JSON）")
        stats.add_argument("pk", type=int, help="问卷（版本）编号")
        stats.add_argument(
            "--by",
            choices=BY_CHOICES,
            default=None,
            help="交叉分析：district 或 category",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        questionnaire = Questionnaire.objects.filter(pk=options["pk"]).first()
        if questionnaire is None:
            raise CommandError(f"没有编号为 {options['pk']} 的问卷")
        if options["action"] == "stats":
            figures = results_compute(questionnaire=questionnaire, by=options["by"])
            self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
            return
        problems: list[str] = []
        for by in (None, *BY_CHOICES):
            live = results_compute(questionnaire=questionnaire, by=by)
            counted = results_recount(questionnaire=questionnaire, by=by)
            problems += [f"[{by or '总体'}] {p}" for p in _differences(live, counted)]
        name = f"{questionnaire}（编号 {questionnaire.pk}）"
        if not problems:
            self.stdout.write(f"一致：{name}的实时计数与由答卷重算的结果相同")
            return
        self.stdout.write(f"不一致：{name}有 {len(problems)} 处差异")
        for problem in problems[:50]:
            self.stdout.write(f"  {problem}")
        sys.exit(1)
