"""Alternates per cell: ≈5.5% of district-level seats by largest remainder, at least
one for every cell of ten seats or more, none at the municipal level."""

from __future__ import annotations

from collections import Counter

import pytest

from sanmin.bench.draw import plan_cells
from sanmin.representatives.draw.alternates import (
    allocate_alternates,
    alternates_total,
    returner_cap,
)
from sanmin.representatives.draw.model import CellSpec
from sanmin.representatives.selectors.draws import campaign_cell_specs


def test_it_allocates_the_2024_alternates() -> None:
    cells, rules = plan_cells()
    allocation = allocate_alternates(cells, rules.alternate_rate)
    assert alternates_total(cells, rules.alternate_rate) == 156  # 0.055 × 2,830
    assert sum(allocation.values()) == 156
    per_category: Counter[str] = Counter()
    for cell in cells:
        per_category[cell.category] += allocation[cell.key]
        if not cell.district_level:
            assert allocation[cell.key] == 0, cell.key
        elif cell.seats >= 10:
            assert allocation[cell.key] >= 1, cell.key
    assert +per_category == {  # categories with none left out
        # 60 seats a cell: 2.51 each after the minimums; 16 of the 20 get a third.
        "d-residents": 26,
        "d-enterprises": 30,
        "d-district-depts": 10,
        "d-self-employed": 10,
        "d-streets": 10,
        "d-institutions": 10,
        "d-associations": 10,
        "d-mass-orgs": 10,
        "d-party": 10,
        "d-npc": 10,
        "d-cppcc": 10,
        "d-democratic-parties": 10,
    }
    # Ties between equal remainders go by cell key: enterprises before residents.
    residents = {
        c.district: allocation[c.key] for c in cells if c.category == "d-residents"
    }
    assert sorted(residents.values()) == [2, 2, 2, 2, 3, 3, 3, 3, 3, 3]
    assert [d for d, n in sorted(residents.items()) if n == 2] == [
        "370215",
        "370281",
        "370283",
        "370285",
    ]


@pytest.mark.django_db
def test_it_allocates_the_same_from_the_loaded_campaign(campaign) -> None:  # type: ignore[no-untyped-def]
    from_db = campaign_cell_specs(campaign=campaign)
    from_plan, rules = plan_cells()
    assert sorted(c.key for c in from_db) == sorted(c.key for c in from_plan)
    assert allocate_alternates(from_db, str(campaign.alternate_rate)) == (
        allocate_alternates(from_plan, rules.alternate_rate)
    )


def test_it_gives_at_least_one_to_cells_of_ten_seats_even_when_the_total_is_small() -> (
    None
):
    cells = [CellSpec(f"d@{i}", "d", str(i), 10) for i in range(4)]
    allocation = allocate_alternates(cells, "0.01")  # round(0.4) = 0
    assert allocation == {f"d@{i}": 1 for i in range(4)}


def test_it_splits_by_largest_remainder() -> None:
    cells = [
        CellSpec("a@1", "a", "1", 50),
        CellSpec("b@1", "b", "1", 30),
        CellSpec("c@1", "c", "1", 20),
        CellSpec("m", "m", "", 40),
    ]
    # 10% of 100 = 10: shares 5, 3, 2 exactly.
    assert allocate_alternates(cells, "0.1") == {"a@1": 5, "b@1": 3, "c@1": 2, "m": 0}
    # 5.5 → 6 (half up): shares 2.75, 1.65, 1.1 → floors 2, 1, 1; +1 to a (0.75).
    assert allocate_alternates(cells, "0.055") == {"a@1": 3, "b@1": 2, "c@1": 1, "m": 0}


def test_it_caps_returners_at_seventy_percent_of_the_seats() -> None:
    assert [returner_cap(s, "0.30") for s in (1, 2, 3, 10, 60, 100)] == [
        0,
        1,
        2,
        7,
        42,
        70,
    ]
