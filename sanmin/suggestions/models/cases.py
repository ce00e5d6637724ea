"""The case: one suggestion as submitted, its attachments and its recorded steps.

A case moves through stable state codes (`Status`); every move is a service that
records a `Step` and an audit event. Duplicates are merged into one case: the merged
suggestion keeps its tracking number and points at the case that carries on.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

TITLE_MAX = 60
TEXT_MIN = 10
TEXT_MAX = 3000


class Source(models.TextChoices):
    CITIZEN = "citizen", "市民"
    REPRESENTATIVE = "representative", "市民代表"
    ORGANISATION = "organisation", "单位对策建议"


class OrgKind(models.TextChoices):
    DISTRICT = "district", "区（市）"
    SOCIAL = "social", "社会组织"
    ASSOCIATION = "association", "行业协会商会"
    RESEARCH = "research", "科研院所"


class Status(models.TextChoices):
    """Stable codes: they appear in exports, the API and the citizen's SMS."""

    SUBMITTED = "submitted", "待受理"
    DECLINED = "declined", "不予受理"
    MERGED = "merged", "已合并"
    ACCEPTED = "accepted", "已受理"
    ASSIGNED = "assigned", "办理中"
    ANSWERED = "answered", "已答复"
    FOLLOWED_UP = "followed_up", "已回访"
    PUBLISHED = "published", "已公开"


class Suggestion(models.Model):
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="+"
    )
    # Tracking number shown to the submitter (JY + year + six digits).
    number = models.CharField("建议编号", max_length=20, unique=True)
    source = models.CharField("来源", max_length=16, choices=Source)
    topic = models.ForeignKey(
        "campaigns.TopicArea",
        verbose_name="领域",
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField("标题", max_length=TITLE_MAX)
    text = models.TextField("建议内容")
    place = models.CharField("涉及地点", max_length=100, blank=True)
    district = models.ForeignKey(
        "campaigns.District",
        verbose_name="涉及区（市）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    show_name = models.BooleanField("同意公开署名", default=False)
    org_name = models.CharField("单位名称", max_length=80, blank=True)
    org_kind = models.CharField("单位类型", max_length=12, choices=OrgKind, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=Status, default=Status.SUBMITTED
    )
    decline_reason = models.CharField("不予受理理由", max_length=300, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="合并至",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    publication = models.ForeignKey(
        "suggestions.Publication",
        verbose_name="公开答复",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="suggestions",
    )
    submitted_at = models.DateTimeField("提交时间")
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    published_at = models.DateTimeField("公开时间", null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = verbose_name_plural = "建议"
        indexes = [
            models.Index(fields=["campaign", "status", "-submitted_at"]),
            # The triage list of every state, newest first, paged deep.
            models.Index(
                fields=["campaign", "-submitted_at", "-id"],
                name="suggestion_campaign_recent",
            ),
            models.Index(fields=["campaign", "topic", "status"]),
            models.Index(fields=["submitter", "-submitted_at"]),
            models.Index(fields=["status", "-published_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False)
                | (~Q(status="merged") & Q(merged_into__isnull=True)),
                name="suggestion_merged_has_target",
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")),
                name="suggestion_not_merged_into_itself",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="suggestion_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(source="organisation") | ~Q(org_name=""),
                name="suggestion_organisation_has_name",
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | Q(publication__isnull=False, published_at__isnull=False),
                name="suggestion_published_has_publication",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="suggestion_has_title"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.DECLINED, Status.MERGED, Status.PUBLISHED)


class TrackingCounter(models.Model):
    """The last tracking-number sequence handed out for one year.

    `suggestion_submit` bumps the row with a single UPDATE inside its transaction:
    the row lock serialises concurrent submissions on PostgreSQL, and SQLite's
    writers are serial anyway, so no two cases ever get the same number.
    """

    year = models.PositiveSmallIntegerField("年度", unique=True)
    last = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "建议编号计数"

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name never carries the uploader's file name (it may hold a name or
    # a phone number); the original name is kept in the row for display.
    return f"suggestions/{instance.sha256[:2]}/{instance.sha256}"


@deconstructible(path="sanmin.suggestions.models.cases.AttachmentStorage")
class AttachmentStorage(FileSystemStorage):
    """Attachments live under DATA_DIR/private, outside MEDIA_ROOT (which DEBUG
    serves at /media/ to anyone): they are read only through the access-checked
    `suggestions:attachment` view, so they have no URL of their own."""

    @cached_property
    def base_location(self) -> str:
        # Read when first used, not at import: tests move DATA_DIR at start-up.
        return str(Path(settings.DATA_DIR) / "private")

    def url(self, name: str | None) -> str:
        raise ValueError("建议附件没有公开地址，请通过附件下载页面读取")


class Attachment(models.Model):
    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(
        "附件",
        upload_to=attachment_path,
        storage=AttachmentStorage(),
        max_length=200,
    )
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=60)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["pk"]
        verbose_name = verbose_name_plural = "建议附件"

    def __str__(self) -> str:
        return self.name


class Step(models.Model):
    """One recorded step of a case's closed loop, append-only.

    `public` steps are what the submitter sees on 我的建议; the others (internal
    notes, progress, review comments) only the office and, for their items, the
    departments.
    """

    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.PROTECT, related_name="steps"
    )
    item = models.ForeignKey(
        "suggestions.Item",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="steps",
    )
    action = models.CharField("环节", max_length=30)
    label = models.CharField("说明", max_length=60)
    note = models.TextField("内容", blank=True)
    public = models.BooleanField("对建议人可见", default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The acting unit as shown (e.g. "市政府办公厅", a department's name), never a
    # citizen's name.
    actor_label = models.CharField("办理单位", max_length=80, blank=True)
    at = models.DateTimeField("时间")

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = verbose_name_plural = "办理记录"
        indexes = [models.Index(fields=["suggestion", "at"])]

    def __str__(self) -> str:
        return f"{self.suggestion_id} {self.label}"
