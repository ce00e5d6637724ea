"""Forms of 违纪举报: filing a complaint, and the supervision role's outcome."""

from __future__ import annotations

from typing import Any

from django import forms

from sanmin.campaigns.models import Department
from sanmin.suggestions.models import Complaint
from sanmin.suggestions.models.complaints import (
    OUTCOME_MAX,
    SUBJECT_MAX,
    TEXT_MAX,
    TEXT_MIN,
)


class ComplaintForm(forms.Form):
    department = forms.ModelChoiceField(
        label="被举报单位",
        queryset=Department.objects.none(),
        required=False,
        empty_label="不指定单位",
        help_text="可不选；您的身份不会告知被举报单位",
        error_messages={"invalid_choice": "请选择列表中的单位"},
    )
    subject = forms.CharField(
        label="被举报人或事项",
        max_length=SUBJECT_MAX,
        error_messages={
            "required": "请填写被举报人或事项",
            "max_length": f"被举报人或事项不能超过 {SUBJECT_MAX} 个字",
        },
    )
    text = forms.CharField(
        label="举报内容",
        min_length=TEXT_MIN,
        max_length=TEXT_MAX,
        help_text=f"{TEXT_MIN}～{TEXT_MAX} 字：时间、地点、经过及相关情况",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "请填写举报内容",
            "min_length": f"举报内容不能少于 {TEXT_MIN} 个字",
            "max_length": f"举报内容不能超过 {TEXT_MAX} 个字",
        },
    )

    def __init__(self, *args: Any, departments: list[Department], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Department.objects.filter(
            pk__in=[department.pk for department in departments]
        ).order_by("name")


class ComplaintFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="状态",
        choices=[("", "全部"), *Complaint.Status.choices],
        required=False,
    )

    def value(self) -> str:
        return str(self.cleaned_data.get("status") or "") if self.is_valid() else ""


class ComplaintCloseForm(forms.Form):
    outcome = forms.CharField(
        label="核查结果",
        max_length=OUTCOME_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "请填写核查结果",
            "max_length": f"核查结果不能超过 {OUTCOME_MAX} 个字",
        },
    )
