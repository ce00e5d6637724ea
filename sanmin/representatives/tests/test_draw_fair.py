"""With balance targets across cells: the leximin lottery over types. Its lowest
chance equals the LP bound and the best any lottery over feasible panels can do
(checked by enumerating every panel of a small instance); every drawn panel meets
the targets; the lottery is committed and checked by verify."""

from __future__ import annotations

import itertools
from collections import Counter

import highspy
import numpy as np
import pytest

from sanmin.representatives.draw import engine, fair
from sanmin.representatives.draw.model import (
    Inputs,
    Lottery,
    PoolRow,
    Target,
    TypeKey,
)
from sanmin.representatives.draw.ordering import cell_ordering, walk_with_panel
from sanmin.representatives.models import BalanceTarget, Draw
from sanmin.representatives.services.draws import draw_commit, draw_run, draw_verify
from sanmin.representatives.tests.draw_helpers import (
    RULES,
    SEEDS,
    TODAY,
    add_candidates,
    cell,
    districts,
    rows,
    seed_hex,
    small_campaign,
)

CELLS = [cell("a@1", 4, district="1"), cell("b@1", 3, district="1")]


def _pool() -> list[PoolRow]:
    return (
        rows("a@1", 9, gender="M")
        + rows("a@1", 2, start=20, gender="F")
        + rows("a@1", 2, start=30, gender="F", band="60+")
        + rows("b@1", 4, start=40, gender="M", years=1)
        + rows("b@1", 6, start=50, gender="F", band="18-34")
    )


TARGETS = [Target("1", "gender", "F", 4, 5)]


def _best_maximin(problem: fair.Problem) -> float:
    """The highest lowest-chance over all lotteries of feasible integral panels,
    by listing every panel and solving the maximin LP over them."""
    ranges = [range(n + 1) for n in problem.counts]
    panels = [p for p in itertools.product(*ranges) if problem.feasible(p)]
    solver = highspy.Highs()
    solver.setOptionValue("output_flag", False)
    size = len(problem.counts)
    solver.addVars(len(panels) + 1, np.zeros(len(panels) + 1), np.ones(len(panels) + 1))
    solver.changeColCost(len(panels), -1.0)  # maximise z
    for t in range(size):
        indices = [i for i, p in enumerate(panels) if p[t]] + [len(panels)]
        values = [p[t] / problem.counts[t] for p in panels if p[t]] + [-1.0]
        solver.addRow(
            0.0,
            highspy.kHighsInf,
            len(indices),
            np.array(indices, dtype=np.int32),
            np.array(values),
        )
    solver.addRow(
        1.0,
        1.0,
        len(panels),
        np.arange(len(panels), dtype=np.int32),
        np.ones(len(panels)),
    )
    solver.run()
    return float(solver.getSolution().col_value[len(panels)])


def test_its_lowest_chance_equals_the_lp_bound_and_the_best_possible() -> None:
    pool = _pool()
    lottery, stats = fair.fair_lottery(CELLS, TARGETS, pool, relative_tolerance=0)
    chances = lottery.chances()
    bound = float(lottery.bound)
    best = _best_maximin(fair.build_problem(CELLS, TARGETS, pool))
    assert min(chances) == pytest.approx(bound, abs=1e-9)
    assert best == pytest.approx(bound, abs=1e-9)
    # Without the target the bound would be the cells' own: b@1 has 3 of 10.
    assert bound < 3 / 10
    assert sum(lottery.weights) == lottery.total
    problem = fair.build_problem(CELLS, TARGETS, pool)
    assert all(problem.feasible(p) for p in lottery.panels)
    assert stats.stages >= 2


def test_it_stays_close_to_the_best_with_two_kinds_of_target() -> None:
    targets = [*TARGETS, Target("1", "age_band", "35-59", 2, 4)]
    pool = _pool()
    lottery, _ = fair.fair_lottery(CELLS, targets, pool, relative_tolerance=0)
    best = _best_maximin(fair.build_problem(CELLS, targets, pool))
    assert min(lottery.chances()) == pytest.approx(best, rel=1e-3)
    assert best <= float(lottery.bound) + 1e-9


def _members(lottery: Lottery, inputs: Inputs, seed: bytes) -> list[int]:
    panel = lottery.panels[engine.draw_panel(lottery, seed)]
    counts: dict[str, dict[TypeKey, int]] = {kind.cell: {} for kind in lottery.types}
    for kind, count in zip(lottery.types, panel, strict=True):
        counts[kind.cell][kind] = count
    members = []
    for spec in inputs.cells:
        here = [r for r in inputs.pool if r.cell == spec.key]
        result = walk_with_panel(
            spec, cell_ordering(seed, spec.key, here), counts[spec.key]
        )
        members += [e.candidate for e in result.entries if e.role == "member"]
    return members


