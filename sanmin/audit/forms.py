from __future__ import annotations

from django import forms

from sanmin.audit.models import Outcome


class AuditFilterForm(forms.Form):
    action = forms.CharField(label="操作", required=False, max_length=60)
    actor = forms.CharField(label="操作人", required=False, max_length=150)
    outcome = forms.ChoiceField(
        label="结果", required=False, choices=[("", "全部"), *Outcome.choices]
    )
    since = forms.DateField(
        label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError("起始日期不能晚于截止日期")
        return data
