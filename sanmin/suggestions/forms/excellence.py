"""Forms of 优秀建议: criteria, panel, nomination, scoring, award and adoption."""

from __future__ import annotations

from typing import Any

from django import forms

from sanmin.accounts.models import User
from sanmin.campaigns.models import Department
from sanmin.suggestions.models import Adoption, Criterion, Tier
from sanmin.suggestions.services.excellence import (
    LABEL_MAX,
    NOTE_MAX,
    ORDER_MAX,
    POINTS_MAX,
    REASON_MAX,
    CriterionChange,
)


class CriteriaForm(forms.Form):
    """Label, maximum and order of every criterion of the campaign."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"label_{c.pk}"] = forms.CharField(
                label=f"评分项{c.order}名称",
                initial=c.label,
                max_length=LABEL_MAX,
                error_messages={"required": "请填写评分项名称"},
            )
            self.fields[f"max_{c.pk}"] = forms.IntegerField(
                label=f"{c.label}满分",
                initial=c.max_points,
                min_value=1,
                max_value=POINTS_MAX,
                error_messages={"required": "请填写满分"},
            )
            self.fields[f"order_{c.pk}"] = forms.IntegerField(
                label=f"{c.label}排序",
                initial=c.order,
                min_value=0,
                max_value=ORDER_MAX,
                error_messages={"required": "请填写排序"},
            )

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"label_{c.pk}"], self[f"max_{c.pk}"], self[f"order_{c.pk}"])
            for c in self.criteria
        ]

    def changes(self) -> list[CriterionChange]:
        data = self.cleaned_data
        return [
            CriterionChange(
                criterion_id=c.pk,
                label=data[f"label_{c.pk}"],
                max_points=data[f"max_{c.pk}"],
                order=data[f"order_{c.pk}"],
            )
            for c in self.criteria
        ]


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name or obj.username}（{obj.get_role_display()}）"


class PanelistAddForm(forms.Form):
    user = StaffChoiceField(
        label="工作人员",
        queryset=User.objects.none(),
        error_messages={
            "required": "请选择工作人员",
            "invalid_choice": "请选择列表中的工作人员",
        },
    )

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = candidates


class PanelistRemoveForm(forms.Form):
    panelist = forms.IntegerField(min_value=1)


class LookupForm(forms.Form):
    """Find a case by its tracking number, to nominate it or record its adoption."""

    number = forms.CharField(label="建议编号", max_length=20)


class NominateForm(forms.Form):
    reason = forms.CharField(
        label="推荐理由",
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "请填写推荐理由",
            "max_length": f"推荐理由不能超过 {REASON_MAX} 个字",
        },
    )


class ScoreForm(forms.Form):
    """One whole number per criterion, from 0 to its maximum."""

    def __init__(
        self,
        *args: Any,
        criteria: list[Criterion],
        current: dict[int, int] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        current = current or {}
        for c in criteria:
            self.fields[f"c{c.pk}"] = forms.IntegerField(
                label=f"{c.label}（0～{c.max_points} 分）",
                min_value=0,
                max_value=c.max_points,
                initial=current.get(c.pk),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "required": f"请为“{c.label}”打分",
                    "invalid": f"“{c.label}”的得分须为整数",
                    "min_value": f"“{c.label}”的得分不能低于 0 分",
                    "max_value": f"“{c.label}”的得分不能超过 {c.max_points} 分",
                },
            )

    def points(self) -> dict[int, int]:
        return {c.pk: int(self.cleaned_data[f"c{c.pk}"]) for c in self.criteria}


class AwardForm(forms.Form):
    tier = forms.ChoiceField(
        label="评定等次",
        choices=Tier.choices,
        error_messages={
            "required": "请选择评定等次",
            "invalid_choice": "请选择评定等次",
        },
    )


class AdoptForm(forms.Form):
    kind = forms.ChoiceField(
        label="采纳方式",
        choices=Adoption.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择采纳方式",
            "invalid_choice": "请选择采纳方式",
        },
    )
    department = forms.ModelChoiceField(
        label="部门",
        queryset=Department.objects.none(),
        required=False,
        empty_label="（纳入部门计划时选择）",
        error_messages={"invalid_choice": "请选择列表中的部门"},
    )
    note = forms.CharField(
        label="说明",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"说明不能超过 {NOTE_MAX} 个字"},
    )

    def __init__(self, *args: Any, departments: list[Department], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Department.objects.filter(
            pk__in=[d.pk for d in departments]
        ).order_by("name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        plan = cleaned.get("kind") == Adoption.Kind.DEPARTMENT_PLAN
        if plan and not cleaned.get("department"):
            self.add_error("department", "纳入部门工作计划时须选择部门")
        return cleaned
