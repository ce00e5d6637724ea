"""Forms of 云评议: the ballot, the office's window acts and the internal rater list;
every message in Chinese.

The forms give early, per-department messages; `ballot_cast` and the window services
check everything again.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from sanmin.campaigns.models import Participant, RatingChoice
from sanmin.campaigns.selectors import campaign_list
from sanmin.evaluation.services.ballots import COMMENT_MAX, Mark

KEY_FIELD = "idempotency_key"
CHOICE_PREFIX = "choice-"
COMMENT_PREFIX = "comment-"
_KEY = re.compile(r"^[A-Za-z0-9_-]{32,128}$")
_CHOICE_NAME = re.compile(rf"^{CHOICE_PREFIX}(\d+)$")


def _one_line_break(text: str) -> str:
    """A line break counts as one character, as the browser's maxlength counts it."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class CommentField(forms.CharField):
    def to_python(self, value: Any) -> str:
        return _one_line_break(super().to_python(value) or "")


@dataclass(frozen=True)
class RadioOption:
    """One radio of a department, as the ballot template writes it out.

    The same markup `RadioSelect` would render (name, value, id, required, checked,
    aria-invalid), without rendering a widget template per radio.
    """

    id: str
    value: str
    label: str
    checked: bool


@dataclass(frozen=True)
class BallotRow:
    """One department of the ballot, for the templates."""

    participant: Participant
    choice_name: str
    comment_name: str
    choice_value: str = ""
    chosen_label: str = ""
    comment_text: str = ""
    options: tuple[RadioOption, ...] = ()
    choice_errors: tuple[str, ...] = ()
    comment_errors: tuple[str, ...] = ()
    comment_value: str = ""


def choice_name(participant_id: int) -> str:
    return f"{CHOICE_PREFIX}{participant_id}"


def comment_name(participant_id: int) -> str:
    return f"{COMMENT_PREFIX}{participant_id}"


def posted_marks(data: Mapping[str, Any]) -> dict[int, Mark]:
    """The marks of a posted ballot, read without building the form.

    The cast reads them this way (a form of 22 fields costs more than the rest of
    the cast); `ballot_cast` checks them all the same: every department of the
    session, no other, known choices, comments not too long. Only a ballot it
    refuses gets the full form, for the messages next to each department.
    """
    marks = {}
    for name in data:
        found = _CHOICE_NAME.match(name)
        if found and data.get(name):
            pk = int(found.group(1))
            comment = _one_line_break(str(data.get(comment_name(pk), "")))
            marks[pk] = Mark(choice=str(data.get(name, "")), comment=comment)
    return marks


def ballot_rows(
    departments: Iterable[Participant],
    choices: Iterable[RatingChoice],
    *,
    values: Mapping[str, Any],
    errors: Mapping[str, Iterable[Any]] | None = None,
    cleaned: Mapping[str, Any] | None = None,
) -> list[BallotRow]:
    """The ballot's departments for the templates: what each shows (`values`, posted
    or initial), its messages, and once the ballot is valid, the chosen labels.

    A new ballot page needs no form for this (building one costs more than the rest
    of the page); a posted one comes through `BallotForm.rows`.
    """
    errors = errors or {}
    cleaned = cleaned or {}
    choices = list(choices)
    labels = {choice.code: choice.label for choice in choices}

    def shown(name: str) -> str:
        value = values.get(name)
        return "" if value is None else str(value)

    rows = []
    for p in departments:
        choice, comment = choice_name(p.pk), comment_name(p.pk)
        value = shown(choice)
        rows.append(
            BallotRow(
                participant=p,
                choice_name=choice,
                comment_name=comment,
                choice_value=value,
                chosen_label=labels.get(cleaned.get(choice, ""), ""),
                comment_text=cleaned.get(comment, ""),
                options=tuple(
                    RadioOption(
                        id=f"id_{choice}_{index}",
                        value=str(option.code),
                        label=str(option.label),
                        checked=value == str(option.code),
                    )
                    for index, option in enumerate(choices)
                ),
                choice_errors=tuple(str(m) for m in errors.get(choice, ())),
                comment_errors=tuple(str(m) for m in errors.get(comment, ())),
                comment_value=shown(comment),
            )
        )
    return rows


