"""Survey results: counts, percentages, satisfaction rates and cross-tabs.

Two sources, one shape:

- `results_compute` reads the live counts (`live.live_counts`: the `Tally` rows
  and the answers not yet folded into them): choice
  counts per option, per matrix row, and the number of answers of every question
  (option key 0). Number questions are not tallied (a count column cannot hold a
  mean, a minimum or a maximum), so their count/mean/min/max are aggregated in SQL
  over the JSON of the responses: one query, one pass over the questionnaire's
  responses, the same on SQLite (JSON1) and PostgreSQL (`->>` cast to numeric).
- `results_recount` streams the `Response` rows (a server-side cursor in chunks,
  constant memory: only counters keyed by question, row, option and group are
  kept) and builds the same figures from the stored answers. `sanmin surveys
  recount` compares the two.

Percentages are of those who answered the question (or the matrix row): a
multiple-choice question's percentages may add up to more than 100. A satisfaction
rate is the satisfied answers divided by the answers on counted scale points (不了解
is not counted), for every rating question and every matrix row (the areas).
Results are per questionnaire version: each version has its own responses and
tallies.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Any

from django.db.models import Count, DecimalField, Max, Min, Q, Sum, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, NullIf

from sanmin.campaigns.models import District, QuotaCategory
from sanmin.surveys.models import (
    Kind,
    Questionnaire,
    Response,
    TextAnswer,
)
from sanmin.surveys.selectors.live import Key, live_counts, live_response_totals
from sanmin.surveys.selectors.structure import questionnaire_structure

# None (overall), "district" or "category".
By = str | None
BY_CHOICES: tuple[str, ...] = ("district", "category")
BY_LABELS = {"district": "按区（市）", "category": "按代表类别"}
CHUNK = 2000
OTHER_CODE = "other"

# Number answers are aggregated as numeric(38, 10) on PostgreSQL (exact); the
# recount rounds to the same ten places. SQLite aggregates them as floats.
NUMBER_DIGITS = 38
NUMBER_PLACES = 10
_PLACES = Decimal(1).scaleb(-NUMBER_PLACES)
_WIDE = Context(prec=60)
_CENT = Decimal("0.1")
_MEAN = Decimal("0.01")


# The questionnaire's layout ----------------------------------------------------------


@dataclass(frozen=True)
class OptionInfo:
    pk: int
    code: str
    label: str
    counted: bool
    satisfied: bool


@dataclass(frozen=True)
class RowInfo:
    pk: int
    code: str
    label: str


@dataclass(frozen=True)
class QuestionInfo:
    pk: int
    code: str
    number: str  # "A3": section letter and place in the section
    prompt: str
    kind: str
    section: str
    options: tuple[OptionInfo, ...] = ()
    rows: tuple[RowInfo, ...] = ()
    other_option: bool = False

    @property
    def is_choice(self) -> bool:
        return self.kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.RATING)

    @property
    def has_scale(self) -> bool:
        """Rating and matrix questions carry a satisfaction rate (if the scale
        marks satisfied points)."""
        return self.kind in (Kind.RATING, Kind.MATRIX) and any(
            option.satisfied for option in self.options
        )


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def results_layout(*, questionnaire: Questionnaire) -> list[QuestionInfo]:
    """The questions in page order with their options and rows, numbered by
    section letter and place ("A3"), from the (cached) questionnaire structure."""
    structure = questionnaire_structure(questionnaire=questionnaire)
    layout: list[QuestionInfo] = []
    for index, section in enumerate(structure.sections):
        letter = _letter(index)
        for place, question in enumerate(section.questions, 1):
            layout.append(
                QuestionInfo(
                    pk=question.id,
                    code=question.code,
                    number=f"{letter}{place}",
                    prompt=question.prompt,
                    kind=question.kind,
                    section=section.title,
                    options=tuple(
                        OptionInfo(o.id, o.code, o.label, o.counted, o.satisfied)
                        for o in question.options
                    ),
                    rows=tuple(RowInfo(r.id, r.code, r.label) for r in question.rows),
                    other_option=question.other_option,
                )
            )
    return layout


# Figures -------------------------------------------------------------------------------


def percent(part: int, whole: int) -> str | None:
    """part/whole as a percentage with one decimal ("66.7"), None without a whole."""
    if not whole:
        return None
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(_CENT, ROUND_HALF_UP)
    return str(value)


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass
class NumberStats:
    count: int = 0
    total: Decimal = field(default_factory=Decimal)
    low: Decimal | None = None
    high: Decimal | None = None

    def add(self, value: Decimal) -> None:
        self.count += 1
        self.total += value
        self.low = value if self.low is None else min(self.low, value)
        self.high = value if self.high is None else max(self.high, value)

    def figures(self) -> dict[str, Any]:
        if not self.count:
            return {"count": 0, "mean": None, "min": None, "max": None}
        mean = (self.total / self.count).quantize(_MEAN, ROUND_HALF_UP)
        assert self.low is not None and self.high is not None
        return {
            "count": self.count,
            "mean": _plain(mean),
            "min": _plain(self.low),
            "max": _plain(self.high),
        }


def _options(
    options: Iterable[OptionInfo], counts: Mapping[int, int], answered: int
) -> list[dict[str, Any]]:
    return [
        {
            "code": option.code,
            "label": option.label,
            "count": counts.get(option.pk, 0),
            "percent": percent(counts.get(option.pk, 0), answered),
        }
        for option in options
    ]


def _satisfaction(
    options: Iterable[OptionInfo], counts: Mapping[int, int]
) -> dict[str, Any]:
    satisfied = sum(counts.get(o.pk, 0) for o in options if o.satisfied)
    counted = sum(counts.get(o.pk, 0) for o in options if o.counted)
    return {
        "satisfied": satisfied,
        "counted": counted,
        "rate": percent(satisfied, counted),
    }


def _question(
    question: QuestionInfo,
    counts: Mapping[tuple[int, int], int],
    number: NumberStats | None,
) -> dict[str, Any]:
    """The figures of one question from its counts {(row pk, option pk): n}."""
    answered = counts.get((0, 0), 0)
    figures: dict[str, Any] = {
        "code": question.code,
        "number": question.number,
        "prompt": question.prompt,
        "kind": question.kind,
        "kind_label": str(Kind(question.kind).label),
        "answered": answered,
    }
    if question.is_choice:
        by_option = {opt: n for (row, opt), n in counts.items() if row == 0 and opt}
        figures["options"] = _options(question.options, by_option, answered)
        if question.other_option and question.kind == Kind.SINGLE:
            # "Other" has no option row: the answers on no listed option.
            other = answered - sum(by_option.values())
            figures["options"].append(
                {
                    "code": OTHER_CODE,
                    "label": "其他",
                    "count": other,
                    "percent": percent(other, answered),
                }
            )
        if question.has_scale:
            figures["satisfaction"] = _satisfaction(question.options, by_option)
    elif question.kind == Kind.MATRIX:
        rows = []
        for row in question.rows:
            by_option = {
                opt: n for (r, opt), n in counts.items() if r == row.pk and opt
            }
            row_answered = counts.get((row.pk, 0), 0)
            line: dict[str, Any] = {
                "code": row.code,
                "label": row.label,
                "answered": row_answered,
                "options": _options(question.options, by_option, row_answered),
            }
            if question.has_scale:
                line["satisfaction"] = _satisfaction(question.options, by_option)
            rows.append(line)
        figures["rows"] = rows
    elif question.kind == Kind.NUMBER:
        figures["stats"] = (number or NumberStats()).figures()
    return figures


def _areas(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Satisfaction per area: every matrix row and every rating question."""
    areas = []
    for question in questions:
        if question["kind"] == Kind.MATRIX and question["rows"]:
            for row in question["rows"]:
                if "satisfaction" in row:
                    areas.append(
                        {
                            "code": row["code"],
                            "label": row["label"],
                            "question": question["code"],
                            **row["satisfaction"],
                        }
                    )
        elif "satisfaction" in question:
            areas.append(
                {
                    "code": question["code"],
                    "label": question["prompt"],
                    "question": question["code"],
                    **question["satisfaction"],
                }
            )
    return areas


