"""`sanmin tally verify`: every figure recomputed from the stored ballots.

Finds a ballot altered directly in the database (its receipt no longer matches its
content), a ballot without its participation or the reverse, a snapshot edited after
the fact (digest), a digest swapped together with its snapshot (the audit log's hash
chain recorded the original), and figures that no longer follow from the ballots.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from sanmin.audit.selectors import audit_event_list
from sanmin.campaigns.models import Campaign
from sanmin.evaluation import tally
from sanmin.evaluation.models import Ballot, BallotItem, Participation, ResultSet
from sanmin.evaluation.selectors.results import result_current, result_published
from sanmin.evaluation.selectors.snapshots import (
    roster_label,
    routine_scores,
    snapshot_build,
    snapshot_digest,
    snapshot_routine,
    snapshot_rule,
    tally_rule,
)
from sanmin.evaluation.services.ballots import receipt_for
from sanmin.representatives.models import Representative

# Audit actions that record a result's digest.
_DIGEST_ACTIONS = ("result.compute", "result.approve", "result.publish")


@dataclass
class VerifyReport:
    campaign: str
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ballots: int = 0
    results: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _session_pairs(campaign: Campaign, report: VerifyReport) -> None:
    """Each session has as many ballots as participation rows."""
    voted = dict(
        Participation.objects.filter(session__campaign=campaign)
        .values_list("session_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    ballots = dict(
        Ballot.objects.filter(session__campaign=campaign)
        .values_list("session_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    titles = dict(campaign.sessions.values_list("pk", "title"))
    for session_id in sorted(set(voted) | set(ballots)):
        if voted.get(session_id, 0) != ballots.get(session_id, 0):
            report.problems.append(
                f"场次“{titles.get(session_id, session_id)}”：参评记录 "
                f"{voted.get(session_id, 0)} 条，评议票 {ballots.get(session_id, 0)} 张，"
                "两者不一致"
            )


def _receipts(campaign: Campaign, report: VerifyReport) -> None:
    """Recompute every ballot's receipt from its items (streamed, ballot by ballot)."""
    items = (
        BallotItem.objects.filter(ballot__session__campaign=campaign)
        .values_list(
            "ballot_id",
            "ballot__session_id",
            "ballot__receipt",
            "participant_id",
            "choice__code",
            "comment",
        )
        .order_by("ballot_id")
        .iterator(chunk_size=5000)
    )
    checked = 0
    for ballot_id, rows in itertools.groupby(items, key=lambda row: row[0]):
        entries = list(rows)
        _ballot, session_id, receipt, *_rest = entries[0]
        expected = receipt_for(
            ballot_id=ballot_id,
            session_id=session_id,
            items=[(row[3], row[4], row[5]) for row in entries],
        )
        checked += 1
        if expected != receipt:
            report.problems.append(
                f"评议票 {ballot_id} 的回执码与其内容不符（评议票在数据库中被改动）"
            )
    empty = (
        Ballot.objects.filter(session__campaign=campaign)
        .annotate(n=Count("items"))
        .filter(n=0)
        .values_list("pk", flat=True)
    )
    for ballot_id in empty:
        report.problems.append(f"评议票 {ballot_id} 没有任何评议明细")
    report.ballots = checked + len(empty)


def _walk(stored: Any, rebuilt: Any, path: str) -> Iterator[str]:
    if isinstance(stored, dict) and isinstance(rebuilt, dict):
        for key in sorted(set(stored) | set(rebuilt)):
            yield from _walk(stored.get(key), rebuilt.get(key), f"{path}.{key}")
    elif isinstance(stored, list) and isinstance(rebuilt, list):
        if len(stored) != len(rebuilt):
            yield f"{path}：快照 {len(stored)} 项，重算 {len(rebuilt)} 项"
            return
        for index, (a, b) in enumerate(zip(stored, rebuilt, strict=True)):
            yield from _walk(a, b, f"{path}[{index}]")
    elif stored != rebuilt:
        yield f"{path}：快照 {stored}，重算 {rebuilt}"


