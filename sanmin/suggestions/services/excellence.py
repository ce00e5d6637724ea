"""优秀建议: criteria, the review panel, nominations, scores, tiers and adoption.

The office nominates answered cases and chooses the panel; each panelist scores
every nomination on the campaign's criteria without learning who submitted it; the
office sees the mean total, awards a tier (which publishes the suggestion on the
public list and tells the submitter by SMS), and records cases adopted into the
government work report or a department's next-year plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sanmin.accounts.models import STAFF_ROLES, Role
from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign, Department
from sanmin.core import crypto
from sanmin.notifications.services.outbox import sms_enqueue
from sanmin.suggestions.models import (
    Adoption,
    Criterion,
    Nomination,
    Panelist,
    Score,
    Status,
    Suggestion,
    Tier,
)
from sanmin.suggestions.services.steps import step_record

OFFICE_LABEL = "市政府办公厅"
# Cases the office may nominate or flag as adopted: the departments have answered.
ANSWERED_STATES = (Status.ANSWERED, Status.FOLLOWED_UP, Status.PUBLISHED)
DEFAULT_CRITERIA = (
    ("pertinence", "针对性", 10),
    ("reference", "参考价值", 10),
    ("feasibility", "可操作性", 10),
)
LABEL_MAX = 30
POINTS_MAX = 100
ORDER_MAX = 99
REASON_MAX = 300
NOTE_MAX = 300


@dataclass(frozen=True)
class CriterionChange:
    """New label, maximum and order of one criterion of the campaign."""

    criterion_id: int
    label: str
    max_points: int
    order: int


def _require_office(actor: Any) -> None:
    if getattr(actor, "role", "") != Role.OFFICE:
        raise ValidationError("只有市政府办公厅工作人员可以进行此操作")


def criteria_ensure(*, campaign: Campaign) -> list[Criterion]:
    """The campaign's criteria; on first use, the plan's three, each out of 10."""
    with transaction.atomic():
        existing = list(Criterion.objects.filter(campaign=campaign).order_by("order"))
        if existing:
            return existing
        created = [
            Criterion.objects.create(
                campaign=campaign,
                code=code,
                label=label,
                max_points=max_points,
                order=order,
            )
            for order, (code, label, max_points) in enumerate(DEFAULT_CRITERIA, 1)
        ]
        audit_record(
            action="excellence.criteria_default",
            target=campaign,
            detail={"criteria": [c.code for c in created]},
        )
    return created


def criteria_update(
    *,
    campaign: Campaign,
    actor: Any,
    changes: Sequence[CriterionChange],
    request: HttpRequest | None = None,
) -> list[Criterion]:
    """Change the label, maximum and order of the campaign's criteria.

    1. The office only; every criterion of the campaign is given once; labels are
       1 to 30 characters and distinct, maxima 1 to 100, orders 0 to 99.
    2. Refused once any nomination of the campaign has a score: the panel's
       scores must stay comparable.
    3. Apply all or nothing; one audit event with the new settings.
    """
    _require_office(actor)
    with transaction.atomic():
        criteria = {
            c.pk: c
            for c in Criterion.objects.select_for_update().filter(campaign=campaign)
        }
        if Score.objects.filter(criterion__campaign=campaign).exists():
            raise ValidationError("已有评审专家评分，评分项不能再修改")
        given = [change.criterion_id for change in changes]
        if sorted(given) != sorted(criteria) or len(set(given)) != len(given):
            raise ValidationError("评分项已变化，请刷新页面后重试")
        labels = [change.label.strip() for change in changes]
        for label, change in zip(labels, changes, strict=True):
            if not label or len(label) > LABEL_MAX:
                raise ValidationError(f"评分项名称须为 1～{LABEL_MAX} 个字")
            if not 1 <= change.max_points <= POINTS_MAX:
                raise ValidationError(f"满分须在 1～{POINTS_MAX} 分之间")
            if not 0 <= change.order <= ORDER_MAX:
                raise ValidationError(f"排序须在 0～{ORDER_MAX} 之间")
        if len(set(labels)) != len(labels):
            raise ValidationError("评分项名称不能重复")
        for label, change in zip(labels, changes, strict=True):
            criterion = criteria[change.criterion_id]
            criterion.label = label
            criterion.max_points = change.max_points
            criterion.order = change.order
            criterion.save(update_fields=["label", "max_points", "order"])
        audit_record(
            actor=actor,
            action="excellence.criteria_update",
            target=campaign,
            detail={
                "criteria": [
                    {"code": criteria[c.criterion_id].code, "max": c.max_points}
                    for c in changes
                ]
            },
            request=request,
        )
    return sorted(criteria.values(), key=lambda c: (c.order, c.pk))


def panel_may_join(user: Any) -> bool:
    """Staff of any role but department staff (they handle the cases themselves)."""
    return (
        getattr(user, "is_active", False)
        and getattr(user, "role", "") in STAFF_ROLES
        and user.role != Role.DEPARTMENT
    )


def panelist_add(
    *,
    campaign: Campaign,
    user: Any,
    actor: Any,
    request: HttpRequest | None = None,
) -> Panelist:
    """Put a staff member on the campaign's review panel (the office decides)."""
    _require_office(actor)
    if not panel_may_join(user):
        raise ValidationError("评审专家须为在职的工作人员，部门工作人员不能担任")
    with transaction.atomic():
        if Panelist.objects.filter(campaign=campaign, user=user).exists():
            raise ValidationError("该工作人员已在评审专家名单中")
        panelist = Panelist.objects.create(campaign=campaign, user=user)
        audit_record(
            actor=actor,
            action="excellence.panelist_add",
            target=panelist,
            detail={"campaign": campaign.slug, "user": user.pk},
            request=request,
        )
    return panelist


