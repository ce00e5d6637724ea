"""The submission form (提出意见建议) and the satisfaction form of 我的建议.

The forms give early, per-field messages in Chinese; `suggestion_submit` and
`satisfaction_rate` check everything again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from sanmin.campaigns.models import District, TopicArea
from sanmin.suggestions.models import OrgKind, SatisfactionLevel
from sanmin.suggestions.models.cases import TEXT_MAX, TEXT_MIN, TITLE_MAX
from sanmin.suggestions.services.attachments import ALLOWED, attachments_check

PLACE_MAX = 100
ORG_NAME_MAX = 80
COMMENT_MAX = 300


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one field name; checked together by attachments_check."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        uploads = data if isinstance(data, list | tuple) else [data]
        uploads = [upload for upload in uploads if upload]
        single = super().clean
        return [single(upload, initial) for upload in uploads]


def _required(label: str) -> dict[str, str]:
    return {"required": f"请填写{label}"}


class SubmitForm(forms.Form):
    topic = forms.ModelChoiceField(
        label="建议领域",
        queryset=TopicArea.objects.none(),
        empty_label="请选择",
        error_messages={
            "required": "请选择建议领域",
            "invalid_choice": "请从列表中选择建议领域",
        },
    )
    title = forms.CharField(
        label="标题",
        max_length=TITLE_MAX,
        help_text=f"一句话概括您的建议，不超过 {TITLE_MAX} 个字",
        error_messages={
            **_required("标题"),
            "max_length": f"标题不能超过 {TITLE_MAX} 个字",
        },
    )
    text = forms.CharField(
        label="建议内容",
        min_length=TEXT_MIN,
        max_length=TEXT_MAX,
        help_text=f"请写明问题和您的建议，{TEXT_MIN}～{TEXT_MAX} 个字",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            **_required("建议内容"),
            "min_length": f"建议内容至少 {TEXT_MIN} 个字",
            "max_length": f"建议内容不能超过 {TEXT_MAX} 个字",
        },
    )
    place = forms.CharField(
        label="涉及地点",
        max_length=PLACE_MAX,
        required=False,
        help_text="选填，如街道、路口、小区名称",
        error_messages={"max_length": f"地点不能超过 {PLACE_MAX} 个字"},
    )
    district = forms.ModelChoiceField(
        label="涉及区（市）",
        queryset=District.objects.none(),
        required=False,
        empty_label="不涉及具体区（市）",
        error_messages={"invalid_choice": "请从列表中选择区（市）"},
    )
    attachments = MultipleFileField(
        label="附件",
        required=False,
        help_text="选填：图片或 PDF",
        widget=MultipleFileInput(
            attrs={
                "accept": ".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
            }
        ),
        error_messages={"invalid": "附件上传失败，请重新选择", "empty": "附件是空文件"},
    )
    show_name = forms.BooleanField(
        label="同意在公开答复时显示我的姓名（或单位名称）",
        required=False,
        help_text="不勾选时公开页面显示为“市民”；手机号码、身份证号码任何时候都不公开",
    )
    as_org = forms.BooleanField(
        label="以单位名义提交对策建议",
        required=False,
        help_text="区（市）、社会组织、行业协会商会、科研院所提交对策建议时勾选",
    )
    org_name = forms.CharField(
        label="单位名称",
        max_length=ORG_NAME_MAX,
        required=False,
        error_messages={"max_length": f"单位名称不能超过 {ORG_NAME_MAX} 个字"},
    )
    org_kind = forms.ChoiceField(
        label="单位类型",
        choices=[("", "请选择"), *OrgKind.choices],
        required=False,
        error_messages={"invalid_choice": "请从列表中选择单位类型"},
    )

    def __init__(
        self,
        *args: Any,
        topics: Any,
        districts: Any,
        max_files: int,
        max_mb: int,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        topic = self.fields["topic"]
        district = self.fields["district"]
        assert isinstance(topic, forms.ModelChoiceField)
        assert isinstance(district, forms.ModelChoiceField)
        topic.queryset = topics
        district.queryset = districts
        self.fields[
            "attachments"
        ].help_text = f"选填：{ALLOWED}，最多 {max_files} 个，每个不超过 {max_mb} MB"

    def _text(self, name: str) -> str:
        return str(self.cleaned_data.get(name) or "").strip()

    def clean_title(self) -> str:
        title = self._text("title")
        if not title:
            raise ValidationError("请填写标题")
        return title

    def clean_text(self) -> str:
        text = self._text("text")
        if len(text) < TEXT_MIN:
            raise ValidationError(f"建议内容至少 {TEXT_MIN} 个字")
        return text

    def clean_place(self) -> str:
        return self._text("place")

    def clean_org_name(self) -> str:
        return self._text("org_name")

    def clean_attachments(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("attachments") or []
        attachments_check(files=files)
        return files

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("as_org"):
            if not cleaned.get("org_name") and "org_name" not in self.errors:
                self.add_error("org_name", "以单位名义提交时请填写单位名称")
            if not cleaned.get("org_kind") and "org_kind" not in self.errors:
                self.add_error("org_kind", "以单位名义提交时请选择单位类型")
        else:
            cleaned["org_name"] = ""
            cleaned["org_kind"] = ""
        return cleaned


class RateForm(forms.Form):
    level = forms.ChoiceField(
        label="您对办理情况的评价",
        choices=SatisfactionLevel.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择满意程度",
            "invalid_choice": "请从选项中选择满意程度",
        },
    )
    comment = forms.CharField(
        label="意见（选填）",
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": f"意见不能超过 {COMMENT_MAX} 个字"},
    )

    def clean_comment(self) -> str:
        return str(self.cleaned_data.get("comment") or "").strip()
