"""The fair lottery for cells linked by balance targets (leximin over types).

When balance targets (gender or age band, per district or citywide) cut across
cells, the quotas no longer decide everything: which combinations of people form a
panel matters, and plain sampling inside each cell could break a target. We then
compute a lottery over whole panels that gives every candidate as equal a chance as
the constraints allow, after Flanigan et al., "Fair algorithms for selecting
citizens' assemblies", Nature 596 (2021), but over *types* rather than persons:
candidates of the same cell, gender, age band and returner flag are
interchangeable, so a panel is a vector x of how many of each type it takes, and a
person of type t is chosen with probability E[x_t] ÷ n_t.

A panel must fill every cell exactly (Σ x over the cell's types = seats), keep the
cell's returners within the rotation cap, and keep every target's group within
[minimum, maximum], with 0 ≤ x_t ≤ n_t integral.

1. Components: cells touched by a common target are solved together (union–find);
   cells touched by none stay quota cells (ordering.py). With targets per district
   each district is one small problem.
2. Leximin over the linear relaxation (`leximin`): maximise z with
   y_t ≥ z·n_t for every type; z* is the LP bound, an upper bound on the lowest
   chance of any lottery. Types whose constraint has a positive dual value cannot
   rise above z* in any optimal solution (complementary slackness): fix them at z*
   and maximise the minimum of the others, until every type is fixed. The result is
   the leximin vector y* of expected type counts.
3. Decomposition (`decompose`): express y* as a lottery over integral panels by
   column generation. Master LP over the panels found so far: minimise δ subject to
   Σ_P λ_P x^P_t + δ·n_t ≥ y*_t, Σ λ_P = 1, λ ≥ 0, so no type's chance falls more
   than δ below its leximin value. Pricing: with the master's duals u, the panel
   maximising Σ u_t x_t (an integer program; its linear relaxation is tried first
   and used when integral) enters if it improves the master. Stop when δ is within
   the tolerance or no panel improves (or at the time limit, with the lottery found
   so far). The lowest chance is then ≥ z* − δ. A component linked by citywide
   targets is decomposed block by block instead and the block lotteries glued
   into whole panels (`glued_panels`); the master runs only if some glued panels
   break a target, starting from those that do not.
4. Integer weights: λ is turned into integer weights summing to `WEIGHT_TOTAL` by
   largest remainder, so drawing a panel from the seeded stream is exact integer
   arithmetic and the reported chances are exact for the lottery actually used.

The lottery depends only on the frozen pool, cells and targets, so it is computed
when the draw is committed and hashed into the commitment; the seed then only picks
a panel (and, inside each type, the people — ordering.py).
"""

from __future__ import annotations

import bisect
import itertools
import os
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import highspy
import numpy as np

from sanmin.representatives.draw.model import (
    CellSpec,
    Lottery,
    PoolRow,
    Target,
    TypeKey,
)

WEIGHT_TOTAL = 10**12
# Stop the decomposition once no type's chance is more than this share of the LP
# bound below its leximin value.
RELATIVE_TOLERANCE = 1e-5
MAX_ITERATIONS = 20_000
# A guard: the decomposition stops after this long with the lottery found so far
# (valid, possibly below the bound: the report shows the gap). A district's
# component takes about a second; a citywide target, which links every cell into
# one component of some 1,500 types, about ten (glued_panels) where column
# generation alone would need many minutes.
TIME_LIMIT_SECONDS = 120.0
# Glued panels that break a target and together weigh at most this are dropped.
GLUE_DROP = 1e-6
DUAL_TOLERANCE = 1e-9
FIX_SLACK = 1e-9


class Infeasible(Exception):
    """No panel meets the component's quotas, caps and targets together."""

    def __init__(self, key: str, cells: Sequence[str], targets: Sequence[Target]):
        super().__init__(key)
        self.key = key
        self.cells = list(cells)
        self.targets = list(targets)


@dataclass
class Row:
    lower: float
    upper: float
    columns: list[int]


