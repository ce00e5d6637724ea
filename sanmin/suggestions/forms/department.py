"""Forms of the department's pages: the item list's filters, an internal note, the
answer to the citizen and a request for reassignment."""

from __future__ import annotations

from typing import Any

from django import forms

from sanmin.suggestions.models import ItemStatus
from sanmin.suggestions.models.handling import ANSWER_MAX
from sanmin.suggestions.selectors.items import ALL, DUE_SOON, OPEN, OVERDUE

NOTE_MAX = 1000
REASON_MAX = 300


class ItemFilterForm(forms.Form):
    """GET filters; an unknown value is ignored rather than an error."""

    state = forms.ChoiceField(
        label="办理状态",
        choices=[(OPEN, "未办结"), *ItemStatus.choices, (ALL, "全部")],
        required=False,
    )
    due = forms.ChoiceField(
        label="时限",
        choices=[("", "全部"), (OVERDUE, "已逾期"), (DUE_SOON, "临期")],
        required=False,
    )

    def value(self, name: str) -> Any:
        if self.is_valid():
            return self.cleaned_data.get(name) or None
        return None


class NoteForm(forms.Form):
    note = forms.CharField(
        label="办理进展或内部备注",
        max_length=NOTE_MAX,
        help_text="仅市政府办公厅和承办单位可见，建议人看不到。",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "请填写办理进展或备注",
            "max_length": f"备注不能超过 {NOTE_MAX} 个字",
        },
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="答复内容",
        max_length=ANSWER_MAX,
        help_text="提交后由市政府办公厅审核，审定后答复建议人。",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "请填写答复内容",
            "max_length": f"答复内容不能超过 {ANSWER_MAX} 个字",
        },
    )


class ReassignRequestForm(forms.Form):
    reason = forms.CharField(
        label="申请改派的理由",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "请填写申请改派的理由",
            "max_length": f"理由不能超过 {REASON_MAX} 个字",
        },
    )
