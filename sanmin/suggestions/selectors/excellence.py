"""Reads of 优秀建议: the office's ranked nominations, the panel's blind view of a
case, and the public list of excellent and adopted suggestions.

The panel never sees who submitted a case (name, organisation, tracking number);
the public list shows the submitter's name only when they consented (show_name).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from sanmin.accounts.models import STAFF_ROLES, Role, User
from sanmin.campaigns.models import Campaign
from sanmin.suggestions.models import (
    Adoption,
    Criterion,
    ItemStatus,
    Nomination,
    Panelist,
    Score,
    Source,
    Status,
    Suggestion,
    Tier,
)

TIER_ORDER = {tier: index for index, tier in enumerate(Tier.values)}


def panelist_of(*, user: Any, campaign: Campaign) -> Panelist | None:
    """The user's place on the campaign's panel, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Panelist.objects.filter(campaign=campaign, user=user).first()


def panelists(*, campaign: Campaign) -> list[Panelist]:
    return list(
        Panelist.objects.filter(campaign=campaign)
        .select_related("user")
        .order_by("user__display_name", "user__username")
    )


def panel_candidates(*, campaign: Campaign) -> QuerySet[User]:
    """Staff who may join the panel and are not on it (department staff never)."""
    roles = [role for role in STAFF_ROLES if role != Role.DEPARTMENT]
    on_panel = Panelist.objects.filter(campaign=campaign).values("user_id")
    return (
        User.objects.filter(is_active=True, role__in=roles)
        .exclude(pk__in=on_panel)
        .order_by("role", "display_name", "username")
    )


def criteria_of(*, campaign: Campaign) -> list[Criterion]:
    return list(Criterion.objects.filter(campaign=campaign).order_by("order", "pk"))


def criteria_locked(*, campaign: Campaign) -> bool:
    """Criteria stay as they are once any score exists."""
    return Score.objects.filter(criterion__campaign=campaign).exists()


@dataclass
class Ranked:
    """One nomination as the office ranks it."""

    nomination: Nomination
    mean_total: float | None
    scored: int
    rank: int | None = None


def nominations_ranked(*, campaign: Campaign) -> list[Ranked]:
    """The campaign's nominations, best mean total first.

    1. Sum each panelist's points per nomination (one row per pair).
    2. Mean over the panelists who scored; nominations without a score come last.
    3. Rank 1, 2, ... with ties sharing a rank.
    """
    nominations = list(
        Nomination.objects.filter(suggestion__campaign=campaign)
        .select_related("suggestion__topic")
        .order_by("nominated_at", "pk")
    )
    totals: dict[int, list[int]] = defaultdict(list)
    rows = (
        Score.objects.filter(nomination__in=nominations)
        .values("nomination_id", "panelist_id")
        .annotate(total=Sum("points"))
        .order_by()
    )
    for row in rows:
        totals[row["nomination_id"]].append(int(row["total"]))
    ranked = [
        Ranked(
            nomination=n,
            mean_total=(
                round(sum(totals[n.pk]) / len(totals[n.pk]), 2)
                if totals[n.pk]
                else None
            ),
            scored=len(totals[n.pk]),
        )
        for n in nominations
    ]
    ranked.sort(key=lambda r: (r.mean_total is None, -(r.mean_total or 0)))
    previous: float | None = None
    rank = 0
    for position, entry in enumerate(ranked, 1):
        if entry.mean_total is None:
            continue
        if entry.mean_total != previous:
            rank = position
            previous = entry.mean_total
        entry.rank = rank
    return ranked


def nomination_for_office(*, user: Any, pk: int) -> Nomination:
    if getattr(user, "role", "") != Role.OFFICE:
        raise Http404("没有这项候选")
    nomination = (
        Nomination.objects.select_related("suggestion__campaign").filter(pk=pk).first()
    )
    if nomination is None:
        raise Http404("没有这项候选")
    return nomination


def nomination_for_panelist(*, panelist: Panelist, pk: int) -> Nomination:
    """A nomination of the panelist's campaign; 404 otherwise."""
    nomination = (
        Nomination.objects.select_related("suggestion__campaign", "suggestion__topic")
        .filter(pk=pk, suggestion__campaign=panelist.campaign)
        .first()
    )
    if nomination is None:
        raise Http404("没有这项候选")
    return nomination


@dataclass(frozen=True)
class Answer:
    summary: str
    department: str
    text: str


def case_answers(*, suggestion: Suggestion) -> list[Answer]:
    """The approved answers of a case's items (and its public answer, if any)."""
    answers = [
        Answer(summary=item.summary, department=item.lead.name, text=item.answer)
        for item in suggestion.items.filter(status=ItemStatus.APPROVED)
        .select_related("lead")
        .order_by("seq")
    ]
    if suggestion.publication_id:
        publication = suggestion.publication
        assert publication is not None
        answers.append(
            Answer(summary="公开答复", department="", text=publication.answer)
        )
    return answers


