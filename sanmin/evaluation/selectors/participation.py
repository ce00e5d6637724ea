"""Live participation: who was invited to rate a session and how many have voted.

Counted with two GROUP BY queries each time it is asked (invited from the roster,
voted from `Participation` joined to the roster), never from a counter row that every
ballot would have to update: such a row serialises all casts on one lock. Nothing
here reads ballot content, and nothing names a person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count

from sanmin.campaigns.models import District, QuotaCategory, Session
from sanmin.evaluation.models import Participation
from sanmin.evaluation.selectors.ballots import session_roster
from sanmin.representatives.models import Representative
from sanmin.representatives.selectors import ACTIVE_STATUSES

UNASSIGNED = "未分配"


@dataclass(frozen=True)
class Turnout:
    """Invited, voted and the rate of one group (a district, a category, the total)."""

    label: str
    invited: int
    voted: int

    @property
    def rate(self) -> float:
        """Voted ÷ invited, 0 when nobody was invited."""
        return self.voted / self.invited if self.invited else 0.0

    @property
    def percent(self) -> str:
        return f"{self.rate * 100:.1f}"

    @property
    def waiting(self) -> int:
        return max(self.invited - self.voted, 0)


@dataclass(frozen=True)
class SessionParticipation:
    session: Session
    district: District | None  # the scope; None for every district
    total: Turnout
    by_district: list[Turnout] = field(default_factory=list)
    by_category: list[Turnout] = field(default_factory=list)


Key = tuple[int | None, int | None]  # (district id, category id)


def _invited(*, session: Session, district: District | None) -> dict[Key, int]:
    roster = Representative.objects.filter(
        campaign_id=session.campaign_id,
        roster=session_roster(session),
        status__in=ACTIVE_STATUSES,
    )
    if district is not None:
        roster = roster.filter(district=district)
    rows = roster.values_list("district_id", "category_id").annotate(n=Count("id"))
    return {(d, c): n for d, c, n in rows.order_by()}


def _voted(*, session: Session, district: District | None) -> dict[Key, int]:
    # Every participation of the session counts, even of a representative replaced
    # after voting: a cast ballot stays cast.
    voted = Participation.objects.filter(session=session)
    if district is not None:
        voted = voted.filter(representative__district=district)
    rows = voted.values_list(
        "representative__district_id", "representative__category_id"
    ).annotate(n=Count("id"))
    return {(d, c): n for d, c, n in rows.order_by()}


def _roll_up(
    *,
    invited: dict[Key, int],
    voted: dict[Key, int],
    position: int,
    labels: dict[int, str],
    order: Iterable[int],
) -> list[Turnout]:
    """Sum the (district, category) cells along one axis, in the given order."""
    sums: dict[int | None, list[int]] = defaultdict(lambda: [0, 0])
    for key, n in invited.items():
        sums[key[position]][0] += n
    for key, n in voted.items():
        sums[key[position]][1] += n
    ordered: list[int | None] = [pk for pk in order if pk in sums]
    ordered += [pk for pk in sums if pk not in ordered]
    return [
        Turnout(
            label=labels.get(pk, UNASSIGNED) if pk is not None else UNASSIGNED,
            invited=sums[pk][0],
            voted=sums[pk][1],
        )
        for pk in ordered
    ]


def session_participation(
    *, session: Session, district: District | None = None
) -> SessionParticipation:
    """Invited, voted and rate for a session: in total, by district and by category.

    1. Invited: the session's roster (public or internal) of the campaign, serving
       (selected or confirmed), counted per (district, category).
    2. Voted: the session's participations, counted per (district, category) of the
       representative who took part.
    3. Both are summed along each axis in Python; `district` limits everything to one
       district (district staff).
    """
    invited = _invited(session=session, district=district)
    voted = _voted(session=session, district=district)
    districts = (
        [district]
        if district is not None
        else list(District.objects.order_by("order", "code"))
    )
    categories = list(
        QuotaCategory.objects.filter(campaign_id=session.campaign_id).order_by(
            "level", "order"
        )
    )
    return SessionParticipation(
        session=session,
        district=district,
        total=Turnout(
            label=district.name if district else "合计",
            invited=sum(invited.values()),
            voted=sum(voted.values()),
        ),
        by_district=_roll_up(
            invited=invited,
            voted=voted,
            position=0,
            labels={d.pk: d.name for d in districts},
            order=[d.pk for d in districts],
        ),
        by_category=_roll_up(
            invited=invited,
            voted=voted,
            position=1,
            labels={c.pk: c.name for c in categories},
            order=[c.pk for c in categories],
        ),
    )


def session_voted_count(*, session: Session) -> int:
    return Participation.objects.filter(session=session).count()


def participation_sessions() -> list[Session]:
    """Sessions that have an evaluation window, newest campaign first."""
    return list(
        Session.objects.filter(window__isnull=False)
        .select_related("campaign", "window")
        .order_by("-campaign__year", "campaign__slug", "starts_at")
    )


__all__ = [
    "SessionParticipation",
    "Turnout",
    "participation_sessions",
    "session_participation",
    "session_voted_count",
]
