"""Forms of the office's pages: the triage filters and one form per action on a case
(accept, decline, merge, assign items, review an answer, reassign, record a
follow-up, publish, grant a department the submitter's contact)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.conf import settings
from django.forms import formset_factory
from django.utils import timezone

from sanmin.campaigns.models import Department, District, TopicArea
from sanmin.suggestions.models import FollowUpMethod, SatisfactionLevel, Source, Status
from sanmin.suggestions.selectors.triage import ALL, SEARCH_MAX

REASON_MAX = 300
COMMENT_MAX = 500
SUMMARY_MAX = 200
NOTE_MAX = 1000
OUTCOME_MAX = 2000
ANSWER_MAX = 10000
PUBLICATION_TITLE_MAX = 80
GRANT_REASON_MAX = 200
FURTHER_CASES_MAX = 20
ITEMS_EXTRA = 2


def _choices(field: forms.Field) -> forms.ChoiceField:
    assert isinstance(field, forms.ChoiceField)
    return field


class TriageFilterForm(forms.Form):
    """GET filters; an unknown value is ignored rather than an error."""

    status = forms.ChoiceField(
        label="状态", choices=[*Status.choices, (ALL, "全部")], required=False
    )
    topic = forms.TypedChoiceField(
        label="领域", coerce=int, required=False, empty_value=None
    )
    district = forms.TypedChoiceField(
        label="区（市）", coerce=int, required=False, empty_value=None
    )
    source = forms.ChoiceField(
        label="来源", choices=[("", "全部"), *Source.choices], required=False
    )
    q = forms.CharField(label="编号或标题", required=False, max_length=SEARCH_MAX)

    def __init__(
        self,
        *args: Any,
        topics: list[TopicArea],
        districts: list[District],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["topic"]).choices = [
            ("", "全部"),
            *((topic.pk, topic.name) for topic in topics),
        ]
        _choices(self.fields["district"]).choices = [
            ("", "全部"),
            *((district.pk, district.name) for district in districts),
        ]
        self.fields["q"].widget.attrs["placeholder"] = "建议编号或标题中的词"

    def value(self, name: str) -> Any:
        """The cleaned filter, or None when it is empty or the form is not valid."""
        if self.is_valid():
            return self.cleaned_data.get(name) or None
        return None


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="不予受理理由",
        max_length=REASON_MAX,
        help_text="建议人可以看到这一理由。",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "请填写不予受理的理由",
            "max_length": f"理由不能超过 {REASON_MAX} 个字",
        },
    )


class MergeForm(forms.Form):
    into = forms.CharField(
        label="并入的建议编号",
        max_length=20,
        help_text="本建议将并入该建议一并办理。",
        error_messages={"required": "请填写要并入的建议编号"},
    )

    def clean_into(self) -> str:
        return str(self.cleaned_data["into"]).strip().upper()


class DepartmentChoices:
    """Mixin: fill the department fields from the campaign's departments."""

    department_fields: tuple[str, ...] = ()
    fields: dict[str, forms.Field]

    def set_departments(self, departments: list[Department]) -> None:
        pairs: list[tuple[Any, str]] = [
            (department.pk, department.name) for department in departments
        ]
        self.departments = {department.pk: department for department in departments}
        for name in self.department_fields:
            field = _choices(self.fields[name])
            field.choices = (
                pairs
                if isinstance(field, forms.MultipleChoiceField)
                else [("", "请选择"), *pairs]
            )

    def department_of(self, pk: Any) -> Department:
        """The department of a cleaned choice (always one of the choices)."""
        return self.departments[int(pk)]

    def partner_list(
        self, pks: list[Any], *, lead: Department | None
    ) -> list[Department]:
        chosen = [self.departments[int(pk)] for pk in pks]
        return [department for department in chosen if department != lead]


def default_deadline() -> dt.datetime:
    days = settings.SUGGESTION_DEADLINE_DAYS
    now = timezone.localtime(timezone.now()).replace(second=0, microsecond=0)
    return now + dt.timedelta(days=days)


class DeadlineInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class ItemPlanForm(DepartmentChoices, forms.Form):
    """One item of an assignment; an extra row left empty is skipped."""

    department_fields = ("lead", "partners")

    summary = forms.CharField(
        label="交办事项",
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "请填写交办事项",
            "max_length": f"交办事项不能超过 {SUMMARY_MAX} 个字",
        },
    )
    lead = forms.ChoiceField(
        label="主办单位",
        error_messages={
            "required": "请选择主办单位",
            "invalid_choice": "请选择主办单位",
        },
    )
    partners = forms.MultipleChoiceField(
        label="协办单位",
        required=False,
        help_text="可多选（按住 Ctrl 或在手机上逐个点选）；不选则无协办单位。",
        widget=forms.SelectMultiple(attrs={"size": 4}),
        error_messages={"invalid_choice": "协办单位无效"},
    )
    deadline = forms.DateTimeField(
        label="办理时限",
        required=False,
        widget=DeadlineInput(),
        help_text=f"不填则为交办后 {settings.SUGGESTION_DEADLINE_DAYS} 天。",
        error_messages={"invalid": "办理时限格式不正确"},
    )

    def __init__(
        self, *args: Any, departments: list[Department], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_departments(departments)


class BaseItemPlanFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def __init__(self, *args: Any, departments: list[Department], **kwargs: Any):
        self.departments = departments
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "departments": self.departments}

    @property
    def empty_form(self) -> forms.Form:
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            departments=self.departments,
        )
        self.add_fields(form, None)
        return form

    def plans(self) -> list[dict[str, Any]]:
        """The filled rows: summary, lead, partners (without the lead), deadline."""
        plans = []
        for form in self.forms:
            data = form.cleaned_data
            if not data:
                continue
            lead = form.department_of(data["lead"])
            plans.append(
                {
                    "summary": data["summary"].strip(),
                    "lead": lead,
                    "partners": tuple(form.partner_list(data["partners"], lead=lead)),
                    "deadline": data["deadline"],
                }
            )
        return plans