@dataclass
class Problem:
    key: str
    cells: list[CellSpec]
    targets: list[Target]
    types: list[TypeKey]
    counts: list[int]
    rows: list[Row] = field(default_factory=list)

    def feasible(self, panel: Sequence[int]) -> bool:
        if any(x < 0 or x > n for x, n in zip(panel, self.counts, strict=True)):
            return False
        for row in self.rows:
            total = sum(panel[c] for c in row.columns)
            if total < row.lower or total > row.upper:
                return False
        return True


@dataclass
class Stats:
    stages: int = 0
    iterations: int = 0
    seconds: float = 0.0
    delta: float = 0.0


def components(
    cells: Sequence[CellSpec], targets: Sequence[Target]
) -> list[tuple[list[CellSpec], list[Target]]]:
    """Groups of cells linked by targets, each with its targets (cell order kept)."""
    parent = {c.key: c.key for c in cells}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    touched: set[str] = set()
    for target in targets:
        keys = [c.key for c in cells if target.touches(c)]
        touched.update(keys)
        for key in keys[1:]:
            parent[root(key)] = root(keys[0])
    groups: dict[str, list[CellSpec]] = defaultdict(list)
    for cell in cells:
        if cell.key in touched:
            groups[root(cell.key)].append(cell)
    result = []
    for members in groups.values():
        mine = [t for t in targets if any(t.touches(c) for c in members)]
        result.append((members, mine))
    result.sort(key=lambda group: group[0][0].key)
    return result


def component_key(cells: Sequence[CellSpec]) -> str:
    districts = {c.district for c in cells}
    if len(districts) == 1 and "" not in districts:
        return f"district:{districts.pop()}"
    return f"cells:{cells[0].key}+{len(cells)}"


def build_problem(
    cells: Sequence[CellSpec], targets: Sequence[Target], pool: Sequence[PoolRow]
) -> Problem:
    keys = {c.key for c in cells}
    tally: dict[TypeKey, int] = defaultdict(int)
    for row in pool:
        if row.cell in keys:
            tally[TypeKey.of(row)] += 1
    order = {c.key: i for i, c in enumerate(cells)}
    types = sorted(
        tally, key=lambda t: (order[t.cell], t.gender, t.age_band, t.returner)
    )
    problem = Problem(
        key=component_key(cells),
        cells=list(cells),
        targets=list(targets),
        types=types,
        counts=[tally[t] for t in types],
    )
    by_cell: dict[str, list[int]] = defaultdict(list)
    for index, kind in enumerate(types):
        by_cell[kind.cell].append(index)
    for cell in cells:
        columns = by_cell[cell.key]
        problem.rows.append(Row(cell.seats, cell.seats, columns))
        returning = [c for c in columns if types[c].returner]
        if sum(problem.counts[c] for c in returning) > cell.returner_cap:
            problem.rows.append(Row(0, cell.returner_cap, returning))
    cell_of = {c.key: c for c in cells}
    for target in targets:
        columns = [
            index
            for index, kind in enumerate(types)
            if target.matches(cell_of[kind.cell], kind.gender, kind.age_band)
        ]
        problem.rows.append(Row(target.minimum, target.maximum, columns))
    return problem


_banner_lock = threading.Lock()
_banner_shown = False


def _new_highs() -> highspy.Highs:
    """A HiGHS instance; the first one of the process prints a copyright banner
    on standard output before options can silence it, which would mix into
    command output (bench's last line is JSON), so that one is made with file
    descriptor 1 pointed at /dev/null."""
    global _banner_shown
    with _banner_lock:
        if _banner_shown:
            return highspy.Highs()
        sys.stdout.flush()
        saved = os.dup(1)
        try:
            with open(os.devnull, "wb") as devnull:
                os.dup2(devnull.fileno(), 1)
                solver = highspy.Highs()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
        _banner_shown = True
        return solver


