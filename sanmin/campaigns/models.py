"""A yearly campaign and everything it is made of (districts, departments, sessions).

Districts and departments are standing organisations; what changes each year (which
group a department reports in, the sessions, venues, scale and quotas) belongs to a
campaign, so `campaign_clone` can carry a campaign into the next year.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q


class District(models.Model):
    code = models.CharField("代码", max_length=12, unique=True)
    name = models.CharField("名称", max_length=40, unique=True)
    alias = models.CharField("别称", max_length=40, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = verbose_name_plural = "区（市）"

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A government department; `district` is empty for a municipal department."""

    code = models.CharField("代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=80)
    district = models.ForeignKey(
        District,
        verbose_name="所属区（市）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="departments",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "部门"
        constraints = [
            # Two partial constraints rather than nulls_distinct=False, which
            # SQLite does not enforce.
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(district__isnull=True),
                name="department_unique_city_name",
            ),
            models.UniqueConstraint(
                fields=["district", "name"],
                condition=Q(district__isnull=False),
                name="department_unique_district_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Campaign(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "筹备中"
        ACTIVE = "active", "进行中"
        CLOSED = "closed", "已结束"

    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("活动名称", max_length=120)
    slug = models.SlugField("标识", max_length=40, unique=True)
    district = models.ForeignKey(
        District,
        verbose_name="举办层级（空为市级）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.DRAFT
    )
    document = models.CharField("依据文件", max_length=80, blank=True)
    report_minutes = models.PositiveSmallIntegerField("述职报告时长（分钟）", default=7)
    interview_minutes = models.PositiveSmallIntegerField(
        "局长访谈时长（分钟）", default=3
    )
    min_representatives = models.PositiveIntegerField("每场最少市民代表", default=3000)
    alternate_rate = models.DecimalField(
        "备选比例", max_digits=5, decimal_places=4, default=Decimal("0.055")
    )
    rotation_min_new = models.DecimalField(
        "每年最低轮换比例", max_digits=5, decimal_places=4, default=Decimal("0.30")
    )
    max_consecutive_years = models.PositiveSmallIntegerField(
        "最长连续任职年数", default=3
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "slug"]
        verbose_name = verbose_name_plural = "活动"
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(district__isnull=True),
                name="campaign_one_city_per_year",
            ),
            models.UniqueConstraint(
                fields=["year", "district"],
                condition=Q(district__isnull=False),
                name="campaign_one_per_year_and_district",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def level_label(self) -> str:
        return self.district.name if self.district else "市级"


class Phase(models.Model):
    class Kind(models.TextChoices):
        PREPARATION = "preparation", "启动筹备"
        REPORTING = "reporting", "报告评议"
        WRAP_UP = "wrap_up", "办理总结"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="phases"
    )
    kind = models.CharField("阶段", max_length=20, choices=Kind)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    description = models.TextField("主要工作", blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = verbose_name_plural = "实施步骤"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "kind"], name="phase_once_per_campaign"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="phase_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class ReportGroup(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="groups"
    )
    name = models.CharField("组别", max_length=40)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = verbose_name_plural = "述职分组"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name"], name="group_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    """A half-day reporting session; the internal one has no public group."""

    class Kind(models.TextChoices):
        PUBLIC = "public", "公开述职"
        INTERNAL = "internal", "内部述职"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="sessions"
    )
    kind = models.CharField("类型", max_length=10, choices=Kind, default=Kind.PUBLIC)
    group = models.OneToOneField(
        ReportGroup,
        verbose_name="述职分组",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="session",
    )
    title = models.CharField("场次名称", max_length=80)
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    live_url = models.URLField("直播地址（HLS）", blank=True, max_length=500)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = verbose_name_plural = "述职场次"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(kind="internal", group__isnull=True)
                | Q(kind="public", group__isnull=False),
                name="session_public_has_group",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """A department taking part in a campaign: its group, order and visibility."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="participants"
    )
    department = models.ForeignKey(
        Department,
        verbose_name="部门",
        on_delete=models.PROTECT,
        related_name="participations",
    )
    group = models.ForeignKey(
        ReportGroup,
        verbose_name="述职分组",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participants",
    )
    internal = models.BooleanField("内部述职", default=False)
    order = models.PositiveSmallIntegerField("组内顺序", default=0)

    class Meta:
        ordering = ["group__order", "order"]
        verbose_name = verbose_name_plural = "述职部门"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "department"], name="participant_once_per_campaign"
            ),
            models.CheckConstraint(
                condition=Q(internal=True, group__isnull=True)
                | Q(internal=False, group__isnull=False),
                name="participant_public_has_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign.year} {self.department.name}"


class Venue(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="venues"
    )
    district = models.ForeignKey(
        District, verbose_name="区（市）", on_delete=models.PROTECT
    )
    name = models.CharField("会场名称", max_length=80)
    address = models.CharField("地址", max_length=200)
    capacity = models.PositiveIntegerField("容纳人数")

    class Meta:
        ordering = ["district__order", "name"]
        verbose_name = verbose_name_plural = "社区会场"
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gt=0), name="venue_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RatingChoice(models.Model):
    """One option of the rating scale; `counted` is False for 不了解 by default."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="rating_choices"
    )
    code = models.SlugField("代码", max_length=20)
    label = models.CharField("选项", max_length=20)
    points = models.DecimalField("分值", max_digits=6, decimal_places=2)
    counted = models.BooleanField("计入有效票", default=True)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = verbose_name_plural = "评议选项"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "code"], name="choice_unique_code"
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0), name="choice_points_nonnegative"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class TopicArea(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="topics"
    )
    code = models.SlugField("代码", max_length=30)
    name = models.CharField("领域", max_length=30)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = verbose_name_plural = "意见建议领域"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "code"], name="topic_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class QuotaCategory(models.Model):
    """A row of the Annex 3 quota table."""

    class Level(models.TextChoices):
        CITY = "city", "市级选聘"
        DISTRICT = "district", "区（市）选聘"

    class Method(models.TextChoices):
        RANDOM = "random", "随机抽取"
        RECOMMENDED = "recommended", "组织推荐"
        VOLUNTEER = "volunteer", "自愿报名"

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="quotas"
    )
    level = models.CharField("层级", max_length=10, choices=Level)
    section = models.CharField("大类", max_length=20)
    code = models.SlugField("代码", max_length=40)
    name = models.CharField("代表类别", max_length=120)
    note = models.CharField("说明", max_length=200, blank=True)
    seats = models.PositiveIntegerField("名额")
    method = models.CharField("选聘方式", max_length=12, choices=Method)
    by_residence = models.BooleanField("按属地分配到区（市）", default=False)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["level", "order"]
        verbose_name = verbose_name_plural = "市民代表构成"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "code"], name="quota_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SheetStamp(models.Model):
    """One row whose `token` changes, by database triggers, with every change to the
    rows a ballot sheet is read from (participants, departments, rating choices).

    A process keeps the sheets it has read under the token it saw
    (`evaluation.selectors.sheets`): a changed sheet brings a new token, so nobody
    is shown a stale one. The token is random rather than counted, so that a rolled
    back change, which restores the old token, also restores the rows it stood for.
    """

    token = models.BigIntegerField()

    class Meta:
        verbose_name = verbose_name_plural = "评议表版本"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="sheet_stamp_single_row")
        ]

    def __str__(self) -> str:
        return f"评议表版本 {self.token}"
