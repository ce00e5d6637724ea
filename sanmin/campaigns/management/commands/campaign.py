from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanmin.campaigns.models import Campaign
from sanmin.campaigns.services import QINGDAO_2024, campaign_clone, campaign_load_file


class Command(BaseCommand):
    help = "活动：load 载入方案数据；clone 由上一年度活动生成下一年度活动"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="载入方案数据（默认为青岛2024年方案）")
        load.add_argument("--file", type=Path, default=QINGDAO_2024)
        clone = sub.add_parser("clone", help="由已有活动生成下一年度活动")
        clone.add_argument("source", help="原活动标识，如 qingdao-2024")
        clone.add_argument("--year", type=int, required=True)
        clone.add_argument("--slug", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "load":
                campaign = campaign_load_file(path=options["file"], actor="命令行")
            else:
                source = Campaign.objects.filter(slug=options["source"]).first()
                if source is None:
                    raise CommandError(f"找不到活动“{options['source']}”")
                campaign = campaign_clone(
                    source=source,
                    year=options["year"],
                    slug=options["slug"],
                    actor="命令行",
                )
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(f"已创建活动：{campaign.title}（{campaign.slug}）")
        )