class BallotForm(forms.Form):
    idempotency_key = forms.CharField(
        widget=forms.HiddenInput,
        error_messages={"required": "评议凭据缺失，请刷新页面后重新填写"},
    )

    def __init__(
        self,
        *args: Any,
        departments: Iterable[Participant],
        choices: Iterable[RatingChoice],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.departments = list(departments)
        self.choices = list(choices)
        options = [(choice.code, choice.label) for choice in self.choices]
        for participant in self.departments:
            name = participant.department.name
            self.fields[choice_name(participant.pk)] = forms.ChoiceField(
                label=name,
                choices=options,
                widget=forms.RadioSelect,
                error_messages={
                    "required": "请选择评议意见",
                    "invalid_choice": f"“{name}”的评议意见无效",
                },
            )
            self.fields[comment_name(participant.pk)] = CommentField(
                label="意见建议（选填）",
                required=False,
                max_length=COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={
                    "max_length": f"对“{name}”的意见不能超过 {COMMENT_MAX} 字"
                    "（现有 %(show_value)d 字）",
                },
            )

    @classmethod
    def initial_from(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        """What a ballot sent back for changes had chosen, as initial values."""
        return {
            name: data.get(name)
            for name in data
            if name.startswith((CHOICE_PREFIX, COMMENT_PREFIX))
        }

    def clean_idempotency_key(self) -> str:
        key = str(self.cleaned_data["idempotency_key"])
        if not _KEY.match(key):
            raise ValidationError("评议凭据无效，请刷新页面后重新填写")
        return key

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        strangers = [
            name
            for name in self.data
            if _CHOICE_NAME.match(name) and name not in self.fields
        ]
        if strangers:
            raise ValidationError("评议票中包含不属于本场次的部门")
        missing = self.missing_departments()
        if missing:
            raise ValidationError(
                f"请为每个部门选择评议意见，尚未评议：{'、'.join(missing)}"
            )
        return cleaned

    def missing_departments(self) -> list[str]:
        return [
            p.department.name
            for p in self.departments
            if not self.data.get(choice_name(p.pk))
        ]

    def shown(self, name: str) -> str:
        """The value a widget would show: the data if bound, else the initial one."""
        value = self.data.get(name) if self.is_bound else self.initial.get(name)
        return "" if value is None else str(value)

    def rows(self) -> list[BallotRow]:
        errors = self.errors
        return ballot_rows(
            self.departments,
            self.choices,
            values=self.data if self.is_bound else self.initial,
            errors=errors,
            cleaned=getattr(self, "cleaned_data", {}) if not errors else {},
        )


# The office's window acts -------------------------------------------------------------


class WindowReasonForm(forms.Form):
    reason = forms.CharField(
        label="理由",
        max_length=200,
        error_messages={
            "required": "请填写调整评议时段的理由",
            "max_length": "理由不能超过 200 字",
        },
    )


class WindowExtendForm(WindowReasonForm):
    closes_at = forms.DateTimeField(
        label="新的截止时间",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
        error_messages={
            "required": "请填写新的截止时间",
            "invalid": "截止时间格式不正确，例如 2024-12-18T18:00",
        },
    )


# The office's internal rater list ------------------------------------------------------


class RaterImportForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label="活动",
        queryset=campaign_list(),
        empty_label=None,
        error_messages={"invalid_choice": "请选择活动"},
    )
    file = forms.FileField(
        label="内部评议人员名单",
        help_text="Excel（.xlsx）或 CSV 文件，表头：姓名、身份证号、手机号、工作单位",
        error_messages={
            "required": "请选择要导入的文件",
            "empty": "上传的文件是空的",
        },
    )


def form_errors(form: forms.Form) -> str:
    """All messages of an invalid form in one line."""
    return "；".join(str(error) for errors in form.errors.values() for error in errors)
