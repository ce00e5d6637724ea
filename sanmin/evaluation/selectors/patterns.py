"""Suspicious voting patterns, for the discipline supervisors. Flags only.

Reads participation rows (who voted when, from which hashed device and network) and
the windows; never a ballot, so nothing here can show how anyone voted. Two kinds of
flag:

- a burst: more than K different representatives voting from one device (or one
  network) within T minutes;
- a fast vote: cast less than S seconds after its window opened, or before the
  session's reports had ended (a window opened early).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Q

from sanmin.campaigns.models import Campaign
from sanmin.evaluation.models import Participation

DEVICE = "device_hash"
NETWORK = "network_hash"
SOURCE_LABELS = {DEVICE: "同一设备", NETWORK: "同一网络"}


@dataclass(frozen=True)
class PatternParams:
    voters: int  # K: flagged when more than K representatives…
    minutes: int  # T: …vote from one source within T minutes
    seconds: int  # S: flagged when cast less than S seconds after opening


def pattern_defaults() -> PatternParams:
    """K, T and S from the settings (read when asked, not at import), or 5, 10, 60."""
    return PatternParams(
        voters=settings.EVALUATION_PATTERN_VOTERS,
        minutes=settings.EVALUATION_PATTERN_MINUTES,
        seconds=settings.EVALUATION_PATTERN_SECONDS,
    )


@dataclass(frozen=True)
class FlaggedVote:
    participation_id: int
    session: str
    voted_at: dt.datetime
    district: str
    seconds_after_open: int | None = None
    reason: str = ""


@dataclass(frozen=True)
class Burst:
    source: str  # DEVICE or NETWORK
    fingerprint: str  # the first characters of the keyed hash, to tell sources apart
    representatives: int
    votes: list[FlaggedVote]

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS[self.source]

    @property
    def first_at(self) -> dt.datetime:
        return self.votes[0].voted_at

    @property
    def last_at(self) -> dt.datetime:
        return self.votes[-1].voted_at


@dataclass(frozen=True)
class PatternReport:
    params: PatternParams
    bursts: list[Burst] = field(default_factory=list)
    fast: list[FlaggedVote] = field(default_factory=list)


def _flagged(vote: Participation, reason: str = "") -> FlaggedVote:
    window = getattr(vote.session, "window", None)
    seconds = None
    if window is not None:
        seconds = int((vote.voted_at - window.opens_at).total_seconds())
    district = vote.representative.district
    return FlaggedVote(
        participation_id=vote.pk,
        session=vote.session.title,
        voted_at=vote.voted_at,
        district=district.name if district else "",
        seconds_after_open=seconds,
        reason=reason,
    )


def _runs(
    votes: list[Participation], *, voters: int, span: dt.timedelta
) -> list[list[Participation]]:
    """Maximal runs of votes lying in some T-minute span with more than K voters.

    A sliding window over the votes in time order keeps a count per representative;
    whenever it holds more than K of them, all its votes are marked. Consecutive
    marked votes make one run.
    """
    marked = [False] * len(votes)
    inside: Counter[int] = Counter()
    left = 0
    last_marked = -1
    for right, vote in enumerate(votes):
        inside[vote.representative_id] += 1
        while vote.voted_at - votes[left].voted_at > span:
            gone = votes[left].representative_id
            inside[gone] -= 1
            if not inside[gone]:
                del inside[gone]
            left += 1
        if len(inside) > voters:
            for index in range(max(left, last_marked + 1), right + 1):
                marked[index] = True
            last_marked = right
    runs: list[list[Participation]] = []
    for index, vote in enumerate(votes):
        if not marked[index]:
            continue
        if index and marked[index - 1]:
            runs[-1].append(vote)
        else:
            runs.append([vote])
    return runs


def pattern_bursts(*, campaign: Campaign, params: PatternParams) -> list[Burst]:
    """Devices and networks from which more than K representatives voted in T minutes.

    1. Find the sources used by more than K representatives overall (one aggregate
       query per kind); only those can burst.
    2. Read their participation rows in time order and slide a T-minute window.
    """
    span = dt.timedelta(minutes=params.minutes)
    found: list[Burst] = []
    for source in (DEVICE, NETWORK):
        base = Participation.objects.filter(session__campaign=campaign).exclude(
            **{source: ""}
        )
        candidates = list(
            base.values_list(source)
            .annotate(n=Count("representative", distinct=True))
            .filter(n__gt=params.voters)
            .values_list(source, flat=True)
            .order_by()
        )
        if not candidates:
            continue
        rows = (
            base.filter(**{f"{source}__in": candidates})
            .select_related("session__window", "representative__district")
            .order_by(source, "voted_at", "pk")
        )
        by_source: dict[str, list[Participation]] = {}
        for vote in rows:
            by_source.setdefault(getattr(vote, source), []).append(vote)
        for fingerprint, votes in by_source.items():
            for run in _runs(votes, voters=params.voters, span=span):
                found.append(
                    Burst(
                        source=source,
                        fingerprint=fingerprint[:12],
                        representatives=len({v.representative_id for v in run}),
                        votes=[_flagged(v) for v in run],
                    )
                )
    return sorted(found, key=lambda burst: (burst.first_at, burst.source))


def pattern_fast_votes(
    *, campaign: Campaign, params: PatternParams
) -> list[FlaggedVote]:
    """Votes cast less than S seconds after opening, or before the reports ended."""
    quick = dt.timedelta(seconds=params.seconds)
    rows = (
        Participation.objects.filter(session__campaign=campaign)
        .filter(
            Q(voted_at__lt=F("session__window__opens_at") + quick)
            | Q(voted_at__lt=F("session__ends_at"))
        )
        .select_related("session__window", "representative__district")
        .order_by("session__starts_at", "voted_at", "pk")
    )
    flagged = []
    for vote in rows:
        reasons = []
        if vote.voted_at < vote.session.ends_at:
            reasons.append("述职结束前评议")
        window = getattr(vote.session, "window", None)
        if window is not None and vote.voted_at < window.opens_at + quick:
            reasons.append(f"开始评议后 {params.seconds} 秒内")
        flagged.append(_flagged(vote, "；".join(reasons)))
    return flagged


def pattern_report_build(*, campaign: Campaign, params: PatternParams) -> PatternReport:
    return PatternReport(
        params=params,
        bursts=pattern_bursts(campaign=campaign, params=params),
        fast=pattern_fast_votes(campaign=campaign, params=params),
    )
