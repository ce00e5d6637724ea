"""`sanmin draw commit|run|verify <campaign>`: the draw from the command line.

commit freezes the pool and prints the commitment (--user: the statistics staff
account it is recorded under); run takes the seed sources as --seed "名称=取值"
(repeatable, in order); verify recomputes the campaign's draw (or --draw ID) and
exits non-zero, naming each failed check, when anything does not match.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sanmin.accounts.models import Role, User
from sanmin.campaigns.models import Campaign
from sanmin.representatives.models import Draw
from sanmin.representatives.selectors.draws import draw_live
from sanmin.representatives.services.draws import draw_commit, draw_run, draw_verify


class Command(BaseCommand):
    help = (
        "代表抽取：commit 冻结候选池并生成承诺值；run 录入种子并抽取；verify 复算核验"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        commit = sub.add_parser("commit", help="冻结候选池并生成承诺值")
        commit.add_argument("campaign", help="活动标识，如 qingdao-2024")
        commit.add_argument("--user", required=True, help="统计局工作人员用户名")
        run = sub.add_parser("run", help="录入随机种子来源并抽取")
        run.add_argument("campaign")
        run.add_argument(
            "--seed",
            action="append",
            default=[],
            metavar="名称=取值",
            help="随机种子来源，可重复，按顺序",
        )
        run.add_argument("--user", default="", help="统计局工作人员用户名")
        verify = sub.add_parser("verify", help="复算抽取并核对承诺值和指纹")
        verify.add_argument("campaign")
        verify.add_argument("--draw", type=int, default=None, help="抽取编号")

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = Campaign.objects.filter(slug=options["campaign"]).first()
        if campaign is None:
            raise CommandError(f"找不到活动“{options['campaign']}”")
        action = options["action"]
        try:
            if action == "commit":
                self.commit(campaign, options)
            elif action == "run":
                self.run(campaign, options)
            else:
                self.verify(campaign, options)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from None

    def _user(self, username: str) -> User:
        user = User.objects.filter(username=username, role=Role.STATISTICS).first()
        if user is None:
            raise CommandError(f"找不到统计局工作人员“{username}”")
        return user

    def _draw(self, campaign: Campaign, draw_id: int | None) -> Draw:
        if draw_id is not None:
            draw = Draw.objects.filter(campaign=campaign, pk=draw_id).first()
        else:
            draw = draw_live(campaign=campaign)
        if draw is None:
            raise CommandError("本活动没有可用的抽取")
        return draw

    def commit(self, campaign: Campaign, options: dict[str, Any]) -> None:
        draw = draw_commit(campaign=campaign, actor=self._user(options["user"]))
        inputs = draw.inputs
        self.stdout.write(f"抽取 #{draw.pk} 已冻结候选池")
        self.stdout.write(f"承诺值 {draw.commitment}")
        self.stdout.write(f"候选池指纹 {draw.pool_fingerprint}")
        self.stdout.write(f"软件版本 {draw.software_version}")
        self.stdout.write(
            f"合格候选人 {len(inputs['pool'])} 名，"
            f"轮换排除 {len(inputs['exclusions'])} 名，单元 {len(inputs['cells'])} 个"
        )

    def run(self, campaign: Campaign, options: dict[str, Any]) -> None:
        sources = []
        for text in options["seed"]:
            label, sep, value = text.partition("=")
            if not sep:
                raise CommandError(f"种子来源应写作“名称=取值”：{text}")
            sources.append({"label": label, "value": value})
        actor: Any = self._user(options["user"]) if options["user"] else "命令行"
        draw = self._draw(campaign, None)
        draw = draw_run(draw=draw, seed_sources=sources, actor=actor)
        totals = draw.report["totals"]
        self.stdout.write(
            f"抽取 #{draw.pk} 完成：代表 {totals['members']} 名，"
            f"备选 {totals['alternates']} 名"
        )
        self.stdout.write(f"随机种子 {draw.seed}")
        self.stdout.write(f"名单指纹 {draw.panel_fingerprint}")

    def verify(self, campaign: Campaign, options: dict[str, Any]) -> None:
        draw = self._draw(campaign, options["draw"])
        result = draw_verify(draw=draw)
        for check in result.checks:
            mark = "通过" if check.ok else "不通过"
            self.stdout.write(f"[{mark}] {check.label}：{check.detail}")
        if not result.ok:
            failed = "、".join(check.label for check in result.failed)
            raise CommandError(f"抽取 #{draw.pk} 核验未通过：{failed}")
        self.stdout.write(f"抽取 #{draw.pk} 核验通过")
