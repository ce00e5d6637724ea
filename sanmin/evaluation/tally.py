"""The tally: counts per choice in, per-department figures out. Pure computation.

Nothing here touches the database, so the same function serves `result_compute`,
`sanmin tally compute` and `sanmin tally verify`, and the tests can check the
arithmetic by hand.

Arithmetic is Decimal throughout. Every figure is rounded once, to 2 places,
ROUND_HALF_UP (四舍五入):

- valid votes = votes of the choices that count (不了解 does not, by default);
- score = Σ(votes × points) ÷ valid votes;
- satisfaction rate = satisfied votes ÷ valid votes × 100 (a percentage);
- rank within the group by the rounded score, highest first; equal scores share a rank
  and the next rank is skipped (1, 1, 3); a department without valid votes has no
  score, no rank and no grade;
- grade: the first cut-off, highest first, whose minimum the rounded score reaches;
- composite = weight × rounded score + (1 − weight) × routine score, when the rule
  has a weight and the department has a routine score.
Rank, grade and composite use the rounded score, so anyone can recompute them from
the published table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

PLACES = Decimal("0.01")
ROUNDING = ROUND_HALF_UP
ROUNDING_LABEL = "ROUND_HALF_UP, 2 places"
HUNDRED = Decimal(100)


class RuleError(ValueError):
    """A rule that cannot be applied; the message says why, in Chinese."""


def rounded(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUNDING)


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: Any, *, what: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise RuleError(f"{what}不是有效的数字：{value}") from None
    if not number.is_finite():
        raise RuleError(f"{what}不是有效的数字：{value}")
    return number


@dataclass(frozen=True)
class Choice:
    code: str
    label: str
    points: Decimal
    counted: bool = True
    satisfied: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "points": str(self.points),
            "counted": self.counted,
            "satisfied": self.satisfied,
        }


@dataclass(frozen=True)
class Grade:
    name: str
    minimum: Decimal

    def as_json(self) -> dict[str, Any]:
        return {"grade": self.name, "min": str(self.minimum)}


def grades_parse(data: Any) -> tuple[Grade, ...]:
    """TallyRule.grades ([{"grade": "好", "min": "90"}, ...]) as cut-offs, checked.

    Cut-offs must be listed highest first, with distinct names and minimums.
    """
    if not data:
        return ()
    if not isinstance(data, list):
        raise RuleError('等次划分应为列表，例如 [{"grade": "好", "min": "90"}]')
    grades = []
    for entry in data:
        if not isinstance(entry, Mapping) or not entry.get("grade"):
            raise RuleError("每个等次都要有名称（grade）和最低分（min）")
        minimum = _decimal(entry.get("min"), what=f"等次“{entry['grade']}”的最低分")
        grades.append(Grade(name=str(entry["grade"]), minimum=rounded(minimum)))
    minimums = [grade.minimum for grade in grades]
    if minimums != sorted(minimums, reverse=True) or len(set(minimums)) != len(
        minimums
    ):
        raise RuleError("等次应按最低分从高到低排列，且最低分不能重复")
    if len({grade.name for grade in grades}) != len(grades):
        raise RuleError("等次名称不能重复")
    return tuple(grades)


@dataclass(frozen=True)
class Rule:
    """How counts become figures; stored in each snapshot as it was applied."""

    choices: tuple[Choice, ...]
    grades: tuple[Grade, ...] = ()
    evaluation_weight: Decimal | None = None

    def __post_init__(self) -> None:
        codes = [choice.code for choice in self.choices]
        if len(set(codes)) != len(codes):
            raise RuleError("评议选项代码重复")
        if not any(choice.counted for choice in self.choices):
            raise RuleError("没有计入有效票的评议选项")
        stray = [c.label for c in self.choices if c.satisfied and not c.counted]
        if stray:
            raise RuleError(f"不计入有效票的选项不能计为满意：{'、'.join(stray)}")
        weight = self.evaluation_weight
        if weight is not None and not Decimal(0) <= weight <= Decimal(1):
            raise RuleError("评议得分权重应在 0 到 1 之间")

    @classmethod
    def build(
        cls,
        *,
        choices: Iterable[tuple[str, str, Decimal, bool]],
        satisfied_codes: Iterable[str] = (),
        grades: Any = None,
        evaluation_weight: Decimal | None = None,
    ) -> Rule:
        """A rule from the campaign's scale (code, label, points, counted).

        Without `satisfied_codes`, the satisfied choices are the counted ones worth
        more than 0 points: 满意、比较满意、基本满意 on the default scale.
        """
        scale = list(choices)
        wanted = set(satisfied_codes)
        unknown = wanted - {code for code, *_ in scale}
        if unknown:
            raise RuleError(f"计为满意的选项不存在：{'、'.join(sorted(unknown))}")
        return cls(
            choices=tuple(
                Choice(
                    code=code,
                    label=label,
                    points=points,
                    counted=counted,
                    satisfied=(code in wanted) if wanted else counted and points > 0,
                )
                for code, label, points, counted in scale
            ),
            grades=grades_parse(grades),
            evaluation_weight=evaluation_weight,
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "choices": [choice.as_json() for choice in self.choices],
            "grades": [grade.as_json() for grade in self.grades],
            "evaluation_weight": _text(self.evaluation_weight),
            "rounding": ROUNDING_LABEL,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Rule:
        """The rule recorded in a snapshot (for `tally verify`)."""
        weight = data.get("evaluation_weight")
        return cls(
            choices=tuple(
                Choice(
                    code=entry["code"],
                    label=entry["label"],
                    points=_decimal(entry["points"], what="分值"),
                    counted=bool(entry["counted"]),
                    satisfied=bool(entry["satisfied"]),
                )
                for entry in data["choices"]
            ),
            grades=grades_parse(data.get("grades") or []),
            evaluation_weight=None
            if weight is None
            else _decimal(weight, what="评议得分权重"),
        )

    def grade_for(self, score: Decimal | None) -> str:
        if score is None:
            return ""
        for grade in self.grades:
            if score >= grade.minimum:
                return grade.name
        return ""


@dataclass(frozen=True)
class Department:
    """One department's input: its place and the votes each choice received."""

    participant_id: int
    name: str
    group: str
    order: int
    counts: Mapping[str, int]
    routine_score: Decimal | None = None