def _solver(*, presolve: bool = False) -> highspy.Highs:
    """A quiet solver. The LPs here are small and re-solved after small changes:
    without presolve HiGHS starts each from the previous basis."""
    solver = _new_highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("random_seed", 0)
    if not presolve:
        solver.setOptionValue("presolve", "off")
    return solver


def _add_rows(solver: highspy.Highs, rows: Sequence[Row]) -> None:
    starts: list[int] = []
    indices: list[int] = []
    values: list[float] = []
    for row in rows:
        starts.append(len(indices))
        indices += row.columns
        values += [1.0] * len(row.columns)
    solver.addRows(
        len(rows),
        np.array([r.lower for r in rows], dtype=np.float64),
        np.array([r.upper for r in rows], dtype=np.float64),
        len(indices),
        np.array(starts, dtype=np.int32),
        np.array(indices, dtype=np.int32),
        np.array(values, dtype=np.float64),
    )


def _panel_model(problem: Problem, *, integer: bool) -> highspy.Highs:
    solver = _solver(presolve=integer)
    size = len(problem.types)
    solver.addVars(size, np.zeros(size), np.array(problem.counts, dtype=np.float64))
    _add_rows(solver, problem.rows)
    if integer:
        solver.setOptionValue("mip_rel_gap", 1e-7)
        solver.changeColsIntegrality(
            size,
            np.arange(size, dtype=np.int32),
            np.array([highspy.HighsVarType.kInteger] * size),
        )
    return solver


def _optimal(solver: highspy.Highs) -> bool:
    return bool(solver.getModelStatus() == highspy.HighsModelStatus.kOptimal)


def leximin(problem: Problem) -> tuple[np.ndarray, float, int]:
    """The leximin expected type counts y* over the LP relaxation, the LP bound z*
    (the first stage's maximin) and the number of stages."""
    size = len(problem.types)
    counts = np.array(problem.counts, dtype=np.float64)
    solver = _panel_model(problem, integer=False)
    z = size
    solver.addVar(0.0, 1.0)
    solver.changeColCost(z, -1.0)  # minimise −z
    first = solver.getNumRow()
    starts = np.arange(0, 2 * size, 2, dtype=np.int32)
    indices = np.empty(2 * size, dtype=np.int32)
    indices[0::2] = np.arange(size, dtype=np.int32)
    indices[1::2] = z
    values = np.empty(2 * size, dtype=np.float64)
    values[0::2] = 1.0
    values[1::2] = -counts
    solver.addRows(
        size,
        np.zeros(size),
        np.full(size, highspy.kHighsInf),
        2 * size,
        starts,
        indices,
        values,
    )
    free = np.ones(size, dtype=bool)
    bound = 0.0
    stages = 0
    while True:
        solver.run()
        if not _optimal(solver):
            raise Infeasible(
                problem.key, [c.key for c in problem.cells], problem.targets
            )
        solution = solver.getSolution()
        level = float(solution.col_value[z])
        if stages == 0:
            bound = level
        stages += 1
        duals = np.abs(np.array(solution.row_dual[first : first + size]))
        newly = free & (duals > DUAL_TOLERANCE)
        if level >= 1 - FIX_SLACK or not newly.any():
            newly = free.copy()
        for t in np.flatnonzero(newly):
            free[t] = False
            solver.changeCoeff(first + int(t), z, 0.0)
            solver.changeColBounds(
                int(t), max(0.0, (level - FIX_SLACK) * counts[t]), counts[t]
            )
        if not free.any():
            values_y = np.array(solution.col_value[:size])
            return values_y, bound, stages


def _price(
    lp: highspy.Highs, mip: highspy.Highs, weights: np.ndarray
) -> tuple[int, ...] | None:
    size = len(weights)
    columns = np.arange(size, dtype=np.int32)
    for solver in (lp, mip):
        solver.changeColsCost(size, columns, -weights)
        solver.run()
        if not _optimal(solver):
            continue
        values = np.array(solver.getSolution().col_value)
        rounded = np.rint(values)
        if np.all(np.abs(values - rounded) < 1e-6):
            return tuple(int(v) for v in rounded)
    return None


