"""交办 and 办理: the office splits a case into items, each with a lead department,
co-handlers and a deadline; departments work their items and may ask the office
to reassign one, which the office then does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Department
from sanmin.notifications.catalogue import PARAM_MAX_CHARS
from sanmin.suggestions.models import Item, ItemStatus, Status, Suggestion
from sanmin.suggestions.services.loop.common import (
    clean_reason,
    clean_text,
    department_names,
    locked_case,
    locked_item,
    refresh,
    require_handler,
    require_lead,
    require_office,
    text_digest,
)
from sanmin.suggestions.services.notify import submitter_notify
from sanmin.suggestions.services.steps import OFFICE_LABEL, step_record

SUMMARY_MAX = 200
NOTE_MAX = 2000
REASSIGN_REASON_MAX = 300
MAX_ITEMS = 20
ASSIGNABLE = (Status.ACCEPTED, Status.ASSIGNED)
# Item states in which the lead department still works on its answer.
WORKING = (ItemStatus.ASSIGNED, ItemStatus.HANDLING, ItemStatus.RETURNED)


@dataclass(frozen=True)
class ItemPlan:
    """One item the office assigns: what, to whom, by when (default: now plus
    SUGGESTION_DEADLINE_DAYS days)."""

    summary: str
    lead: Department
    partners: Sequence[Department] = ()
    deadline: dt.datetime | None = None


@dataclass(frozen=True)
class _Checked:
    summary: str
    lead: Department
    partners: list[Department]
    deadline: dt.datetime


def default_deadline(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(days=settings.SUGGESTION_DEADLINE_DAYS)


def _check_handlers(
    *,
    lead: Department | None,
    partners: Sequence[Department],
    deadline: dt.datetime | None,
    now: dt.datetime,
    position: str = "",
) -> tuple[list[Department], dt.datetime]:
    if not isinstance(lead, Department):
        raise ValidationError(f"{position}请选择主办单位")
    unique: dict[int, Department] = {}
    for partner in partners:
        if not isinstance(partner, Department):
            raise ValidationError(f"{position}协办单位不正确")
        unique[partner.pk] = partner
    if lead.pk in unique:
        raise ValidationError(f"{position}协办单位不能包含主办单位（{lead.name}）")
    deadline = deadline or default_deadline(now)
    if deadline <= now:
        raise ValidationError(f"{position}办理时限必须晚于当前时间")
    return list(unique.values()), deadline


def _check_plans(plans: Sequence[ItemPlan], now: dt.datetime) -> list[_Checked]:
    if not plans:
        raise ValidationError("请至少交办一个事项")
    if len(plans) > MAX_ITEMS:
        raise ValidationError(f"一次最多交办 {MAX_ITEMS} 个事项")
    checked = []
    for number, plan in enumerate(plans, start=1):
        position = f"第 {number} 个事项：" if len(plans) > 1 else ""
        summary = clean_text(
            plan.summary, label=f"{position}交办事项", max_len=SUMMARY_MAX
        )
        partners, deadline = _check_handlers(
            lead=plan.lead,
            partners=plan.partners,
            deadline=plan.deadline,
            now=now,
            position=position,
        )
        checked.append(_Checked(summary, plan.lead, partners, deadline))
    return checked


def assigned_label(departments: Sequence[Department]) -> str:
    """The SMS status "已交办XX办理" or "已交办XX等部门办理", or "已交办有关部门办理"
    when the department's name would not fit in an SMS parameter."""
    first = departments[0].name
    label = f"已交办{first}等部门办理" if len(departments) > 1 else f"已交办{first}办理"
    return label if len(label) <= PARAM_MAX_CHARS else "已交办有关部门办理"


def items_assign(
    *,
    suggestion: Suggestion,
    actor: Any,
    plans: list[ItemPlan],
    request: HttpRequest | None = None,
) -> list[Item]:
    """Split a case into items and assign them (office); returns the new items.

    1. Only from ACCEPTED, or ASSIGNED to add items; at least one plan, each with a
       summary, a lead department, co-handlers other than the lead and a deadline
       in the future.
    2. Items get the next sequence numbers of the case; the case becomes ASSIGNED.
    3. One internal step per item (summary, departments, deadline), one public step
       交办 naming the departments only, an audit event, and the SMS
       "已交办XX等部门办理".
    """
    require_office(actor)
    now = timezone.now()
    checked = _check_plans(plans, now)
    with transaction.atomic():
        case = locked_case(suggestion)
        if case.status not in ASSIGNABLE:
            raise ValidationError(
                f"该建议当前状态为“{case.get_status_display()}”，"
                "只能交办已受理或办理中的建议"
            )
        seq = case.items.aggregate(top=Max("seq"))["top"] or 0
        items, departments = [], []
        for plan in checked:
            seq += 1
            item = Item.objects.create(
                suggestion=case,
                seq=seq,
                summary=plan.summary,
                lead=plan.lead,
                deadline=plan.deadline,
                assigned_at=now,
            )
            item.partners.set(plan.partners)
            items.append(item)
            departments += [plan.lead, *plan.partners]
            step_record(
                suggestion=case,
                item=item,
                action="item_assign",
                label=f"交办事项{seq}",
                actor=actor,
                actor_label=OFFICE_LABEL,
                note=(
                    f"{plan.summary}\n主办：{plan.lead.name}"
                    + (
                        f"；协办：{department_names(plan.partners)}"
                        if plan.partners
                        else ""
                    )
                    + f"；时限：{timezone.localtime(plan.deadline):%Y-%m-%d %H:%M}"
                ),
                at=now,
            )
        case.status = Status.ASSIGNED
        case.save(update_fields=["status"])
        step_record(
            suggestion=case,
            action="assign",
            label="交办",
            actor=actor,
            actor_label=OFFICE_LABEL,
            note=f"交办{department_names(departments)}办理",
            public=True,
            at=now,
        )
        audit_record(
            actor=actor,
            action="suggestion.assign",
            target=case,
            detail={
                "number": case.number,
                "items": [
                    {
                        "seq": item.seq,
                        "lead": item.lead_id,
                        "partners": sorted(p.pk for p in plan.partners),
                    }
                    for item, plan in zip(items, checked, strict=True)
                ],
            },
            request=request,
        )
        submitter_notify(
            suggestion=case,
            status_label=assigned_label(list({d.pk: d for d in departments}.values())),
        )
    refresh(suggestion)
    return items


