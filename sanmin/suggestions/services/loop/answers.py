"""答复: the lead department writes the answer to the citizen; the office sends it
back with a comment or approves it. The last approved item answers the case."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.suggestions.models import Item, ItemStatus, Status
from sanmin.suggestions.models.handling import ANSWER_MAX
from sanmin.suggestions.services.loop.assign import WORKING
from sanmin.suggestions.services.loop.common import (
    clean_text,
    locked_item,
    refresh,
    require_lead,
    require_office,
    text_digest,
)
from sanmin.suggestions.services.notify import answered_notify
from sanmin.suggestions.services.steps import OFFICE_LABEL, step_record

ANSWER_MIN = 10
COMMENT_MAX = 500


def item_answer_submit(
    *, item: Item, actor: Any, answer: str, request: HttpRequest | None = None
) -> Item:
    """The lead department submits its answer (10..5000 characters) for review:
    from ASSIGNED, HANDLING or RETURNED to SUBMITTED."""
    answer = clean_text(
        answer, label="答复内容", max_len=ANSWER_MAX, min_len=ANSWER_MIN
    )
    with transaction.atomic():
        case, locked = locked_item(item)
        department = require_lead(actor, locked)
        if locked.status not in WORKING:
            raise ValidationError(
                f"该事项当前状态为“{locked.get_status_display()}”，不能提交答复"
            )
        now = timezone.now()
        locked.status, locked.answer, locked.answered_at = (
            ItemStatus.SUBMITTED,
            answer,
            now,
        )
        locked.save(update_fields=["status", "answer", "answered_at"])
        step_record(
            suggestion=case,
            item=locked,
            action="item_answer_submit",
            label="提交答复",
            actor=actor,
            actor_label=department.name,
            note=answer,
            at=now,
        )
        audit_record(
            actor=actor,
            action="suggestion.item.answer_submit",
            target=locked,
            detail={
                "number": case.number,
                "seq": locked.seq,
                "department": department.pk,
                "answer_digest": text_digest(answer, purpose="suggestion-answer"),
            },
            request=request,
        )
    refresh(item)
    return locked


def _require_submitted(item: Item) -> None:
    if item.status != ItemStatus.SUBMITTED:
        raise ValidationError(
            f"该事项当前状态为“{item.get_status_display()}”，只能审核待审的答复"
        )


def item_answer_return(
    *, item: Item, actor: Any, comment: str, request: HttpRequest | None = None
) -> Item:
    """The office sends a submitted answer back with a comment (→ RETURNED)."""
    require_office(actor)
    comment = clean_text(comment, label="退回意见", max_len=COMMENT_MAX)
    with transaction.atomic():
        case, locked = locked_item(item)
        _require_submitted(locked)
        locked.status, locked.review_comment = ItemStatus.RETURNED, comment
        locked.save(update_fields=["status", "review_comment"])
        step_record(
            suggestion=case,
            item=locked,
            action="item_answer_return",
            label="退回修改",
            actor=actor,
            actor_label=OFFICE_LABEL,
            note=comment,
        )
        audit_record(
            actor=actor,
            action="suggestion.item.answer_return",
            target=locked,
            detail={"number": case.number, "seq": locked.seq},
            request=request,
        )
    refresh(item)
    return locked


def item_answer_approve(
    *, item: Item, actor: Any, request: HttpRequest | None = None
) -> Item:
    """The office approves a submitted answer (→ APPROVED).

    When it was the last item of the case still open, the case becomes ANSWERED
    (answered_at), a public step 已答复 carries the approved answers, and the
    submitter gets the SMS with the link to rate the handling.
    """
    require_office(actor)
    with transaction.atomic():
        case, locked = locked_item(item)
        _require_submitted(locked)
        now = timezone.now()
        locked.status, locked.approved_at = ItemStatus.APPROVED, now
        locked.save(update_fields=["status", "approved_at"])
        step_record(
            suggestion=case,
            item=locked,
            action="item_answer_approve",
            label="答复审定",
            actor=actor,
            actor_label=OFFICE_LABEL,
            at=now,
        )
        audit_record(
            actor=actor,
            action="suggestion.item.answer_approve",
            target=locked,
            detail={"number": case.number, "seq": locked.seq},
            request=request,
        )
        items = list(case.items.order_by("seq"))
        done = all(i.status == ItemStatus.APPROVED for i in items)
        if done and case.status == Status.ASSIGNED:
            case.status, case.answered_at = Status.ANSWERED, now
            case.save(update_fields=["status", "answered_at"])
            step_record(
                suggestion=case,
                action="answer",
                label="已答复",
                actor=actor,
                actor_label=OFFICE_LABEL,
                note="\n\n".join(i.answer for i in items),
                public=True,
                at=now,
            )
            audit_record(
                actor=actor,
                action="suggestion.answer",
                target=case,
                detail={"number": case.number, "items": len(items)},
                request=request,
            )
            answered_notify(suggestion=case)
    refresh(item)
    return locked