def _groups(by: By, present: Iterable[int]) -> list[tuple[int, str]]:
    """(key, label) of the groups of a cross-tab: every district / category of the
    model in its order, then 0 (未注明) if some answers have none."""
    present = set(present)
    if by == "district":
        named = list(
            District.objects.order_by("order", "code").values_list("pk", "name")
        )
    else:
        named = list(
            QuotaCategory.objects.filter(pk__in=present - {0})
            .order_by("level", "order", "pk")
            .values_list("pk", "name")
        )
    groups = [(pk, name) for pk, name in named]
    if 0 in present:
        groups.append((0, "未注明"))
    return groups


def _figures(
    *,
    questionnaire: Questionnaire,
    layout: list[QuestionInfo],
    by: By,
    responses: Counter[int],
    counts: Mapping[Key, int],
    numbers: Mapping[tuple[int, int], NumberStats],
) -> dict[str, Any]:
    """Assemble the figures of a questionnaire from raw counters (either source)."""

    # Index the counters once: per (question, group) and per question.
    split: dict[tuple[int, int], Counter[tuple[int, int]]] = {}
    whole: dict[int, Counter[tuple[int, int]]] = {}
    for (q, row, opt, g), n in counts.items():
        split.setdefault((q, g), Counter())[(row, opt)] += n
        whole.setdefault(q, Counter())[(row, opt)] += n
    number_whole: dict[int, NumberStats] = {}
    for (q, _g), part in numbers.items():
        _merge(number_whole.setdefault(q, NumberStats()), part)

    def questions_of(group: int | None) -> list[dict[str, Any]]:
        empty: Counter[tuple[int, int]] = Counter()
        if group is None:
            return [
                _question(q, whole.get(q.pk, empty), number_whole.get(q.pk))
                for q in layout
            ]
        return [
            _question(q, split.get((q.pk, group), empty), numbers.get((q.pk, group)))
            for q in layout
        ]

    questions = questions_of(None)
    figures: dict[str, Any] = {
        "questionnaire": questionnaire.pk,
        "code": questionnaire.code,
        "version": questionnaire.version,
        "title": questionnaire.title,
        "responses": sum(responses.values()),
        "questions": questions,
        "areas": _areas(questions),
        "by": by,
    }
    if by:
        groups = []
        for key, label in _groups(by, responses):
            group_questions = questions_of(key)
            groups.append(
                {
                    "key": key,
                    "label": label,
                    "responses": responses.get(key, 0),
                    "questions": group_questions,
                    "areas": _areas(group_questions),
                }
            )
        figures["groups"] = groups
    return figures