def test_every_drawn_panel_meets_the_targets_and_frequencies_match() -> None:
    inputs = engine.prepare(
        cells=CELLS, rows=_pool(), rules=RULES, targets=TARGETS
    ).inputs
    (lottery,) = inputs.lotteries
    chance = {}
    for kind, p in zip(lottery.types, lottery.chances(), strict=True):
        for row in inputs.pool:
            if TypeKey.of(row) == kind:
                chance[row.id] = p
    women = {r.id for r in inputs.pool if r.gender == "F"}
    counts: Counter[int] = Counter()
    draws = 3000
    for i in range(draws):
        members = _members(lottery, inputs, bytes.fromhex(seed_hex(i)))
        assert 4 <= len(women & set(members)) <= 5
        counts.update(members)
    statistic = sum(
        (counts[i] - draws * p) ** 2 / (draws * p) for i, p in chance.items()
    )
    assert statistic < 48.268  # χ² 99.9% quantile, 22 degrees of freedom
    outcome = engine.run(inputs, seed_hex(1))
    assert outcome.report["method"] == "fair"
    assert outcome.report["fair"][0]["gap"] == pytest.approx(0, abs=1e-4)


@pytest.mark.django_db
def test_the_service_commits_the_lottery_and_verify_checks_it(statistics_user) -> None:  # type: ignore[no-untyped-def]
    campaign = small_campaign(city=())
    places = districts()
    for place in places:
        add_candidates(campaign, "d-res", 9, district=place, gender="M")
        add_candidates(campaign, "d-res", 7, district=place, gender="F")
    BalanceTarget.objects.create(
        campaign=campaign,
        district=places[0],
        attribute="gender",
        value="F",
        minimum=5,
        maximum=6,
    )
    draw = draw_commit(campaign=campaign, actor=statistics_user, today=TODAY)
    assert len(draw.inputs["lotteries"]) == 1
    draw = draw_run(draw=draw, seed_sources=SEEDS, actor=statistics_user)
    assert draw.report["method"] == "fair"
    key = f"d-res@{places[0].code}"
    women = draw.entries.filter(cell=key, role="member", candidate__gender="F").count()
    assert 5 <= women <= 6
    assert draw_verify(draw=draw).ok
    inputs = draw.inputs
    weights = inputs["lotteries"][0]["weights"]
    weights[0] += 1
    Draw.objects.filter(pk=draw.pk).update(inputs=inputs)
    failed = {c.code for c in draw_verify(draw=Draw.objects.get(pk=draw.pk)).failed}
    assert {"commitment", "lottery"} <= failed


def test_a_citywide_target_is_solved_block_by_block_and_glued() -> None:
    """Two districts with their own targets, linked by a citywide one: the block
    lotteries glued together meet every target and reach the bound."""
    cells = [
        cell("a@1", 4, district="1"),
        cell("b@1", 3, district="1"),
        cell("a@2", 4, district="2"),
        cell("m", 2),
    ]
    pool = (
        _pool()
        + rows("a@2", 5, start=100, gender="M")
        + rows("a@2", 6, start=110, gender="F", band="18-34")
        + rows("m", 3, start=200, gender="F")
        + rows("m", 3, start=210, gender="M", years=1)
    )
    targets = [
        *TARGETS,
        Target("2", "age_band", "18-34", 1, 3),
        Target("", "gender", "F", 6, 7),
    ]
    problem = fair.build_problem(cells, targets, pool)
    y, bound, _ = fair.leximin(problem)
    glued, weights = fair.glued_panels(
        problem, y, bound, pool, relative_tolerance=0, time_limit=30
    )
    assert glued and all(problem.feasible(p) for p in glued)
    assert sum(weights) == pytest.approx(1.0)
    lottery, stats = fair.fair_lottery(cells, targets, pool, relative_tolerance=0)
    assert stats.iterations == 0  # the glued lottery needed no master
    assert all(problem.feasible(p) for p in lottery.panels)
    assert min(lottery.chances()) == pytest.approx(float(lottery.bound), abs=1e-9)
    assert float(lottery.bound) == pytest.approx(_best_maximin(problem), abs=1e-9)