def _figure_differences(stored: dict[str, Any], rebuilt: dict[str, Any]) -> list[str]:
    """Differences named by department and field, then anything else."""
    found = []
    old = {int(d["participant"]): d for d in stored.get("departments", [])}
    new = {int(d["participant"]): d for d in rebuilt.get("departments", [])}
    for pk in sorted(set(old) | set(new)):
        name = (new.get(pk) or old.get(pk) or {}).get("department", pk)
        found += [
            f"“{name}” {line.lstrip('.')}"
            for line in _walk(old.get(pk), new.get(pk), "")
        ]
    rest = {k: v for k, v in stored.items() if k != "departments"}
    again = {k: v for k, v in rebuilt.items() if k != "departments"}
    found += [line.lstrip(".") for line in _walk(rest, again, "")]
    return found


def _audited_digests(result: ResultSet) -> dict[str, str]:
    events = audit_event_list(action="result.").filter(
        object_type="evaluation.resultset", object_id=str(result.pk)
    )
    return {
        event.action: str(event.detail.get("digest", ""))
        for event in events
        if event.action in _DIGEST_ACTIONS
    }


def _result(result: ResultSet, report: VerifyReport) -> None:
    label = f"{roster_label(result.roster)}结果 #{result.pk}（{result.get_status_display()}）"
    snapshot = result.snapshot
    if snapshot_digest(snapshot) != result.digest:
        report.problems.append(f"{label}：快照与摘要不符（快照在数据库中被改动）")
    audited = _audited_digests(result)
    needed = ["result.compute"]
    if result.approved_by_id:
        needed.append("result.approve")
    if result.published_by_id:
        needed.append("result.publish")
    for action in needed:
        if audited.get(action) != result.digest:
            report.problems.append(
                f"{label}：摘要与审计日志（{action}）记录的不一致或缺少记录"
            )
    try:
        rule = snapshot_rule(snapshot)
        rebuilt = snapshot_build(
            campaign=result.campaign,
            roster=result.roster,
            rule=rule,
            routine=snapshot_routine(snapshot),
        )
    except (tally.RuleError, KeyError, TypeError, ValueError) as error:
        report.problems.append(f"{label}：无法按快照中的规则重算（{error}）")
        return
    for line in _figure_differences(snapshot, rebuilt):
        report.problems.append(f"{label}：{line}")
    # Configuration changed since: not an error in the result, but worth knowing.
    try:
        current = tally_rule(campaign=result.campaign).as_json()
    except tally.RuleError as error:
        current = {"error": str(error)}
    if current != snapshot["rule"]:
        report.warnings.append(
            f"{label}：计分规则在计票后已修改（结果按计票时的规则核对）"
        )
    routine = routine_scores(campaign=result.campaign, roster=result.roster)
    if routine != snapshot_routine(snapshot):
        report.warnings.append(f"{label}：日常考评得分在计票后已修改")


def tally_verify(*, campaign: Campaign) -> VerifyReport:
    """Check a campaign's ballots and results.

    1. Every session has as many ballots as participation rows.
    2. Every ballot's receipt, recomputed from its items with the server's key,
       matches the stored one (an item edited, added or removed changes it).
    3. For each roster, the published result (else the newest current one): its
       snapshot matches its digest; the digest matches the ones the audit log
       recorded at compute, approval and publication; and rebuilding the snapshot
       from the ballots with the snapshot's own rule gives the same snapshot.
    """
    report = VerifyReport(campaign=campaign.slug)
    _session_pairs(campaign, report)
    _receipts(campaign, report)
    for roster in (Representative.Roster.PUBLIC, Representative.Roster.INTERNAL):
        result = result_published(campaign=campaign, roster=roster) or result_current(
            campaign=campaign, roster=roster
        )
        if result is None:
            continue
        report.results += 1
        _result(result, report)
    return report
