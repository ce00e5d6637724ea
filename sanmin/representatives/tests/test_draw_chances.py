"""The report of a cell-exact draw: each cell's chance is seats ÷ eligible, and over
all candidates the lowest, median and highest chance, the lowest equal to the bound
(the smallest seats ÷ eligible of any cell: no lottery can do better)."""

from __future__ import annotations

import pytest

from sanmin.representatives.draw import engine
from sanmin.representatives.tests.draw_helpers import RULES, cell, rows, seed_hex


def test_it_reports_each_cells_chance_and_the_spread_over_candidates() -> None:
    cells = [cell("m", 2), cell("a@1", 10, district="1"), cell("b@1", 10, district="1")]
    pool = rows("m", 5) + rows("a@1", 14, start=100) + rows("b@1", 12, start=200)
    inputs = engine.prepare(cells=cells, rows=pool, rules=RULES).inputs
    report = engine.run(inputs, seed_hex(7)).report
    chance = {c["key"]: c["chance"] for c in report["cells"]}
    assert chance == {"m": 2 / 5, "a@1": 10 / 14, "b@1": 10 / 12}
    # 5 candidates at 0.4, 14 at 0.714, 12 at 0.833: the 16th of 31 is the median.
    assert report["chances"]["min"] == pytest.approx(2 / 5)
    assert report["chances"]["median"] == pytest.approx(10 / 14)
    assert report["chances"]["max"] == pytest.approx(10 / 12)
    assert report["chances"]["bound"] == pytest.approx(2 / 5)
    assert report["chances"]["gap"] == pytest.approx(0)
    assert report["method"] == "cells"


def test_it_takes_the_median_between_two_middle_candidates() -> None:
    cells = [cell("m", 1), cell("n", 2)]
    pool = rows("m", 2) + rows("n", 2, start=10)
    inputs = engine.prepare(cells=cells, rows=pool, rules=RULES).inputs
    report = engine.run(inputs, seed_hex(1)).report
    # 0.5, 0.5, 1.0, 1.0: the median is halfway between the 2nd and the 3rd.
    assert report["chances"]["median"] == pytest.approx(0.75)
    assert report["chances"]["min"] == report["chances"]["bound"] == 0.5
