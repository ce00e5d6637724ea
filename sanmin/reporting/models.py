"""云述职: what a department discloses, the office's announcements, interview topics.

A department's disclosures are kept as revisions. Staff edit one open revision
(draft → submitted); the office publishes it or returns it with a comment. The public
sees only the one published revision; publishing a newer one supersedes it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


def _upload_to(instance: DisclosureRevision, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"disclosures/{instance.participant_id}/{instance.number}-{{kind}}.{suffix}"


def report_pdf_path(instance: DisclosureRevision, filename: str) -> str:
    return _upload_to(instance, filename).format(kind="report")


def report_video_path(instance: DisclosureRevision, filename: str) -> str:
    return _upload_to(instance, filename).format(kind="report-video")


def interview_video_path(instance: DisclosureRevision, filename: str) -> str:
    return _upload_to(instance, filename).format(kind="interview-video")


class DisclosureRevision(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审核"
        RETURNED = "returned", "已退回"
        PUBLISHED = "published", "已发布"
        SUPERSEDED = "superseded", "已被新版本替代"

    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.RETURNED)

    participant = models.ForeignKey(
        "campaigns.Participant",
        verbose_name="述职部门",
        on_delete=models.PROTECT,
        related_name="revisions",
    )
    number = models.PositiveIntegerField("版本号")
    status = models.CharField(
        "状态", max_length=12, choices=Status, default=Status.DRAFT
    )
    duties = models.TextField("工作职责", blank=True)
    work_points = models.TextField("年度工作要点", blank=True)
    report_text = models.TextField("述职报告", blank=True)
    report_pdf = models.FileField("述职报告PDF", upload_to=report_pdf_path, blank=True)
    report_video = models.FileField(
        "述职视频（MP4）", upload_to=report_video_path, blank=True
    )
    report_stream_url = models.URLField(
        "述职视频流地址（HLS）", max_length=500, blank=True
    )
    interview_video = models.FileField(
        "访谈视频（MP4）", upload_to=interview_video_path, blank=True
    )
    interview_stream_url = models.URLField(
        "访谈视频流地址（HLS）", max_length=500, blank=True
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="填报人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    class Meta:
        ordering = ["participant", "-number"]
        verbose_name = verbose_name_plural = "部门公开信息"
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "number"], name="revision_unique_number"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="revision_published_has_time",
            ),
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(status="published"),
                name="revision_one_published",
            ),
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="revision_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} 第{self.number}版"

    @property
    def has_report_video(self) -> bool:
        return bool(self.report_video or self.report_stream_url)

    @property
    def has_interview_video(self) -> bool:
        return bool(self.interview_video or self.interview_stream_url)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    def missing_for_submission(self) -> list[str]:
        """What must be filled in before the office can review this revision."""
        missing = []
        if not self.duties.strip():
            missing.append("工作职责")
        if not self.work_points.strip():
            missing.append("年度工作要点")
        if not self.report_text.strip():
            missing.append("述职报告")
        if not self.has_report_video:
            missing.append("述职视频")
        if not self.has_interview_video:
            missing.append("访谈视频")
        return missing

    def _require(self, *statuses: str, doing: str) -> None:
        if self.status not in statuses:
            raise ValidationError(
                f"第{self.number}版当前状态为“{self.get_status_display()}”，不能{doing}"
            )

    def copy_content_from(self, other: DisclosureRevision) -> None:
        """Take over another revision's texts and media.

        Stored files are never changed or deleted once written, so the new revision
        points at the same files instead of copying them.
        """
        for field in CONTENT_FIELDS:
            value = getattr(other, field)
            setattr(self, field, value.name if field in MEDIA_FIELDS else value)

    def reopen(self) -> None:
        """A returned revision goes back to draft when the department edits it."""
        self._require(self.Status.DRAFT, self.Status.RETURNED, doing="修改")
        self.status = self.Status.DRAFT

    def submit(self, *, at: dt.datetime) -> None:
        self._require(self.Status.DRAFT, self.Status.RETURNED, doing="提交审核")
        missing = self.missing_for_submission()
        if missing:
            raise ValidationError(f"提交审核前请补充：{'、'.join(missing)}")
        self.status = self.Status.SUBMITTED
        self.submitted_at = at
        self.reviewer = None
        self.reviewed_at = None
        self.review_comment = ""

    def publish(self, *, reviewer: Any, at: dt.datetime) -> None:
        self._require(self.Status.SUBMITTED, doing="发布")
        self.status = self.Status.PUBLISHED
        self.reviewer = reviewer
        self.reviewed_at = at
        self.published_at = at

    def return_for_changes(
        self, *, reviewer: Any, comment: str, at: dt.datetime
    ) -> None:
        self._require(self.Status.SUBMITTED, doing="退回")
        if not comment.strip():
            raise ValidationError("请填写退回意见，说明需要修改的内容")
        self.status = self.Status.RETURNED
        self.reviewer = reviewer
        self.reviewed_at = at
        self.review_comment = comment.strip()

    def supersede(self) -> None:
        self._require(self.Status.PUBLISHED, doing="替换")
        self.status = self.Status.SUPERSEDED


CONTENT_FIELDS = (
    "duties",
    "work_points",
    "report_text",
    "report_pdf",
    "report_video",
    "report_stream_url",
    "interview_video",
    "interview_stream_url",
)
MEDIA_FIELDS = ("report_pdf", "report_video", "interview_video")


class Announcement(models.Model):
    class Kind(models.TextChoices):
        ACTIVITY = "activity", "活动公告"
        CALL_REPRESENTATIVES = "call_representatives", "市民代表招募"
        CALL_SUGGESTIONS = "call_suggestions", "意见建议征集"
        RESULTS = "results", "结果公告"

    class Status(models.TextChoices):
        DRAFT = "draft", "未发布"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name="活动",
        on_delete=models.PROTECT,
        related_name="announcements",
    )
    kind = models.CharField("类别", max_length=24, choices=Kind)
    title = models.CharField("标题", max_length=120)
    body = models.TextField("正文")
    pinned = models.BooleanField("置顶", default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撰稿人",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)

    class Meta:
        ordering = ["-pinned", "-published_at", "-created_at"]
        verbose_name = verbose_name_plural = "公告"
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | Q(published_at__isnull=False),
                name="announcement_withdrawn_was_published",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status(self) -> str:
        if self.withdrawn_at:
            return self.Status.WITHDRAWN
        if self.published_at:
            return self.Status.PUBLISHED
        return self.Status.DRAFT

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    def publish(self, *, at: dt.datetime) -> None:
        """Publish a draft, or publish a withdrawn announcement again."""
        if self.status == self.Status.PUBLISHED:
            raise ValidationError("该公告已发布")
        self.published_at = at
        self.withdrawn_at = None

    def withdraw(self, *, at: dt.datetime) -> None:
        if self.status != self.Status.PUBLISHED:
            raise ValidationError("只有已发布的公告可以撤回")
        self.withdrawn_at = at


class HotTopic(models.Model):
    """A topic for the director interview, from 12345 hotline analysis (imported)."""

    participant = models.ForeignKey(
        "campaigns.Participant",
        verbose_name="述职部门",
        on_delete=models.PROTECT,
        related_name="hot_topics",
    )
    rank = models.PositiveSmallIntegerField("排序")
    title = models.CharField("热点问题", max_length=120)
    detail = models.TextField("说明", blank=True)
    calls = models.PositiveIntegerField("热线诉求量", null=True, blank=True)
    source = models.CharField("来源", max_length=40, default="12345政务服务热线")
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    class Meta:
        ordering = ["participant", "rank"]
        verbose_name = verbose_name_plural = "访谈热点问题"
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "rank"], name="hot_topic_rank"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="hot_topic_has_title"),
        ]

    def __str__(self) -> str:
        return self.title


class RepresentativeQuestion(models.Model):
    """A representative's question for a director; shown without the asker's name."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        LISTED = "listed", "已采纳"
        DECLINED = "declined", "未采纳"

    participant = models.ForeignKey(
        "campaigns.Participant",
        verbose_name="述职部门",
        on_delete=models.PROTECT,
        related_name="questions",
    )
    text = models.TextField("问题")
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.PENDING
    )
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField("提问时间", auto_now_add=True)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = verbose_name_plural = "市民代表提问"
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="question_not_empty"),
            models.CheckConstraint(
                condition=Q(status="pending") | Q(moderated_at__isnull=False),
                name="question_moderated_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:30]

    def moderate(self, *, listed: bool, moderator: Any, at: dt.datetime) -> None:
        """采纳 (listed for the interview) or 不采纳; decided once."""
        if self.status != self.Status.PENDING:
            raise ValidationError(
                f"该问题已审核（{self.get_status_display()}），不能重复审核"
            )
        self.status = self.Status.LISTED if listed else self.Status.DECLINED
        self.moderator = moderator
        self.moderated_at = at
