"""Forms of candidate intake: the citizen's sign-up (自愿报名) and the staff upload.

The forms give early, per-field messages; `candidate_sign_up` and
`candidates_import` check everything again.
"""

from __future__ import annotations

from typing import Any

from django import forms

from sanmin.campaigns.models import District
from sanmin.core.personal import phone_error
from sanmin.representatives.services.intake import MIN_RESIDENCE_YEARS, SignUp

LOCAL = "local"
NON_LOCAL = "non-local"


class SignUpForm(forms.Form):
    district = forms.ModelChoiceField(
        label="居住的区（市）",
        queryset=District.objects.none(),
        empty_label="请选择",
        help_text="自愿报名的市民代表按居住地分配名额",
        error_messages={
            "required": "请选择居住的区（市）",
            "invalid_choice": "请选择居住的区（市）",
        },
    )
    hukou = forms.ChoiceField(
        label="户籍",
        choices=[(LOCAL, "青岛市户籍"), (NON_LOCAL, "非青岛市户籍")],
        widget=forms.RadioSelect,
        error_messages={"required": "请选择户籍"},
    )
    residence_years = forms.IntegerField(
        label="在青岛居住年限（年）",
        required=False,
        min_value=0,
        max_value=99,
        help_text=f"非青岛市户籍须填写，须在青岛居住满 {MIN_RESIDENCE_YEARS} 年",
        error_messages={
            "invalid": "请填写整数年数",
            "min_value": "年数不能为负数",
            "max_value": "年数不能超过 99",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    occupation = forms.CharField(
        label="职业",
        max_length=60,
        error_messages={
            "required": "请填写职业",
            "max_length": "不能超过 60 个字",
        },
    )
    organisation = forms.CharField(
        label="工作单位",
        max_length=120,
        required=False,
        help_text="选填",
        error_messages={"max_length": "不能超过 120 个字"},
    )
    phone = forms.CharField(
        label="手机号码",
        max_length=20,
        help_text="用于发送资格审查和入选通知",
        error_messages={"required": "请填写手机号码"},
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "tel", "maxlength": "11"}
        ),
    )
    consent = forms.BooleanField(
        label="我已阅读《工作纪律》，同意遵守，并承诺如实填写以上信息",
        error_messages={"required": "请阅读并同意《工作纪律》后再报名"},
    )

    def __init__(self, *args: Any, districts: list[District], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = District.objects.filter(
            pk__in=[d.pk for d in districts]
        ).order_by("order", "code")

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data["phone"]).strip()
        if problem := phone_error(phone):
            raise forms.ValidationError(problem)
        return phone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        years = cleaned.get("residence_years")
        if cleaned.get("hukou") == NON_LOCAL and (
            years is None or years < MIN_RESIDENCE_YEARS
        ):
            self.add_error(
                "residence_years",
                f"非青岛市户籍须在青岛居住满 {MIN_RESIDENCE_YEARS} 年才能报名",
            )
        return cleaned

    def sign_up(self) -> SignUp:
        data = self.cleaned_data
        local = data["hukou"] == LOCAL
        return SignUp(
            district=data["district"],
            local_hukou=local,
            residence_years=None if local else data["residence_years"],
            occupation=data["occupation"].strip(),
            organisation=data["organisation"].strip(),
            phone=data["phone"],
            consented=bool(data["consent"]),
        )


class IntakeUploadForm(forms.Form):
    file = forms.FileField(
        label="候选人名单",
        help_text="Excel（.xlsx）或 CSV 文件，请使用导入模板",
        error_messages={
            "required": "请选择要导入的文件",
            "empty": "上传的文件是空的",
        },
    )