def _merge(into: NumberStats, part: NumberStats) -> None:
    if not part.count:
        return
    into.count += part.count
    into.total += part.total
    assert part.low is not None and part.high is not None
    into.low = part.low if into.low is None else min(into.low, part.low)
    into.high = part.high if into.high is None else max(into.high, part.high)


def _check_by(by: By) -> None:
    if by not in (None, *BY_CHOICES):
        raise ValueError(f"unknown cross-tab {by!r}")


# From the tallies ------------------------------------------------------------------------


def _group_field(by: By) -> str | None:
    return {"district": "district_id", "category": "category_id"}.get(by or "")


def _number_stats(
    questionnaire: Questionnaire, layout: list[QuestionInfo], by: By
) -> dict[tuple[int, int], NumberStats]:
    """count/sum/min/max of every number question, in one SQL pass over the JSON."""
    numbers = [q for q in layout if q.kind == Kind.NUMBER]
    if not numbers:
        return {}
    aggregates: dict[str, Any] = {}
    for question in numbers:
        value = Cast(
            NullIf(KeyTextTransform(question.code, "answers"), Value("")),
            DecimalField(max_digits=NUMBER_DIGITS, decimal_places=NUMBER_PLACES),
        )
        aggregates[f"c{question.pk}"] = Count(value)
        aggregates[f"s{question.pk}"] = Sum(value)
        aggregates[f"lo{question.pk}"] = Min(value)
        aggregates[f"hi{question.pk}"] = Max(value)
    rows = Response.objects.filter(questionnaire=questionnaire)
    group = _group_field(by)
    values: Iterable[Mapping[str, Any]]
    if group:
        values = rows.values(group).annotate(**aggregates).order_by()
    else:
        values = [rows.aggregate(**aggregates)]
    out: dict[tuple[int, int], NumberStats] = {}
    for line in values:
        key = (line.get(group) or 0) if group else 0
        for question in numbers:
            count = line[f"c{question.pk}"] or 0
            if not count:
                continue
            out[(question.pk, key)] = NumberStats(
                count=count,
                total=_decimal(line[f"s{question.pk}"]),
                low=_decimal(line[f"lo{question.pk}"]),
                high=_decimal(line[f"hi{question.pk}"]),
            )
    return out


