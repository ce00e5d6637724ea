"""The audit log: append-only, every row chained by a hash to the one before it.

Rows are spread over a few independent chains ("lanes", `settings.AUDIT_LANES`) so
that concurrent writers on PostgreSQL do not queue behind one lock; each row links to
the previous row of its own lane and names the newest row of the next lane (its
witness), so that removing the newest rows of one lane still shows. Rows written
before lanes existed are lane 0, which continues their single chain.
"""

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
    lane = models.PositiveSmallIntegerField("分链", default=0)
    # The hash of the newest row of lane (lane + 1) mod AUDIT_LANES when this row was
    # written; empty when that lane had none (or there is only one lane).
    witness = models.CharField("相邻分链哈希", max_length=64, blank=True, default="")
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = verbose_name_plural = "审计日志"
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # The head of a lane is read on every write: newest id of one lane.
            models.Index(fields=["lane", "id"], name="audit_lane_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action} {self.outcome}"

    def canonical(self) -> bytes:
        """The bytes the hash covers: every field but the hash itself.

        `lane` and `witness` join the payload only when they differ from what every
        row had before lanes existed (lane 0, no witness). Old rows therefore keep
        their bytes and still verify, while for any new row the lane and the witness
        are covered all the same: moving a row to another lane, or adding, changing
        or dropping its witness, changes the bytes and so the hash.
        """
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
        if self.lane:
            payload["lane"] = self.lane
        if self.witness:
            payload["witness"] = self.witness
        return json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()


GENESIS_HASH = "0" * 64
