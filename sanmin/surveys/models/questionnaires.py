"""A questionnaire and its parts.

A questionnaire is one version of a family (`code`) in a campaign. It is edited while
a draft; opening it freezes it (`frozen_at`), and from then on its questions,
options and rows never change: a change means a new version (a copy, as a draft).
One version of a family is open at a time.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Audience(models.TextChoices):
    REPRESENTATIVE = "representative", "市民代表问卷"
    PUBLIC = "public", "公众调查"


class QuestionnaireStatus(models.TextChoices):
    DRAFT = "draft", "编辑中"
    OPEN = "open", "进行中"
    CLOSED = "closed", "已结束"


class Questionnaire(models.Model):
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField("问卷代码", max_length=40)
    version = models.PositiveSmallIntegerField("版本", default=1)
    title = models.CharField("问卷标题", max_length=80)
    intro = models.TextField("问卷说明", blank=True)
    audience = models.CharField("对象", max_length=16, choices=Audience)
    status = models.CharField(
        "状态",
        max_length=8,
        choices=QuestionnaireStatus,
        default=QuestionnaireStatus.DRAFT,
    )
    # Public survey only: answering without 爱山东 sign-in, one answer per device.
    allow_anonymous = models.BooleanField("允许匿名填写", default=False)
    opens_at = models.DateTimeField("开始时间", null=True, blank=True)
    closes_at = models.DateTimeField("截止时间", null=True, blank=True)
    frozen_at = models.DateTimeField("冻结时间", null=True, blank=True)
    # Results are under embargo (statistics role only) until published.
    results_published_at = models.DateTimeField("结果公布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["campaign", "code", "-version"]
        verbose_name = verbose_name_plural = "调查问卷"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "code", "version"],
                name="questionnaire_version_unique",
            ),
            models.UniqueConstraint(
                fields=["campaign", "code"],
                condition=Q(status="open"),
                name="questionnaire_one_open_version",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(frozen_at__isnull=False),
                name="questionnaire_opened_is_frozen",
            ),
            models.CheckConstraint(
                condition=Q(audience="public") | Q(allow_anonymous=False),
                name="questionnaire_anonymous_only_public",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class Section(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    title = models.CharField("部分标题", max_length=80)

    class Meta:
        ordering = ["questionnaire", "order", "pk"]
        verbose_name = verbose_name_plural = "问卷部分"

    def __str__(self) -> str:
        return self.title


class Kind(models.TextChoices):
    SINGLE = "single", "单选"
    MULTIPLE = "multiple", "多选"
    RATING = "rating", "评分"
    MATRIX = "matrix", "矩阵评分"
    SHORT_TEXT = "short_text", "简答"
    LONG_TEXT = "long_text", "详答"
    NUMBER = "number", "数字"


CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.RATING, Kind.MATRIX)
TEXT_KINDS = (Kind.SHORT_TEXT, Kind.LONG_TEXT)


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    code = models.SlugField("题目代码", max_length=40)
    kind = models.CharField("题型", max_length=12, choices=Kind)
    prompt = models.CharField("题目", max_length=200)
    help = models.CharField("说明", max_length=200, blank=True)
    required = models.BooleanField("必答", default=True)
    # Multiple choice: how many may be ticked.
    min_choices = models.PositiveSmallIntegerField("最少选择", null=True, blank=True)
    max_choices = models.PositiveSmallIntegerField("最多选择", null=True, blank=True)
    # Single and multiple choice: an "其他，请注明" choice with a text.
    other_option = models.BooleanField("含“其他（请注明）”", default=False)
    max_length = models.PositiveIntegerField("文字上限", default=500)
    min_value = models.DecimalField(
        "最小值", max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(
        "最大值", max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Simple conditional display: shown only when `show_if` was answered with one of
    # `show_if_options` (option codes); hidden questions must stay unanswered.
    show_if = models.ForeignKey(
        "self",
        verbose_name="显示条件题",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dependants",
    )
    show_if_options = models.JSONField("显示条件选项", default=list, blank=True)

    class Meta:
        ordering = ["questionnaire", "section__order", "order", "pk"]
        verbose_name = verbose_name_plural = "问卷题目"
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "code"], name="question_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(min_choices__isnull=True)
                | Q(max_choices__isnull=True)
                | Q(min_choices__lte=models.F("max_choices")),
                name="question_choice_bounds",
            ),
            models.CheckConstraint(
                condition=~Q(show_if=models.F("pk")),
                name="question_not_conditional_on_itself",
            ),
        ]

    def __str__(self) -> str:
        return self.prompt


class Option(models.Model):
    """A choice of a single/multiple question, or a scale point of a rating or a
    matrix question (the same scale for every row)."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="options"
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    code = models.SlugField("选项代码", max_length=40)
    label = models.CharField("选项", max_length=100)
    # Scales: whether the point counts in a satisfaction rate's denominator (不了解
    # does not) and whether it counts as satisfied (满意, 比较满意, 基本满意).
    counted = models.BooleanField("计入满意度分母", default=True)
    satisfied = models.BooleanField("计为满意", default=False)

    class Meta:
        ordering = ["question", "order", "pk"]
        verbose_name = verbose_name_plural = "题目选项"
        constraints = [
            models.UniqueConstraint(
                fields=["question", "code"], name="option_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(counted=True) | Q(satisfied=False),
                name="option_satisfied_is_counted",
            ),
        ]

    def __str__(self) -> str:
        return self.label


class Row(models.Model):
    """A row of a matrix question (e.g. one of the six public-service areas)."""

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="rows"
    )
    order = models.PositiveSmallIntegerField("排序", default=0)
    code = models.SlugField("行代码", max_length=40)
    label = models.CharField("行", max_length=100)

    class Meta:
        ordering = ["question", "order", "pk"]
        verbose_name = verbose_name_plural = "矩阵题行"
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="row_code_unique")
        ]

    def __str__(self) -> str:
        return self.label
