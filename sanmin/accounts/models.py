"""Accounts: staff with a role and a scope, and citizens who sign in through 爱山东.

Whether a citizen is a representative is not stored here: it follows from the roster
(`representatives`), matched by the keyed hash of the ID number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.db.models import Q
from django.utils import timezone

from sanmin.accounts.permissions import role_has_admin_module, role_has_admin_perm
from sanmin.core import crypto
from sanmin.core.personal import mask_id, mask_phone


class Role(models.TextChoices):
    CITIZEN = "citizen", "市民"
    DISTRICT = "district", "区（市）工作人员"
    REVIEWER = "reviewer", "资格审查"
    STATISTICS = "statistics", "市统计局"
    OFFICE = "office", "市政府办公厅"
    DEPARTMENT = "department", "部门工作人员"
    SUPERVISOR = "supervisor", "纪律监督"
    OPERATOR = "operator", "市大数据局（运维）"


STAFF_ROLES = frozenset(role for role in Role if role != Role.CITIZEN)
# Roles that may open the Django admin (with a verified second factor); `is_staff`
# follows from the role and is never set by hand.
ADMIN_ROLES = frozenset({Role.OFFICE, Role.OPERATOR})


class ReviewerBody(models.TextChoices):
    POLICE = "police", "市公安局"
    PETITION = "petition", "市信访局"


class User(AbstractUser):
    role = models.CharField("角色", max_length=12, choices=Role, default=Role.CITIZEN)
    display_name = models.CharField("姓名", max_length=40, blank=True)
    district = models.ForeignKey(
        "campaigns.District",
        verbose_name="所属区（市）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    department = models.ForeignKey(
        "campaigns.Department",
        verbose_name="所属部门",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    reviewer_body = models.CharField(
        "审查单位", max_length=10, choices=ReviewerBody, blank=True
    )
    # Citizens: 爱山东 subject, verification level and encrypted personal data.
    idp_subject = models.CharField(
        "爱山东用户标识", max_length=128, null=True, blank=True, unique=True
    )
    verification_level = models.PositiveSmallIntegerField("实名认证等级", default=0)
    id_cipher = models.CharField(max_length=200, blank=True)
    id_hash = models.CharField(max_length=64, blank=True, db_index=True)
    phone_cipher = models.CharField(max_length=200, blank=True)
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    synthetic = models.BooleanField("演示数据", default=False)
    # Staff sign-in lockout.
    failed_logins = models.PositiveSmallIntegerField("连续登录失败次数", default=0)
    locked_until = models.DateTimeField("锁定至", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="district") | Q(district__isnull=False),
                name="district_staff_has_district",
            ),
            models.CheckConstraint(
                condition=~Q(role="department") | Q(department__isnull=False),
                name="department_staff_has_department",
            ),
            models.CheckConstraint(
                condition=~Q(role="reviewer") | ~Q(reviewer_body=""),
                name="reviewer_has_body",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The admin flag follows the role so that no one grants it by hand.
        self.is_staff = self.role in ADMIN_ROLES
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "role" in update_fields:
            kwargs["update_fields"] = {*update_fields, "is_staff"}
        super().save(*args, **kwargs)

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        if self.is_active and role_has_admin_perm(self.role, perm):
            return True
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if self.is_active and role_has_admin_module(self.role, app_label):
            return True
        return super().has_module_perms(app_label)

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES

    def is_locked(self, *, now: dt.datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (
            now or timezone.now()
        )

    def set_id_number(self, number: str) -> None:
        self.id_cipher = crypto.cipher().encrypt(number.strip().upper())
        self.id_hash = crypto.keyed_hash(number, purpose="id")

    def set_phone(self, number: str) -> None:
        self.phone_cipher = crypto.cipher().encrypt(number.strip())
        self.phone_hash = crypto.keyed_hash(number, purpose="phone")

    @property
    def id_masked(self) -> str:
        return (
            mask_id(crypto.cipher().decrypt(self.id_cipher)) if self.id_cipher else ""
        )

    @property
    def phone_masked(self) -> str:
        return (
            mask_phone(crypto.cipher().decrypt(self.phone_cipher))
            if self.phone_cipher
            else ""
        )


class SignedInSession(AbstractBaseSession):
    """A web session, as Django keeps it, with the signed-in user's key beside the
    encoded data, so that every request reads both in one statement
    (`sanmin.accounts.sessions`); ending an account ends its sessions."""

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "登录会话"

    @classmethod
    def get_session_store_class(cls) -> Any:
        from sanmin.accounts.sessions import SessionStore

        return SessionStore
