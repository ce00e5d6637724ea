"""The draw's report: per cell seats, alternates, eligible, chances and rotation;
over all candidates the lowest, median and highest chance against the bound; for
each fair component its lowest chance against its linear-programming bound.

Chances are members' selection probabilities before the draw: alternates, and the
seats they may take later by replacement, are not counted. Alternates are ranked in
the cell's ordering without regard to balance targets (ordering.py), so the targets
hold for the panel as drawn, not necessarily after replacements. The bound is the highest lowest-chance any lottery could give: in a quota
cell seats ÷ eligible; in a fair component the LP bound. The cap on returners
lowers returners' chances in cells where more returners than the cap could come
up; those cells are listed in `rotation.cap_may_bind`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from sanmin.representatives.draw.chances import cell_chances, weighted_summary
from sanmin.representatives.draw.fingerprints import panel_fingerprint
from sanmin.representatives.draw.model import MEMBER, Inputs, Lottery

if TYPE_CHECKING:
    from sanmin.representatives.draw.ordering import CellResult


def _lottery_chances(lottery: Lottery) -> dict[str, list[tuple[float, int, bool]]]:
    """Per cell: (chance, how many candidates, returner) for each type."""
    by_cell: dict[str, list[tuple[float, int, bool]]] = defaultdict(list)
    for kind, count, chance in zip(
        lottery.types, lottery.counts, lottery.chances(), strict=True
    ):
        by_cell[kind.cell].append((chance, count, kind.returner))
    return by_cell


def _mean(values: list[tuple[float, int, bool]], returner: bool) -> float | None:
    chosen = [(c, n) for c, n, r in values if r == returner]
    people = sum(n for _, n in chosen)
    return sum(c * n for c, n in chosen) / people if people else None


def build_report(
    *,
    inputs: Inputs,
    results: Mapping[str, CellResult],
    drawn: Mapping[str, int],
) -> dict[str, Any]:
    eligible: Counter[str] = Counter()
    returners: Counter[str] = Counter()
    for row in inputs.pool:
        eligible[row.cell] += 1
        returners[row.cell] += row.returner
    fair_chances: dict[str, list[tuple[float, int, bool]]] = {}
    for lottery in inputs.lotteries:
        fair_chances.update(_lottery_chances(lottery))
    everyone: list[tuple[float, int]] = []
    bounds: list[float] = []
    cells = []
    cap_may_bind, cap_bound = [], []
    members = new_members = 0
    for cell in inputs.cells:
        result = results[cell.key]
        n, r = eligible[cell.key], returners[cell.key]
        seated = [e for e in result.entries if e.role == MEMBER]
        new_here = sum(not e.returner for e in seated)
        members += len(seated)
        new_members += new_here
        if cell.key in fair_chances:
            types = fair_chances[cell.key]
            new_chance = _mean(types, False)
            returner_chance = _mean(types, True)
            everyone += [(c, count) for c, count, _ in types]
            chances_here = [c for c, _, _ in types]
        else:
            new_exact, returner_exact = cell_chances(
                eligible=n, returners=r, seats=cell.seats, cap=cell.returner_cap
            )
            new_chance = float(new_exact) if n - r else None
            returner_chance = float(returner_exact) if r else None
            if new_chance is not None:
                everyone.append((new_chance, n - r))
            if returner_chance is not None:
                everyone.append((returner_chance, r))
            bounds.append(float(Fraction(cell.seats, n)))
            chances_here = [c for c in (new_chance, returner_chance) if c is not None]
            if r > cell.returner_cap and cell.seats > cell.returner_cap:
                cap_may_bind.append(cell.key)
        if result.cap_skipped:
            cap_bound.append(cell.key)
        cells.append(
            {
                "key": cell.key,
                "category": cell.category,
                "district": cell.district,
                "seats": cell.seats,
                "alternates": cell.alternates,
                "eligible": n,
                "returners": r,
                "returner_cap": cell.returner_cap,
                "fair": cell.key in fair_chances,
                "chance": cell.seats / n,
                "new_chance": new_chance,
                "returner_chance": returner_chance,
                "lowest_chance": min(chances_here),
                "highest_chance": max(chances_here),
                "members_new": new_here,
                "members_returning": len(seated) - new_here,
                "new_share": new_here / cell.seats if cell.seats else 1.0,
                "cap_bound": bool(result.cap_skipped),
                "skipped_returners": result.skipped_returners,
            }
        )
    fair = []
    for lottery in inputs.lotteries:
        bound = float(lottery.bound)
        bounds.append(bound)
        lowest = min(lottery.chances())
        fair.append(
            {
                "key": lottery.key,
                "cells": len(lottery.cells),
                "types": len(lottery.types),
                "panels": len(lottery.panels),
                "stages": lottery.stages,
                "iterations": lottery.iterations,
                "bound": bound,
                "lowest_chance": lowest,
                "gap": (bound - lowest) / bound if bound else 0.0,
                "drawn_panel": drawn.get(lottery.key),
            }
        )
    summary = weighted_summary(everyone)
    bound = min(bounds) if bounds else 0.0
    entries = [e for result in results.values() for e in result.entries]
    return {
        "method": "fair" if inputs.lotteries else "cells",
        "software_version": inputs.software_version,
        "cells": cells,
        "chances": {
            **summary,
            "bound": bound,
            "gap": (bound - summary["min"]) / bound if bound else 0.0,
        },
        "rotation": {
            "new_share": new_members / members if members else 1.0,
            "members_new": new_members,
            "members_returning": members - new_members,
            "excluded": len(inputs.exclusions),
            "cap_bound": cap_bound,
            "cap_may_bind": cap_may_bind,
        },
        "fair": fair,
        "totals": {
            "cells": len(inputs.cells),
            "eligible": len(inputs.pool),
            "members": members,
            "alternates": len(entries) - members,
        },
        "panel_fingerprint": panel_fingerprint(entries),
    }