def panelist_remove(
    *, panelist: Panelist, actor: Any, request: HttpRequest | None = None
) -> None:
    """Take a panelist off the panel; refused once they have scored."""
    _require_office(actor)
    with transaction.atomic():
        locked = Panelist.objects.select_for_update().get(pk=panelist.pk)
        if Score.objects.filter(panelist=locked).exists():
            raise ValidationError("该评审专家已评分，不能移出评审名单")
        audit_record(
            actor=actor,
            action="excellence.panelist_remove",
            target=locked,
            detail={"campaign": locked.campaign.slug, "user": locked.user_id},
            request=request,
        )
        locked.delete()


def suggestion_nominate(
    *,
    suggestion: Suggestion,
    actor: Any,
    reason: str,
    request: HttpRequest | None = None,
) -> Nomination:
    """推荐: put an answered case forward as a candidate 优秀建议.

    1. The office only; a reason of 1 to 300 characters.
    2. The case must have been answered (answered, followed up or published) and
       not be nominated already.
    3. Store the nomination; an internal Step and an audit event.
    """
    _require_office(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写推荐理由")
    if len(reason) > REASON_MAX:
        raise ValidationError(f"推荐理由不能超过 {REASON_MAX} 个字")
    with transaction.atomic():
        case = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if case.status not in ANSWERED_STATES:
            raise ValidationError(
                f"该建议当前为“{case.get_status_display()}”，答复后才能推荐为优秀建议"
            )
        if Nomination.objects.filter(suggestion=case).exists():
            raise ValidationError("该建议已推荐为优秀建议候选")
        now = timezone.now()
        nomination = Nomination.objects.create(
            suggestion=case, reason=reason, nominated_by=actor, nominated_at=now
        )
        step_record(
            suggestion=case,
            action="nominate",
            label="推荐为优秀建议候选",
            actor=actor,
            actor_label=OFFICE_LABEL,
            at=now,
        )
        audit_record(
            actor=actor,
            action="excellence.nominate",
            target=nomination,
            detail={"suggestion": case.number},
            request=request,
        )
    return nomination


def nomination_score(
    *,
    nomination: Nomination,
    user: Any,
    points: Mapping[int, int],
    request: HttpRequest | None = None,
) -> list[Score]:
    """评分: a panelist scores a nomination on every criterion, once.

    1. The user must be on the panel of the nomination's campaign.
    2. Refused once the nomination is awarded.
    3. Every criterion of the campaign gets a whole number from 0 to its maximum;
       no other criterion may be given.
    4. A second scoring before the award replaces the panelist's own scores (the
       audit event says so); other panelists' scores are never touched.
    """
    campaign = nomination.suggestion.campaign
    panelist = Panelist.objects.filter(campaign=campaign, user=user).first()
    if panelist is None or not getattr(user, "is_active", False):
        raise ValidationError("您不是本年度优秀建议评审专家")
    criteria = list(Criterion.objects.filter(campaign=campaign).order_by("order"))
    if not criteria:
        raise ValidationError("尚未设置评分项")
    if set(points) != {c.pk for c in criteria}:
        raise ValidationError("请为每个评分项打分")
    for criterion in criteria:
        value = points[criterion.pk]
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"“{criterion.label}”的得分须为整数")
        if not 0 <= value <= criterion.max_points:
            raise ValidationError(
                f"“{criterion.label}”的得分须在 0～{criterion.max_points} 分之间"
            )
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if locked.tier:
            raise ValidationError("该建议已评定等次，不能再评分")
        previous = Score.objects.filter(nomination=locked, panelist=panelist)
        replaced = previous.exists()
        previous.delete()
        now = timezone.now()
        scores = Score.objects.bulk_create(
            Score(
                nomination=locked,
                panelist=panelist,
                criterion=criterion,
                points=points[criterion.pk],
                scored_at=now,
            )
            for criterion in criteria
        )
        audit_record(
            actor=user,
            action="excellence.score",
            target=locked,
            detail={
                "total": sum(points.values()),
                "points": {c.code: points[c.pk] for c in criteria},
                "replaced": replaced,
            },
            request=request,
        )
    return scores


