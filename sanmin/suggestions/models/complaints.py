"""违纪举报 (Annex 4): a confidential channel apart from suggestions. Only the
supervision role reads it; no department ever sees a complaint or who made it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

SUBJECT_MAX = 100
TEXT_MIN = 10
TEXT_MAX = 3000
OUTCOME_MAX = 3000


class Complaint(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "已接收"
        HANDLING = "handling", "核查中"
        CLOSED = "closed", "已办结"

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField("举报编号", max_length=20, unique=True)
    complainant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "campaigns.Department",
        verbose_name="被举报单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField("被举报人或事项", max_length=SUBJECT_MAX)
    text = models.TextField("举报内容")
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.RECEIVED
    )
    outcome = models.TextField("核查结果", blank=True)
    submitted_at = models.DateTimeField("举报时间")
    handling_at = models.DateTimeField("开始核查时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = verbose_name_plural = "违纪举报"
        indexes = [models.Index(fields=["campaign", "status", "-submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed")
                | (~Q(outcome="") & Q(closed_at__isnull=False)),
                name="complaint_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(status="received") | Q(handling_at__isnull=False),
                name="complaint_handling_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(subject="") & ~Q(text=""),
                name="complaint_has_subject_and_text",
            ),
        ]

    def __str__(self) -> str:
        return self.number
