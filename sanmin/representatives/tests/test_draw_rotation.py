"""Rotation: nobody more than three years in a row; last year's representatives at
most ⌊0.7 × seats⌋ of a cell's members, and of its members and alternates together."""

from __future__ import annotations

import pytest

from sanmin.representatives.draw import engine
from sanmin.representatives.draw.model import PoolRow
from sanmin.representatives.draw.ordering import cell_ordering
from sanmin.representatives.draw.rotation import consecutive_years
from sanmin.representatives.models import DrawEntry
from sanmin.representatives.services.draws import draw_commit, draw_run
from sanmin.representatives.tests.draw_helpers import (
    RULES,
    SEEDS,
    TODAY,
    add_candidates,
    cell,
    districts,
    rows,
    seed_hex,
    serve,
    small_campaign,
)


def test_it_counts_consecutive_years_back_from_last_year() -> None:
    assert consecutive_years({2029, 2028, 2027}, 2030) == 3
    assert consecutive_years({2029, 2027}, 2030) == 1
    assert consecutive_years({2028, 2027}, 2030) == 0
    assert consecutive_years(set(), 2030) == 0


def test_it_caps_returners_in_every_cell_over_many_seeds() -> None:
    spec = cell("a@1", 10, district="1")
    # 30 returners and 8 new: without the cap most members would be returners.
    pool = rows("a@1", 30, years=1) + rows("a@1", 8, start=100)
    prepared = engine.prepare(cells=[spec], rows=pool, rules=RULES)
    assert prepared.inputs.cells[0].returner_cap == 7
    bound = 0
    for i in range(50):
        outcome = engine.run(prepared.inputs, seed_hex(i))
        members = [e for e in outcome.entries if e.role == "member"]
        everyone = outcome.entries  # members and the alternate
        assert sum(e.returner for e in members) <= 7
        assert sum(e.returner for e in everyone) <= 7
        report = outcome.report["cells"][0]
        assert report["new_share"] >= 0.3
        bound += report["cap_bound"]
    assert bound >= 20  # more than 7 returners come first in most orderings
    assert outcome.report["rotation"]["cap_may_bind"] == ["a@1"]
    # The cap moves chances from returners to new candidates.
    report = outcome.report["cells"][0]
    assert report["returner_chance"] < 10 / 38 < report["new_chance"]


def test_it_excludes_whoever_served_three_years_in_a_row() -> None:
    spec = cell("a@1", 3, district="1")
    pool = (
        rows("a@1", 5)
        + rows("a@1", 4, start=100, years=3)
        + rows("a@1", 2, start=200, years=2)
    )
    prepared = engine.prepare(cells=[spec], rows=pool, rules=RULES)
    assert {r.id for r in prepared.inputs.pool} == {1, 2, 3, 4, 5, 200, 201}
    assert sorted(e.hash for e in prepared.inputs.exclusions) == sorted(
        r.hash for r in pool if r.years == 3
    )
    assert all(e.years == 3 for e in prepared.inputs.exclusions)


@pytest.mark.django_db
def test_it_applies_last_years_roster_and_three_years_of_history(
    statistics_user,
) -> None:  # type: ignore[no-untyped-def]
    campaign = small_campaign(city=(), district=(("d-res", 10),))
    place = districts()[0]
    others = districts()[1:]
    returners = add_candidates(campaign, "d-res", 14, district=place)
    veterans = add_candidates(campaign, "d-res", 3, district=place)
    fresh = add_candidates(campaign, "d-res", 4, district=place)
    serve(returners, 2029)
    serve(veterans, 2029, 2028, 2027)
    serve(fresh, 2028)  # not last year: new
    for other in others:
        add_candidates(campaign, "d-res", 12, district=other)
    draw = draw_commit(campaign=campaign, actor=statistics_user, today=TODAY)
    excluded = {e["hash"] for e in draw.inputs["exclusions"]}
    assert excluded == {c.id_hash for c in veterans}
    key = f"d-res@{place.code}"
    pooled = [r for r in draw.inputs["pool"] if r["cell"] == key]
    assert sum(r["years"] > 0 for r in pooled) == 14
    draw = draw_run(draw=draw, seed_sources=SEEDS, actor=statistics_user)
    entries = DrawEntry.objects.filter(draw=draw, cell=key)
    assert entries.filter(role="member", returner=True).count() <= 7
    assert entries.filter(returner=True).count() <= 7
    assert not entries.filter(candidate__in=veterans).exists()
    cell_report = next(c for c in draw.report["cells"] if c["key"] == key)
    assert cell_report["new_share"] >= 0.3
    # The cap binds exactly when more than 7 returners come first in the ordering.
    ordered = cell_ordering(
        bytes.fromhex(draw.seed), key, [PoolRow.from_json(r) for r in pooled]
    )
    binds = sum(row.returner for row in ordered[:10]) > 7
    assert cell_report["cap_bound"] == binds
    assert (key in draw.report["rotation"]["cap_bound"]) == binds
    assert key in draw.report["rotation"]["cap_may_bind"]
