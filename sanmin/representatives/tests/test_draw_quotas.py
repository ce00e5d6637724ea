"""Every cell gets exactly its seats, then its alternates in rank order."""

from __future__ import annotations

from collections import Counter

import pytest

from sanmin.representatives.draw import engine
from sanmin.representatives.models import Draw, DrawEntry
from sanmin.representatives.services.draws import draw_commit, draw_run
from sanmin.representatives.tests.draw_helpers import (
    RULES,
    SEEDS,
    TODAY,
    cell,
    fill,
    rows,
    seed_hex,
    small_campaign,
)


def test_it_fills_every_cell_exactly_and_ranks_alternates_after_members() -> None:
    cells = [cell("a@1", 12, district="1"), cell("b@1", 5, district="1"), cell("m", 3)]
    pool = rows("a@1", 40) + rows("b@1", 9, start=100) + rows("m", 3, start=200)
    prepared = engine.prepare(cells=cells, rows=pool, rules=RULES)
    alternates = {c.key: c.alternates for c in prepared.inputs.cells}
    assert alternates == {"a@1": 1, "b@1": 0, "m": 0}  # round(0.055 × 17) = 1
    outcome = engine.run(prepared.inputs, seed_hex(1))
    by_cell: dict[str, list] = {}
    for entry in outcome.entries:
        by_cell.setdefault(entry.cell, []).append(entry)
    for spec in prepared.inputs.cells:
        entries = sorted(by_cell[spec.key], key=lambda e: e.rank)
        assert [e.rank for e in entries] == list(range(spec.seats + spec.alternates))
        assert [e.role for e in entries] == ["member"] * spec.seats + [
            "alternate"
        ] * spec.alternates
        assert len({e.candidate for e in entries}) == len(entries)
    # A cell with exactly its seats takes everyone, with chance 1.
    municipal = next(c for c in outcome.report["cells"] if c["key"] == "m")
    assert municipal["chance"] == 1.0


def test_it_orders_alternates_as_the_cell_ordering_goes_on() -> None:
    """The alternates are the next candidates of the same random ordering."""
    from sanmin.representatives.draw.ordering import cell_ordering

    spec = cell("a@1", 10, district="1")
    pool = rows("a@1", 30)
    prepared = engine.prepare(cells=[spec], rows=pool, rules=RULES)
    seed = seed_hex(7)
    outcome = engine.run(prepared.inputs, seed)
    ordering = cell_ordering(bytes.fromhex(seed), "a@1", list(prepared.inputs.pool))
    assert [e.candidate for e in outcome.entries] == [r.id for r in ordering[:11]]


@pytest.mark.django_db
def test_it_stores_every_cell_exactly(statistics_user) -> None:  # type: ignore[no-untyped-def]
    campaign = small_campaign(
        city=(("c-city", 2), ("c-other", 4)), district=(("d-res", 10), ("d-small", 3))
    )
    fill(campaign)
    draw = draw_commit(campaign=campaign, actor=statistics_user, today=TODAY)
    draw = draw_run(draw=draw, seed_sources=SEEDS, actor=statistics_user)
    assert draw.state == Draw.State.DRAWN
    members = Counter(
        DrawEntry.objects.filter(draw=draw, role="member").values_list(
            "cell", flat=True
        )
    )
    alternates = Counter(
        DrawEntry.objects.filter(draw=draw, role="alternate").values_list(
            "cell", flat=True
        )
    )
    for spec in draw.inputs["cells"]:
        assert members[spec["key"]] == spec["seats"]
        assert alternates[spec["key"]] == spec["alternates"]
        ranks = sorted(
            DrawEntry.objects.filter(draw=draw, cell=spec["key"]).values_list(
                "rank", flat=True
            )
        )
        assert ranks == list(range(spec["seats"] + spec["alternates"]))
    assert sum(members.values()) == draw.report["totals"]["members"]
