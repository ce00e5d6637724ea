"""优秀建议: nominations, the panel and its scores on configurable criteria, the
awarded tier, and adoption into the government work report or a department's plan."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Criterion(models.Model):
    """A scoring criterion of the campaign (针对性, 参考价值, 可操作性 by default)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField("代码", max_length=30)
    label = models.CharField("评分项", max_length=30)
    max_points = models.PositiveSmallIntegerField("满分")
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["campaign", "order"]
        verbose_name = verbose_name_plural = "优秀建议评分项"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "code"], name="criterion_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(max_points__gt=0), name="criterion_max_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Panelist(models.Model):
    """A staff member on the campaign's review panel of excellent suggestions."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "评审专家"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "user"], name="panelist_unique")
        ]

    def __str__(self) -> str:
        return str(self.user)


class Tier(models.TextChoices):
    FIRST = "first", "一等奖"
    SECOND = "second", "二等奖"
    THIRD = "third", "三等奖"
    MERIT = "merit", "优秀奖"


class Nomination(models.Model):
    suggestion = models.OneToOneField(
        "suggestions.Suggestion", on_delete=models.PROTECT, related_name="nomination"
    )
    reason = models.CharField("推荐理由", max_length=300)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    nominated_at = models.DateTimeField("推荐时间")
    tier = models.CharField("评定等次", max_length=8, choices=Tier, blank=True)
    awarded_at = models.DateTimeField("评定时间", null=True, blank=True)
    published_at = models.DateTimeField("公布时间", null=True, blank=True)

    class Meta:
        ordering = ["-nominated_at"]
        verbose_name = verbose_name_plural = "优秀建议候选"
        constraints = [
            models.CheckConstraint(
                condition=Q(tier="", awarded_at__isnull=True)
                | (~Q(tier="") & Q(awarded_at__isnull=False)),
                name="nomination_tier_has_time",
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | ~Q(tier=""),
                name="nomination_published_is_awarded",
            ),
        ]

    def __str__(self) -> str:
        return str(self.suggestion_id)


class Score(models.Model):
    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="scores"
    )
    panelist = models.ForeignKey(
        Panelist, on_delete=models.PROTECT, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores"
    )
    points = models.PositiveSmallIntegerField("得分")
    scored_at = models.DateTimeField("评分时间")

    class Meta:
        verbose_name = verbose_name_plural = "优秀建议评分"
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "panelist", "criterion"],
                name="score_once_per_criterion",
            )
        ]

    def __str__(self) -> str:
        return f"{self.nomination_id} {self.criterion_id}={self.points}"


class Adoption(models.Model):
    """A case adopted into the government work report or a department's plan."""

    class Kind(models.TextChoices):
        WORK_REPORT = "work_report", "纳入政府工作报告"
        DEPARTMENT_PLAN = "department_plan", "纳入部门下一年度工作计划"

    suggestion = models.ForeignKey(
        "suggestions.Suggestion", on_delete=models.PROTECT, related_name="adoptions"
    )
    kind = models.CharField("采纳方式", max_length=16, choices=Kind)
    department = models.ForeignKey(
        "campaigns.Department",
        verbose_name="部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField("说明", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        verbose_name = verbose_name_plural = "建议采纳"
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="department_plan") | Q(department__isnull=False),
                name="adoption_plan_has_department",
            ),
            # Two partial constraints rather than nulls_distinct=False, which
            # SQLite does not enforce.
            models.UniqueConstraint(
                fields=["suggestion", "kind", "department"],
                condition=Q(department__isnull=False),
                name="adoption_unique_with_department",
            ),
            models.UniqueConstraint(
                fields=["suggestion", "kind"],
                condition=Q(department__isnull=True),
                name="adoption_unique_without_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion_id} {self.get_kind_display()}"