@dataclass
class Figures:
    participant_id: int
    name: str
    group: str
    order: int
    counts: dict[str, int]
    total: int
    valid: int
    points: Decimal
    score: Decimal | None
    satisfied: int
    satisfaction_rate: Decimal | None
    grade: str
    routine_score: Decimal | None
    composite: Decimal | None
    rank: int | None = field(default=None)

    def as_json(self) -> dict[str, Any]:
        return {
            "participant": self.participant_id,
            "department": self.name,
            "group": self.group,
            "order": self.order,
            "counts": dict(self.counts),
            "total": self.total,
            "valid": self.valid,
            "points": str(self.points),
            "score": _text(self.score),
            "satisfied": self.satisfied,
            "satisfaction_rate": _text(self.satisfaction_rate),
            "rank": self.rank,
            "grade": self.grade,
            "routine_score": _text(self.routine_score),
            "composite": _text(self.composite),
        }


def _figures(rule: Rule, department: Department) -> Figures:
    """Steps 1–5 for one department."""
    known = {choice.code for choice in rule.choices}
    strays = sorted(set(department.counts) - known)
    if strays:
        raise RuleError(
            f"“{department.name}”的评议票含有规则之外的选项：{'、'.join(strays)}"
        )
    counts = {c.code: int(department.counts.get(c.code, 0)) for c in rule.choices}
    # 1. Valid votes and the points they carry.
    valid = sum(counts[c.code] for c in rule.choices if c.counted)
    points = sum(
        (counts[c.code] * c.points for c in rule.choices if c.counted), Decimal(0)
    )
    satisfied = sum(counts[c.code] for c in rule.choices if c.satisfied)
    # 2. Score and satisfaction rate, rounded once.
    score = rounded(points / valid) if valid else None
    rate = rounded(Decimal(satisfied) * HUNDRED / valid) if valid else None
    # 3. Composite from the rounded score.
    composite = None
    routine = department.routine_score
    weight = rule.evaluation_weight
    if score is not None and weight is not None and routine is not None:
        composite = rounded(weight * score + (1 - weight) * routine)
    return Figures(
        participant_id=department.participant_id,
        name=department.name,
        group=department.group,
        order=department.order,
        counts=counts,
        total=sum(counts.values()),
        valid=valid,
        points=rounded(points),
        score=score,
        satisfied=satisfied,
        satisfaction_rate=rate,
        grade=rule.grade_for(score),
        routine_score=routine,
        composite=composite,
    )


def _rank(figures: list[Figures]) -> None:
    """Competition ranking (1, 1, 3) by rounded score; no score, no rank."""
    scored = sorted(
        (f for f in figures if f.score is not None),
        key=lambda f: f.score or Decimal(0),
        reverse=True,
    )
    previous: Decimal | None = None
    rank = 0
    for position, entry in enumerate(scored, start=1):
        if entry.score != previous:
            rank = position
            previous = entry.score
        entry.rank = rank


def table_order(entry: Figures) -> tuple[int, int, int]:
    """Ranked first by rank, then report order; unranked departments last."""
    unranked = entry.rank is None
    return (int(unranked), entry.rank or 0, entry.order)


def tally(*, rule: Rule, departments: Sequence[Department]) -> list[Figures]:
    """Figures for every department, in group order as given, ranked within groups.

    1. Count every choice of the rule (a choice nobody picked counts 0); a count for
       a choice outside the rule is an error, never silently dropped.
    2. Valid votes: the counted choices only.
    3. Score = Σ(votes × points) ÷ valid votes; satisfaction rate = satisfied votes
       ÷ valid votes × 100; both rounded to 2 places, half up.
    4. Grade and composite from the rounded score.
    5. Rank within each group by the rounded score, ties sharing a rank.
    The result is sorted by group (first appearance) and then `table_order`.
    """
    figures = [_figures(rule, department) for department in departments]
    groups: dict[str, list[Figures]] = {}
    for entry in figures:
        groups.setdefault(entry.group, []).append(entry)
    ordered: list[Figures] = []
    for members in groups.values():
        _rank(members)
        ordered += sorted(members, key=table_order)
    return ordered
