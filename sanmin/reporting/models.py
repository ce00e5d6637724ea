"""云述职: what a department discloses, the office's announcements, interview topics.

A department's disclosures are kept as revisions. Staff edit one open revision
(draft → submitted); the office publishes it or returns it with a comment. The public
sees only the one published revision; publishing a newer one supersedes it.
"""

from __future__ import annotations

from django.conf import settings
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


class Announcement(models.Model):
    class Kind(models.TextChoices):
        ACTIVITY = "activity", "活动公告"
        CALL_REPRESENTATIVES = "call_representatives", "市民代表招募"
        CALL_SUGGESTIONS = "call_suggestions", "意见建议征集"
        RESULTS = "results", "结果公告"

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="announcements"
    )
    kind = models.CharField("类别", max_length=24, choices=Kind)
    title = models.CharField("标题", max_length=120)
    body = models.TextField("正文")
    pinned = models.BooleanField("置顶", default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)

    class Meta:
        ordering = ["-pinned", "-published_at", "-created_at"]
        verbose_name = verbose_name_plural = "公告"

    def __str__(self) -> str:
        return self.title


class HotTopic(models.Model):
    """A topic for the director interview, from 12345 hotline analysis (imported)."""

    participant = models.ForeignKey(
        "campaigns.Participant", on_delete=models.PROTECT, related_name="hot_topics"
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
        "campaigns.Participant", on_delete=models.PROTECT, related_name="questions"
    )
    text = models.TextField("问题")
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.PENDING
    )
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField("提问时间", auto_now_add=True)
    moderated_at = models.DateTimeField("审核时间", null=True, blank=True)

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = verbose_name_plural = "市民代表提问"
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="question_not_empty"),
        ]

    def __str__(self) -> str:
        return self.text[:30]
