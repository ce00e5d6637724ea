"""Selection chances: what each candidate's probability of becoming a member was.

In a quota cell without a binding returner cap, everyone has seats ÷ eligible, the
most any lottery can give the least favoured candidate of that cell. The cap walk
(ordering.py) takes the first `seats` of the ordering unless more than `cap`
returners are among them, in which case only `cap` returners are members. With X
the returners among the first `seats` (hypergeometric), returners expect min(cap, X)
places: a returner's chance is E[min(cap, X)] ÷ returners, a new candidate's
(seats − E[min(cap, X)]) ÷ new candidates.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from math import comb


def expected_returner_members(
    eligible: int, returners: int, seats: int, cap: int
) -> Fraction:
    """E[min(cap, X)], X ~ Hypergeometric(eligible, returners, seats)."""
    mean = Fraction(seats * returners, eligible) if eligible else Fraction(0)
    if returners <= cap or seats <= cap:
        return mean
    total = comb(eligible, seats)
    excess = sum(
        (k - cap) * comb(returners, k) * comb(eligible - returners, seats - k)
        for k in range(cap + 1, min(returners, seats) + 1)
    )
    return mean - Fraction(excess, total)


def cell_chances(
    *, eligible: int, returners: int, seats: int, cap: int
) -> tuple[Fraction, Fraction]:
    """(new candidate's chance, returner's chance) in a quota cell."""
    if not eligible:
        return Fraction(0), Fraction(0)
    taken = expected_returner_members(eligible, returners, seats, cap)
    new = eligible - returners
    new_chance = Fraction(seats, 1) - taken
    return (
        new_chance / new if new else Fraction(0),
        taken / returners if returners else Fraction(0),
    )


def weighted_summary(values: Iterable[tuple[float, int]]) -> dict[str, float]:
    """Minimum, median and maximum over candidates of (chance, how many have it)."""
    ordered = sorted((v, n) for v, n in values if n > 0)
    if not ordered:
        return {"min": 0.0, "median": 0.0, "max": 0.0}
    count = sum(n for _, n in ordered)

    def nth(index: int) -> float:
        for value, n in ordered:
            if index < n:
                return value
            index -= n
        return ordered[-1][0]

    middle = count // 2
    median = nth(middle) if count % 2 else (nth(middle - 1) + nth(middle)) / 2
    return {"min": ordered[0][0], "median": median, "max": ordered[-1][0]}
