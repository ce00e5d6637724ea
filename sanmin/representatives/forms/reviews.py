"""Forms of 资格审查: the queue's filters, a decision on one candidate, and a bulk
decision on the candidates ticked (or all of the page)."""

from __future__ import annotations

from typing import Any

from django import forms

from sanmin.representatives.models import Channel, Review
from sanmin.representatives.services.reviews import REASON_MAX

DECISION_CHOICES = [(Review.PASSED, "通过"), (Review.REJECTED, "不通过")]
SELECTED = "selected"
PAGE = "page"


class QueueFilterForm(forms.Form):
    """GET filters; an unknown value is ignored rather than an error."""

    status = forms.ChoiceField(label="审查状态", choices=Review.choices, required=False)
    district = forms.TypedChoiceField(
        label="区（市）", coerce=int, required=False, empty_value=None
    )
    category = forms.TypedChoiceField(
        label="代表类别", coerce=int, required=False, empty_value=None
    )
    channel = forms.ChoiceField(
        label="渠道", choices=[("", "全部"), *Channel.choices], required=False
    )

    def __init__(
        self,
        *args: Any,
        districts: list[Any],
        categories: list[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        district = self.fields["district"]
        category = self.fields["category"]
        assert isinstance(district, forms.ChoiceField)
        assert isinstance(category, forms.ChoiceField)
        district.choices = [("", "全部"), *((d.pk, d.name) for d in districts)]
        category.choices = [("", "全部"), *((c.pk, c.name) for c in categories)]

    def value(self, name: str) -> Any:
        """The cleaned filter, or its empty value when the form was not valid."""
        if self.is_valid():
            return self.cleaned_data.get(name) or None
        return None


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="审查结论",
        choices=DECISION_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择“通过”或“不通过”",
            "invalid_choice": "请选择“通过”或“不通过”",
        },
    )
    reason = forms.CharField(
        label="不通过的理由",
        required=False,
        max_length=REASON_MAX,
        help_text=f"选择“不通过”时必填，不超过 {REASON_MAX} 字；理由仅审查单位可见",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"理由不能超过 {REASON_MAX} 个字"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        reason = (cleaned.get("reason") or "").strip()
        cleaned["reason"] = reason
        if cleaned.get("decision") == Review.REJECTED and not reason:
            self.add_error("reason", "不通过时必须填写理由")
        return cleaned


class IdsField(forms.Field):
    """A list of candidate ids from repeated inputs of one name."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        ids = []
        for item in values:
            text = str(item).strip()
            if not text.isdigit() or len(text) > 12:
                raise forms.ValidationError("候选人编号无效")
            ids.append(int(text))
        return ids


class BulkDecisionForm(DecisionForm):
    candidate = IdsField(required=False)
    page_ids = IdsField(required=False)
    scope = forms.ChoiceField(
        choices=[(SELECTED, "勾选的候选人"), (PAGE, "本页全部候选人")],
        error_messages={"required": "请选择范围", "invalid_choice": "请选择范围"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        field = "page_ids" if cleaned.get("scope") == PAGE else "candidate"
        cleaned["ids"] = cleaned.get(field) or []
        if not cleaned["ids"] and "scope" in cleaned:
            self.add_error(None, "请先勾选要审查的候选人")
        return cleaned
