"""The audit log: append-only, every row chained to the one before by a hash."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import models


class Outcome(models.TextChoices):
    SUCCESS = "success", "成功"
    FAILURE = "failure", "失败"
    DENIED = "denied", "拒绝"


class AuditEvent(models.Model):
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        "accounts.User",
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField("操作人", max_length=150, blank=True)
    action = models.CharField("操作", max_length=60, db_index=True)
    object_type = models.CharField("对象类型", max_length=60, blank=True)
    object_id = models.CharField("对象", max_length=64, blank=True)
    outcome = models.CharField("结果", max_length=10, choices=Outcome)
    detail = models.JSONField("详情", default=dict, blank=True)
    ip = models.GenericIPAddressField("来源地址", null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "审计日志"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.outcome}"

    def canonical(self) -> bytes:
        """The bytes the hash covers: every field but the hash itself."""
        payload: dict[str, Any] = {
            "at": self.at.isoformat(),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "outcome": self.outcome,
            "detail": self.detail,
            "ip": self.ip,
            "prev": self.prev_hash,
        }
        return json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


GENESIS_HASH = "0" * 64