def decompose(
    problem: Problem,
    target: np.ndarray,
    bound: float,
    *,
    relative_tolerance: float = RELATIVE_TOLERANCE,
    max_iterations: int = MAX_ITERATIONS,
    time_limit: float = TIME_LIMIT_SECONDS,
    initial: Sequence[tuple[int, ...]] = (),
) -> tuple[list[tuple[int, ...]], list[float], int, float]:
    """Integral panels and their probabilities whose expected counts come within δ·n_t
    of `target` for every type; returns (panels, λ, iterations, δ). `initial`
    panels (feasible ones) start the master."""
    size = len(problem.types)
    counts = np.array(problem.counts, dtype=np.float64)
    lp = _panel_model(problem, integer=False)
    mip = _panel_model(problem, integer=True)
    starting = [p for p in dict.fromkeys(initial) if problem.feasible(p)]
    first = starting[0] if starting else _price(lp, mip, 1.0 / counts)
    if first is None or not problem.feasible(first):
        raise Infeasible(problem.key, [c.key for c in problem.cells], problem.targets)
    master = _solver()
    # Adding a column keeps the basis primal feasible: primal simplex goes on from it.
    master.setOptionValue("simplex_strategy", 4)
    master.addVar(0.0, highspy.kHighsInf)  # δ
    master.changeColCost(0, 1.0)
    master.addRows(
        size,
        target.astype(np.float64),
        np.full(size, highspy.kHighsInf),
        size,
        np.arange(size, dtype=np.int32),
        np.zeros(size, dtype=np.int32),
        counts,
    )
    master.addRow(1.0, 1.0, 0, np.array([], dtype=np.int32), np.array([]))
    panels: list[tuple[int, ...]] = []
    seen: set[tuple[int, ...]] = set()

    def add(panel: tuple[int, ...]) -> None:
        nonzero = [t for t, x in enumerate(panel) if x]
        master.addCol(
            0.0,
            0.0,
            highspy.kHighsInf,
            len(nonzero) + 1,
            np.array([*nonzero, size], dtype=np.int32),
            np.array([float(panel[t]) for t in nonzero] + [1.0]),
        )
        panels.append(panel)
        seen.add(panel)

    add(first)
    for extra in starting[1:]:
        add(extra)
    tolerance = relative_tolerance * bound
    iterations = 0
    lambdas = [1.0]
    delta = float("inf")
    deadline = time.perf_counter() + time_limit
    while iterations < max_iterations and time.perf_counter() < deadline:
        master.run()
        iterations += 1
        if not _optimal(master):
            # Numerical trouble: keep the last solved lottery (valid panels all).
            break
        solution = master.getSolution()
        delta = float(solution.col_value[0])
        lambdas = [max(0.0, float(v)) for v in solution.col_value[1:]]
        if delta <= tolerance:
            break
        duals = np.array(solution.row_dual)
        weights, convexity = np.maximum(duals[:size], 0.0), float(duals[size])
        panel = _price(lp, mip, weights)
        if panel is None or panel in seen or not problem.feasible(panel):
            break
        if float(np.dot(weights, panel)) + convexity <= DUAL_TOLERANCE:
            break
        add(panel)
    panels = panels[: len(lambdas)]
    return panels, lambdas, iterations, delta


def _blocks(
    cells: Sequence[CellSpec], targets: Sequence[Target]
) -> list[tuple[list[CellSpec], list[Target]]]:
    """The parts of a component that only citywide targets link: the components
    of its district targets, and every cell no district target touches."""
    local = [t for t in targets if t.district]
    blocks = components(cells, local)
    inside = {c.key for members, _ in blocks for c in members}
    return blocks + [([c], []) for c in cells if c.key not in inside]


