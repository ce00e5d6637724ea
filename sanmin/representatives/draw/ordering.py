"""One random ordering per cell, and who in it becomes member or alternate.

The cell's eligible candidates, sorted by keyed ID hash (a stable key that does not
depend on database ids or import order), are shuffled by Fisher–Yates with the
cell's stream. Then:

- Quota cells (`walk_with_cap`): walk the ordering; the first `seats` candidates
  taken are members, the next `alternates` are alternates, in order. A returner is
  skipped once `returner_cap` returners have been taken, counted over members and
  alternates together, so replacing any member by the next alternate can never
  put more than the cap on the roster. Skipped returners are neither members nor
  alternates.
- Cells of a fair component (`walk_with_panel`): the panel drawn from the lottery
  fixes how many members each type gets; the walk takes the first candidates of
  each type in the ordering (a uniform choice within the type), then alternates as
  above from those not taken.

Alternates do not follow balance targets: in a fair component they are simply the
next candidates of the cell's ordering (under the returner cap), whatever their
gender or age band. The members drawn always meet every target; a replacement by
an alternate can take a target's group out of its range. The report and the
replacement page say so (see report.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sanmin.representatives.draw.model import (
    ALTERNATE,
    MEMBER,
    CellSpec,
    Entry,
    PoolRow,
    TypeKey,
)
from sanmin.representatives.draw.randomness import cell_stream


def cell_ordering(seed: bytes, cell: str, rows: Sequence[PoolRow]) -> list[PoolRow]:
    ordering = sorted(rows, key=lambda row: row.hash)
    cell_stream(seed, cell).shuffle(ordering)
    return ordering


@dataclass
class CellResult:
    """A cell's ranked entries; how many returners the cap passed over while
    members were taken (`cap_skipped`) and in all (members and alternates)."""

    entries: list[Entry]
    cap_skipped: int
    skipped_returners: int


def _entry(cell: CellSpec, rank: int, row: PoolRow, role: str) -> Entry:
    return Entry(cell.key, rank, row.id, row.hash, role, row.returner)


def _alternates(
    cell: CellSpec, ordering: Sequence[PoolRow], taken: set[int], skipped: set[int]
) -> list[PoolRow]:
    """The next `alternates` candidates not taken, under the same returner cap."""
    returners = sum(row.returner for row in ordering if row.id in taken)
    chosen: list[PoolRow] = []
    for row in ordering:
        if len(chosen) == cell.alternates:
            break
        if row.id in taken:
            continue
        if row.returner:
            if returners >= cell.returner_cap:
                skipped.add(row.id)
                continue
            returners += 1
        chosen.append(row)
    return chosen


def walk_with_cap(cell: CellSpec, ordering: Sequence[PoolRow]) -> CellResult:
    members: list[PoolRow] = []
    skipped: set[int] = set()
    returners = 0
    for row in ordering:
        if len(members) == cell.seats:
            break
        if row.returner:
            if returners >= cell.returner_cap:
                skipped.add(row.id)
                continue
            returners += 1
        members.append(row)
    cap_skipped = len(skipped)
    taken = {row.id for row in members}
    alternates = _alternates(cell, ordering, taken, skipped)
    return _result(cell, members, alternates, cap_skipped, len(skipped))


def walk_with_panel(
    cell: CellSpec, ordering: Sequence[PoolRow], counts: Mapping[TypeKey, int]
) -> CellResult:
    left = {kind: count for kind, count in counts.items() if count}
    members = []
    for row in ordering:
        if not left:
            break
        kind = TypeKey.of(row)
        if kind in left:
            members.append(row)
            left[kind] -= 1
            if not left[kind]:
                del left[kind]
    if left:
        raise ValueError(f"panel does not fit cell {cell.key}")
    skipped: set[int] = set()
    taken = {row.id for row in members}
    alternates = _alternates(cell, ordering, taken, skipped)
    return _result(cell, members, alternates, 0, len(skipped))


def _result(
    cell: CellSpec,
    members: list[PoolRow],
    alternates: list[PoolRow],
    cap_skipped: int,
    skipped: int,
) -> CellResult:
    if len(members) != cell.seats or len(alternates) != cell.alternates:
        raise ValueError(f"cell {cell.key} is short")
    entries = [_entry(cell, rank, row, MEMBER) for rank, row in enumerate(members)]
    entries += [
        _entry(cell, cell.seats + rank, row, ALTERNATE)
        for rank, row in enumerate(alternates)
    ]
    return CellResult(entries, cap_skipped, skipped)
