"""Reads of the draw: the live draw of a campaign, the review status of every cell
(what blocks a commit), names for cells, the published record, and how the roster
built from a draw departs from it (for verify).

Nothing here returns a name or an ID number: the draw's pages show counts,
fingerprints and keyed hashes only.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from sanmin.campaigns.models import Campaign, District
from sanmin.representatives.cells import campaign_cells, candidate_cell_key
from sanmin.representatives.draw.alternates import allocate_alternates
from sanmin.representatives.draw.model import CellSpec
from sanmin.representatives.models import (
    Candidate,
    Draw,
    DrawEntry,
    Representative,
    Review,
)


def draw_live(*, campaign: Campaign) -> Draw | None:
    """The campaign's draw that is not void (at most one, by a constraint)."""
    return (
        Draw.objects.filter(campaign=campaign)
        .exclude(state=Draw.State.VOID)
        .select_related("campaign", "committed_by", "drawn_by")
        .first()
    )


def draw_get(*, draw_id: int) -> Draw | None:
    return (
        Draw.objects.select_related("campaign", "committed_by", "drawn_by")
        .filter(pk=draw_id)
        .first()
    )


def draws_of(*, campaign: Campaign) -> list[Draw]:
    """Every draw of the campaign, void ones included, newest first."""
    return list(Draw.objects.filter(campaign=campaign).order_by("-committed_at", "-pk"))


def district_names() -> dict[str, str]:
    return dict(District.objects.values_list("code", "name"))


def cell_names(*, campaign: Campaign) -> dict[str, str]:
    """A readable name per cell key: 「category（district）」 or the category."""
    categories = dict(campaign.quotas.values_list("code", "name"))
    districts = district_names()
    names = {}
    for cell in campaign_cells(campaign):
        name = categories.get(cell.category_code, cell.category_code)
        if cell.district_code:
            name = f"{name}（{districts.get(cell.district_code, cell.district_code)}）"
        names[cell.key] = name
    return names


def campaign_cell_specs(*, campaign: Campaign) -> list[CellSpec]:
    return [
        CellSpec(c.key, c.category_code, c.district_code, c.seats)
        for c in campaign_cells(campaign)
    ]


@dataclass(frozen=True)
class CellStatus:
    """Where a cell stands before the draw (before rotation exclusions)."""

    key: str
    name: str
    seats: int
    alternates: int
    pending: int
    eligible: int
    rejected: int

    @property
    def needed(self) -> int:
        return self.seats + self.alternates

    @property
    def missing(self) -> int:
        """How many more eligible candidates the cell needs at least."""
        return max(0, self.needed - self.eligible)


def draw_cell_status(*, campaign: Campaign) -> list[CellStatus]:
    """Per cell: seats, alternates, and candidates pending, eligible and rejected."""
    specs = campaign_cell_specs(campaign=campaign)
    alternates = allocate_alternates(specs, str(campaign.alternate_rate))
    names = cell_names(campaign=campaign)
    categories = {q.pk: q for q in campaign.quotas.all()}
    districts = {d.pk: d for d in District.objects.all()}
    pending: Counter[str] = Counter()
    eligible: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    counts = (
        Candidate.objects.filter(campaign=campaign)
        .values("category_id", "district_id")
        .annotate(
            passed=Count(
                "pk",
                filter=Q(police_review=Review.PASSED, petition_review=Review.PASSED),
            ),
            refused=Count(
                "pk",
                filter=Q(police_review=Review.REJECTED)
                | Q(petition_review=Review.REJECTED),
            ),
            total=Count("pk"),
        )
        .order_by()
    )
    for row in counts:
        category = categories[row["category_id"]]
        district = districts.get(row["district_id"])
        try:
            key = candidate_cell_key(category, district)
        except ValueError:
            key = f"{category.code}@"
        eligible[key] += row["passed"]
        rejected[key] += row["refused"]
        pending[key] += row["total"] - row["passed"] - row["refused"]
    return [
        CellStatus(
            key=spec.key,
            name=names[spec.key],
            seats=spec.seats,
            alternates=alternates[spec.key],
            pending=pending[spec.key],
            eligible=eligible[spec.key],
            rejected=rejected[spec.key],
        )
        for spec in specs
    ]


def draw_public_cells(*, draw: Draw, names: dict[str, str]) -> list[dict[str, Any]]:
    """Counts per cell for the published record: seats, alternates, eligible,
    excluded by rotation and, once drawn, members new and returning."""
    inputs = draw.inputs
    eligible: Counter[str] = Counter(row["cell"] for row in inputs.get("pool", []))
    excluded: Counter[str] = Counter(e["cell"] for e in inputs.get("exclusions", []))
    drawn = {c["key"]: c for c in (draw.report or {}).get("cells", [])}
    rows = []
    for cell in inputs.get("cells", []):
        key = cell["key"]
        result = drawn.get(key, {})
        rows.append(
            {
                "key": key,
                "name": names.get(key, key),
                "seats": cell["seats"],
                "alternates": cell["alternates"],
                "returner_cap": cell["returner_cap"],
                "eligible": eligible[key],
                "excluded": excluded[key],
                "chance": percent(result.get("chance")),
                "lowest_chance": percent(result.get("lowest_chance")),
                "new_share": percent(result.get("new_share"), places=1),
                "members_new": result.get("members_new"),
                "cap_bound": result.get("cap_bound", False),
                "fair": result.get("fair", False),
            }
        )
    return rows


