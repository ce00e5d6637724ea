"""Over many seeded draws of a small pool, how often each candidate becomes a member
matches the chance the report gives (chi-square against a fixed 99.9% critical
value; the seeds are fixed, so the outcome is the same on every run)."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

from sanmin.representatives.draw import engine
from sanmin.representatives.draw.chances import cell_chances
from sanmin.representatives.draw.ordering import cell_ordering, walk_with_cap
from sanmin.representatives.tests.draw_helpers import RULES, cell, rows, seed_hex

DRAWS = 4000
# 99.9% quantiles of χ² with 5 and 13 degrees of freedom.
CRITICAL = {6: 20.515, 14: 34.528}


def test_it_computes_the_chances_under_the_returner_cap() -> None:
    # 6 candidates, 3 of them returners, 2 seats, at most 1 returner:
    # P(both first two are returners) = 3/15, so returners expect 1 − 0.2 places.
    new, returner = cell_chances(eligible=6, returners=3, seats=2, cap=1)
    assert returner == Fraction(4, 15)
    assert new == Fraction(2, 5)
    assert cell_chances(eligible=14, returners=0, seats=10, cap=7) == (
        Fraction(10, 14),
        Fraction(0),
    )


def test_selection_frequencies_match_the_reported_chances() -> None:
    cells = [cell("m", 2), cell("a@1", 10, district="1")]
    pool = rows("m", 3, years=1) + rows("m", 3, start=10) + rows("a@1", 14, start=100)
    inputs = engine.prepare(cells=cells, rows=pool, rules=RULES).inputs
    report = engine.run(inputs, seed_hex(0)).report
    chance = {}
    for row in report["cells"]:
        for candidate in inputs.pool:
            if candidate.cell == row["key"]:
                chance[candidate.id] = (
                    row["returner_chance"] if candidate.returner else row["new_chance"]
                )
    assert report["cells"][1]["chance"] == 10 / 14
    assert report["chances"]["max"] == 10 / 14
    counts: Counter[int] = Counter()
    for i in range(DRAWS):
        seed = bytes.fromhex(seed_hex(i))
        for spec in inputs.cells:
            here = [r for r in inputs.pool if r.cell == spec.key]
            result = walk_with_cap(spec, cell_ordering(seed, spec.key, here))
            counts.update(e.candidate for e in result.entries if e.role == "member")
    for spec in inputs.cells:
        ids = [r.id for r in inputs.pool if r.cell == spec.key]
        statistic = sum(
            (counts[i] - DRAWS * chance[i]) ** 2 / (DRAWS * chance[i]) for i in ids
        )
        assert statistic < CRITICAL[len(ids)], (spec.key, statistic)
        assert sum(counts[i] for i in ids) == DRAWS * spec.seats
    # The cap shows: returners of "m" are chosen clearly less often than new ones.
    assert max(counts[i] for i in (1, 2, 3)) < min(counts[i] for i in (10, 11, 12))
