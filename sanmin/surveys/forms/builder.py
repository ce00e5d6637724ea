"""Forms of the questionnaire builder (statistics role).

Options and matrix rows are typed one a line, `代码 | 文字`, so that the page works
without JavaScript; a scale question may take the campaign's rating scale instead.
A display condition is picked as options of an earlier question.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError

from sanmin.campaigns.models import Campaign
from sanmin.surveys.models import Audience, Kind
from sanmin.surveys.selectors.structure import CONDITION_KINDS, QuestionDef, Structure
from sanmin.surveys.services.builder import OptionSpec, campaign_scale_options

NOT_COUNTED = "不计入"
SATISFIED = "满意"
OPTIONS_HELP = (
    "每行一个选项，格式为“代码 | 选项文字”，代码可省略。评分量表的选项可在末尾加"
    f"“| {NOT_COUNTED}”（不计入满意度分母）或“| {SATISFIED}”（计为满意）。"
)
ROWS_HELP = "矩阵题每行一个评价对象，格式为“代码 | 名称”，代码可省略。"


class QuestionnaireCreateForm(forms.Form):
    code = forms.SlugField(
        label="问卷代码",
        max_length=40,
        help_text="字母、数字或连字符，如 public-survey；同一问卷的各版本共用此代码。",
    )
    title = forms.CharField(label="问卷标题", max_length=80)
    audience = forms.ChoiceField(label="调查对象", choices=Audience.choices)
    intro = forms.CharField(
        label="问卷说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    allow_anonymous = forms.BooleanField(
        label="允许匿名填写（仅公众调查）", required=False
    )


class QuestionnaireForm(forms.Form):
    title = forms.CharField(label="问卷标题", max_length=80)
    intro = forms.CharField(
        label="问卷说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    allow_anonymous = forms.BooleanField(
        label="允许匿名填写（仅公众调查）", required=False
    )


class SectionForm(forms.Form):
    title = forms.CharField(label="部分标题", max_length=80)


class MoveForm(forms.Form):
    offset = forms.TypedChoiceField(choices=[("-1", "上移"), ("1", "下移")], coerce=int)


def _parse_lines(text: str, *, prefix: str) -> list[list[str]]:
    """Lines of `code | text | flags...`; a line without a bar is text only."""
    parsed = []
    for number, line in enumerate(
        (line.strip() for line in text.splitlines() if line.strip()), 1
    ):
        parts = [part.strip() for part in line.split("|")]
        if len(parts) == 1:
            parts = [f"{prefix}{number}", parts[0]]
        parsed.append(parts)
    return parsed


def options_text(question: QuestionDef) -> str:
    lines = []
    for option in question.options:
        flags = ("" if option.counted else f" | {NOT_COUNTED}") + (
            f" | {SATISFIED}" if option.satisfied else ""
        )
        lines.append(f"{option.code} | {option.label}{flags}")
    return "\n".join(lines)


class QuestionForm(forms.Form):
    section = forms.TypedChoiceField(label="所在部分", coerce=int)
    code = forms.SlugField(
        label="题目代码",
        max_length=40,
        help_text="字母、数字、下划线或连字符，问卷内唯一，导出时作为列名。",
    )
    kind = forms.ChoiceField(label="题型", choices=Kind.choices)
    prompt = forms.CharField(label="题目", max_length=200)
    help = forms.CharField(label="填写说明", max_length=200, required=False)
    required = forms.BooleanField(label="必答", required=False, initial=True)
    use_scale = forms.BooleanField(
        label="使用活动评议量表作为选项（评分题、矩阵题）", required=False
    )
    options = forms.CharField(
        label="选项",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=OPTIONS_HELP,
    )
    rows = forms.CharField(
        label="矩阵行",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=ROWS_HELP,
    )
    other_option = forms.BooleanField(
        label="含“其他（请注明）”（单选、多选）", required=False
    )
    min_choices = forms.IntegerField(
        label="最少选择（多选）", required=False, min_value=1, max_value=99
    )
    max_choices = forms.IntegerField(
        label="最多选择（多选）", required=False, min_value=1, max_value=99
    )
    max_length = forms.IntegerField(
        label="文字上限（字，简答、详答）",
        required=False,
        min_value=1,
        max_value=5000,
        initial=500,
    )
    min_value = forms.DecimalField(
        label="最小值（数字题）", required=False, max_digits=12, decimal_places=2
    )
    max_value = forms.DecimalField(
        label="最大值（数字题）", required=False, max_digits=12, decimal_places=2
    )
    condition = forms.MultipleChoiceField(
        label="显示条件",
        required=False,
        help_text="不选则总是显示；选中前面某一题的选项后，仅当该题选了其中之一时才显示"
        "本题。可按住 Ctrl 多选。",
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    def __init__(
        self,
        *args: Any,
        structure: Structure,
        campaign: Campaign,
        question: QuestionDef | None = None,
        **kwargs: Any,
    ) -> None:
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = _initial(question)
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        cast(forms.ChoiceField, self.fields["section"]).choices = [
            (section.id, section.title) for section in structure.sections
        ]
        groups = []
        for source in structure.questions:
            if source.kind not in CONDITION_KINDS:
                continue
            # Editing: only earlier questions; adding: the section decides, and
            # the service refuses a later one.
            if question is not None and source.position >= question.position:
                continue
            groups.append(
                (
                    f"第 {source.position} 题 {source.prompt[:24]}",
                    [
                        (f"{source.code}:{option.code}", f"选“{option.label}”")
                        for option in source.options
                    ],
                )
            )
        cast(forms.ChoiceField, self.fields["condition"]).choices = groups

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        condition = data.get("condition") or []
        sources = {value.partition(":")[0] for value in condition}
        if len(sources) > 1:
            raise ValidationError("显示条件只能选同一道题的选项")
        return data

    def values(self) -> dict[str, Any]:
        """The keyword arguments of question_add / question_update."""
        data = self.cleaned_data
        kind = data["kind"]
        if data["use_scale"]:
            options: tuple[OptionSpec, ...] = campaign_scale_options(
                campaign=self.campaign
            )
        else:
            options = tuple(
                OptionSpec(
                    code=parts[0],
                    label=parts[1] if len(parts) > 1 else "",
                    counted=NOT_COUNTED not in parts[2:],
                    satisfied=SATISFIED in parts[2:],
                )
                for parts in _parse_lines(data["options"], prefix="o")
            )
        rows = tuple(
            (parts[0], parts[1] if len(parts) > 1 else "")
            for parts in _parse_lines(data["rows"], prefix="r")
        )
        condition = data["condition"]
        multiple = kind == Kind.MULTIPLE
        number = kind == Kind.NUMBER
        return {
            "code": data["code"],
            "kind": kind,
            "prompt": data["prompt"],
            "help": data["help"],
            "required": data["required"],
            "options": options
            if kind in (Kind.SINGLE, Kind.MULTIPLE, Kind.RATING, Kind.MATRIX)
            else (),
            "rows": rows if kind == Kind.MATRIX else (),
            "other_option": data["other_option"]
            and kind in (Kind.SINGLE, Kind.MULTIPLE),
            "min_choices": data["min_choices"] if multiple else None,
            "max_choices": data["max_choices"] if multiple else None,
            "max_length": data["max_length"] or 500,
            "min_value": data["min_value"] if number else None,
            "max_value": data["max_value"] if number else None,
            "show_if": condition[0].partition(":")[0] if condition else None,
            "show_if_options": [value.partition(":")[2] for value in condition],
        }


def _initial(question: QuestionDef) -> dict[str, Any]:
    return {
        "section": question.section_id,
        "code": question.code,
        "kind": question.kind,
        "prompt": question.prompt,
        "help": question.help,
        "required": question.required,
        "options": options_text(question),
        "rows": "\n".join(f"{row.code} | {row.label}" for row in question.rows),
        "other_option": question.other_option,
        "min_choices": question.min_choices,
        "max_choices": question.max_choices,
        "max_length": question.max_length,
        "min_value": question.min_value,
        "max_value": question.max_value,
        "condition": [
            f"{question.show_if}:{code}" for code in question.show_if_options
        ],
    }
