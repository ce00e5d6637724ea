"""`sanmin suggestions reindex|stats`.

- reindex: rebuild the term index of every suggestion. Run after a change to the
  segmentation, the stopwords or the weighting (see services/text.py); it works in
  batches, in constant memory.
- stats: the figures of the statistics page, recomputed from the stored cases and
  printed as JSON, so that any number on the page can be checked.
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanmin.campaigns.selectors import campaign_current, campaign_get
from sanmin.suggestions.selectors.stats import stats_compute
from sanmin.suggestions.services.text import terms_reindex


class Command(BaseCommand):
    help = (
        "云征集：reindex 重建分词索引；stats 按领域、区（市）、主办单位和状态统计建议"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        reindex = sub.add_parser("reindex", help="重建全部建议的分词索引")
        reindex.add_argument("--batch", type=int, default=500, help="每批建议数")
        stats = sub.add_parser(
            "stats", help="统计页的全部数字（JSON），由存储的建议重新计算"
        )
        stats.add_argument("--campaign", default="", help="活动标识（默认当前活动）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "stats":
            self._stats(options["campaign"])
            return
        started = time.monotonic()
        done = terms_reindex(batch=max(options["batch"], 1))
        seconds = time.monotonic() - started
        self.stdout.write(f"已重建 {done} 件建议的分词索引，用时 {seconds:.1f} 秒")

    def _stats(self, slug: str) -> None:
        campaign = campaign_get(slug=slug) if slug else campaign_current()
        if campaign is None:
            raise CommandError(
                f"没有找到活动“{slug}”" if slug else "当前没有进行中的活动"
            )
        figures = stats_compute(campaign=campaign)
        self.stdout.write(json.dumps(figures, ensure_ascii=False, indent=2))
