"""Forms of the staff pages and the question form; every message in Chinese.

Forms parse and give early, field-level messages; the services check again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from sanmin.campaigns.models import Campaign
from sanmin.reporting.models import Announcement
from sanmin.reporting.services import (
    MP4,
    PDF,
    QUESTION_MAX_LENGTH,
    AnnouncementInput,
    DisclosureDraft,
    VideoInput,
    stream_url_check,
    upload_check,
)

TEXT_MAX = 20000
# Django's own wording for these is stiff in Chinese; say it plainly.
LENGTH_MESSAGES = {
    "required": "这个字段是必填项。",
    "max_length": "不能超过 %(limit_value)d 个字（现有 %(show_value)d 个）",
}


def _messages(**overrides: str) -> dict[str, str]:
    return {**LENGTH_MESSAGES, **overrides}


def _text_field(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_MAX,
        help_text=help_text,
        error_messages=_messages(),
        widget=forms.Textarea(attrs={"rows": 8}),
    )


def _stream_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=500,
        error_messages=_messages(),
        help_text="或填写 HLS 视频流地址（http/https，以 .m3u8 结尾）",
        widget=forms.URLInput(attrs={"placeholder": "https://…/index.m3u8"}),
    )


class DisclosureForm(forms.Form):
    duties = _text_field("工作职责")
    work_points = _text_field("年度工作要点")
    report_text = _text_field("述职报告")
    report_pdf = forms.FileField(
        label="述职报告PDF", required=False, help_text="选填，PDF 格式"
    )
    remove_report_pdf = forms.BooleanField(label="删除已上传的PDF", required=False)
    report_video = forms.FileField(
        label="述职视频（MP4）", required=False, help_text="约 7 分钟，MP4 格式"
    )
    report_stream_url = _stream_field("述职视频流地址（HLS）")
    remove_report_video = forms.BooleanField(
        label="删除已上传的述职视频", required=False
    )
    interview_video = forms.FileField(
        label="访谈视频（MP4）", required=False, help_text="约 3 分钟，MP4 格式"
    )
    interview_stream_url = _stream_field("访谈视频流地址（HLS）")
    remove_interview_video = forms.BooleanField(
        label="删除已上传的访谈视频", required=False
    )

    def _checked(self, name: str, kind: Any) -> Any:
        upload = self.cleaned_data.get(name)
        if upload:
            upload_check(upload=upload, kind=kind)
        return upload

    def clean_report_pdf(self) -> Any:
        return self._checked("report_pdf", PDF)

    def clean_report_video(self) -> Any:
        return self._checked("report_video", MP4)

    def clean_interview_video(self) -> Any:
        return self._checked("interview_video", MP4)

    def _stream(self, name: str) -> str:
        url = self.cleaned_data.get(name, "").strip()
        if url:
            stream_url_check(url)
        return url

    def clean_report_stream_url(self) -> str:
        return self._stream("report_stream_url")

    def clean_interview_stream_url(self) -> str:
        return self._stream("interview_stream_url")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for upload, url in (
            ("report_video", "report_stream_url"),
            ("interview_video", "interview_stream_url"),
        ):
            if data.get(upload) and data.get(url):
                self.add_error(
                    url, "视频只能二选一：上传 MP4 文件或填写 HLS 视频流地址"
                )
        return data

    def to_draft(self) -> DisclosureDraft:
        data = self.cleaned_data
        return DisclosureDraft(
            duties=data["duties"],
            work_points=data["work_points"],
            report_text=data["report_text"],
            report_pdf=data.get("report_pdf") or None,
            remove_report_pdf=data["remove_report_pdf"],
            report_video=VideoInput(
                upload=data.get("report_video") or None,
                stream_url=data["report_stream_url"],
                remove=data["remove_report_video"],
            ),
            interview_video=VideoInput(
                upload=data.get("interview_video") or None,
                stream_url=data["interview_stream_url"],
                remove=data["remove_interview_video"],
            ),
        )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="退回意见",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_messages(required="请填写退回意见，说明需要修改的内容"),
    )

    def clean_comment(self) -> str:
        comment: str = self.cleaned_data["comment"].strip()
        if not comment:
            raise ValidationError("请填写退回意见，说明需要修改的内容")
        return comment


class AnnouncementForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label="活动",
        queryset=Campaign.objects.order_by("-year", "slug"),
        empty_label=None,
    )
    kind = forms.ChoiceField(label="类别", choices=Announcement.Kind.choices)
    title = forms.CharField(label="标题", max_length=120, error_messages=_messages())
    body = forms.CharField(
        label="正文",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages=_messages(),
    )
    pinned = forms.BooleanField(label="置顶", required=False)

    def to_input(self) -> AnnouncementInput:
        data = self.cleaned_data
        return AnnouncementInput(
            campaign=data["campaign"],
            kind=data["kind"],
            title=data["title"],
            body=data["body"],
            pinned=data["pinned"],
        )

    @classmethod
    def initial_for(cls, announcement: Announcement) -> dict[str, Any]:
        return {
            "campaign": announcement.campaign_id,
            "kind": announcement.kind,
            "title": announcement.title,
            "body": announcement.body,
            "pinned": announcement.pinned,
        }


class HotTopicImportForm(forms.Form):
    campaign = forms.ModelChoiceField(
        label="活动",
        queryset=Campaign.objects.order_by("-year", "slug"),
        empty_label=None,
    )
    file = forms.FileField(
        label="热点问题表格",
        help_text="Excel（.xlsx）或 CSV 文件，表头：部门、排序、热点问题、说明、诉求量",
        error_messages={"required": "请选择要导入的文件"},
    )


class QuestionForm(forms.Form):
    text = forms.CharField(
        label="我想问",
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_messages(required="请填写问题内容"),
    )
