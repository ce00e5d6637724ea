"""Reads of results under embargo: who may see which result, and what of it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from sanmin.campaigns.models import Campaign, Participant, Session
from sanmin.evaluation.models import (
    BallotItem,
    ResultSet,
)
from sanmin.evaluation.selectors.snapshots import (
    EMBARGO_MESSAGE,
    TableRow,
    group_name,
    snapshot_department,
)
from sanmin.representatives.models import Representative


def results_of_campaign(*, campaign: Campaign) -> QuerySet[ResultSet]:
    return ResultSet.objects.filter(campaign=campaign).select_related(
        "computed_by", "approved_by", "published_by"
    )


def result_current(*, campaign: Campaign, roster: str) -> ResultSet | None:
    """The roster's newest result that has not been superseded."""
    return (
        results_of_campaign(campaign=campaign)
        .filter(roster=roster)
        .exclude(status=ResultSet.Status.SUPERSEDED)
        .order_by("-computed_at", "-pk")
        .first()
    )


def result_published(*, campaign: Campaign, roster: str) -> ResultSet | None:
    return (
        results_of_campaign(campaign=campaign)
        .filter(roster=roster, status=ResultSet.Status.PUBLISHED)
        .first()
    )


def result_for_statistics(*, result_id: int) -> ResultSet:
    """Any result, for the statistics role (the view checks the role)."""
    result = (
        ResultSet.objects.filter(pk=result_id)
        .select_related("campaign", "computed_by", "approved_by", "published_by")
        .first()
    )
    if result is None:
        raise Http404("没有该评议结果")
    return result


def result_for_office(*, result_id: int) -> ResultSet:
    """An approved or published result, for the office to publish or read."""
    result = result_for_statistics(result_id=result_id)
    if result.status not in (ResultSet.Status.APPROVED, ResultSet.Status.PUBLISHED):
        raise Http404("没有待发布的评议结果")
    return result


def results_for_office(*, campaign: Campaign) -> QuerySet[ResultSet]:
    """What the office handles: approved results awaiting it, and published ones."""
    return results_of_campaign(campaign=campaign).filter(
        status__in=(ResultSet.Status.APPROVED, ResultSet.Status.PUBLISHED)
    )


def public_result(*, campaign: Campaign) -> ResultSet:
    """The published result of the public roster; refused while under embargo.

    The internal evaluation is never shown to the public.
    """
    result = result_published(campaign=campaign, roster=Representative.Roster.PUBLIC)
    if result is None:
        raise PermissionDenied(EMBARGO_MESSAGE)
    return result


@dataclass(frozen=True)
class DepartmentResult:
    result: ResultSet
    participant: Participant
    row: TableRow
    choices: list[dict[str, Any]]


def department_result(*, user: Any, campaign: Campaign) -> DepartmentResult:
    """The department's own figures, after publication only; 403 before."""
    department_id = getattr(user, "department_id", None)
    participant = (
        Participant.objects.filter(campaign=campaign, department_id=department_id)
        .select_related("department", "group")
        .first()
        if department_id
        else None
    )
    if participant is None:
        raise PermissionDenied("本部门未参加本次评议")
    roster = (
        Representative.Roster.INTERNAL
        if participant.internal
        else Representative.Roster.PUBLIC
    )
    result = result_published(campaign=campaign, roster=roster)
    if result is None:
        raise PermissionDenied(EMBARGO_MESSAGE)
    return DepartmentResult(
        result=result,
        participant=participant,
        row=snapshot_department(result.snapshot, participant.pk),
        choices=list(result.snapshot["rule"]["choices"]),
    )


# Comments for the office ---------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentComments:
    department: str
    group: str
    comments: list[str]


def comments_for_office(
    *, campaign: Campaign, now: dt.datetime
) -> tuple[list[DepartmentComments], list[Session]]:
    """Comments per department from the sessions whose window has closed.

    Only the text: no ballot, receipt, choice or representative. Sorted by text, so
    not even the order follows the order of casting. Also returns the sessions still
    waiting for their window to close.
    """
    sessions = list(
        campaign.sessions.select_related("window", "group").order_by("starts_at")
    )
    closed = [
        s.pk for s in sessions if hasattr(s, "window") and s.window.has_closed(now)
    ]
    waiting = [s for s in sessions if s.pk not in closed]
    rows = (
        BallotItem.objects.filter(ballot__session_id__in=closed)
        .filter(~Q(comment=""))
        .values_list("participant_id", "comment")
        .order_by("participant_id", "comment")
    )
    texts: dict[int, list[str]] = {}
    for participant_id, comment in rows:
        texts.setdefault(participant_id, []).append(comment)
    participants = (
        Participant.objects.filter(campaign=campaign, pk__in=texts)
        .select_related("department", "group")
        .order_by("internal", "group__order", "order")
    )
    return (
        [
            DepartmentComments(
                department=p.department.name,
                group=group_name(p),
                comments=texts[p.pk],
            )
            for p in participants
        ],
        waiting,
    )
