"""违纪举报 (Annex 4): a citizen files a complaint; the supervision role handles it.

A confidential channel: nothing here records a Step, sends a text message or
names the department or the complainant in the audit log, so no page of another
area (and no department) ever learns of a complaint. States move only forward:
RECEIVED → HANDLING → CLOSED (with an outcome).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from sanmin.accounts.models import Role
from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign, Department
from sanmin.suggestions.models import Complaint
from sanmin.suggestions.models.complaints import (
    OUTCOME_MAX,
    SUBJECT_MAX,
    TEXT_MAX,
    TEXT_MIN,
)

NUMBER_PREFIX = "JB"
# Two citizens filing at the same instant may draw the same next number; the
# unique constraint refuses the second, which then takes the one after.
NUMBER_ATTEMPTS = 5


def _is_supervisor(user: Any) -> bool:
    return getattr(user, "role", "") == Role.SUPERVISOR


def _next_number(*, year: int) -> str:
    prefix = f"{NUMBER_PREFIX}{year}"
    last = (
        Complaint.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    serial = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{serial:06d}"


def complaint_file(
    *,
    user: Any,
    campaign: Campaign | None,
    subject: str,
    text: str,
    department: Department | None = None,
    request: HttpRequest | None = None,
) -> Complaint:
    """File a discipline complaint and give it a number ("JB" + year + six digits).

    1. Only a citizen signed in through 爱山东 (representatives included) may file;
       a campaign must be running; the subject (at most 100 characters) and the text
       (10 to 3000 characters) are required; the department concerned is optional.
    2. Store the complaint as RECEIVED under the next free number of the year.
    3. Audit event with the number only: no subject, text, department or person.
    """
    if not getattr(user, "is_authenticated", False) or user.role != Role.CITIZEN:
        raise ValidationError("请通过爱山东登录后提交举报")
    if campaign is None:
        raise ValidationError("目前没有进行中的活动，暂不受理举报")
    subject = (subject or "").strip()
    text = (text or "").strip()
    if not subject:
        raise ValidationError("请填写被举报人或事项")
    if len(subject) > SUBJECT_MAX:
        raise ValidationError(f"被举报人或事项不能超过 {SUBJECT_MAX} 个字")
    if len(text) < TEXT_MIN:
        raise ValidationError(f"举报内容不能少于 {TEXT_MIN} 个字")
    if len(text) > TEXT_MAX:
        raise ValidationError(f"举报内容不能超过 {TEXT_MAX} 个字")
    if (
        department is not None
        and not campaign.participants.filter(department=department).exists()
    ):
        raise ValidationError("所选单位不是本年度活动的参评单位")
    now = timezone.now()
    with transaction.atomic():
        for attempt in range(NUMBER_ATTEMPTS):
            complaint = Complaint(
                campaign=campaign,
                number=_next_number(year=campaign.year),
                complainant=user,
                department=department,
                subject=subject,
                text=text,
                submitted_at=now,
            )
            try:
                with transaction.atomic():
                    complaint.save(force_insert=True)
                break
            except IntegrityError:
                if attempt == NUMBER_ATTEMPTS - 1:
                    raise ValidationError("提交的人较多，请稍后重试") from None
        audit_record(
            actor=user,
            action="complaint.file",
            target=complaint,
            detail={"number": complaint.number},
            request=request,
        )
    return complaint


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def complaint_handle(
    *, complaint: Complaint, actor: Any, request: HttpRequest | None = None
) -> Complaint:
    """RECEIVED → HANDLING: the supervision role starts the verification."""
    if not _is_supervisor(actor):
        raise ValidationError("只有纪律监督人员可以办理违纪举报")
    with transaction.atomic():
        locked = _locked(complaint)
        if locked.status != Complaint.Status.RECEIVED:
            raise ValidationError(
                f"该举报当前为“{locked.get_status_display()}”，不能再开始核查"
            )
        locked.status = Complaint.Status.HANDLING
        locked.handling_at = timezone.now()
        locked.save(update_fields=["status", "handling_at"])
        audit_record(
            actor=actor,
            action="complaint.handle",
            target=locked,
            detail={"number": locked.number, "status": locked.status},
            request=request,
        )
    return locked


def complaint_close(
    *,
    complaint: Complaint,
    actor: Any,
    outcome: str,
    request: HttpRequest | None = None,
) -> Complaint:
    """HANDLING → CLOSED with the outcome of the verification (1 to 3000 characters).

    The outcome is kept on the complaint for the supervision role; the audit event
    carries only the number and the new status.
    """
    if not _is_supervisor(actor):
        raise ValidationError("只有纪律监督人员可以办理违纪举报")
    outcome = (outcome or "").strip()
    if not outcome:
        raise ValidationError("请填写核查结果")
    if len(outcome) > OUTCOME_MAX:
        raise ValidationError(f"核查结果不能超过 {OUTCOME_MAX} 个字")
    with transaction.atomic():
        locked = _locked(complaint)
        if locked.status != Complaint.Status.HANDLING:
            raise ValidationError(
                f"该举报当前为“{locked.get_status_display()}”，只有核查中的举报可以办结"
            )
        locked.status = Complaint.Status.CLOSED
        locked.outcome = outcome
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "outcome", "closed_at"])
        audit_record(
            actor=actor,
            action="complaint.close",
            target=locked,
            detail={"number": locked.number, "status": locked.status},
            request=request,
        )
    return locked
