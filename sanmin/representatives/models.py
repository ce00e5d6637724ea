"""The roster of a campaign: who is a representative, keyed by the ID-number hash.

The plain ID number is never stored here; a citizen signing in through 爱山东 is matched
to a roster entry by `keyed_hash(id_number, purpose="id")`.
"""

from __future__ import annotations

from django.db import models


class Representative(models.Model):
    class Roster(models.TextChoices):
        PUBLIC = "public", "市民代表"
        INTERNAL = "internal", "内部评议人员"

    class Status(models.TextChoices):
        SELECTED = "selected", "已选定"
        CONFIRMED = "confirmed", "已确认"
        DECLINED = "declined", "已谢绝"
        REPLACED = "replaced", "已替补"

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
        "状态", max_length=10, choices=Status, default=Status.SELECTED
    )
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
