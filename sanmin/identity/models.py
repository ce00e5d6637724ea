"""Identity: tickets we have consumed, and the local 爱山东 simulator's own records.

Tickets and tokens are stored only as SHA-256 hashes, so a database reader cannot
replay them, and several server processes agree on what has been used.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from sanmin.core import crypto
from sanmin.core.personal import mask_id, mask_phone


class ConsumedTicket(models.Model):
    """A provider ticket that signed someone in; the unique hash refuses a replay."""

    ticket_hash = models.CharField(max_length=64, unique=True)
    provider = models.CharField("身份认证来源", max_length=20)
    consumed_at = models.DateTimeField("使用时间", db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "已使用的登录票据"

    def __str__(self) -> str:
        return f"{self.provider} {self.ticket_hash[:12]}…"


class VerificationLevel(models.IntegerChoices):
    # Our reading of the levels: the simulator offers these; MIN_LEVEL defaults to 3.
    L1 = 1, "1 级（注册账号）"
    L2 = 2, "2 级（身份信息核验）"
    L3 = 3, "3 级（人脸识别实人认证）"
    L4 = 4, "4 级（线下或证件核验）"


class SimulatedPerson(models.Model):
    """A synthetic person the 爱山东 simulator can sign in. Demo and test data only."""

    subject = models.CharField("模拟用户标识", max_length=40, unique=True)
    name = models.CharField("姓名", max_length=40)
    id_cipher = models.CharField(max_length=200)
    id_hash = models.CharField(max_length=64, unique=True)
    phone_cipher = models.CharField(max_length=200, blank=True)
    verification_level = models.PositiveSmallIntegerField(
        "实名认证等级", choices=VerificationLevel, default=VerificationLevel.L3
    )
    synthetic = models.BooleanField("演示数据", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = verbose_name_plural = "模拟爱山东用户（演示数据）"
        constraints = [
            models.CheckConstraint(
                condition=Q(synthetic=True), name="simulated_person_is_synthetic"
            ),
            models.CheckConstraint(
                condition=Q(verification_level__gte=1, verification_level__lte=4),
                name="simulated_person_level_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（演示数据）"

    @property
    def id_number(self) -> str:
        return crypto.cipher().decrypt(self.id_cipher)

    @property
    def phone(self) -> str:
        return crypto.cipher().decrypt(self.phone_cipher) if self.phone_cipher else ""

    @property
    def id_masked(self) -> str:
        return mask_id(self.id_number)

    @property
    def phone_masked(self) -> str:
        return mask_phone(self.phone) if self.phone_cipher else ""


class SimulatedTicket(models.Model):
    """A one-time ticket the simulator issued after (simulated) face verification."""

    ticket_hash = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(
        SimulatedPerson, on_delete=models.CASCADE, related_name="+"
    )
    app_mark = models.CharField(max_length=64)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "模拟登录票据"

    def __str__(self) -> str:
        return f"ticket {self.ticket_hash[:12]}…"


class SimulatedToken(models.Model):
    """A short-lived, single-use token the simulator gives for a ticket."""

    token_hash = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(
        SimulatedPerson, on_delete=models.CASCADE, related_name="+"
    )
    app_mark = models.CharField(max_length=64)
    issued_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "模拟访问令牌"

    def __str__(self) -> str:
        return f"token {self.token_hash[:12]}…"
