"""资格审查: the police and the petition bureau each pass or reject candidates.

A candidate is eligible for the draw only when both bodies passed them. Decisions are
final: a body decides a candidate once (the update only touches decisions still
pending), and nothing changes them once the draw has committed to the pool. One
audit event per candidate decided (target the candidate, detail: body, decision, the
size of the act, and a keyed digest of the reason so a later edit of the stored
reason shows; never the reason itself, which may describe the person, nor any
personal data).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from sanmin.accounts.models import Role
from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign
from sanmin.core import crypto
from sanmin.representatives.models import Candidate, Review
from sanmin.representatives.selectors.intake import pool_frozen
from sanmin.representatives.selectors.reviews import (
    reason_field,
    review_field,
    reviewer_body,
)

REVIEW_ACTION = "candidate.review"
REASON_MAX = 200
# A bulk act is at most a few pages of the queue.
MAX_PER_ACT = 500
DECISIONS = (Review.PASSED, Review.REJECTED)


def candidates_review(
    *,
    campaign: Campaign,
    candidate_ids: Collection[int],
    reviewer: Any,
    decision: str,
    reason: str = "",
    request: HttpRequest | None = None,
) -> int:
    """Record one body's decision on one or more candidates; all or none.

    1. The reviewer must have the reviewer role and a body; the decision is pass or
       reject; a rejection needs a reason (at most 200 characters), one for all the
       candidates of a bulk act.
    2. Refused once the draw has committed to the pool.
    3. In one transaction, one conditional UPDATE sets the body's decision on the
       candidates of the campaign whose decision by that body is still pending; if
       it touched fewer rows than asked (decided meanwhile, or not in the queue),
       nothing is changed and the act is refused.
    4. One audit event per candidate. Returns how many were decided.
    """
    body = reviewer_body(reviewer)
    if getattr(reviewer, "role", "") != Role.REVIEWER or not body:
        raise ValidationError("只有资格审查单位的工作人员可以审查候选人")
    if decision not in DECISIONS:
        raise ValidationError("请选择“通过”或“不通过”")
    reason = reason.strip() if decision == Review.REJECTED else ""
    if decision == Review.REJECTED and not reason:
        raise ValidationError("不通过时必须填写理由")
    if len(reason) > REASON_MAX:
        raise ValidationError(f"理由不能超过 {REASON_MAX} 个字")
    ids = sorted(set(candidate_ids))
    if not ids:
        raise ValidationError("请至少选择一名候选人")
    if len(ids) > MAX_PER_ACT:
        raise ValidationError(f"一次最多审查 {MAX_PER_ACT} 名候选人")
    with transaction.atomic():
        if pool_frozen(campaign=campaign):
            raise ValidationError("代表抽取已公布承诺值，审查结论不能再更改")
        updated = Candidate.objects.filter(
            campaign=campaign, pk__in=ids, **{review_field(body): Review.PENDING}
        ).update(**{review_field(body): decision, reason_field(body): reason})
        if updated != len(ids):
            raise ValidationError(
                f"所选的 {len(ids)} 名候选人中有 {len(ids) - updated} 名已审查过"
                "或不在待审查名单中；审查结论一经作出不能更改。本次操作未执行，"
                "请刷新后重试"
            )
        digest = (
            crypto.keyed_digest(reason.encode(), purpose="review-reason")
            if reason
            else ""
        )
        for pk in ids:
            audit_record(
                actor=reviewer,
                action=REVIEW_ACTION,
                object_type=Candidate._meta.label_lower,
                object_id=str(pk),
                detail={
                    "campaign": campaign.slug,
                    "body": body,
                    "decision": decision,
                    "act_size": len(ids),
                    "reason_digest": digest,
                },
                request=request,
            )
    return updated
