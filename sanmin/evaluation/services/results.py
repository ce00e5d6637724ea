"""The life of a result: compute → approve → publish, each an audited act.

Like Helios's `compute_tally` / `freeze` / `release_result`: the statistics bureau
computes a snapshot once every window of the roster has closed and approves it (the
snapshot and its digest are frozen from then on); the office publishes it, and the
publisher must be a different person from the approver (checked here with a message,
and by the database's check constraint). The audit log records each step with the
digest, never the figures: the log is readable by staff who must not see results
before publication.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from sanmin.accounts.models import Role
from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign
from sanmin.evaluation import exports, tally
from sanmin.evaluation.models import ResultSet
from sanmin.evaluation.selectors.snapshots import (
    ROSTERS,
    roster_label,
    roster_sessions,
    roster_sessions_not_closed,
    snapshot_build,
    snapshot_digest,
)

NOT_CLOSED_MESSAGE = "评议尚未截止，不能计票"


def _require_role(actor: Any, role: str, message: str) -> None:
    if getattr(actor, "role", None) != role or not getattr(
        actor, "is_authenticated", False
    ):
        raise ValidationError(message)


def _detail(result: ResultSet) -> dict[str, Any]:
    """What the audit log may hold: identity and digest, no figures."""
    return {
        "campaign": result.campaign.slug,
        "roster": result.roster,
        "digest": result.digest,
        "departments": len(result.snapshot.get("departments", [])),
    }


def _locked(result: ResultSet) -> ResultSet:
    return (
        ResultSet.objects.select_for_update()
        .select_related("campaign")
        .get(pk=result.pk)
    )


def _check_digest(result: ResultSet) -> None:
    if snapshot_digest(result.snapshot) != result.digest:
        raise ValidationError(
            "结果快照与摘要不符，可能已被改动，请运行 sanmin tally verify 核查"
        )


def result_compute(
    *,
    campaign: Campaign,
    roster: str,
    actor: Any,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> ResultSet:
    """Tally a roster's ballots into a new result (statistics role).

    1. Only the statistics role; the roster must exist and have sessions.
    2. Refused while any window of the roster's sessions is open, not open yet, or
       not scheduled ("评议尚未截止，不能计票"), and once the roster is published.
    3. Build the snapshot from the stored ballots (`snapshot_build`) and its digest.
    4. In one transaction: mark the roster's earlier unpublished results superseded,
       store the new one as computed, and record the act with the digest.
    """
    _require_role(actor, Role.STATISTICS, "只有市统计局工作人员可以计票")
    if roster not in ROSTERS:
        raise ValidationError("评议名单无效")
    now = now or timezone.now()
    if not roster_sessions(campaign=campaign, roster=roster):
        raise ValidationError(f"{roster_label(roster)}没有评议场次，不能计票")
    waiting = roster_sessions_not_closed(campaign=campaign, roster=roster, now=now)
    if waiting:
        titles = "、".join(session.title for session in waiting)
        raise ValidationError(f"{NOT_CLOSED_MESSAGE}（{titles}）")
    try:
        snapshot = snapshot_build(campaign=campaign, roster=roster)
    except tally.RuleError as error:
        raise ValidationError(f"计分规则有误：{error}") from None
    with transaction.atomic():
        # Serialise computations of one campaign (SQLite is serial already).
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        earlier = ResultSet.objects.filter(campaign=campaign, roster=roster)
        if earlier.filter(status=ResultSet.Status.PUBLISHED).exists():
            raise ValidationError("该评议结果已发布，不能重新计票")
        superseded = list(
            earlier.exclude(status=ResultSet.Status.SUPERSEDED).values_list(
                "pk", flat=True
            )
        )
        earlier.filter(pk__in=superseded).update(status=ResultSet.Status.SUPERSEDED)
        result = ResultSet.objects.create(
            campaign=campaign,
            roster=roster,
            status=ResultSet.Status.COMPUTED,
            snapshot=snapshot,
            digest=snapshot_digest(snapshot),
            computed_by=actor,
            computed_at=now,
        )
        audit_record(
            actor=actor,
            action="result.compute",
            target=result,
            detail={**_detail(result), "superseded": superseded},
            request=request,
        )
    return result


def result_approve(
    *,
    result: ResultSet,
    actor: Any,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> ResultSet:
    """The statistics bureau approves a computed result; from now on it is frozen."""
    _require_role(actor, Role.STATISTICS, "只有市统计局工作人员可以审核评议结果")
    with transaction.atomic():
        locked = _locked(result)
        if locked.status != ResultSet.Status.COMPUTED:
            raise ValidationError(
                f"只能审核刚计算的结果，本结果状态为“{locked.get_status_display()}”"
            )
        _check_digest(locked)
        locked.status = ResultSet.Status.APPROVED
        locked.approved_by = actor
        locked.approved_at = now or timezone.now()
        locked.save(update_fields=["status", "approved_by", "approved_at"])
        audit_record(
            actor=actor,
            action="result.approve",
            target=locked,
            detail=_detail(locked),
            request=request,
        )
    return locked


def result_publish(
    *,
    result: ResultSet,
    actor: Any,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> ResultSet:
    """The office publishes an approved result: a second person, never the approver.

    The digest is checked once more, so a snapshot changed in the database after
    approval is never published.
    """
    _require_role(actor, Role.OFFICE, "只有市政府办公厅工作人员可以发布评议结果")
    with transaction.atomic():
        locked = _locked(result)
        if locked.status == ResultSet.Status.PUBLISHED:
            raise ValidationError("该评议结果已发布")
        if locked.status != ResultSet.Status.APPROVED:
            raise ValidationError("市统计局尚未审核该结果，不能发布")
        if locked.approved_by_id == actor.pk:
            raise ValidationError("发布人不能与审核人为同一人，须由另一名工作人员发布")
        _check_digest(locked)
        locked.status = ResultSet.Status.PUBLISHED
        locked.published_by = actor
        locked.published_at = now or timezone.now()
        try:
            with transaction.atomic():
                locked.save(update_fields=["status", "published_by", "published_at"])
        except IntegrityError:
            raise ValidationError("该名单已有发布的评议结果，不能重复发布") from None
        audit_record(
            actor=actor,
            action="result.publish",
            target=locked,
            detail=_detail(locked),
            request=request,
        )
    return locked


def result_export(
    *, result: ResultSet, actor: Any, request: HttpRequest | None = None
) -> bytes:
    """The per-department table as an Excel workbook (statistics role); audited."""
    _require_role(actor, Role.STATISTICS, "只有市统计局工作人员可以导出评议结果")
    content = exports.result_workbook(result)
    audit_record(
        actor=actor,
        action="result.export",
        target=result,
        detail=_detail(result),
        request=request,
    )
    return content
