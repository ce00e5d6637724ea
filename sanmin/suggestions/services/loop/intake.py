"""受理: the office accepts a submitted suggestion, declines it with a reason the
citizen sees, or merges it into a case that carries on."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.suggestions.models import Status, Suggestion
from sanmin.suggestions.services.loop.common import (
    clean_reason,
    locked_case,
    refresh,
    require_office,
    text_digest,
)
from sanmin.suggestions.services.notify import submitter_notify
from sanmin.suggestions.services.steps import OFFICE_LABEL, step_record

DECLINE_REASON_MAX = 300


def _require_submitted(case: Suggestion) -> None:
    if case.status != Status.SUBMITTED:
        raise ValidationError(
            f"该建议当前状态为“{case.get_status_display()}”，只能受理待受理的建议"
        )


def suggestion_accept(
    *, suggestion: Suggestion, actor: Any, request: HttpRequest | None = None
) -> Suggestion:
    """Accept a SUBMITTED case (office): ACCEPTED, public step 受理, SMS 已受理."""
    require_office(actor)
    with transaction.atomic():
        case = locked_case(suggestion)
        _require_submitted(case)
        now = timezone.now()
        case.status, case.accepted_at = Status.ACCEPTED, now
        case.save(update_fields=["status", "accepted_at"])
        step_record(
            suggestion=case,
            action="accept",
            label="受理",
            actor=actor,
            actor_label=OFFICE_LABEL,
            public=True,
            at=now,
        )
        audit_record(
            actor=actor,
            action="suggestion.accept",
            target=case,
            detail={"number": case.number},
            request=request,
        )
        submitter_notify(suggestion=case, status_label="已受理")
    refresh(suggestion)
    return case


def suggestion_decline(
    *,
    suggestion: Suggestion,
    actor: Any,
    reason: str,
    request: HttpRequest | None = None,
) -> Suggestion:
    """Decline a SUBMITTED case (office) with a reason (≤300 characters) that the
    submitter sees: DECLINED, public step 不予受理, SMS."""
    require_office(actor)
    reason = clean_reason(reason, label="不予受理理由", max_len=DECLINE_REASON_MAX)
    with transaction.atomic():
        case = locked_case(suggestion)
        _require_submitted(case)
        now = timezone.now()
        case.status, case.decline_reason = Status.DECLINED, reason
        case.save(update_fields=["status", "decline_reason"])
        step_record(
            suggestion=case,
            action="decline",
            label="不予受理",
            actor=actor,
            actor_label=OFFICE_LABEL,
            note=reason,
            public=True,
            at=now,
        )
        audit_record(
            actor=actor,
            action="suggestion.decline",
            target=case,
            detail={
                "number": case.number,
                "reason_digest": text_digest(reason, purpose="suggestion-decline"),
            },
            request=request,
        )
        submitter_notify(suggestion=case, status_label="不予受理")
    refresh(suggestion)
    return case


def suggestion_merge(
    *,
    suggestion: Suggestion,
    into: Suggestion,
    actor: Any,
    request: HttpRequest | None = None,
) -> Suggestion:
    """Merge a SUBMITTED case into another open case of the same campaign (office).

    1. The target must be another case of the campaign that is open (not declined,
       merged or published).
    2. Both rows are locked in id order (no deadlock with a merge the other way
       round) and re-checked.
    3. The merged case: MERGED, `merged_into`, public step 合并, SMS; the target
       gets an internal step naming the merged number.
    """
    require_office(actor)
    if into.pk == suggestion.pk:
        raise ValidationError("不能将建议合并到其自身")
    with transaction.atomic():
        first, second = sorted((suggestion.pk, into.pk))
        rows = {
            row.pk: row
            for row in Suggestion.objects.select_for_update()
            .filter(pk__in=[first, second])
            .order_by("pk")
        }
        case, target = rows[suggestion.pk], rows[into.pk]
        _require_submitted(case)
        if target.campaign_id != case.campaign_id:
            raise ValidationError("只能合并到同一年度活动的建议")
        if not target.is_open:
            raise ValidationError(
                f"目标建议（{target.number}）状态为“{target.get_status_display()}”，"
                "不能再合并其他建议"
            )
        now = timezone.now()
        case.status, case.merged_into = Status.MERGED, target
        case.save(update_fields=["status", "merged_into"])
        step_record(
            suggestion=case,
            action="merge",
            label="合并",
            actor=actor,
            actor_label=OFFICE_LABEL,
            note=f"与同类建议（编号{target.number}）合并办理",
            public=True,
            at=now,
        )
        step_record(
            suggestion=target,
            action="merge_in",
            label="并入同类建议",
            actor=actor,
            actor_label=OFFICE_LABEL,
            note=f"建议{case.number}并入本件办理",
            at=now,
        )
        audit_record(
            actor=actor,
            action="suggestion.merge",
            target=case,
            detail={"number": case.number, "into": target.number},
            request=request,
        )
        submitter_notify(suggestion=case, status_label="已与同类建议合并办理")
    refresh(suggestion)
    return case
