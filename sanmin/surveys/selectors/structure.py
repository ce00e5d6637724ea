"""The read model of a questionnaire: its sections, questions, options, rows and
display conditions as frozen dataclasses, loaded in four queries (five when it
asks for the respondent's district).

Answering, results and exports all read a questionnaire through
`questionnaire_structure`; the page's JavaScript gets the same definition from
`Structure.as_json()`, so that the server (`Structure.visible`) and the client decide
which questions are shown by one rule.

A frozen questionnaire never changes, so its structure is kept in a small
per-process cache keyed by primary key and freeze time; drafts are always read
afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from sanmin.campaigns.models import District
from sanmin.surveys.models import Option, Question, Questionnaire, Row, Section
from sanmin.surveys.models.questionnaires import CHOICE_KINDS, TEXT_KINDS, Kind

# Kinds another question's display may depend on: one or more option codes.
CONDITION_KINDS = (Kind.SINGLE, Kind.MULTIPLE, Kind.RATING)
OTHER_SUFFIX = "__other"
CACHE_SIZE = 64
# The public survey's question of the respondent's district: its options are the
# districts, by code (e.g. "370202") or by name.
DISTRICT_QUESTION = "district"


@dataclass(frozen=True)
class OptionDef:
    id: int
    code: str
    label: str
    counted: bool
    satisfied: bool


@dataclass(frozen=True)
class RowDef:
    id: int
    code: str
    label: str


@dataclass(frozen=True)
class QuestionDef:
    id: int
    code: str
    kind: str
    prompt: str
    help: str
    required: bool
    section_id: int
    position: int  # 1-based number in the whole questionnaire
    min_choices: int | None
    max_choices: int | None
    other_option: bool
    max_length: int
    min_value: Decimal | None
    max_value: Decimal | None
    options: tuple[OptionDef, ...]
    rows: tuple[RowDef, ...]
    show_if: str | None  # the code of the question this one depends on
    show_if_options: tuple[str, ...]
    # For people: the condition's question number and option labels.
    show_if_position: int | None = None
    show_if_labels: tuple[str, ...] = ()

    @property
    def condition_text(self) -> str:
        """E.g. 第 2 题选“不满意”时显示 (empty without a condition)."""
        if self.show_if is None:
            return ""
        labels = "或".join(f"“{label}”" for label in self.show_if_labels)
        return f"第 {self.show_if_position} 题选{labels}时显示"

    @property
    def kind_label(self) -> str:
        return str(Kind(self.kind).label)

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS

    @property
    def other_key(self) -> str:
        """The answers key of the "其他（请注明）" text."""
        return f"{self.code}{OTHER_SUFFIX}"

    @property
    def option_codes(self) -> tuple[str, ...]:
        return tuple(option.code for option in self.options)

    @property
    def row_codes(self) -> tuple[str, ...]:
        return tuple(row.code for row in self.rows)

    def option(self, code: str) -> OptionDef | None:
        for option in self.options:
            if option.code == code:
                return option
        return None

    def chosen(self, answer: Any) -> set[str]:
        """The option codes an answer to this question picks (single or multiple)."""
        if isinstance(answer, str):
            return {answer}
        if isinstance(answer, list | tuple):
            return {value for value in answer if isinstance(value, str)}
        return set()

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": self.kind,
            "prompt": self.prompt,
            "help": self.help,
            "required": self.required,
            "min_choices": self.min_choices,
            "max_choices": self.max_choices,
            "other_option": self.other_option,
            "max_length": self.max_length,
            "min_value": _number(self.min_value),
            "max_value": _number(self.max_value),
            "options": [{"code": o.code, "label": o.label} for o in self.options],
            "rows": [{"code": r.code, "label": r.label} for r in self.rows],
            "show_if": self.show_if,
            "show_if_options": list(self.show_if_options),
        }


@dataclass(frozen=True)
class SectionDef:
    id: int
    title: str
    questions: tuple[QuestionDef, ...]


@dataclass(frozen=True)
class Structure:
    questionnaire_id: int
    code: str
    version: int
    title: str
    intro: str
    audience: str
    frozen: bool
    sections: tuple[SectionDef, ...]
    by_code: Mapping[str, QuestionDef] = field(compare=False, repr=False)
    # The district each option of DISTRICT_QUESTION names (by code or by name).
    district_ids: Mapping[str, int] = field(
        default_factory=dict, compare=False, repr=False
    )

    @cached_property
    def questions(self) -> tuple[QuestionDef, ...]:
        return tuple(q for section in self.sections for q in section.questions)

    def question(self, code: str) -> QuestionDef | None:
        return self.by_code.get(code)

    def district_of(self, answers: Mapping[str, Any]) -> int | None:
        """The district the answer to DISTRICT_QUESTION names, if any."""
        chosen = answers.get(DISTRICT_QUESTION)
        return self.district_ids.get(chosen) if isinstance(chosen, str) else None

    def visible(self, answers: Mapping[str, Any]) -> set[str]:
        """The codes of the questions shown for these answers.

        1. Walk the questions in order (a condition always points at an earlier
           question, so it has been decided by the time it is needed).
        2. A question without a condition is shown.
        3. A conditional question is shown when the question it depends on is
           shown and its answer picks one of the condition's options.
        """
        shown: set[str] = set()
        for question in self.questions:
            if question.show_if is None:
                shown.add(question.code)
                continue
            if question.show_if not in shown:
                continue
            source = self.by_code[question.show_if]
            picked = source.chosen(answers.get(source.code))
            if picked & set(question.show_if_options):
                shown.add(question.code)
        return shown

    def as_json(self) -> dict[str, Any]:
        """The definition for the page's JavaScript (json_script)."""
        return {
            "code": self.code,
            "version": self.version,
            "sections": [
                {
                    "title": section.title,
                    "questions": [q.as_json() for q in section.questions],
                }
                for section in self.sections
            ],
        }


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