def _decimal(value: Any) -> Decimal:
    """SQLite hands back floats (or ints) for numeric casts, PostgreSQL Decimals."""
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def results_compute(*, questionnaire: Questionnaire, by: By = None) -> dict[str, Any]:
    """The figures of one questionnaire version from the live tallies.

    1. Sum the tallies and the answers not yet folded into them per
       question, row and option (and district or category for a cross-tab):
       `live.live_counts`, a few thousand rows whatever the number of responses.
    2. Count the responses (per group) and aggregate number questions in SQL.
    3. Assemble the same figures as `results_recount`.
    """
    _check_by(by)
    layout = results_layout(questionnaire=questionnaire)
    counts = live_counts(questionnaire_id=questionnaire.pk, by=by)
    # Key (0, 0, 0) counts the responses themselves.
    responses: Counter[int] = Counter(
        {g: n for (q, _row, _opt, g), n in counts.items() if q == 0}
    )
    return _figures(
        questionnaire=questionnaire,
        layout=layout,
        by=by,
        responses=responses,
        counts=counts,
        numbers=_number_stats(questionnaire, layout, by),
    )


# From the responses ------------------------------------------------------------------


def _answer_keys(question: QuestionInfo, value: Any) -> Iterator[tuple[int, int]]:
    """(row pk, option pk) counts one answer adds, as `response_submit` tallies
    them: (0, 0) for the answer itself, (0, option) per chosen option, (row, 0) and
    (row, option) per answered matrix row. "Other" (no option of its own) counts
    only as an answer."""
    options = {option.code: option.pk for option in question.options}
    yield (0, 0)
    if question.kind in (Kind.SINGLE, Kind.RATING, Kind.MULTIPLE):
        chosen = [value] if isinstance(value, str) else value
        for code in set(chosen) if isinstance(chosen, list) else ():
            if code in options:
                yield (0, options[code])
    elif question.kind == Kind.MATRIX and isinstance(value, dict):
        rows = {row.code: row.pk for row in question.rows}
        for row_code, code in value.items():
            if row_code not in rows:
                continue
            yield (rows[row_code], 0)
            if code in options:
                yield (rows[row_code], options[code])


def results_recount(*, questionnaire: Questionnaire, by: By = None) -> dict[str, Any]:
    """The same figures as `results_compute`, recomputed from the stored responses.

    The responses are streamed in chunks (a server-side cursor on PostgreSQL);
    only counters keyed by question, row, option and group are held, so memory does
    not grow with the number of responses.
    """
    _check_by(by)
    layout = results_layout(questionnaire=questionnaire)
    group = _group_field(by)
    counts: Counter[Key] = Counter()
    numbers: dict[tuple[int, int], NumberStats] = {}
    responses: Counter[int] = Counter()
    stream = (
        Response.objects.filter(questionnaire=questionnaire)
        .order_by()
        .values_list("answers", group or "questionnaire_id")
        .iterator(chunk_size=CHUNK)
    )
    for answers, group_value in stream:
        key = (group_value or 0) if group else 0
        responses[key] += 1
        for question in layout:
            value = answers.get(question.code)
            if value is None:
                continue
            if question.kind == Kind.NUMBER:
                counts[(question.pk, 0, 0, key)] += 1
                try:
                    number = Decimal(str(value)).quantize(_PLACES, context=_WIDE)
                except ArithmeticError:
                    continue
                numbers.setdefault((question.pk, key), NumberStats()).add(number)
                continue
            for row, option in _answer_keys(question, value):
                counts[(question.pk, row, option, key)] += 1
    return _figures(
        questionnaire=questionnaire,
        layout=layout,
        by=by,
        responses=responses,
        counts=counts,
        numbers=numbers,
    )


# Lists and texts ---------------------------------------------------------------------


def results_questionnaires(
    *, campaign: Any, published_only: bool
) -> list[Questionnaire]:
    """The campaign's questionnaire versions that have been opened (drafts have no
    answers), newest version first per family, each with `response_count` (from
    the tallies' response key, not a count over the responses)."""
    rows = Questionnaire.objects.filter(
        campaign=campaign, frozen_at__isnull=False
    ).order_by("audience", "code", "-version")
    if published_only:
        rows = rows.filter(results_published_at__isnull=False)
    versions = list(rows)
    totals = live_response_totals([q.pk for q in versions])
    for questionnaire in versions:
        questionnaire.response_count = totals.get(questionnaire.pk, 0)  # type: ignore[attr-defined]
    return versions


def results_texts(*, questionnaire: Questionnaire, search: str = "") -> Any:
    """Free-text answers (and "other" texts) of a questionnaire, newest question
    order, optionally only those containing `search`; a queryset to page through."""
    texts = (
        TextAnswer.objects.filter(question__questionnaire=questionnaire)
        .select_related("question")
        .order_by("question__section__order", "question__order", "question_id", "pk")
    )
    search = search.strip()
    if search:
        texts = texts.filter(Q(text__icontains=search))
    return texts