def glued_panels(
    problem: Problem,
    target: np.ndarray,
    bound: float,
    pool: Sequence[PoolRow],
    *,
    relative_tolerance: float,
    time_limit: float,
) -> tuple[list[tuple[int, ...]], list[float]]:
    """Panels and weights for a component linked by citywide targets.

    Column generation over whole-city panels needs thousands of rounds, so:
    1. Each block (see `_blocks`) decomposes its part of y* on its own (small
       problems, about a second each), with one more row: the members it gives
       the first citywide target's group stay within ⌊m_b⌋ and ⌈m_b⌉, m_b being
       that count under y* (y* meets the row, so the block's lottery exists).
    2. The block lotteries are glued by systematic coupling. Block b lays its
       panels on the circle [0, 1) in order of that count, so its "high" panels
       (⌈m_b⌉) take an arc of length f_b (their probability); the arcs follow one
       another (block b's ends at F_b = f_1 + … + f_b). Every point u of the
       circle picks one panel per block; the cuts between the blocks' intervals
       give whole panels weighted by the length between cuts. At every u the
       number of high blocks is ⌊ΣF⌋ or ⌈ΣF⌉, so the group's total is ⌊M⌋ or
       ⌈M⌉ with M its expected total under y* — within the target whenever y*
       is, even when the target binds.
    The coupling keeps every block's own lottery, so the glued lottery has the
    blocks' expected counts. Glued panels may still break a second citywide
    target (only the first is aligned); if those weigh almost nothing they are
    dropped, else the panels that fit start the master of `decompose`.
    """
    citywide = [t for t in problem.targets if not t.district]
    if not citywide:
        return [], []
    index = {kind: i for i, kind in enumerate(problem.types)}
    cells_of = {c.key: c for c in problem.cells}
    linked = citywide[0]
    blocks = _blocks(problem.cells, [t for t in problem.targets if t.district])
    deadline = time.perf_counter() + time_limit
    # Per block: the start of its first interval on the circle, the right ends of
    # its panels' intervals from there (the last exactly 1) and the panels, as
    # whole-component vectors.
    layouts: list[tuple[float, list[float], list[np.ndarray]]] = []
    arc_end = 0.0
    for members, local in blocks:
        sub = build_problem(members, local, pool)
        if not sub.types:
            continue
        columns = np.array([index[kind] for kind in sub.types])
        in_group = [
            linked.matches(cells_of[k.cell], k.gender, k.age_band) for k in sub.types
        ]
        group = [c for c, g in enumerate(in_group) if g]
        expected = float(sum(target[columns][group]))
        low = int(np.floor(expected + 1e-9))
        high = low if expected - low <= 1e-9 else low + 1
        if group:
            sub.rows.append(Row(low, high, group))
        panels, lambdas, _, _ = decompose(
            sub,
            target[columns],
            bound,
            relative_tolerance=relative_tolerance,
            time_limit=max(1.0, deadline - time.perf_counter()),
        )
        order = sorted(
            (i for i in range(len(panels)) if lambdas[i] > 0),
            key=lambda i: sum(panels[i][c] for c in group),
        )
        mass = sum(lambdas[i] for i in order)
        ends = list(itertools.accumulate(lambdas[i] / mass for i in order))
        ends[-1] = 1.0
        share = sum(lambdas[i] for i in order if sum(panels[i][c] for c in group) > low)
        # The high arc [arc_end, arc_end + f_b) comes last in the block's layout.
        arc_end = (arc_end + share / mass) % 1.0
        wholes = []
        for i in order:
            whole = np.zeros(len(problem.types), dtype=np.int64)
            whole[columns] = panels[i]
            wholes.append(whole)
        layouts.append((arc_end, ends, wholes))
    cuts = {0.0, 1.0}
    for begin, ends, _ in layouts:
        cuts.update((begin + end) % 1.0 for end in [0.0, *ends])
    points = sorted(cuts)
    glued, weights = [], []
    for left, right in itertools.pairwise(points):
        if right - left <= 1e-15:
            continue
        middle = (left + right) / 2
        total = np.zeros(len(problem.types), dtype=np.int64)
        for begin, ends, wholes in layouts:
            at = bisect.bisect_right(ends, (middle - begin) % 1.0)
            total += wholes[min(at, len(wholes) - 1)]
        glued.append(tuple(int(v) for v in total))
        weights.append(right - left)
    return glued, weights