_cache: OrderedDict[tuple[int, str], Structure] = OrderedDict()
_cache_lock = threading.Lock()


def structure_cache_evict(*, questionnaire_id: int) -> None:
    """Forget every cached structure of this primary key (called when it opens)."""
    with _cache_lock:
        for key in [key for key in _cache if key[0] == questionnaire_id]:
            del _cache[key]


def structure_cache_clear() -> None:
    with _cache_lock:
        _cache.clear()


def questionnaire_structure(*, questionnaire: Questionnaire) -> Structure:
    """The structure of a questionnaire; cached once it is frozen."""
    if questionnaire.frozen_at is None:
        return _load(questionnaire)
    key = (int(questionnaire.pk), questionnaire.frozen_at.isoformat())
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
    structure = _load(questionnaire)
    with _cache_lock:
        _cache[key] = structure
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return structure


def _district_ids(question: QuestionDef | None) -> dict[str, int]:
    if question is None:
        return {}
    found: dict[str, int] = {}
    districts = list(District.objects.only("pk", "code", "name", "alias"))
    for option in question.options:
        for district in districts:
            if option.code == district.code or option.label in (
                district.name,
                district.alias,
            ):
                found[option.code] = int(district.pk)
                break
    return found


def _load(questionnaire: Questionnaire) -> Structure:
    """Four queries: sections, questions, options, rows (and the districts when
    the questionnaire asks for one)."""
    sections = list(
        Section.objects.filter(questionnaire=questionnaire).order_by("order", "pk")
    )
    questions = list(
        Question.objects.filter(questionnaire=questionnaire).order_by(
            "section__order", "section_id", "order", "pk"
        )
    )
    options: dict[int, list[OptionDef]] = {}
    for option in Option.objects.filter(question__questionnaire=questionnaire).order_by(
        "question_id", "order", "pk"
    ):
        options.setdefault(option.question_id, []).append(
            OptionDef(
                id=option.pk,
                code=option.code,
                label=option.label,
                counted=option.counted,
                satisfied=option.satisfied,
            )
        )
    rows: dict[int, list[RowDef]] = {}
    for row in Row.objects.filter(question__questionnaire=questionnaire).order_by(
        "question_id", "order", "pk"
    ):
        rows.setdefault(row.question_id, []).append(
            RowDef(id=row.pk, code=row.code, label=row.label)
        )
    code_of = {question.pk: question.code for question in questions}
    by_section: dict[int, list[QuestionDef]] = {section.pk: [] for section in sections}
    by_code: dict[str, QuestionDef] = {}
    position_of = {question.pk: n for n, question in enumerate(questions, 1)}
    labels_of = {
        question.pk: {o.code: o.label for o in options.get(question.pk, ())}
        for question in questions
    }
    for position, question in enumerate(questions, 1):
        source = question.show_if_id
        definition = QuestionDef(
            id=question.pk,
            code=question.code,
            kind=question.kind,
            prompt=question.prompt,
            help=question.help,
            required=question.required,
            section_id=question.section_id,
            position=position,
            min_choices=question.min_choices,
            max_choices=question.max_choices,
            other_option=question.other_option,
            max_length=question.max_length,
            min_value=question.min_value,
            max_value=question.max_value,
            options=tuple(options.get(question.pk, ())),
            rows=tuple(rows.get(question.pk, ())),
            show_if=code_of.get(question.show_if_id) if question.show_if_id else None,
            show_if_options=tuple(question.show_if_options or ()),
            show_if_position=position_of.get(source) if source else None,
            show_if_labels=tuple(
                labels_of.get(source, {}).get(code, code)
                for code in question.show_if_options or ()
            )
            if source
            else (),
        )
        by_section[question.section_id].append(definition)
        by_code[question.code] = definition
    return Structure(
        district_ids=_district_ids(by_code.get(DISTRICT_QUESTION)),
        questionnaire_id=questionnaire.pk,
        code=questionnaire.code,
        version=questionnaire.version,
        title=questionnaire.title,
        intro=questionnaire.intro,
        audience=questionnaire.audience,
        frozen=questionnaire.is_frozen,
        sections=tuple(
            SectionDef(
                id=section.pk,
                title=section.title,
                questions=tuple(by_section[section.pk]),
            )
            for section in sections
        ),
        by_code=by_code,
    )
