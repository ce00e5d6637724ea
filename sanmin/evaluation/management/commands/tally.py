"""`sanmin tally compute|verify`: the statistics operator's tally at the command line.

    sanmin tally compute [--campaign SLUG] [--roster public|internal]
                         [--save --user USERNAME]
    sanmin tally verify [--campaign SLUG]

`compute` prints the figures (refused, like the page, while a window is open); with
`--save` it stores them as a computed result in the name of a statistics user, to be
approved and published on the pages. It never publishes. `verify` recomputes every
figure and receipt from the stored ballots and exits non-zero naming what differs.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign
from sanmin.campaigns.selectors import campaign_current, campaign_get, campaign_list
from sanmin.evaluation import tally
from sanmin.evaluation.selectors.snapshots import (
    ROSTERS,
    result_tables,
    roster_label,
    roster_sessions,
    roster_sessions_not_closed,
    snapshot_build,
    snapshot_digest,
)
from sanmin.evaluation.selectors.verify import tally_verify
from sanmin.evaluation.services.results import NOT_CLOSED_MESSAGE, result_compute


class Command(BaseCommand):
    help = "评议计票：compute 计算并显示结果（不发布），verify 从评议票重算并核对"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["compute", "verify"])
        parser.add_argument(
            "--campaign", help="活动标识（默认：当前活动；verify 默认全部）"
        )
        parser.add_argument("--roster", choices=ROSTERS, help="名单（默认：全部）")
        parser.add_argument(
            "--save", action="store_true", help="保存为待审核的结果（需 --user）"
        )
        parser.add_argument("--user", help="以该市统计局工作人员的名义保存")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            self._verify(options["campaign"])
        else:
            self._compute(options)

    def _campaign(self, slug: str | None) -> Campaign:
        campaign = campaign_get(slug=slug) if slug else campaign_current()
        if campaign is None:
            raise CommandError(f"没有找到活动：{slug or '（当前活动）'}")
        return campaign

    def _compute(self, options: dict[str, Any]) -> None:
        campaign = self._campaign(options["campaign"])
        rosters = [options["roster"]] if options["roster"] else list(ROSTERS)
        rosters = [r for r in rosters if roster_sessions(campaign=campaign, roster=r)]
        if options["save"] and not options["user"]:
            raise CommandError("保存结果需要 --user 指定市统计局工作人员")
        user = None
        if options["save"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"没有该用户：{options['user']}")
        for roster in rosters:
            self._compute_roster(campaign, roster, user)

    def _compute_roster(self, campaign: Campaign, roster: str, user: Any) -> None:
        if user is not None:
            try:
                result = result_compute(campaign=campaign, roster=roster, actor=user)
            except ValidationError as error:
                raise CommandError("；".join(error.messages)) from None
            snapshot, digest = result.snapshot, result.digest
        else:
            waiting = roster_sessions_not_closed(
                campaign=campaign, roster=roster, now=timezone.now()
            )
            if waiting:
                titles = "、".join(session.title for session in waiting)
                raise CommandError(f"{NOT_CLOSED_MESSAGE}（{titles}）")
            try:
                snapshot = snapshot_build(campaign=campaign, roster=roster)
            except tally.RuleError as error:
                raise CommandError(f"计分规则有误：{error}") from None
            digest = snapshot_digest(snapshot)
            audit_record(
                actor="命令行 sanmin tally compute",
                action="result.preview",
                target=campaign,
                detail={"roster": roster, "digest": digest},
            )
        self._print(campaign, roster, snapshot, digest, saved=user is not None)

    def _print(
        self,
        campaign: Campaign,
        roster: str,
        snapshot: dict[str, Any],
        digest: str,
        *,
        saved: bool,
    ) -> None:
        tables = result_tables(snapshot)
        write = self.stdout.write
        write(self.style.MIGRATE_HEADING(f"{campaign} · {roster_label(roster)}"))
        for session in tables.sessions:
            write(
                f"  {session['title']}：参评 {session['participations']} 人，"
                f"评议票 {session['ballots']} 张"
            )
        for group in tables.groups:
            write(f"  【{group.name}】 排名 部门 有效票 得分 满意率(%) 等次 综合得分")
            for row in group.rows:
                write(
                    f"    {row.rank or '—'} {row.department} {row.valid} "
                    f"{row.score or '—'} {row.satisfaction_rate or '—'} "
                    f"{row.grade or '—'} {row.composite or '—'}"
                )
        write(f"  摘要（SHA-256）：{digest}")
        if saved:
            write(self.style.SUCCESS("  已保存为待审核的结果（未发布）"))
        else:
            write("  仅显示，未保存，未发布")

    def _verify(self, slug: str | None) -> None:
        campaigns = [self._campaign(slug)] if slug else list(campaign_list())
        failures = []
        for campaign in campaigns:
            report = tally_verify(campaign=campaign)
            for warning in report.warnings:
                self.stderr.write(self.style.WARNING(f"{campaign.slug}：{warning}"))
            if report.ok:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{campaign.slug}：核对无误（评议票 {report.ballots} 张，"
                        f"结果 {report.results} 份）"
                    )
                )
                continue
            failures += [f"{campaign.slug}：{problem}" for problem in report.problems]
        if failures:
            raise CommandError("计票核对未通过：\n" + "\n".join(failures))
