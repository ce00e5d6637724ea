"""The draw's plain data: what goes in (pseudonymised rows, cells, targets, rules)
and what comes out (ranked entries). No ORM objects, so that `verify` can recompute
a draw from the JSON stored with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

GENDERS = ("M", "F")
AGE_BANDS = ("18-34", "35-59", "60+")
ATTRIBUTES = ("gender", "age_band")

MEMBER = "member"
ALTERNATE = "alternate"


def age_band(age: int) -> str:
    """The age band of balance targets ("18-34", "35-59", "60+")."""
    if age >= 60:
        return "60+"
    if age >= 35:
        return "35-59"
    return "18-34"


@dataclass(frozen=True)
class PoolRow:
    """An eligible candidate, pseudonymised: what the draw may know of them.

    `years` counts the consecutive years served up to last year (0: not a
    representative last year); a returner is someone with years ≥ 1.
    """

    id: int
    hash: str
    cell: str
    gender: str
    age_band: str
    years: int = 0

    @property
    def returner(self) -> bool:
        return self.years > 0

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "hash": self.hash,
            "cell": self.cell,
            "gender": self.gender,
            "age_band": self.age_band,
            "years": self.years,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PoolRow:
        return cls(
            id=int(data["id"]),
            hash=str(data["hash"]),
            cell=str(data["cell"]),
            gender=str(data["gender"]),
            age_band=str(data["age_band"]),
            years=int(data["years"]),
        )


@dataclass(frozen=True)
class CellSpec:
    """A cell of the quota table with what the draw adds to it.

    `district` is empty for a municipal-level cell; `alternates` and `returner_cap`
    are filled in by `prepare` (alternates.py, rotation.py).
    """

    key: str
    category: str
    district: str
    seats: int
    alternates: int = 0
    returner_cap: int = 0

    @property
    def district_level(self) -> bool:
        return bool(self.district)

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "category": self.category,
            "district": self.district,
            "seats": self.seats,
            "alternates": self.alternates,
            "returner_cap": self.returner_cap,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CellSpec:
        return cls(
            key=str(data["key"]),
            category=str(data["category"]),
            district=str(data["district"]),
            seats=int(data["seats"]),
            alternates=int(data["alternates"]),
            returner_cap=int(data["returner_cap"]),
        )


@dataclass(frozen=True)
class Target:
    """A balance target: between `minimum` and `maximum` members of a group.

    The group is every member whose `attribute` has `value`, in the district-level
    cells of `district`, or in every cell when `district` is empty (citywide).
    """

    district: str
    attribute: str
    value: str
    minimum: int
    maximum: int

    def matches(self, cell: CellSpec, gender: str, band: str) -> bool:
        if self.district and cell.district != self.district:
            return False
        return (gender if self.attribute == "gender" else band) == self.value

    def touches(self, cell: CellSpec) -> bool:
        return not self.district or cell.district == self.district

    def as_json(self) -> dict[str, Any]:
        return {
            "district": self.district,
            "attribute": self.attribute,
            "value": self.value,
            "minimum": self.minimum,
            "maximum": self.maximum,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Target:
        return cls(
            district=str(data["district"]),
            attribute=str(data["attribute"]),
            value=str(data["value"]),
            minimum=int(data["minimum"]),
            maximum=int(data["maximum"]),
        )


@dataclass(frozen=True)
class Exclusion:
    """Someone ineligible by rotation (served each of the last `years` years)."""

    hash: str
    cell: str
    years: int

    def as_json(self) -> dict[str, Any]:
        return {"hash": self.hash, "cell": self.cell, "years": self.years}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Exclusion:
        return cls(
            hash=str(data["hash"]), cell=str(data["cell"]), years=int(data["years"])
        )


@dataclass(frozen=True)
class Rules:
    """The campaign's rules, as decimal strings so that hashing them is exact."""

    alternate_rate: str = "0.055"
    rotation_min_new: str = "0.30"
    max_consecutive_years: int = 3

    def as_json(self) -> dict[str, Any]:
        return {
            "alternate_rate": self.alternate_rate,
            "rotation_min_new": self.rotation_min_new,
            "max_consecutive_years": self.max_consecutive_years,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Rules:
        return cls(
            alternate_rate=str(data["alternate_rate"]),
            rotation_min_new=str(data["rotation_min_new"]),
            max_consecutive_years=int(data["max_consecutive_years"]),
        )


@dataclass(frozen=True)
class TypeKey:
    """A group of identical candidates for the fair algorithm."""

    cell: str
    gender: str
    age_band: str
    returner: bool

    def as_json(self) -> list[Any]:
        return [self.cell, self.gender, self.age_band, self.returner]

    @classmethod
    def from_json(cls, data: list[Any]) -> TypeKey:
        return cls(str(data[0]), str(data[1]), str(data[2]), bool(data[3]))

    @classmethod
    def of(cls, row: PoolRow) -> TypeKey:
        return cls(row.cell, row.gender, row.age_band, row.returner)


@dataclass(frozen=True)
class Lottery:
    """A fair lottery over panels of one component (cells linked by targets).

    Panel i gives `panels[i][t]` seats to type `types[t]` and is drawn with
    probability `weights[i] / total`. `bound` is the linear-programming bound on the
    lowest selection probability (a decimal string, so the commitment hashes no
    floats); `stages` and `iterations` say how it was found.
    """

    key: str
    cells: tuple[str, ...]
    types: tuple[TypeKey, ...]
    counts: tuple[int, ...]
    panels: tuple[tuple[int, ...], ...]
    weights: tuple[int, ...]
    total: int
    bound: str
    stages: int = 0
    iterations: int = 0

    def chances(self) -> list[float]:
        """Each type's selection probability under this lottery (per person)."""
        out = []
        for t, count in enumerate(self.counts):
            expected = sum(
                w * p[t] for w, p in zip(self.weights, self.panels, strict=True)
            )
            out.append(expected / (self.total * count))
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "cells": list(self.cells),
            "types": [t.as_json() for t in self.types],
            "counts": list(self.counts),
            "panels": [list(p) for p in self.panels],
            "weights": list(self.weights),
            "total": self.total,
            "bound": self.bound,
            "stages": self.stages,
            "iterations": self.iterations,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Lottery:
        return cls(
            key=str(data["key"]),
            cells=tuple(str(c) for c in data["cells"]),
            types=tuple(TypeKey.from_json(t) for t in data["types"]),
            counts=tuple(int(c) for c in data["counts"]),
            panels=tuple(tuple(int(x) for x in p) for p in data["panels"]),
            weights=tuple(int(w) for w in data["weights"]),
            total=int(data["total"]),
            bound=str(data["bound"]),
            stages=int(data.get("stages", 0)),
            iterations=int(data.get("iterations", 0)),
        )


@dataclass(frozen=True)
class Inputs:
    """Everything a draw depends on but the seed; hashed into the commitment."""

    software_version: str
    rules: Rules
    cells: tuple[CellSpec, ...]
    pool: tuple[PoolRow, ...]
    exclusions: tuple[Exclusion, ...] = ()
    targets: tuple[Target, ...] = ()
    lotteries: tuple[Lottery, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "software_version": self.software_version,
            "rules": self.rules.as_json(),
            "cells": [c.as_json() for c in self.cells],
            "pool": [r.as_json() for r in self.pool],
            "exclusions": [e.as_json() for e in self.exclusions],
            "targets": [t.as_json() for t in self.targets],
            "lotteries": [lot.as_json() for lot in self.lotteries],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Inputs:
        return cls(
            software_version=str(data["software_version"]),
            rules=Rules.from_json(data["rules"]),
            cells=tuple(CellSpec.from_json(c) for c in data["cells"]),
            pool=tuple(PoolRow.from_json(r) for r in data["pool"]),
            exclusions=tuple(Exclusion.from_json(e) for e in data["exclusions"]),
            targets=tuple(Target.from_json(t) for t in data["targets"]),
            lotteries=tuple(Lottery.from_json(lot) for lot in data["lotteries"]),
        )


@dataclass(frozen=True)
class Entry:
    """A candidate's place in their cell's ranked order (members first)."""

    cell: str
    rank: int
    candidate: int
    hash: str
    role: str
    returner: bool

    def as_json(self) -> list[Any]:
        return [self.cell, self.rank, self.hash, self.role, self.returner]


@dataclass(frozen=True)
class ShortCell:
    """A cell with too few eligible candidates for its seats and alternates."""

    cell: str
    seats: int
    alternates: int
    eligible: int
    returners: int
    returner_cap: int
    short: int


@dataclass
class Outcome:
    """The result of `run`: every cell's ranked entries and the report."""

    entries: list[Entry]
    report: dict[str, Any] = field(default_factory=dict)