ItemPlanFormSet: type[BaseItemPlanFormSet] = formset_factory(  # type: ignore[assignment]
    ItemPlanForm,
    formset=BaseItemPlanFormSet,
    extra=ITEMS_EXTRA,
    min_num=1,
    validate_min=True,
    max_num=10,
    validate_max=True,
)


def item_plan_formset(
    data: Any = None,
    *,
    departments: list[Department],
    first_lead: Department | None = None,
    first_summary: str = "",
) -> BaseItemPlanFormSet:
    """The assignment rows; the first one prefilled (summary, suggested lead)."""
    initial = [
        {
            "summary": first_summary,
            "lead": first_lead.pk if first_lead else "",
            "deadline": default_deadline(),
        }
    ]
    formset = ItemPlanFormSet(
        data,
        prefix="items",
        departments=departments,
        initial=initial,
        error_messages={
            "too_few_forms": "请至少填写一项交办事项",
            "too_many_forms": "交办事项不能超过 10 项",
        },
    )
    return formset


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="审核结论",
        choices=[("approve", "审定通过"), ("return", "退回修改")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "请选择“审定通过”或“退回修改”",
            "invalid_choice": "请选择“审定通过”或“退回修改”",
        },
    )
    comment = forms.CharField(
        label="审核意见",
        required=False,
        max_length=COMMENT_MAX,
        help_text="退回修改时必填，承办部门可以看到。",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"审核意见不能超过 {COMMENT_MAX} 个字"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["comment"] = (cleaned.get("comment") or "").strip()
        if cleaned.get("decision") == "return" and not cleaned["comment"]:
            self.add_error("comment", "退回修改时必须填写审核意见")
        return cleaned


class ReassignForm(DepartmentChoices, forms.Form):
    department_fields = ("lead", "partners")

    lead = forms.ChoiceField(
        label="改派主办单位",
        error_messages={
            "required": "请选择主办单位",
            "invalid_choice": "请选择主办单位",
        },
    )
    partners = forms.MultipleChoiceField(
        label="协办单位",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        error_messages={"invalid_choice": "协办单位无效"},
    )
    deadline = forms.DateTimeField(
        label="新的办理时限",
        required=False,
        widget=DeadlineInput(),
        help_text="不填则保持原时限。",
        error_messages={"invalid": "办理时限格式不正确"},
    )
    note = forms.CharField(
        label="说明",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"说明不能超过 {NOTE_MAX} 个字"},
    )

    def __init__(
        self, *args: Any, departments: list[Department], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_departments(departments)


class FollowUpForm(forms.Form):
    method = forms.ChoiceField(
        label="回访方式",
        choices=FollowUpMethod.choices,
        error_messages={
            "required": "请选择回访方式",
            "invalid_choice": "请选择回访方式",
        },
    )
    held_on = forms.DateField(
        label="回访日期",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "请填写回访日期",
            "invalid": "回访日期格式不正确",
        },
    )
    outcome = forms.CharField(
        label="回访情况",
        max_length=OUTCOME_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "请填写回访情况",
            "max_length": f"回访情况不能超过 {OUTCOME_MAX} 个字",
        },
    )
    level = forms.ChoiceField(
        label="建议人对办理的满意度",
        required=False,
        choices=[("", "未表态（可由建议人在线评价）"), *SatisfactionLevel.choices],
        error_messages={"invalid_choice": "满意度无效"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate


NUMBER_SPLIT = re.compile(r"[\s,，、;；]+")


class PublishForm(forms.Form):
    title = forms.CharField(
        label="公开标题",
        max_length=PUBLICATION_TITLE_MAX,
        error_messages={
            "required": "请填写公开标题",
            "max_length": f"公开标题不能超过 {PUBLICATION_TITLE_MAX} 个字",
        },
    )
    answer = forms.CharField(
        label="公开答复",
        max_length=ANSWER_MAX,
        help_text="公开页面不显示建议人的个人信息（建议人同意署名的除外）。",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "请填写公开答复",
            "max_length": f"公开答复不能超过 {ANSWER_MAX} 个字",
        },
    )
    together = forms.CharField(
        label="一并答复的其他建议编号",
        required=False,
        max_length=FURTHER_CASES_MAX * 16,
        help_text="可选；多个编号用空格或逗号分隔，这些建议将以同一答复一并公开。",
        error_messages={"max_length": "一并答复的建议太多"},
    )

    def clean_together(self) -> list[str]:
        text = self.cleaned_data.get("together") or ""
        numbers = [part.upper() for part in NUMBER_SPLIT.split(text) if part]
        numbers = list(dict.fromkeys(numbers))
        if len(numbers) > FURTHER_CASES_MAX:
            raise forms.ValidationError(
                f"一并答复的建议不能超过 {FURTHER_CASES_MAX} 件"
            )
        return numbers


class ContactGrantForm(DepartmentChoices, forms.Form):
    department_fields = ("department",)

    department = forms.ChoiceField(
        label="授权单位",
        error_messages={
            "required": "请选择授权单位",
            "invalid_choice": "请选择授权单位",
        },
    )
    reason = forms.CharField(
        label="授权理由",
        max_length=GRANT_REASON_MAX,
        help_text="授权后该单位可查看一次建议人的电话用于回访，查看记入审计日志。",
        error_messages={
            "required": "请填写授权理由",
            "max_length": f"授权理由不能超过 {GRANT_REASON_MAX} 个字",
        },
    )

    def __init__(
        self, *args: Any, departments: list[Department], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_departments(departments)