def item_note(
    *, item: Item, actor: Any, note: str, request: HttpRequest | None = None
) -> Item:
    """An internal note or progress of a lead or co-handling department's staff.

    Refused once the answer is approved; the first note moves ASSIGNED → HANDLING.
    """
    note = clean_text(note, label="办理情况", max_len=NOTE_MAX)
    with transaction.atomic():
        case, locked = locked_item(item)
        department = require_handler(actor, locked)
        if locked.status == ItemStatus.APPROVED:
            raise ValidationError("该事项的答复已审定，不能再记录办理情况")
        if locked.status == ItemStatus.ASSIGNED:
            locked.status = ItemStatus.HANDLING
            locked.save(update_fields=["status"])
        step_record(
            suggestion=case,
            item=locked,
            action="item_note",
            label="办理进展",
            actor=actor,
            actor_label=department.name,
            note=note,
        )
        audit_record(
            actor=actor,
            action="suggestion.item.note",
            target=locked,
            detail={
                "number": case.number,
                "seq": locked.seq,
                "department": department.pk,
            },
            request=request,
        )
    refresh(item)
    return locked


def item_reassign_request(
    *, item: Item, actor: Any, reason: str, request: HttpRequest | None = None
) -> Item:
    """The lead department asks the office to reassign its item (→ REASSIGN)."""
    reason = clean_reason(reason, label="申请改派理由", max_len=REASSIGN_REASON_MAX)
    with transaction.atomic():
        case, locked = locked_item(item)
        department = require_lead(actor, locked)
        if locked.status not in WORKING:
            raise ValidationError(
                f"该事项当前状态为“{locked.get_status_display()}”，不能申请改派"
            )
        locked.status, locked.reassign_reason = ItemStatus.REASSIGN, reason
        locked.save(update_fields=["status", "reassign_reason"])
        step_record(
            suggestion=case,
            item=locked,
            action="item_reassign_request",
            label="申请改派",
            actor=actor,
            actor_label=department.name,
            note=reason,
        )
        audit_record(
            actor=actor,
            action="suggestion.item.reassign_request",
            target=locked,
            detail={
                "number": case.number,
                "seq": locked.seq,
                "department": department.pk,
                "reason_digest": text_digest(reason, purpose="suggestion-reassign"),
            },
            request=request,
        )
    refresh(item)
    return locked


def item_reassign(
    *,
    item: Item,
    actor: Any,
    lead: Department,
    partners: Sequence[Department] = (),
    deadline: dt.datetime | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Item:
    """The office reassigns an item a department asked to hand back (REASSIGN →
    ASSIGNED) with a new lead, co-handlers and deadline; the earlier draft answer
    and review comment are cleared for the new lead."""
    require_office(actor)
    now = timezone.now()
    partner_list, deadline = _check_handlers(
        lead=lead, partners=partners, deadline=deadline, now=now
    )
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(f"改派说明不能超过 {NOTE_MAX} 个字")
    with transaction.atomic():
        case, locked = locked_item(item)
        if locked.status != ItemStatus.REASSIGN:
            raise ValidationError(
                f"该事项当前状态为“{locked.get_status_display()}”，"
                "只能改派主办单位申请改派的事项"
            )
        previous = locked.lead_id
        locked.lead = lead
        locked.deadline = deadline
        locked.status = ItemStatus.ASSIGNED
        locked.assigned_at = now
        locked.reassign_reason = locked.answer = locked.review_comment = ""
        locked.save(
            update_fields=[
                "lead",
                "deadline",
                "status",
                "assigned_at",
                "reassign_reason",
                "answer",
                "review_comment",
            ]
        )
        locked.partners.set(partner_list)
        names = f"主办：{lead.name}" + (
            f"；协办：{department_names(partner_list)}" if partner_list else ""
        )
        step_record(
            suggestion=case,
            item=locked,
            action="item_reassign",
            label="改派",
            actor=actor,
            actor_label=OFFICE_LABEL,
            note=names + (f"\n{note}" if note else ""),
            at=now,
        )
        audit_record(
            actor=actor,
            action="suggestion.item.reassign",
            target=locked,
            detail={
                "number": case.number,
                "seq": locked.seq,
                "from": previous,
                "lead": lead.pk,
                "partners": sorted(p.pk for p in partner_list),
            },
            request=request,
        )
    refresh(item)
    return locked
