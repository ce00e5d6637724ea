"""Reads for the tally: counts from the ballots and the frozen snapshot built from them.

A result belongs to a campaign's roster: "public" (the representatives, the public
sessions and their groups) or "internal" (the internal raters, the internal session
and the three internal departments, ranked among themselves).

The counts come from one aggregate query over the ballot items of the roster's
sessions, never from a loop over ballots; who cast a ballot is never read here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count
from django.http import Http404

from sanmin.campaigns.models import Campaign, Participant, RatingChoice, Session
from sanmin.evaluation import tally
from sanmin.evaluation.models import (
    Ballot,
    BallotItem,
    Participation,
    RoutineScore,
    TallyRule,
)
from sanmin.representatives.models import Representative

SNAPSHOT_FORMAT = 1
ROSTERS = (Representative.Roster.PUBLIC, Representative.Roster.INTERNAL)
ROSTER_LABELS: dict[str, str] = {
    Representative.Roster.PUBLIC: "公开述职评议（市民代表）",
    Representative.Roster.INTERNAL: "内部述职评议（内部评议人员）",
}
INTERNAL_GROUP = "内部述职"
EMBARGO_MESSAGE = "评议结果尚未发布"


def roster_label(roster: str) -> str:
    return ROSTER_LABELS.get(roster, roster)


def _session_kind(roster: str) -> str:
    if roster == Representative.Roster.INTERNAL:
        return Session.Kind.INTERNAL
    if roster == Representative.Roster.PUBLIC:
        return Session.Kind.PUBLIC
    raise ValueError(f"unknown roster {roster!r}")


# The roster's sessions and departments ------------------------------------------------


def roster_sessions(*, campaign: Campaign, roster: str) -> list[Session]:
    return list(
        campaign.sessions.filter(kind=_session_kind(roster))
        .select_related("group", "window")
        .order_by("starts_at", "pk")
    )


def roster_sessions_not_closed(
    *, campaign: Campaign, roster: str, now: dt.datetime
) -> list[Session]:
    """Sessions whose window is still open, not open yet, or not even scheduled."""
    return [
        session
        for session in roster_sessions(campaign=campaign, roster=roster)
        if not hasattr(session, "window") or not session.window.has_closed(now)
    ]


def roster_participants(*, campaign: Campaign, roster: str) -> list[Participant]:
    """The departments the roster rates, in group and report order."""
    internal = roster == Representative.Roster.INTERNAL
    return list(
        Participant.objects.filter(campaign=campaign, internal=internal)
        .select_related("department", "group")
        .order_by("group__order", "order", "pk")
    )


def group_name(participant: Participant) -> str:
    return participant.group.name if participant.group else INTERNAL_GROUP


# Inputs of the tally -------------------------------------------------------------------


def tally_rule(*, campaign: Campaign) -> tally.Rule:
    """The campaign's scale and TallyRule as they are configured now."""
    config = TallyRule.objects.filter(campaign=campaign).first()
    choices = RatingChoice.objects.filter(campaign=campaign).order_by("order", "pk")
    return tally.Rule.build(
        choices=[(c.code, c.label, c.points, c.counted) for c in choices],
        satisfied_codes=config.satisfied_codes if config else (),
        grades=config.grades if config else None,
        evaluation_weight=config.evaluation_weight if config else None,
    )


def routine_scores(*, campaign: Campaign, roster: str) -> dict[int, Decimal]:
    internal = roster == Representative.Roster.INTERNAL
    return dict(
        RoutineScore.objects.filter(
            participant__campaign=campaign, participant__internal=internal
        ).values_list("participant_id", "score")
    )


