"""反馈 and 公开: the follow-up with the submitter, their satisfaction with the
handling, and the publication of answered cases on the public page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.suggestions.models import (
    FollowUp,
    FollowUpMethod,
    Publication,
    Satisfaction,
    SatisfactionLevel,
    Status,
    Suggestion,
)
from sanmin.suggestions.services.loop.common import (
    clean_text,
    locked_case,
    refresh,
    require_office,
)
from sanmin.suggestions.services.notify import submitter_notify
from sanmin.suggestions.services.steps import OFFICE_LABEL, step_record

OUTCOME_MAX = 2000
COMMENT_MAX = 300
PUBLICATION_TITLE_MAX = 80
PUBLICATION_ANSWER_MAX = 10000
MAX_PER_PUBLICATION = 200
FOLLOWABLE = (Status.ANSWERED, Status.FOLLOWED_UP)
RATABLE = (Status.ANSWERED, Status.FOLLOWED_UP, Status.PUBLISHED)


def _check_level(level: str) -> None:
    if level not in SatisfactionLevel.values:
        raise ValidationError("请选择满意度")


def follow_up_record(
    *,
    suggestion: Suggestion,
    actor: Any,
    method: str,
    held_on: dt.date,
    outcome: str,
    level: str = "",
    request: HttpRequest | None = None,
) -> FollowUp:
    """Record a follow-up with the submitter (office), from ANSWERED or FOLLOWED_UP.

    1. The method is one of 电话回访, 专题恳谈, 集中面复, 走访调研; the date is not in
       the future; the outcome is required (≤2000 characters).
    2. The case becomes FOLLOWED_UP, with a public step 回访 (method and date only).
    3. A satisfaction level given here is stored with channel "phone" when the
       case has no satisfaction yet (an earlier one is kept).
    """
    require_office(actor)
    if method not in FollowUpMethod.values:
        raise ValidationError("请选择回访方式")
    if not isinstance(held_on, dt.date):
        raise ValidationError("请填写回访日期")
    if held_on > timezone.localdate():
        raise ValidationError("回访日期不能晚于今天")
    outcome = clean_text(outcome, label="回访情况", max_len=OUTCOME_MAX)
    if level:
        _check_level(level)
    with transaction.atomic():
        case = locked_case(suggestion)
        if case.status not in FOLLOWABLE:
            raise ValidationError(
                f"该建议当前状态为“{case.get_status_display()}”，只能回访已答复的建议"
            )
        now = timezone.now()
        follow_up = FollowUp.objects.create(
            suggestion=case,
            method=method,
            held_on=held_on,
            outcome=outcome,
            recorded_by=actor,
            recorded_at=now,
        )
        rated = False
        if level and not Satisfaction.objects.filter(suggestion=case).exists():
            Satisfaction.objects.create(
                suggestion=case,
                level=level,
                channel=Satisfaction.Channel.PHONE,
                recorded_at=now,
            )
            rated = True
        case.status = Status.FOLLOWED_UP
        case.save(update_fields=["status"])
        step_record(
            suggestion=case,
            action="follow_up",
            label="回访",
            actor=actor,
            actor_label=OFFICE_LABEL,
            note=f"{follow_up.get_method_display()}（{held_on:%Y-%m-%d}）",
            public=True,
            at=now,
        )
        audit_record(
            actor=actor,
            action="suggestion.follow_up",
            target=case,
            detail={
                "number": case.number,
                "method": method,
                "held_on": held_on.isoformat(),
                "level": level if rated else "",
            },
            request=request,
        )
    refresh(suggestion)
    return follow_up


def satisfaction_rate(
    *,
    suggestion: Suggestion,
    user: Any,
    level: str,
    comment: str = "",
    request: HttpRequest | None = None,
) -> Satisfaction:
    """The submitter rates the handling online, once, once the case is answered."""
    if not getattr(user, "is_authenticated", False) or (
        user.pk != suggestion.submitter_id
    ):
        raise ValidationError("只有建议人本人可以评价办理满意度")
    _check_level(level)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(f"意见不能超过 {COMMENT_MAX} 个字")
    with transaction.atomic():
        case = locked_case(suggestion)
        if case.status not in RATABLE:
            raise ValidationError("建议答复后才能评价办理满意度")
        if Satisfaction.objects.filter(suggestion=case).exists():
            raise ValidationError("您已评价过该建议的办理满意度")
        now = timezone.now()
        try:
            with transaction.atomic():
                satisfaction = Satisfaction.objects.create(
                    suggestion=case,
                    level=level,
                    comment=comment,
                    channel=Satisfaction.Channel.ONLINE,
                    recorded_at=now,
                )
        except IntegrityError:
            raise ValidationError("您已评价过该建议的办理满意度") from None
        step_record(
            suggestion=case,
            action="rate",
            label="满意度评价",
            actor=user,
            note=satisfaction.get_level_display(),
            at=now,
        )
        audit_record(
            actor=user,
            action="suggestion.rate",
            target=case,
            detail={"number": case.number, "level": level},
            request=request,
        )
    return satisfaction


def suggestions_publish(
    *,
    suggestions: Sequence[Suggestion],
    actor: Any,
    title: str,
    answer: str,
    request: HttpRequest | None = None,
) -> Publication:
    """Publish one or several answered cases of one campaign with one answer.

    1. Office only; the cases are ANSWERED or FOLLOWED_UP and of one campaign; the
       title (≤80) and the public answer (≤10000) are required.
    2. The rows are locked in id order and re-checked; one Publication; each case
       PUBLISHED with `published_at`, a public step 公开, and the SMS.
    """
    require_office(actor)
    title = clean_text(title, label="公开标题", max_len=PUBLICATION_TITLE_MAX)
    answer = clean_text(answer, label="公开答复", max_len=PUBLICATION_ANSWER_MAX)
    ids = sorted({case.pk for case in suggestions})
    if not ids:
        raise ValidationError("请至少选择一件建议")
    if len(ids) > MAX_PER_PUBLICATION:
        raise ValidationError(f"一次最多公开 {MAX_PER_PUBLICATION} 件建议")
    with transaction.atomic():
        cases = list(
            Suggestion.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        )
        if len(cases) != len(ids):
            raise ValidationError("所选建议不存在")
        if len({case.campaign_id for case in cases}) != 1:
            raise ValidationError("只能合并公开同一年度活动的建议")
        for case in cases:
            if case.status not in FOLLOWABLE:
                raise ValidationError(
                    f"建议{case.number}当前状态为“{case.get_status_display()}”，"
                    "只能公开已答复或已回访的建议"
                )
        now = timezone.now()
        publication = Publication.objects.create(
            campaign_id=cases[0].campaign_id,
            title=title,
            answer=answer,
            published_by=actor,
            published_at=now,
        )
        Suggestion.objects.filter(pk__in=ids).update(
            status=Status.PUBLISHED, publication=publication, published_at=now
        )
        for case in cases:
            case.status, case.publication, case.published_at = (
                Status.PUBLISHED,
                publication,
                now,
            )
            step_record(
                suggestion=case,
                action="publish",
                label="公开",
                actor=actor,
                actor_label=OFFICE_LABEL,
                public=True,
                at=now,
            )
            audit_record(
                actor=actor,
                action="suggestion.publish",
                target=case,
                detail={"number": case.number, "publication": publication.pk},
                request=request,
            )
            submitter_notify(suggestion=case, status_label="答复已公开")
    for case in suggestions:
        refresh(case)
    return publication
