"""The definition of a question: its spec and the checks of a sound definition
(run when a question is added or changed, and on the whole questionnaire before
it opens)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError

from sanmin.campaigns.models import Campaign, RatingChoice
from sanmin.surveys.models import (
    Kind,
    Questionnaire,
)
from sanmin.surveys.models.questionnaires import CHOICE_KINDS, TEXT_KINDS
from sanmin.surveys.selectors.structure import (
    CONDITION_KINDS,
    QuestionDef,
    questionnaire_structure,
)

FROZEN = "问卷已开放，不能修改；请建立新版本"
ANSWERED = "问卷已有答卷，不能修改；请建立新版本"
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
TEXT_LIMIT_MAX = 5000
VALUE_LIMIT = Decimal("9999999999.99")

# (code, label) or (code, label, counted, satisfied)
OptionInput = Sequence[Any]


@dataclass(frozen=True)
class OptionSpec:
    code: str
    label: str
    counted: bool = True
    satisfied: bool = False


@dataclass(frozen=True)
class QuestionSpec:
    """Everything that defines one question, as given to add or update it."""

    code: str
    kind: str
    prompt: str
    help: str = ""
    required: bool = True
    min_choices: int | None = None
    max_choices: int | None = None
    other_option: bool = False
    max_length: int = 500
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    options: tuple[OptionSpec, ...] = ()
    rows: tuple[tuple[str, str], ...] = ()
    show_if: str | None = None
    show_if_options: tuple[str, ...] = ()


SPEC_FIELDS = frozenset(f.name for f in fields(QuestionSpec))


# Validation of the definition -----------------------------------------------------


def _code_problem(code: str, what: str) -> str | None:
    if not CODE_RE.match(code or ""):
        return f"{what}代码须为 1～40 位字母、数字、下划线或连字符"
    if "__" in code:
        return f"{what}代码不能含连续两个下划线"
    return None


def spec_problems(
    spec: QuestionSpec, *, earlier: Mapping[str, QuestionDef | QuestionSpec]
) -> list[str]:
    """What is wrong with one question's definition (empty when it is sound).

    `earlier` holds the questions placed before it, by code: a display condition
    may only point at one of them.
    """
    problems: list[str] = []
    add = problems.append
    if problem := _code_problem(spec.code, "题目"):
        add(problem)
    if spec.kind not in Kind.values:
        add("题型无效")
        return problems
    if not spec.prompt.strip() or len(spec.prompt) > 200:
        add("题目文字须为 1～200 个字")
    if len(spec.help) > 200:
        add("说明不能超过 200 个字")
    choice = spec.kind in CHOICE_KINDS
    if choice:
        problems.extend(_options_problems(spec.options))
    elif spec.options:
        add("只有选择题、评分题和矩阵题可以设置选项")
    if spec.kind == Kind.MATRIX:
        problems.extend(_rows_problems(spec.rows))
    elif spec.rows:
        add("只有矩阵题可以设置行")
    if spec.other_option and spec.kind not in (Kind.SINGLE, Kind.MULTIPLE):
        add("只有单选题和多选题可以含“其他（请注明）”")
    if spec.kind == Kind.MULTIPLE:
        problems.extend(_bounds_problems(spec))
    elif spec.min_choices is not None or spec.max_choices is not None:
        add("只有多选题可以设置最少、最多选择数")
    if spec.kind in TEXT_KINDS and not 1 <= spec.max_length <= TEXT_LIMIT_MAX:
        add(f"文字上限须在 1～{TEXT_LIMIT_MAX} 字之间")
    if spec.kind == Kind.NUMBER:
        problems.extend(_value_problems(spec))
    elif spec.min_value is not None or spec.max_value is not None:
        add("只有数字题可以设置最小值、最大值")
    problems.extend(_condition_problems(spec, earlier=earlier))
    return problems


def _options_problems(options: Sequence[OptionSpec]) -> list[str]:
    problems = []
    if len(options) < 2:
        problems.append("选择题、评分题和矩阵题至少要有 2 个选项")
    codes = [option.code for option in options]
    for option in options:
        if problem := _code_problem(option.code, "选项"):
            problems.append(f"{problem}（{option.code or '空'}）")
        if not option.label.strip() or len(option.label) > 100:
            problems.append("选项文字须为 1～100 个字")
        if option.satisfied and not option.counted:
            problems.append(f"选项“{option.label}”不计入满意度分母，不能计为满意")
    if len(set(codes)) != len(codes):
        problems.append("选项代码不能重复")
    return problems


def _rows_problems(rows: Sequence[tuple[str, str]]) -> list[str]:
    problems = []
    if not rows:
        problems.append("矩阵题至少要有 1 行")
    for code, label in rows:
        if problem := _code_problem(code, "行"):
            problems.append(f"{problem}（{code or '空'}）")
        if not label.strip() or len(label) > 100:
            problems.append("行名称须为 1～100 个字")
    codes = [code for code, _ in rows]
    if len(set(codes)) != len(codes):
        problems.append("行代码不能重复")
    return problems


def _bounds_problems(spec: QuestionSpec) -> list[str]:
    choices = len(spec.options) + (1 if spec.other_option else 0)
    low, high = spec.min_choices, spec.max_choices
    problems = []
    if low is not None and low < 1:
        problems.append("最少选择数至少为 1")
    if high is not None and high < 1:
        problems.append("最多选择数至少为 1")
    if low is not None and high is not None and low > high:
        problems.append("最少选择数不能大于最多选择数")
    if (high or 0) > choices or (low or 0) > choices:
        problems.append(f"选择数不能超过选项数（{choices} 项）")
    return problems


def _value_problems(spec: QuestionSpec) -> list[str]:
    problems = []
    for value in (spec.min_value, spec.max_value):
        if value is not None and (
            abs(value) > VALUE_LIMIT or value != value.quantize(Decimal("0.01"))
        ):
            problems.append("最小值、最大值最多两位小数，且不超过一百亿")
    if (
        spec.min_value is not None
        and spec.max_value is not None
        and spec.min_value > spec.max_value
    ):
        problems.append("最小值不能大于最大值")
    return problems


def _condition_problems(
    spec: QuestionSpec, *, earlier: Mapping[str, QuestionDef | QuestionSpec]
) -> list[str]:
    if spec.show_if is None:
        return ["设置了显示条件选项却没有选择条件题"] if spec.show_if_options else []
    if spec.show_if == spec.code:
        return ["不能以本题自身作为显示条件"]
    source = earlier.get(spec.show_if)
    if source is None:
        return [f"显示条件题“{spec.show_if}”必须是排在本题之前的题目"]
    if source.kind not in CONDITION_KINDS:
        return ["显示条件题必须是单选题、多选题或评分题"]
    if not spec.show_if_options:
        return ["请选择显示条件的选项"]
    codes = {option.code for option in source.options}
    unknown = [code for code in spec.show_if_options if code not in codes]
    if unknown:
        return [f"显示条件选项不属于题目“{source.code}”：{'、'.join(unknown)}"]
    return []


def questionnaire_problems(*, questionnaire: Questionnaire) -> list[str]:
    """Everything that keeps a questionnaire from opening (empty when none)."""
    structure = questionnaire_structure(questionnaire=questionnaire)
    problems: list[str] = []
    if not structure.questions:
        problems.append("问卷还没有题目")
    earlier: dict[str, QuestionDef] = {}
    for section in structure.sections:
        if not section.questions:
            problems.append(f"部分“{section.title}”没有题目")
        for question in section.questions:
            spec = _spec_of(question)
            for problem in spec_problems(spec, earlier=earlier):
                problems.append(
                    f"第 {question.position} 题（{question.code}）：{problem}"
                )
            earlier[question.code] = question
    return problems


def _spec_of(question: QuestionDef) -> QuestionSpec:
    return QuestionSpec(
        code=question.code,
        kind=question.kind,
        prompt=question.prompt,
        help=question.help,
        required=question.required,
        min_choices=question.min_choices,
        max_choices=question.max_choices,
        other_option=question.other_option,
        max_length=question.max_length,
        min_value=question.min_value,
        max_value=question.max_value,
        options=tuple(
            OptionSpec(o.code, o.label, o.counted, o.satisfied)
            for o in question.options
        ),
        rows=tuple((r.code, r.label) for r in question.rows),
        show_if=question.show_if,
        show_if_options=question.show_if_options,
    )


def _raise(problems: list[str]) -> None:
    if problems:
        raise ValidationError(problems)


# Inputs --------------------------------------------------------------------------


def _options(values: Iterable[OptionInput | OptionSpec]) -> tuple[OptionSpec, ...]:
    specs = []
    for value in values:
        if isinstance(value, OptionSpec):
            specs.append(value)
        elif len(value) == 2:
            specs.append(OptionSpec(str(value[0]), str(value[1])))
        else:
            code, label, counted, satisfied = value
            specs.append(OptionSpec(str(code), str(label), counted, satisfied))
    return tuple(specs)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as error:
        raise ValidationError("最小值、最大值须为数字") from error


def campaign_scale_options(*, campaign: Campaign) -> tuple[OptionSpec, ...]:
    """The campaign's rating scale as options: 不了解 is not counted; the points
    above zero (满意, 比较满意, 基本满意) count as satisfied."""
    return tuple(
        OptionSpec(
            code=choice.code,
            label=choice.label,
            counted=choice.counted,
            satisfied=choice.counted and choice.points > 0,
        )
        for choice in RatingChoice.objects.filter(campaign=campaign).order_by(
            "order", "pk"
        )
    )