def nomination_award(
    *,
    nomination: Nomination,
    actor: Any,
    tier: str,
    request: HttpRequest | None = None,
) -> Nomination:
    """评定: the office awards a tier, which publishes the suggestion.

    1. The office only; a known tier; at least one panelist has scored; not
       awarded before (an award is final).
    2. Set tier, award and publication time; a public Step the submitter sees.
    3. SMS `suggestion_excellent` to the submitter (if they have a phone; the
       dedupe key makes a retry harmless); audit event.
    """
    _require_office(actor)
    if tier not in Tier.values:
        raise ValidationError("请选择评定等次")
    with transaction.atomic():
        locked = (
            Nomination.objects.select_for_update()
            .select_related("suggestion__campaign", "suggestion__submitter")
            .get(pk=nomination.pk)
        )
        if locked.tier:
            raise ValidationError(
                f"该建议已评定为“{locked.get_tier_display()}”，不能重复评定"
            )
        if not Score.objects.filter(nomination=locked).exists():
            raise ValidationError("尚无评审专家评分，不能评定等次")
        now = timezone.now()
        locked.tier = tier
        locked.awarded_at = now
        locked.published_at = now
        locked.save(update_fields=["tier", "awarded_at", "published_at"])
        case = locked.suggestion
        label = Tier(tier).label
        step_record(
            suggestion=case,
            action="excellent",
            label=f"获评优秀建议（{label}）",
            actor=actor,
            actor_label=OFFICE_LABEL,
            public=True,
            at=now,
        )
        submitter = case.submitter
        if submitter.phone_cipher:
            sms_enqueue(
                phone=crypto.cipher().decrypt(submitter.phone_cipher),
                template="suggestion_excellent",
                params={
                    "tracking": case.number,
                    "year": str(case.campaign.year),
                    "tier": label,
                },
                dedupe_key=f"suggestion-excellent:{case.pk}",
                actor=actor,
            )
        audit_record(
            actor=actor,
            action="excellence.award",
            target=locked,
            detail={"suggestion": case.number, "tier": tier},
            request=request,
        )
    return locked


def suggestion_adopt(
    *,
    suggestion: Suggestion,
    actor: Any,
    kind: str,
    department: Department | None = None,
    note: str = "",
    request: HttpRequest | None = None,
) -> Adoption:
    """采纳: flag an answered case as adopted into the government work report or
    into a department's next-year plan (which names the department).

    Once per case, kind and department; a public Step and an audit event.
    """
    _require_office(actor)
    if kind not in Adoption.Kind.values:
        raise ValidationError("请选择采纳方式")
    if kind == Adoption.Kind.DEPARTMENT_PLAN and department is None:
        raise ValidationError("纳入部门工作计划时须选择部门")
    if kind == Adoption.Kind.WORK_REPORT:
        department = None
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(f"说明不能超过 {NOTE_MAX} 个字")
    with transaction.atomic():
        case = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
        if case.status not in ANSWERED_STATES:
            raise ValidationError(
                f"该建议当前为“{case.get_status_display()}”，答复后才能标记采纳"
            )
        if Adoption.objects.filter(
            suggestion=case, kind=kind, department=department
        ).exists():
            raise ValidationError("该建议已有相同的采纳记录")
        now = timezone.now()
        adoption = Adoption.objects.create(
            suggestion=case,
            kind=kind,
            department=department,
            note=note,
            recorded_by=actor,
            recorded_at=now,
        )
        label = Adoption.Kind(kind).label
        if department is not None:
            label = f"纳入{department.name}下一年度工作计划"
        step_record(
            suggestion=case,
            action="adopt",
            label=f"建议被采纳：{label}"[:60],
            actor=actor,
            actor_label=OFFICE_LABEL,
            public=True,
            at=now,
        )
        audit_record(
            actor=actor,
            action="excellence.adopt",
            target=adoption,
            detail={
                "suggestion": case.number,
                "kind": kind,
                "department": department.code if department else "",
            },
            request=request,
        )
    return adoption
