"""Same seed and pool → same panel; a changed candidate → another pool fingerprint
and commitment; a different seed → another panel."""

from __future__ import annotations

from dataclasses import replace

from sanmin.representatives.draw import engine
from sanmin.representatives.draw.fingerprints import (
    commitment,
    pool_fingerprint,
    seed_from_sources,
)
from sanmin.representatives.draw.model import Inputs
from sanmin.representatives.tests.draw_helpers import RULES, cell, rows, seed_hex


def _inputs() -> Inputs:
    cells = [cell("a@1", 10, district="1"), cell("b@2", 10, district="2"), cell("m", 4)]
    pool = (
        rows("a@1", 30)
        + rows("b@2", 25, start=100, years=1)
        + rows("b@2", 10, start=200)
        + rows("m", 12, start=300)
    )
    return engine.prepare(cells=cells, rows=pool, rules=RULES).inputs


def test_it_draws_the_same_panel_from_the_same_seed_and_pool() -> None:
    first = engine.run(_inputs(), seed_hex(1))
    again = engine.run(_inputs(), seed_hex(1))
    assert first.entries == again.entries
    assert first.report["panel_fingerprint"] == again.report["panel_fingerprint"]


def test_it_recomputes_the_panel_from_stored_json() -> None:
    inputs = _inputs()
    stored = Inputs.from_json(inputs.as_json())
    assert stored == inputs
    assert (
        engine.run(stored, seed_hex(2)).entries
        == engine.run(inputs, seed_hex(2)).entries
    )


def test_it_draws_another_panel_from_another_seed() -> None:
    inputs = _inputs()
    one = engine.run(inputs, seed_hex(1)).report["panel_fingerprint"]
    other = engine.run(inputs, seed_hex(2)).report["panel_fingerprint"]
    assert one != other


def test_it_changes_the_pool_fingerprint_when_one_candidate_changes() -> None:
    inputs = _inputs()
    changed_row = replace(inputs.pool[5], age_band="60+")
    changed = replace(inputs, pool=(*inputs.pool[:5], changed_row, *inputs.pool[6:]))
    assert pool_fingerprint(changed.pool) != pool_fingerprint(inputs.pool)
    assert commitment(changed) != commitment(inputs)
    assert pool_fingerprint(inputs.pool[:-1]) != pool_fingerprint(inputs.pool)


def test_it_derives_the_seed_from_the_sources_in_order() -> None:
    a = {"label": "福彩3D", "value": "385"}
    b = {"label": "骰子", "value": "4 2 6"}
    assert seed_from_sources([a, b]) == seed_from_sources(
        [{"label": " 福彩3D ", "value": "385 "}, b]
    )
    assert seed_from_sources([a, b]) != seed_from_sources([b, a])
    assert seed_from_sources([a]) != seed_from_sources([{**a, "value": "386"}])