# The fair lottery's lowest chance should be within 0.1% of the LP bound.
FAIR_GAP_GOAL = 0.001


def percent(value: float | None, *, places: int = 3) -> str | None:
    """A probability or share as a percentage for pages ("6.623%")."""
    if value is None:
        return None
    return f"{value * 100:.{places}f}%"


def _component_label(key: str, districts: dict[str, str]) -> str:
    """“市南区” for a district's component, else “N 个单元（跨区）”."""
    kind, _, rest = key.partition(":")
    if kind == "district":
        return districts.get(rest, rest)
    return f"{rest.rpartition('+')[2]} 个单元（跨区或全市）"


def draw_report_summary(*, draw: Draw) -> dict[str, Any]:
    """The report's figures over all candidates, formatted for the pages."""
    report = draw.report or {}
    districts = district_names()
    chances = report.get("chances", {})
    rotation = report.get("rotation", {})
    fair = [
        {
            **component,
            "label": _component_label(component["key"], districts),
            "bound_percent": percent(component["bound"], places=4),
            "lowest_percent": percent(component["lowest_chance"], places=4),
            "gap_percent": percent(component["gap"], places=4),
            "near_bound": component["gap"] <= FAIR_GAP_GOAL,
        }
        for component in report.get("fair", [])
    ]
    return {
        "min": percent(chances.get("min"), places=4),
        "min_short": percent(chances.get("min"), places=2),
        "median": percent(chances.get("median"), places=4),
        "max": percent(chances.get("max"), places=4),
        "bound": percent(chances.get("bound"), places=4),
        "gap": percent(chances.get("gap"), places=4),
        "at_bound": chances.get("gap", 1) <= 1e-12,
        "new_share": percent(rotation.get("new_share"), places=1),
        "members_new": rotation.get("members_new"),
        "members_returning": rotation.get("members_returning"),
        "cap_may_bind": len(rotation.get("cap_may_bind", [])),
        "fair": fair,
        "method": report.get("method"),
        "totals": report.get("totals", {}),
    }


def draw_roster_problems(*, draw: Draw) -> tuple[list[str], int, int]:
    """What is wrong with the roster built from `draw`: (problems, entries from
    the draw, entries not from a draw).

    1. Every public roster entry with a candidate is an entry of the draw, of the
       same cell, with the keyed ID hash the committed pool has for it.
    2. A member's entry replaces nobody; an alternate's entry replaces an entry of
       the same cell that is REPLACED.
    3. In every cell the alternates used are the first ones by rank.
    4. Every member of the draw is on the roster (a replaced one stays, REPLACED).
    Entries without a candidate (the demo, representative_enrol) are not the
    draw's and are only counted.
    """
    reps = list(
        Representative.objects.filter(
            campaign=draw.campaign, roster=Representative.Roster.PUBLIC
        ).values("pk", "candidate_id", "cell", "id_hash", "replaces_id", "status")
    )
    drawn = [r for r in reps if r["candidate_id"] is not None]
    entries = {
        candidate: (cell, rank, role)
        for candidate, cell, rank, role in DrawEntry.objects.filter(
            draw=draw
        ).values_list("candidate_id", "cell", "rank", "role")
    }
    hashes = {row["id"]: row["hash"] for row in draw.inputs.get("pool", [])}
    by_pk = {r["pk"]: r for r in reps}
    problems: list[str] = []
    used: dict[str, list[int]] = defaultdict(list)
    members = 0
    for rep in drawn:
        label = f"代表 #{rep['pk']}"
        entry = entries.get(rep["candidate_id"])
        if entry is None or entry[0] != rep["cell"]:
            problems.append(f"{label} 不在本次抽取结果中")
            continue
        if hashes.get(rep["candidate_id"]) != rep["id_hash"]:
            problems.append(f"{label} 的身份证号摘要与冻结的候选池不符")
        cell, rank, role = entry
        if role == DrawEntry.Role.MEMBER:
            members += 1
            if rep["replaces_id"] is not None:
                problems.append(f"{label} 是入选代表，却登记为替补")
            continue
        replaced = by_pk.get(rep["replaces_id"])
        if (
            replaced is None
            or replaced["cell"] != cell
            or replaced["status"] != Representative.Status.REPLACED
        ):
            problems.append(f"{label} 是备选代表，但没有替补本单元已被替补的代表")
        used[cell].append(rank)
    for cell, ranks in sorted(used.items()):
        first = list(
            DrawEntry.objects.filter(
                draw=draw, cell=cell, role=DrawEntry.Role.ALTERNATE
            )
            .order_by("rank")
            .values_list("rank", flat=True)[: len(ranks)]
        )
        if sorted(ranks) != first:
            problems.append(f"{cell} 的备选代表没有按顺位递补")
    expected = DrawEntry.objects.filter(draw=draw, role=DrawEntry.Role.MEMBER).count()
    if members != expected:
        problems.append(f"名单中有入选代表 {members} 名，抽取结果为 {expected} 名")
    return problems, len(drawn), len(reps) - len(drawn)
