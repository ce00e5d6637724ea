"""The roster of a campaign: who is a representative, keyed by the ID-number hash.

The plain ID number is never stored here; a citizen signing in through 爱山东 is matched
to a roster entry by `keyed_hash(id_number, purpose="id")`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Representative(models.Model):
    class Roster(models.TextChoices):
        PUBLIC = "public", "市民代表"
        INTERNAL = "internal", "内部评议人员"

    class Status(models.TextChoices):
        SELECTED = "selected", "已选定"
        CONFIRMED = "confirmed", "已确认"
        DECLINED = "declined", "已谢绝"
        UNREACHABLE = "unreachable", "无法联系"
        REPLACED = "replaced", "已替补"

    class ConfirmedVia(models.TextChoices):
        SELF = "self", "本人在线确认"
        PHONE = "phone", "电话确认（工作人员登记）"

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="representatives"
    )
    roster = models.CharField(
        "名单", max_length=10, choices=Roster, default=Roster.PUBLIC
    )
    id_hash = models.CharField(max_length=64)
    name_cipher = models.CharField(max_length=200)
    phone_cipher = models.CharField(max_length=200, blank=True)
    district = models.ForeignKey(
        "campaigns.District",
        verbose_name="区（市）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.ForeignKey(
        "campaigns.QuotaCategory",
        verbose_name="代表类别",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="representatives",
    )
    status = models.CharField(
        "状态", max_length=12, choices=Status, default=Status.SELECTED
    )
    # Where the entry came from: the draw (its candidate and cell), or, for
    # internal raters and the demo, nowhere.
    candidate = models.ForeignKey(
        "representatives.Candidate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    cell = models.CharField("单元", max_length=80, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name="替补对象",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    unit = models.CharField("工作单位", max_length=120, blank=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    confirmed_via = models.CharField(
        "确认方式", max_length=10, choices=ConfirmedVia, blank=True
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    trained_at = models.DateTimeField("完成培训", null=True, blank=True)
    venue = models.ForeignKey(
        "campaigns.Venue",
        verbose_name="参会会场",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="representatives",
    )
    # When the selection SMS was queued (roster_notify), so nobody gets it twice.
    notified_at = models.DateTimeField("选聘通知时间", null=True, blank=True)
    # Why the entry is declined or unreachable (the person's or the staff's words);
    # kept after a replacement, which is audited with the status it replaced.
    status_reason = models.CharField("状态说明", max_length=200, blank=True)
    synthetic = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "市民代表"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "roster", "id_hash"],
                name="representative_once_per_roster",
            ),
        ]

    def __str__(self) -> str:
        return f"市民代表 #{self.pk}"


class ServiceYear(models.Model):
    """A year someone served as a representative (imported earlier years, and the
    frozen roster of each campaign): what rotation is computed from."""

    id_hash = models.CharField(max_length=64)
    year = models.PositiveSmallIntegerField("年度")
    category_code = models.CharField("代表类别代码", max_length=40, blank=True)
    district = models.ForeignKey(
        "campaigns.District",
        verbose_name="区（市）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    imported = models.BooleanField("导入的往年名单", default=True)

    class Meta:
        ordering = ["year", "id"]
        verbose_name = verbose_name_plural = "往年任职记录"
        constraints = [
            models.UniqueConstraint(
                fields=["id_hash", "year"], name="service_year_once"
            ),
        ]
        indexes = [models.Index(fields=["year"])]

    def __str__(self) -> str:
        return f"{self.year} 年任职记录"


class RosterFreeze(models.Model):
    """The roster fixed before the first session (refused below the minimum)."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="roster_freeze"
    )
    frozen_at = models.DateTimeField("冻结时间")
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    counts = models.JSONField("各类代表人数")

    class Meta:
        verbose_name = verbose_name_plural = "代表名单冻结"

    def __str__(self) -> str:
        return f"{self.campaign} 代表名单冻结"