@dataclass(frozen=True)
class BlindCase:
    """A nominated case as the panel sees it: content, never the submitter."""

    pk: int
    title: str
    topic: str
    text: str
    place: str
    district: str
    answers: list[Answer]
    tier: str
    my_scores: dict[int, int] = field(default_factory=dict)

    @property
    def scored(self) -> bool:
        return bool(self.my_scores)

    @property
    def my_total(self) -> int:
        return sum(self.my_scores.values())


def _blind(nomination: Nomination, scores: dict[int, int], answers: bool) -> BlindCase:
    case = nomination.suggestion
    return BlindCase(
        pk=nomination.pk,
        title=case.title,
        topic=case.topic.name,
        text=case.text,
        place=case.place,
        district=case.district.name if case.district else "",
        answers=case_answers(suggestion=case) if answers else [],
        tier=nomination.get_tier_display(),
        my_scores=scores,
    )


def _my_scores(panelist: Panelist, nominations: list[Nomination]) -> dict[int, dict]:
    mine: dict[int, dict[int, int]] = defaultdict(dict)
    for score in Score.objects.filter(panelist=panelist, nomination__in=nominations):
        mine[score.nomination_id][score.criterion_id] = score.points
    return mine


def panel_cases(*, panelist: Panelist) -> list[BlindCase]:
    """The nominations of the panelist's campaign, with their own scores."""
    nominations = list(
        Nomination.objects.filter(suggestion__campaign=panelist.campaign)
        .select_related("suggestion__topic", "suggestion__district")
        .order_by("nominated_at", "pk")
    )
    mine = _my_scores(panelist, nominations)
    return [_blind(n, mine.get(n.pk, {}), answers=False) for n in nominations]


def panel_case(*, panelist: Panelist, nomination: Nomination) -> BlindCase:
    mine = _my_scores(panelist, [nomination])
    return _blind(nomination, mine.get(nomination.pk, {}), answers=True)


def adoptions_of(*, suggestion: Suggestion) -> list[Adoption]:
    """A case's adoptions, for the office's case page."""
    return list(
        Adoption.objects.filter(suggestion=suggestion)
        .select_related("department")
        .order_by("recorded_at", "pk")
    )


@dataclass(frozen=True)
class Excellent:
    """One line of the public list."""

    title: str
    topic: str
    tier: str
    tier_code: str
    author: str
    answers: list[Answer]
    adoptions: list[str]


def public_author(suggestion: Suggestion) -> str:
    """The name shown to the public: only with the submitter's consent."""
    if not suggestion.show_name:
        return ""
    if suggestion.source == Source.ORGANISATION:
        return suggestion.org_name
    return suggestion.submitter.display_name


def _adoption_label(adoption: Adoption) -> str:
    if adoption.department is not None:
        return f"纳入{adoption.department.name}下一年度工作计划"
    return adoption.get_kind_display()


def excellent_public(*, campaign: Campaign) -> list[Excellent]:
    """The campaign's awarded suggestions, first tier first."""
    nominations = list(
        Nomination.objects.filter(
            suggestion__campaign=campaign, published_at__isnull=False
        )
        .exclude(tier="")
        .select_related(
            "suggestion__topic", "suggestion__submitter", "suggestion__publication"
        )
        .prefetch_related("suggestion__adoptions__department")
    )
    nominations.sort(key=lambda n: (TIER_ORDER[n.tier], n.awarded_at, n.pk))
    return [
        Excellent(
            title=n.suggestion.title,
            topic=n.suggestion.topic.name,
            tier=n.get_tier_display(),
            tier_code=n.tier,
            author=public_author(n.suggestion),
            answers=case_answers(suggestion=n.suggestion),
            adoptions=[_adoption_label(a) for a in n.suggestion.adoptions.all()],
        )
        for n in nominations
    ]


@dataclass(frozen=True)
class PublicAdoption:
    title: str
    topic: str
    label: str


def adoptions_public(*, campaign: Campaign) -> list[PublicAdoption]:
    """Adoptions of cases the public may read (published or awarded) only."""
    public_case = Q(suggestion__status=Status.PUBLISHED) | Q(
        suggestion__nomination__published_at__isnull=False
    )
    adoptions = (
        Adoption.objects.filter(public_case, suggestion__campaign=campaign)
        .select_related("suggestion__topic", "department")
        .order_by("kind", "recorded_at", "pk")
    )
    return [
        PublicAdoption(
            title=a.suggestion.title,
            topic=a.suggestion.topic.name,
            label=_adoption_label(a),
        )
        for a in adoptions
    ]
