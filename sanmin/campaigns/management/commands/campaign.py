from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from sanmin.campaigns.models import Campaign, District
from sanmin.campaigns.services import (
    QINGDAO_2024,
    campaign_clone,
    campaign_for_district,
    campaign_load_file,
)


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
        district = sub.add_parser("district", help="参照市级活动开展区（市）活动")
        district.add_argument("source", help="市级活动标识，如 qingdao-2024")
        district.add_argument("--district", required=True, help="区（市）名称或代码")
        district.add_argument("--slug", required=True)

    def source(self, slug: str) -> Campaign:
        source = Campaign.objects.filter(slug=slug).first()
        if source is None:
            raise CommandError(f"找不到活动“{slug}”")
        return source

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "load":
                campaign = campaign_load_file(path=options["file"], actor="命令行")
            elif options["action"] == "district":
                district = District.objects.filter(
                    Q(name=options["district"]) | Q(code=options["district"])
                ).first()
                if district is None:
                    raise CommandError(f"找不到区（市）“{options['district']}”")
                campaign = campaign_for_district(
                    source=self.source(options["source"]),
                    district=district,
                    slug=options["slug"],
                    actor="命令行",
                )
            else:
                source = self.source(options["source"])
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
