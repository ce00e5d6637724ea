"""云评议: evaluation windows, participation, ballots, call marks and results.

Who took part (`Participation`) and what was chosen (`Ballot`, `BallotItem`) are kept
apart: a ballot has a random UUID key, no timestamp and no reference to a person, and
its rows are written in the same transaction as the participation row. The database
refuses UPDATE and DELETE on all three tables (see migration 0002). On SQLite the
ballot tables are WITHOUT ROWID, so not even the storage order follows casting order.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q


class Window(models.Model):
    """When a session's ballots are accepted: opens_at ≤ now < closes_at."""

    session = models.OneToOneField(
        "campaigns.Session",
        verbose_name="场次",
        on_delete=models.PROTECT,
        related_name="window",
    )
    opens_at = models.DateTimeField("开始评议时间")
    closes_at = models.DateTimeField("截止评议时间")

    class Meta:
        verbose_name = verbose_name_plural = "评议时段"
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="window_closes_after_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} 评议时段"

    def is_open(self, now: dt.datetime) -> bool:
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now: dt.datetime) -> bool:
        return now >= self.closes_at


class Participation(models.Model):
    """That a representative has voted in a session: never what they chose."""

    session = models.ForeignKey(
        "campaigns.Session", on_delete=models.PROTECT, related_name="participations"
    )
    representative = models.ForeignKey(
        "representatives.Representative",
        on_delete=models.PROTECT,
        related_name="participations",
    )
    voted_at = models.DateTimeField("评议时间")
    # Keyed hashes of the device cookie and of the network (/24 or /48), for the
    # supervision report on suspicious patterns; never the raw values.
    device_hash = models.CharField(max_length=64, blank=True)
    network_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "参评记录"
        constraints = [
            models.UniqueConstraint(
                fields=["session", "representative"],
                name="one_participation_per_session",
            ),
        ]
        indexes = [models.Index(fields=["session", "voted_at"])]

    def __str__(self) -> str:
        return f"参评 #{self.pk}"


class Ballot(models.Model):
    """A cast ballot. Nothing here points at a person or a time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        "campaigns.Session", on_delete=models.PROTECT, related_name="ballots"
    )
    # SHA-256 of the random idempotency key the browser holds: a retry finds its
    # ballot, nobody else can.
    key_hash = models.CharField(max_length=64, unique=True)
    receipt = models.CharField("回执码", max_length=32, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "评议票"

    def __str__(self) -> str:
        return f"评议票 {self.receipt}"


class BallotItem(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="items")
    participant = models.ForeignKey(
        "campaigns.Participant", on_delete=models.PROTECT, related_name="+"
    )
    choice = models.ForeignKey(
        "campaigns.RatingChoice", on_delete=models.PROTECT, related_name="+"
    )
    comment = models.CharField("意见", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评议票明细"
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "participant"], name="one_choice_per_department"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ballot_id}:{self.participant_id}"


class CallMark(models.Model):
    """District staff phoned a representative who had not voted (已电话提醒)."""

    session = models.ForeignKey(
        "campaigns.Session", on_delete=models.PROTECT, related_name="+"
    )
    representative = models.ForeignKey(
        "representatives.Representative", on_delete=models.PROTECT, related_name="+"
    )
    called_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    called_at = models.DateTimeField("提醒时间")
    note = models.CharField("备注", max_length=100, blank=True)

    class Meta:
        ordering = ["-called_at"]
        verbose_name = verbose_name_plural = "电话提醒记录"

    def __str__(self) -> str:
        return f"电话提醒 #{self.pk}"


class ResultSet(models.Model):
    """The tally of a campaign's roster, frozen, then approved by two people.

    computed (statistics) → approved (statistics, the approver) → published (office,
    a different person). The snapshot and its digest never change after approval.
    A new computation before publication supersedes the roster's earlier ones, which
    stay as history.
    """

    class Status(models.TextChoices):
        COMPUTED = "computed", "已计算"
        APPROVED = "approved", "统计局已审核"
        PUBLISHED = "published", "已发布"
        SUPERSEDED = "superseded", "已被重新计票取代"

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="result_sets"
    )
    roster = models.CharField("名单", max_length=10)
    status = models.CharField(max_length=10, choices=Status, default=Status.COMPUTED)
    snapshot = models.JSONField("结果快照")
    digest = models.CharField("摘要", max_length=64)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    computed_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-computed_at"]
        verbose_name = verbose_name_plural = "评议结果"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "roster"],
                condition=Q(status="published"),
                name="one_published_result_per_roster",
            ),
            models.CheckConstraint(
                condition=Q(published_by__isnull=True)
                | (Q(approved_by__isnull=False) & ~Q(published_by=F("approved_by"))),
                name="result_published_by_second_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} 评议结果（{self.get_status_display()}）"


class TallyRule(models.Model):
    """How a campaign's ballots become scores, grades and a composite."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="tally_rule"
    )
    # Grades by score, highest first: [{"grade": "好", "min": "90"}, ...].
    grades = models.JSONField("等次划分", default=list, blank=True)
    # Weight of the evaluation score in the composite; the rest is the routine score.
    # Empty: no composite.
    evaluation_weight = models.DecimalField(
        "评议得分权重", max_digits=4, decimal_places=3, null=True, blank=True
    )
    # Codes of the choices that count as satisfied for the satisfaction rate. Empty:
    # every counted choice worth more than 0 points (满意、比较满意、基本满意 on the
    # default scale).
    satisfied_codes = models.JSONField(
        "计为满意的选项代码",
        default=list,
        blank=True,
        help_text='例如 ["satisfied", "fairly-satisfied", "basically-satisfied"]；'
        "留空则为计入有效票且分值大于 0 的选项",
    )

    class Meta:
        verbose_name = verbose_name_plural = "计分规则"
        constraints = [
            models.CheckConstraint(
                condition=Q(evaluation_weight__isnull=True)
                | Q(evaluation_weight__gte=0, evaluation_weight__lte=1),
                name="evaluation_weight_fraction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} 计分规则"

    def clean(self) -> None:
        from sanmin.evaluation.tally import RuleError, grades_parse

        try:
            grades_parse(self.grades)
        except RuleError as error:
            raise ValidationError({"grades": str(error)}) from None
        codes = self.satisfied_codes
        if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
            raise ValidationError({"satisfied_codes": "请填写选项代码的列表"})
        if self.campaign_id is None:
            return
        counted = set(
            self.campaign.rating_choices.filter(counted=True).values_list(
                "code", flat=True
            )
        )
        unknown = sorted(set(codes) - counted)
        if unknown:
            raise ValidationError(
                {"satisfied_codes": f"不是计入有效票的选项：{'、'.join(unknown)}"}
            )


class RoutineScore(models.Model):
    """A department's routine-evaluation score, for the optional composite."""

    participant = models.OneToOneField(
        "campaigns.Participant", on_delete=models.PROTECT, related_name="routine_score"
    )
    score = models.DecimalField("日常考评得分", max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = verbose_name_plural = "日常考评得分"
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=100), name="routine_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.score}"
