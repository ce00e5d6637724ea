"""Reads of 违纪举报: only the supervision role reads complaints.

Every read goes through a helper that takes the user and answers 404 to anyone
else, so that a department (or the office) never learns a complaint exists; the
complainant is shown masked, and only here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404

from sanmin.accounts.models import Role
from sanmin.campaigns.models import Campaign, Department
from sanmin.core import crypto
from sanmin.core.personal import mask_phone
from sanmin.suggestions.models import Complaint

PAGE_SIZE = 30


def _may_read(user: Any) -> bool:
    return getattr(user, "role", "") == Role.SUPERVISOR


def complaints_for_supervisor(
    *, user: Any, campaign: Campaign, status: str = ""
) -> QuerySet[Complaint]:
    """The campaign's complaints, newest first, optionally of one status."""
    if not _may_read(user):
        raise Http404("没有这项举报")
    complaints = Complaint.objects.filter(campaign=campaign).select_related(
        "department"
    )
    if status:
        complaints = complaints.filter(status=status)
    return complaints.order_by("-submitted_at", "-pk")


def complaint_counts(*, user: Any, campaign: Campaign) -> dict[str, int]:
    """How many complaints of the campaign are in each status."""
    if not _may_read(user):
        raise Http404("没有这项举报")
    rows = (
        Complaint.objects.filter(campaign=campaign)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(Complaint.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def complaint_for_supervisor(*, user: Any, number: str) -> Complaint:
    """One complaint by number, for the supervision role; 404 for anyone else."""
    if not _may_read(user):
        raise Http404("没有这项举报")
    complaint = (
        Complaint.objects.select_related("department", "complainant", "campaign")
        .filter(number=number)
        .first()
    )
    if complaint is None:
        raise Http404("没有这项举报")
    return complaint


@dataclass(frozen=True)
class Complainant:
    """The complainant as the supervision role sees them: masked."""

    name: str
    phone: str


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳小明 → 欧***: the surname's first character only."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(len(name) - 1, 1)


def complainant_masked(*, complaint: Complaint) -> Complainant:
    user = complaint.complainant
    phone = ""
    if user.phone_cipher:
        phone = mask_phone(crypto.cipher().decrypt(user.phone_cipher))
    return Complainant(name=mask_name(user.display_name), phone=phone)


def complaint_departments(*, campaign: Campaign) -> list[Department]:
    """The departments a complaint may name: those taking part in the campaign."""
    return list(
        Department.objects.filter(participations__campaign=campaign)
        .distinct()
        .order_by("name")
    )
