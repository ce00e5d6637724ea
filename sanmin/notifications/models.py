"""The SMS outbox: one row per message, from queued to sent, delivered or failed.

The phone is stored encrypted with a keyed hash beside it (for the per-number rate
limit); the text is a provider template code plus parameters, never the phone and
never an ID number. A unique dedupe key means the same message is never created
twice, however often the scheduler or a retried request asks for it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from sanmin.core import crypto
from sanmin.core.personal import mask_phone


class Message(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "待发送"
        SENDING = "sending", "发送中"
        SENT = "sent", "已发送"
        DELIVERED = "delivered", "已送达"
        FAILED = "failed", "发送失败"
        SUPPRESSED = "suppressed", "已取消"

    phone_cipher = models.CharField(max_length=200)
    phone_hash = models.CharField(max_length=64)
    template = models.CharField("短信模板", max_length=40)
    params = models.JSONField("模板参数", default=dict)
    dedupe_key = models.CharField("去重键", max_length=120, unique=True)
    status = models.CharField(
        "状态", max_length=10, choices=Status, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    provider_message_id = models.CharField("服务商回执编号", max_length=64, blank=True)
    # A provider's error code or a short reason; never personal data.
    error = models.CharField("错误信息", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    # Not before this moment (quiet hours, rate limit, retry back-off).
    send_after = models.DateTimeField("最早发送时间", null=True, blank=True)
    # When a send task was last put on the queue; None: no task is pending, so the
    # sweep enqueues one when the message is due.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    # When a worker claimed it (queued → sending); counts toward the rate limit.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "短信"
        indexes = [
            models.Index(fields=["status", "send_after"], name="message_due"),
            models.Index(fields=["phone_hash", "claimed_at"], name="message_rate"),
            models.Index(fields=["provider_message_id"], name="message_provider_id"),
            models.Index(fields=["template", "status"], name="message_template"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "queued",
                        "sending",
                        "sent",
                        "delivered",
                        "failed",
                        "suppressed",
                    ]
                ),
                name="message_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(claimed_at__isnull=False),
                name="message_sending_is_claimed",
            ),
        ]

    def __str__(self) -> str:
        return f"短信 #{self.pk}（{self.template}）"

    @property
    def phone_masked(self) -> str:
        return mask_phone(crypto.cipher().decrypt(self.phone_cipher))
