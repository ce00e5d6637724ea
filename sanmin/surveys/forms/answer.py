"""The questionnaire page's form: posted fields to answers, and the questions with
their state (values, errors, conditions) for the template.

Field names: `q-<code>` for a question (repeated for multiple choice),
`q-<code>__other` for the "其他" text and `q-<code>__<row>` for a matrix row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from sanmin.surveys.models import Kind
from sanmin.surveys.selectors.structure import QuestionDef, SectionDef, Structure
from sanmin.surveys.services.answer import OTHER_CODE

PREFIX = "q-"
OTHER_LABEL = "其他（请注明）"


def field_name(question: QuestionDef, row: str = "") -> str:
    return f"{PREFIX}{question.code}__{row}" if row else f"{PREFIX}{question.code}"


def answers_from_post(structure: Structure, post: QueryDict) -> dict[str, Any]:
    """The posted answers in the shape `answers_validate` reads (blank ones left
    out, so that an untouched optional question is unanswered)."""
    data: dict[str, Any] = {}
    for question in structure.questions:
        name = field_name(question)
        if question.kind == Kind.MULTIPLE:
            values = [v for v in post.getlist(name) if v]
            if values:
                data[question.code] = values
        elif question.kind == Kind.MATRIX:
            rows = {
                row.code: post.get(field_name(question, row.code), "")
                for row in question.rows
            }
            rows = {code: value for code, value in rows.items() if value}
            if rows:
                data[question.code] = rows
        elif post.get(name, "").strip():
            data[question.code] = post.get(name, "")
        other = post.get(f"{name}__other", "")
        if question.other_option and other.strip():
            data[question.other_key] = other
    return data


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    checked: bool
    id: str


@dataclass(frozen=True)
class MatrixRow:
    code: str
    label: str
    name: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Field:
    """One question as the page shows it."""

    question: QuestionDef
    name: str
    value: str
    choices: tuple[Choice, ...]
    rows: tuple[MatrixRow, ...]
    other_value: str
    errors: tuple[str, ...]
    condition: str  # "若第 2 题选择“不满意”，请回答本题", or ""
    hidden: bool  # hidden for the current answers (only after a refused POST)

    @property
    def input_id(self) -> str:
        return f"id_{self.name}"

    @property
    def other_id(self) -> str:
        return f"id_{self.name}__other"

    @property
    def is_text(self) -> bool:
        return self.question.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT)

    @property
    def choice_type(self) -> str:
        return "checkbox" if self.question.kind == Kind.MULTIPLE else "radio"

    @property
    def rule(self) -> str:
        """What the question asks for beyond one answer (choices, limits)."""
        q = self.question
        parts = []
        if q.kind == Kind.MULTIPLE:
            if q.min_choices and q.max_choices:
                parts.append(f"选择 {q.min_choices}–{q.max_choices} 项")
            elif q.max_choices:
                parts.append(f"最多选择 {q.max_choices} 项")
            elif q.min_choices:
                parts.append(f"至少选择 {q.min_choices} 项")
            else:
                parts.append("可多选")
        if self.is_text:
            parts.append(f"不超过 {q.max_length} 字")
        if q.kind == Kind.NUMBER and (
            q.min_value is not None or q.max_value is not None
        ):
            low = "" if q.min_value is None else _plain(q.min_value)
            high = "" if q.max_value is None else _plain(q.max_value)
            parts.append(f"填写数字 {low}–{high}")
        return "，".join(parts)


def _plain(value: Any) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class SectionView:
    section: SectionDef
    fields: tuple[Field, ...]


def _choices(question: QuestionDef, name: str, picked: set[str]) -> tuple[Choice, ...]:
    choices = [
        Choice(o.code, o.label, o.code in picked, f"id_{name}_{index}")
        for index, o in enumerate(question.options)
    ]
    if question.other_option:
        choices.append(
            Choice(OTHER_CODE, OTHER_LABEL, OTHER_CODE in picked, f"id_{name}_other")
        )
    return tuple(choices)


def _condition(structure: Structure, question: QuestionDef) -> str:
    source = structure.question(question.show_if or "")
    if source is None:
        return ""
    labels = "或".join(
        f"“{o.label}”" for o in source.options if o.code in question.show_if_options
    )
    return f"若第 {source.position} 题选择{labels}，请回答本题；否则请跳过"


def fill_sections(
    structure: Structure,
    *,
    data: Mapping[str, Any] | None = None,
    errors: Mapping[str, list[str]] | None = None,
) -> list[SectionView]:
    """The sections with every question (hidden ones too: without JavaScript the
    page shows them all, each conditional one saying when to answer it)."""
    data = data or {}
    errors = errors or {}
    shown = structure.visible(data) if data else None
    sections = []
    for section in structure.sections:
        fields = []
        for question in section.questions:
            name = field_name(question)
            value = data.get(question.code)
            picked = question.chosen(value)
            rows = tuple(
                MatrixRow(
                    code=row.code,
                    label=row.label,
                    name=field_name(question, row.code),
                    choices=_choices(
                        question,
                        field_name(question, row.code),
                        {value.get(row.code, "")} if isinstance(value, dict) else set(),
                    ),
                )
                for row in question.rows
            )
            fields.append(
                Field(
                    question=question,
                    name=name,
                    value=value if isinstance(value, str) else "",
                    choices=_choices(question, name, picked),
                    rows=rows,
                    other_value=str(data.get(question.other_key, "")),
                    errors=tuple(errors.get(question.code, ())),
                    condition=_condition(structure, question),
                    hidden=shown is not None and question.code not in shown,
                )
            )
        sections.append(SectionView(section=section, fields=tuple(fields)))
    return sections
