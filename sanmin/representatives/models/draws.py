"""The draw: a commitment published first, then the seed, then the panel.

A draw's life: COMMITTED (the frozen pool, quota cells, alternates, rotation
exclusions and software version are hashed into `commitment`, which is published
before the seed can be known) → DRAWN (the seed from public random sources, the
ranked entries of every cell, the panel fingerprint and the report). A refused draw
(short cells) stores nothing. `sanmin draw verify` recomputes the entries from
`inputs` and the seed and checks every fingerprint.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Draw(models.Model):
    class State(models.TextChoices):
        COMMITTED = "committed", "已公布承诺值"
        DRAWN = "drawn", "已抽取"
        VOID = "void", "已作废"

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="draws"
    )
    state = models.CharField(
        "状态", max_length=10, choices=State, default=State.COMMITTED
    )
    # Everything the draw depends on, pseudonymised (keyed ID hashes, no names).
    inputs = models.JSONField("抽取输入")
    software_version = models.CharField("软件版本", max_length=40)
    pool_fingerprint = models.CharField("候选池指纹", max_length=64)
    commitment = models.CharField("承诺值", max_length=64)
    committed_at = models.DateTimeField("公布时间")
    committed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # [{"label": "2024-11-30 福彩3D开奖号码", "value": "385"}, ...]
    seed_sources = models.JSONField("随机种子来源", default=list)
    seed = models.CharField("随机种子", max_length=64, blank=True)
    panel_fingerprint = models.CharField("名单指纹", max_length=64, blank=True)
    report = models.JSONField("抽取报告", default=dict)
    drawn_at = models.DateTimeField("抽取时间", null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-committed_at"]
        verbose_name = verbose_name_plural = "代表抽取"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign"],
                condition=~Q(state="void"),
                name="draw_one_live_per_campaign",
            ),
            models.CheckConstraint(
                condition=~Q(state="drawn")
                | (~Q(seed="") & ~Q(panel_fingerprint="") & Q(drawn_at__isnull=False)),
                name="draw_drawn_has_seed_and_panel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} 代表抽取 #{self.pk}"


class DrawEntry(models.Model):
    """A candidate's place in their cell's random order: member or alternate."""

    class Role(models.TextChoices):
        MEMBER = "member", "入选"
        ALTERNATE = "alternate", "备选"

    draw = models.ForeignKey(Draw, on_delete=models.PROTECT, related_name="entries")
    candidate = models.ForeignKey(
        "representatives.Candidate", on_delete=models.PROTECT, related_name="+"
    )
    cell = models.CharField("单元", max_length=80)
    rank = models.PositiveIntegerField("顺位")
    role = models.CharField("结果", max_length=10, choices=Role)
    returner = models.BooleanField("上年代表", default=False)

    class Meta:
        ordering = ["draw", "cell", "rank"]
        verbose_name = verbose_name_plural = "抽取结果"
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "candidate"], name="draw_entry_once"
            ),
            models.UniqueConstraint(
                fields=["draw", "cell", "rank"], name="draw_entry_rank_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cell} #{self.rank + 1}"


class BalanceTarget(models.Model):
    """A min/max range for a group that cuts across cells (e.g. women in a district).

    With targets the cells no longer decide everything and the draw uses the fair
    (leximin) algorithm over groups of identical candidates.
    """

    class Attribute(models.TextChoices):
        GENDER = "gender", "性别"
        AGE_BAND = "age_band", "年龄段"

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="balance_targets"
    )
    district = models.ForeignKey(
        "campaigns.District",
        verbose_name="区（市）（空为全市）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attribute = models.CharField("维度", max_length=10, choices=Attribute)
    # Gender: "M"/"F"; age band: "18-34", "35-59", "60+".
    value = models.CharField("取值", max_length=10)
    minimum = models.PositiveIntegerField("最少人数", default=0)
    maximum = models.PositiveIntegerField("最多人数")

    class Meta:
        verbose_name = verbose_name_plural = "结构平衡目标"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "district", "attribute", "value"],
                name="balance_target_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(minimum__lte=models.F("maximum")),
                name="balance_target_min_le_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_attribute_display()} {self.value}"