def integer_weights(lambdas: Sequence[float], total: int = WEIGHT_TOTAL) -> list[int]:
    """Non-negative integers summing to `total` in proportion to λ (largest
    remainder, ties by index)."""
    mass = sum(lambdas)
    exact = [value / mass * total for value in lambdas]
    weights = [int(value) for value in exact]
    left = total - sum(weights)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - weights[i]), i))
    for i in order[:left]:
        weights[i] += 1
    return weights


def fair_lottery(
    cells: Sequence[CellSpec],
    targets: Sequence[Target],
    pool: Sequence[PoolRow],
    *,
    relative_tolerance: float = RELATIVE_TOLERANCE,
    time_limit: float = TIME_LIMIT_SECONDS,
) -> tuple[Lottery, Stats]:
    """The committed lottery of one component (steps 2–4 of the module docstring)."""
    started = time.perf_counter()
    problem = build_problem(cells, targets, pool)
    target, bound, stages = leximin(problem)
    glued, glued_weights = glued_panels(
        problem,
        target,
        bound,
        pool,
        relative_tolerance=relative_tolerance,
        time_limit=time_limit / 2,
    )
    fits = [problem.feasible(p) for p in glued]
    misfit = sum(w for w, ok in zip(glued_weights, fits, strict=True) if not ok)
    if glued and misfit <= GLUE_DROP:
        # Slivers left by rounding (weights of 1e-9 or so) are dropped.
        fitting = [
            (p, w) for p, w, ok in zip(glued, glued_weights, fits, strict=True) if ok
        ]
        panels, lambdas, iterations = (
            [p for p, _ in fitting],
            [w for _, w in fitting],
            0,
        )
        expected = np.array(lambdas) @ np.array(panels, dtype=np.float64) / sum(lambdas)
        counts = np.array(problem.counts, dtype=np.float64)
        delta = float(max(0.0, np.max((target - expected) / counts)))
    else:
        panels, lambdas, iterations, delta = decompose(
            problem,
            target,
            bound,
            relative_tolerance=relative_tolerance,
            time_limit=max(1.0, time_limit - (time.perf_counter() - started)),
            initial=[p for p, ok in zip(glued, fits, strict=True) if ok],
        )
    weights = integer_weights(lambdas)
    kept = [(p, w) for p, w in zip(panels, weights, strict=True) if w]
    lottery = Lottery(
        key=problem.key,
        cells=tuple(c.key for c in cells),
        types=tuple(problem.types),
        counts=tuple(problem.counts),
        panels=tuple(p for p, _ in kept),
        weights=tuple(w for _, w in kept),
        total=WEIGHT_TOTAL,
        bound=f"{bound:.12f}",
        stages=stages,
        iterations=iterations,
    )
    stats = Stats(
        stages=stages,
        iterations=iterations,
        seconds=time.perf_counter() - started,
        delta=delta,
    )
    return lottery, stats


def lottery_problems(
    lottery: Lottery,
    cells: Sequence[CellSpec],
    targets: Sequence[Target],
    pool: Sequence[PoolRow],
) -> list[str]:
    """Why a stored lottery does not fit the inputs (empty when it does): used by
    verify, which checks the committed lottery rather than re-solving it."""
    mine = [c for c in cells if c.key in set(lottery.cells)]
    linked = [t for t in targets if any(t.touches(c) for c in mine)]
    problem = build_problem(mine, linked, pool)
    problems = []
    if tuple(problem.types) != lottery.types or tuple(problem.counts) != lottery.counts:
        problems.append("types")
    if sum(lottery.weights) != lottery.total or any(w < 0 for w in lottery.weights):
        problems.append("weights")
    fits = len(lottery.weights) == len(lottery.panels) and (
        bool(problems) or all(problem.feasible(p) for p in lottery.panels)
    )
    if not fits:
        problems.append("panels")
    return problems