def choice_counts(*, campaign: Campaign, roster: str) -> dict[int, dict[str, int]]:
    """Votes per department and choice: one GROUP BY over the roster's ballot items."""
    rows = (
        BallotItem.objects.filter(
            ballot__session__campaign=campaign,
            ballot__session__kind=_session_kind(roster),
        )
        .values_list("participant_id", "choice__code")
        .annotate(votes=Count("id"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for participant_id, code, votes in rows:
        counts.setdefault(participant_id, {})[code] = votes
    return counts


def session_counts(*, campaign: Campaign, roster: str) -> dict[int, dict[str, int]]:
    """Participation rows and ballots per session (two aggregate queries)."""
    kind = _session_kind(roster)
    voted = dict(
        Participation.objects.filter(session__campaign=campaign, session__kind=kind)
        .values_list("session_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    ballots = dict(
        Ballot.objects.filter(session__campaign=campaign, session__kind=kind)
        .values_list("session_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {
        session_id: {
            "participations": voted.get(session_id, 0),
            "ballots": ballots.get(session_id, 0),
        }
        for session_id in set(voted) | set(ballots)
    }


def receipts_fingerprint(*, campaign: Campaign, roster: str) -> dict[str, Any]:
    """How many ballots, and SHA-256 of their sorted receipts one a line.

    Anyone holding the public list of receipts can recompute it, so the snapshot is
    tied to exactly the ballots that were counted.
    """
    receipts = sorted(
        Ballot.objects.filter(
            session__campaign=campaign, session__kind=_session_kind(roster)
        ).values_list("receipt", flat=True)
    )
    text = "".join(f"{receipt}\n" for receipt in receipts)
    return {"count": len(receipts), "sha256": hashlib.sha256(text.encode()).hexdigest()}


# The snapshot --------------------------------------------------------------------------


def canonical_json(data: Any) -> bytes:
    return json.dumps(
        data, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    ).encode()


def snapshot_digest(snapshot: Any) -> str:
    """SHA-256 of the snapshot's canonical JSON (sorted keys, no spaces, UTF-8)."""
    return hashlib.sha256(canonical_json(snapshot)).hexdigest()


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).isoformat() if moment else None


def snapshot_build(
    *,
    campaign: Campaign,
    roster: str,
    rule: tally.Rule | None = None,
    routine: dict[int, Decimal] | None = None,
) -> dict[str, Any]:
    """Everything a result shows, computed from the stored ballots.

    1. Read the rule (the configured one unless given, e.g. a snapshot's own).
    2. Count votes per department and choice in one aggregate query, and
       participation rows and ballots per session.
    3. Run the pure tally (figures, ranks within groups, grades, composite).
    4. Assemble per-session turnout, per-group tables, the rule applied and the
       fingerprint of the receipts. No timestamps of the computation itself: the same
       ballots and rule always give the same snapshot, hence the same digest.
    """
    rule = rule or tally_rule(campaign=campaign)
    routine = (
        routine_scores(campaign=campaign, roster=roster) if routine is None else routine
    )
    participants = roster_participants(campaign=campaign, roster=roster)
    counts = choice_counts(campaign=campaign, roster=roster)
    figures = tally.tally(
        rule=rule,
        departments=[
            tally.Department(
                participant_id=p.pk,
                name=p.department.name,
                group=group_name(p),
                order=p.order,
                counts=counts.get(p.pk, {}),
                routine_score=routine.get(p.pk),
            )
            for p in participants
        ],
    )
    strays = set(counts) - {p.pk for p in participants}
    if strays:
        raise tally.RuleError("评议票中有不属于本名单的部门")
    per_session = session_counts(campaign=campaign, roster=roster)
    sessions = []
    for session in roster_sessions(campaign=campaign, roster=roster):
        window = getattr(session, "window", None)
        numbers = per_session.get(session.pk, {"participations": 0, "ballots": 0})
        sessions.append(
            {
                "id": session.pk,
                "title": session.title,
                "group": session.group.name if session.group else INTERNAL_GROUP,
                "opens_at": _iso(window.opens_at if window else None),
                "closes_at": _iso(window.closes_at if window else None),
                **numbers,
            }
        )
    groups: dict[str, list[int]] = {}
    for entry in figures:
        groups.setdefault(entry.group, []).append(entry.participant_id)
    return {
        "format": SNAPSHOT_FORMAT,
        "campaign": {"slug": campaign.slug, "year": campaign.year},
        "roster": roster,
        "rule": rule.as_json(),
        "sessions": sessions,
        "groups": [{"name": name, "departments": ids} for name, ids in groups.items()],
        "departments": [entry.as_json() for entry in figures],
        "receipts": receipts_fingerprint(campaign=campaign, roster=roster),
    }


def snapshot_rule(snapshot: dict[str, Any]) -> tally.Rule:
    return tally.Rule.from_json(snapshot["rule"])


def snapshot_routine(snapshot: dict[str, Any]) -> dict[int, Decimal]:
    return {
        int(entry["participant"]): Decimal(entry["routine_score"])
        for entry in snapshot["departments"]
        if entry.get("routine_score") is not None
    }


# Tables for the pages and the export ---------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    participant_id: int
    department: str
    rank: int | None
    counts: list[int]
    total: int
    valid: int
    score: str | None
    satisfaction_rate: str | None
    grade: str
    routine_score: str | None
    composite: str | None


@dataclass(frozen=True)
class GroupTable:
    name: str
    rows: list[TableRow]
    session: dict[str, Any] | None = None


@dataclass(frozen=True)
class ResultTables:
    choices: list[dict[str, Any]]
    groups: list[GroupTable]
    sessions: list[dict[str, Any]]
    has_composite: bool
    has_grades: bool
    participations: int = field(default=0)


def _parsed(moment: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(moment) if moment else None


def _row(entry: dict[str, Any], codes: list[str]) -> TableRow:
    return TableRow(
        participant_id=int(entry["participant"]),
        department=entry["department"],
        rank=entry["rank"],
        counts=[int(entry["counts"].get(code, 0)) for code in codes],
        total=int(entry["total"]),
        valid=int(entry["valid"]),
        score=entry["score"],
        satisfaction_rate=entry["satisfaction_rate"],
        grade=entry["grade"],
        routine_score=entry["routine_score"],
        composite=entry["composite"],
    )


def result_tables(snapshot: dict[str, Any]) -> ResultTables:
    """A snapshot as per-group tables, in the snapshot's own order."""
    choices = list(snapshot["rule"]["choices"])
    codes = [choice["code"] for choice in choices]
    by_id = {int(entry["participant"]): entry for entry in snapshot["departments"]}
    sessions = [
        {
            **session,
            "opens": _parsed(session.get("opens_at")),
            "closes": _parsed(session.get("closes_at")),
        }
        for session in snapshot["sessions"]
    ]
    session_of = {session["group"]: session for session in sessions}
    groups = [
        GroupTable(
            name=group["name"],
            rows=[_row(by_id[int(pk)], codes) for pk in group["departments"]],
            session=session_of.get(group["name"]),
        )
        for group in snapshot["groups"]
    ]
    return ResultTables(
        choices=choices,
        groups=groups,
        sessions=sessions,
        has_composite=any(e["composite"] is not None for e in by_id.values()),
        has_grades=bool(snapshot["rule"]["grades"]),
        participations=sum(int(s["participations"]) for s in sessions),
    )


def snapshot_department(snapshot: dict[str, Any], participant_id: int) -> TableRow:
    codes = [choice["code"] for choice in snapshot["rule"]["choices"]]
    for entry in snapshot["departments"]:
        if int(entry["participant"]) == participant_id:
            return _row(entry, codes)
    raise Http404("结果中没有该部门")


# Results by who may read them ----------------------------------------------------------
