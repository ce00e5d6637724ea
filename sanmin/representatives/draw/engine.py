"""The draw from start to end, on plain data: `prepare` before the seed is known
(what the commitment covers), `run` once it is.

prepare:
1. Rotation: candidates who served each of the last `max_consecutive_years` years
   leave the pool (rotation.py).
2. Alternates per district-level cell (alternates.py) and each cell's returner cap.
3. Short cells: a cell that cannot fill its seats and alternates stops the draw,
   every such cell listed with its shortfall.
4. Cells linked by balance targets get a fair lottery over panels (fair.py); the
   others are quota cells, where plain sampling is already fairest.

run:
1. Each fair component draws one panel from its lottery with its own stream.
2. Each cell orders its candidates with its own stream and walks the ordering
   (ordering.py): members, then alternates in order.
3. The report: chances, rotation and fingerprints (report.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sanmin.representatives.draw import alternates as alt
from sanmin.representatives.draw import fair, ordering, rotation
from sanmin.representatives.draw.model import (
    ATTRIBUTES,
    CellSpec,
    Entry,
    Inputs,
    Lottery,
    Outcome,
    PoolRow,
    Rules,
    ShortCell,
    Target,
    TypeKey,
)
from sanmin.representatives.draw.randomness import lottery_stream
from sanmin.representatives.draw.report import build_report

# The part of the software version that decides the result: change it whenever the
# same inputs and seed could give another panel.
ALGORITHM = "sanmin-draw/1"


def software_version(package_version: str) -> str:
    return f"{ALGORITHM} sanmin/{package_version}"[:40]


class DrawRefused(Exception):
    """The draw cannot be made: short cells, impossible targets, bad targets."""

    def __init__(
        self,
        *,
        short: Sequence[ShortCell] = (),
        infeasible: Sequence[fair.Infeasible] = (),
        problems: Sequence[str] = (),
    ) -> None:
        super().__init__("draw refused")
        self.short = list(short)
        self.infeasible = list(infeasible)
        self.problems = list(problems)


@dataclass
class Prepared:
    inputs: Inputs
    fair_stats: list[fair.Stats] = field(default_factory=list)


def _target_problems(cells: Sequence[CellSpec], targets: Sequence[Target]) -> list[str]:
    districts = {c.district for c in cells if c.district}
    problems = []
    for target in targets:
        if target.attribute not in ATTRIBUTES:
            problems.append(f"未知的结构平衡维度：{target.attribute}")
        if target.district and target.district not in districts:
            problems.append(f"结构平衡目标的区（市）没有代表名额：{target.district}")
        if target.minimum > target.maximum:
            problems.append(f"结构平衡目标最少人数大于最多人数：{target.value}")
    return problems


def prepare(
    *,
    cells: Sequence[CellSpec],
    rows: Sequence[PoolRow],
    rules: Rules,
    targets: Sequence[Target] = (),
    version: str = ALGORITHM,
    relative_tolerance: float = fair.RELATIVE_TOLERANCE,
) -> Prepared:
    """Everything but the seed (steps 1–4 of the module docstring)."""
    known = {c.key for c in cells}
    stray = sorted({row.cell for row in rows} - known)
    if stray:
        raise DrawRefused(problems=[f"候选人所在单元不在名额表中：{k}" for k in stray])
    pool, exclusions = rotation.split_excluded(rows, rules.max_consecutive_years)
    allocation = alt.allocate_alternates(cells, rules.alternate_rate)
    full = [
        replace(
            cell,
            alternates=allocation[cell.key],
            returner_cap=alt.returner_cap(cell.seats, rules.rotation_min_new),
        )
        for cell in cells
    ]
    short = rotation.short_cells(full, pool)
    problems = _target_problems(full, targets)
    if short or problems:
        raise DrawRefused(short=short, problems=problems)
    order = {c.key: i for i, c in enumerate(full)}
    pool.sort(key=lambda row: (order[row.cell], row.hash))
    lotteries, stats, infeasible = [], [], []
    for members, linked in fair.components(full, targets):
        try:
            lottery, solved = fair.fair_lottery(
                members, linked, pool, relative_tolerance=relative_tolerance
            )
        except fair.Infeasible as error:
            infeasible.append(error)
            continue
        lotteries.append(lottery)
        stats.append(solved)
    if infeasible:
        raise DrawRefused(infeasible=infeasible)
    inputs = Inputs(
        software_version=version,
        rules=rules,
        cells=tuple(full),
        pool=tuple(pool),
        exclusions=tuple(exclusions),
        targets=tuple(targets),
        lotteries=tuple(lotteries),
    )
    return Prepared(inputs=inputs, fair_stats=stats)


def draw_panel(lottery: Lottery, seed: bytes) -> int:
    """The index of the panel the seed picks (probability weight ÷ total)."""
    point = lottery_stream(seed, lottery.key).below(lottery.total)
    for index, weight in enumerate(lottery.weights):
        if point < weight:
            return index
        point -= weight
    raise ValueError("weights do not add up to the total")


def run(inputs: Inputs, seed: str) -> Outcome:
    """Every cell's ranked entries and the report, from the inputs and the seed."""
    key = bytes.fromhex(seed)
    by_cell: dict[str, list[PoolRow]] = defaultdict(list)
    for row in inputs.pool:
        by_cell[row.cell].append(row)
    short = rotation.short_cells(inputs.cells, inputs.pool)
    if short:
        raise DrawRefused(short=short)
    panel_counts: dict[str, dict[TypeKey, int]] = {}
    drawn: dict[str, int] = {}
    for lottery in inputs.lotteries:
        index = draw_panel(lottery, key)
        drawn[lottery.key] = index
        for kind, count in zip(lottery.types, lottery.panels[index], strict=True):
            panel_counts.setdefault(kind.cell, {})[kind] = count
    entries: list[Entry] = []
    results = {}
    for cell in inputs.cells:
        ordered = ordering.cell_ordering(key, cell.key, by_cell[cell.key])
        if cell.key in panel_counts:
            result = ordering.walk_with_panel(cell, ordered, panel_counts[cell.key])
        else:
            result = ordering.walk_with_cap(cell, ordered)
        results[cell.key] = result
        entries += result.entries
    report = build_report(inputs=inputs, results=results, drawn=drawn)
    return Outcome(entries=entries, report=report)
