"""Candidates: who may be drawn, by which channel they came, and their review.

The same person (by keyed ID hash) is a candidate at most once per campaign. Personal
data is stored encrypted (`*_cipher`, see core/crypto.py); what the draw needs for
balance targets (gender, birth date) is derived from the ID number when it is taken in.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Channel(models.TextChoices):
    """The three ways into the pool (the values match QuotaCategory.Method)."""

    RANDOM = "random", "随机抽取"
    RECOMMENDED = "recommended", "组织推荐"
    VOLUNTEER = "volunteer", "自愿报名"


class Review(models.TextChoices):
    PENDING = "pending", "待审查"
    PASSED = "passed", "通过"
    REJECTED = "rejected", "不通过"


class Gender(models.TextChoices):
    MALE = "M", "男"
    FEMALE = "F", "女"


class ImportBatch(models.Model):
    """One accepted spreadsheet (all-or-nothing: a refused file leaves no batch)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField("渠道", max_length=12, choices=Channel)
    district = models.ForeignKey(
        "campaigns.District",
        verbose_name="区（市）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    filename = models.CharField("文件名", max_length=200)
    rows = models.PositiveIntegerField("行数")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = verbose_name_plural = "候选人导入批次"

    def __str__(self) -> str:
        return f"{self.filename}（{self.rows} 行）"


class Candidate(models.Model):
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="candidates"
    )
    channel = models.CharField("渠道", max_length=12, choices=Channel)
    category = models.ForeignKey(
        "campaigns.QuotaCategory",
        verbose_name="代表类别",
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    # Where the person lives or works. The draw's cell is the category alone at the
    # municipal level (except volunteers, allocated by residence), else category ×
    # district.
    district = models.ForeignKey(
        "campaigns.District",
        verbose_name="区（市）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    id_hash = models.CharField(max_length=64)
    id_cipher = models.CharField(max_length=200)
    name_cipher = models.CharField(max_length=200)
    phone_cipher = models.CharField(max_length=200, blank=True)
    gender = models.CharField("性别", max_length=1, choices=Gender)
    birth_date = models.DateField("出生日期")
    occupation = models.CharField("职业", max_length=60, blank=True)
    organisation = models.CharField("工作单位/推荐单位", max_length=120, blank=True)
    # Volunteers: household registration and, if not local, years of residence.
    local_hukou = models.BooleanField("本地户籍", null=True, blank=True)
    residence_years = models.PositiveSmallIntegerField(
        "居住年限", null=True, blank=True
    )
    consented_at = models.DateTimeField("同意评议纪律", null=True, blank=True)
    batch = models.ForeignKey(
        ImportBatch,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    police_review = models.CharField(
        "公安审查", max_length=10, choices=Review, default=Review.PENDING
    )
    police_reason = models.CharField("公安审查意见", max_length=200, blank=True)
    petition_review = models.CharField(
        "信访审查", max_length=10, choices=Review, default=Review.PENDING
    )
    petition_reason = models.CharField("信访审查意见", max_length=200, blank=True)
    synthetic = models.BooleanField("演示数据", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "候选人"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "id_hash"], name="candidate_once_per_campaign"
            ),
            # A rejection always says why.
            models.CheckConstraint(
                condition=~Q(police_review="rejected") | ~Q(police_reason=""),
                name="candidate_police_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(petition_review="rejected") | ~Q(petition_reason=""),
                name="candidate_petition_rejection_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["campaign", "police_review"]),
            models.Index(fields=["campaign", "petition_review"]),
            models.Index(fields=["campaign", "category", "district"]),
        ]

    def __str__(self) -> str:
        return f"候选人 #{self.pk}"

    @property
    def eligible(self) -> bool:
        """Both reviews passed (the draw takes only these)."""
        return self.police_review == self.petition_review == Review.PASSED

    @property
    def reviewed(self) -> bool:
        return Review.PENDING not in (self.police_review, self.petition_review)
