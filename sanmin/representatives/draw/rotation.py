"""Rotation (§二(三)): at least 30% new in every cell, nobody more than three years
in a row.

A candidate's `years` is the number of consecutive years they served up to last
year. Whoever served each of the last `max_consecutive_years` years is ineligible
and leaves the pool before anything is ordered (listed, pseudonymised, in the
commitment). Last year's representatives ("returners") may take at most
`returner_cap` places of a cell; ordering.py applies the cap.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from sanmin.representatives.draw.model import CellSpec, Exclusion, PoolRow, ShortCell


def consecutive_years(served: Iterable[int], year: int) -> int:
    """How many years in a row someone served, counting back from year − 1."""
    years = set(served)
    count = 0
    while year - 1 - count in years:
        count += 1
    return count


def split_excluded(
    rows: Iterable[PoolRow], max_consecutive_years: int
) -> tuple[list[PoolRow], list[Exclusion]]:
    """The rows still eligible, and those excluded by the consecutive-years rule."""
    pool, excluded = [], []
    for row in rows:
        if max_consecutive_years and row.years >= max_consecutive_years:
            excluded.append(Exclusion(hash=row.hash, cell=row.cell, years=row.years))
        else:
            pool.append(row)
    excluded.sort(key=lambda e: (e.cell, e.hash))
    return pool, excluded


def short_cells(cells: Sequence[CellSpec], pool: Iterable[PoolRow]) -> list[ShortCell]:
    """Cells that cannot fill their seats and alternates.

    A cell can place every new candidate and at most `returner_cap` returners
    (over members and alternates together), so it needs
    new + min(returners, cap) ≥ seats + alternates.
    """
    new: Counter[str] = Counter()
    returning: Counter[str] = Counter()
    for row in pool:
        (returning if row.returner else new)[row.cell] += 1
    short = []
    for cell in cells:
        needed = cell.seats + cell.alternates
        usable = new[cell.key] + min(returning[cell.key], cell.returner_cap)
        if usable < needed:
            short.append(
                ShortCell(
                    cell=cell.key,
                    seats=cell.seats,
                    alternates=cell.alternates,
                    eligible=new[cell.key] + returning[cell.key],
                    returners=returning[cell.key],
                    returner_cap=cell.returner_cap,
                    short=needed - usable,
                )
            )
    return short
