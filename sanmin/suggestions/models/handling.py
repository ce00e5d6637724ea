"""Handling: the items a case is split into and assigned to departments, the
follow-up with the citizen, their satisfaction, the contact grants for call-backs,
and the publications on the public suggestions page."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

ANSWER_MAX = 5000


class ItemStatus(models.TextChoices):
    """Stable codes of an item's handling."""

    ASSIGNED = "assigned", "已交办"
    HANDLING = "handling", "办理中"
    REASSIGN = "reassign", "申请改派"
    SUBMITTED = "submitted", "答复待审"
    RETURNED = "returned", "退回修改"
    APPROVED = "approved", "答复已审定"


class Item(models.Model):
    """One part of a case, assigned to a lead department (and any co-handlers)."""

    suggestion = models.ForeignKey(
        "suggestions.Suggestion", on_delete=models.PROTECT, related_name="items"
    )
    seq = models.PositiveSmallIntegerField("序号")
    summary = models.CharField("交办事项", max_length=200)
    lead = models.ForeignKey(
        "campaigns.Department",
        verbose_name="主办单位",
        on_delete=models.PROTECT,
        related_name="+",
    )
    partners = models.ManyToManyField(
        "campaigns.Department",
        verbose_name="协办单位",
        blank=True,
        related_name="+",
    )
    deadline = models.DateTimeField("办理时限")
    status = models.CharField(
        "状态", max_length=10, choices=ItemStatus, default=ItemStatus.ASSIGNED
    )
    assigned_at = models.DateTimeField("交办时间")
    answer = models.TextField("答复内容", blank=True)
    answered_at = models.DateTimeField("提交答复时间", null=True, blank=True)
    approved_at = models.DateTimeField("审定时间", null=True, blank=True)
    review_comment = models.CharField("审核意见", max_length=500, blank=True)
    reassign_reason = models.CharField("改派理由", max_length=300, blank=True)

    class Meta:
        ordering = ["suggestion", "seq"]
        verbose_name = verbose_name_plural = "交办事项"
        indexes = [
            models.Index(fields=["lead", "status", "deadline"]),
            models.Index(fields=["status", "deadline"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "seq"], name="item_seq_unique_in_case"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["submitted", "approved"]) | ~Q(answer=""),
                name="item_answered_has_text",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(approved_at__isnull=False),
                name="item_approved_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="reassign") | ~Q(reassign_reason=""),
                name="item_reassign_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.suggestion_id}-{self.seq} {self.summary}"

    def due_state(self, now: dt.datetime) -> str:
        """ "done", "overdue", "due_soon" (within SUGGESTION_DUE_SOON_HOURS) or "ok"."""
        if self.status == ItemStatus.APPROVED:
            return "done"
        if now >= self.deadline:
            return "overdue"
        soon = dt.timedelta(hours=settings.SUGGESTION_DUE_SOON_HOURS)
        return "due_soon" if self.deadline - now <= soon else "ok"

    def hours_left(self, now: dt.datetime) -> int:
        """Whole hours to the deadline (negative once it has passed)."""
        return int((self.deadline - now).total_seconds() // 3600)


class FollowUpMethod(models.TextChoices):
    PHONE = "phone", "电话回访"
    FORUM = "forum", "专题恳谈"
    MEETING = "meeting", "集中面复"
    VISIT = "visit", "走访调研"


class FollowUp(models.Model):
    """反馈: one follow-up with the submitter, its date and outcome."""

    suggestion = models.ForeignKey(
        "suggestions.Suggestion", on_delete=models.PROTECT, related_name="follow_ups"
    )
    method = models.CharField("回访方式", max_length=10, choices=FollowUpMethod)
    held_on = models.DateField("回访日期")
    outcome = models.TextField("回访情况")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = verbose_name_plural = "回访记录"

    def __str__(self) -> str:
        return f"{self.suggestion_id} {self.get_method_display()}"


class SatisfactionLevel(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class Satisfaction(models.Model):
    """The submitter's satisfaction with the handling: once per case."""

    class Channel(models.TextChoices):
        ONLINE = "online", "线上评价"
        PHONE = "phone", "回访记录"

    suggestion = models.OneToOneField(
        "suggestions.Suggestion",
        on_delete=models.PROTECT,
        related_name="satisfaction",
    )
    level = models.CharField("满意度", max_length=12, choices=SatisfactionLevel)
    comment = models.CharField("意见", max_length=300, blank=True)
    channel = models.CharField("评价方式", max_length=8, choices=Channel)
    recorded_at = models.DateTimeField("评价时间")

    class Meta:
        verbose_name = verbose_name_plural = "办理满意度"

    def __str__(self) -> str:
        return f"{self.suggestion_id} {self.get_level_display()}"


class ContactGrant(models.Model):
    """The office lets one department see a submitter's contact for a call-back."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="grants")
    department = models.ForeignKey(
        "campaigns.Department", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField("理由", max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField("授权时间")
    expires_at = models.DateTimeField("有效期至")

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = verbose_name_plural = "联系方式授权"
        indexes = [models.Index(fields=["item", "department", "-expires_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("granted_at")),
                name="contact_grant_expires_after_grant",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="contact_grant_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.department_id}"


class Publication(models.Model):
    """公开: one published answer, for one case or for similar cases together."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField("公开标题", max_length=80)
    answer = models.TextField("公开答复")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("公开时间")

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = verbose_name_plural = "公开答复"
        indexes = [models.Index(fields=["campaign", "-published_at"])]

    def __str__(self) -> str:
        return self.title
