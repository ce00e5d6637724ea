"""How many alternates each cell gets (Annex 3, note 2).

Only district-level cells have alternates. The total is round(rate × their seats)
(half up: 0.055 × 2,830 = 155.65 → 156), split by largest remainder in proportion
to seats, with at least one for every cell of `MIN_SEATS_FOR_ONE` seats or more.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from fractions import Fraction

from sanmin.representatives.draw.model import CellSpec

MIN_SEATS_FOR_ONE = 10


def alternates_total(cells: Sequence[CellSpec], rate: str) -> int:
    seats = sum(c.seats for c in cells if c.district_level)
    return int((Decimal(rate) * seats).to_integral_value(rounding=ROUND_HALF_UP))


def allocate_alternates(cells: Sequence[CellSpec], rate: str) -> dict[str, int]:
    """Alternates per cell key (every cell of `cells` appears, municipal ones at 0).

    1. The total T = round(rate × district-level seats), half up; raised to the
       number of cells that must have one, should it be smaller.
    2. Minimums: a cell of ten seats or more gets at least one. Hamilton's method
       with minimums: a cell whose proportional share of what is left is below its
       minimum gets the minimum and leaves the division; the shares of the others
       are recomputed over the remaining total, until no share is below its
       minimum.
    3. The remaining cells get the whole part of their share, and the seats left
       over go one each to the largest remainders (ties: cell key ascending).
    Shares are exact fractions, so the result does not depend on rounding.
    """
    allocation = {c.key: 0 for c in cells}
    district = [c for c in cells if c.district_level and c.seats > 0]
    minimum = {c.key: 1 if c.seats >= MIN_SEATS_FOR_ONE else 0 for c in district}
    total = max(alternates_total(cells, rate), sum(minimum.values()))
    fixed: set[str] = set()
    while True:
        free = [c for c in district if c.key not in fixed]
        left = total - sum(minimum[k] for k in fixed)
        free_seats = sum(c.seats for c in free)
        shares = {
            c.key: Fraction(left * c.seats, free_seats) if free_seats else Fraction(0)
            for c in free
        }
        below = {k for k, share in shares.items() if share < minimum[k]}
        if not below:
            break
        fixed |= below
    for key in fixed:
        allocation[key] = minimum[key]
    for key, share in shares.items():
        allocation[key] = int(share)  # floor: shares are non-negative
    leftover = left - sum(int(share) for share in shares.values())
    by_remainder = sorted(shares, key=lambda k: (-(shares[k] - int(shares[k])), k))
    for key in by_remainder[:leftover]:
        allocation[key] += 1
    return allocation


def returner_cap(seats: int, rotation_min_new: str) -> int:
    """⌊(1 − rotation_min_new) × seats⌋: at most this many of last year's
    representatives among a cell's members (and its alternates, see ordering.py)."""
    cap = (1 - Decimal(rotation_min_new)) * seats
    return int(cap.to_integral_value(rounding=ROUND_FLOOR))
