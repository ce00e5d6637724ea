"""Forms of the 爱山东 simulator pages (our own sign-in pages have no form)."""

from __future__ import annotations

from django import forms

from sanmin.core.personal import id_error, normalise_id
from sanmin.identity.models import SimulatedPerson, VerificationLevel


class SimulatorPickForm(forms.Form):
    """One of the listed synthetic people."""

    person = forms.ModelChoiceField(
        queryset=SimulatedPerson.objects.all(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "所选人员不存在，请重新选择。"},
    )


class SimulatorIdForm(forms.Form):
    """A typed synthetic ID number; unknown numbers become a new synthetic person."""

    id_number = forms.CharField(
        label="身份证号码（演示数据）",
        max_length=18,
        min_length=18,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    name = forms.CharField(
        label="姓名（新建演示人员时使用）", max_length=40, required=False
    )
    verification_level = forms.TypedChoiceField(
        label="实名认证等级（新建演示人员时使用）",
        choices=VerificationLevel.choices,
        coerce=int,
        initial=VerificationLevel.L3,
    )

    def clean_id_number(self) -> str:
        number = normalise_id(self.cleaned_data["id_number"])
        if problem := id_error(number):
            raise forms.ValidationError(problem)
        return number


class SimulatorFaceForm(forms.Form):
    action = forms.ChoiceField(choices=[("scan", "开始人脸识别"), ("confirm", "确认")])
