"""Pages of 社情民意调查 (area: builder), for the statistics role.

- builder/: the questionnaires of the current campaign by family, with versions,
  status and answer counts; create one, or load the 2024 questionnaires.
- builder/<pk>/: edit a draft (sections, questions, options, rows, conditions);
  a frozen version is shown read-only with a button for a new version.
- builder/<pk>/preview/: the questionnaire as respondents see it, no submission.
- POST urls `questionnaire-*`, `section-*`, `question-*`: one service each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from sanmin.accounts.access import role_required
from sanmin.accounts.models import Role
from sanmin.campaigns.models import Campaign
from sanmin.campaigns.selectors import campaign_current
from sanmin.surveys.forms.answer import fill_sections
from sanmin.surveys.forms.builder import (
    MoveForm,
    QuestionForm,
    QuestionnaireCreateForm,
    QuestionnaireForm,
    SectionForm,
)
from sanmin.surveys.models import Questionnaire
from sanmin.surveys.selectors import builder as selectors
from sanmin.surveys.selectors.structure import questionnaire_structure
from sanmin.surveys.services import builder as services

statistics_only = role_required(Role.STATISTICS)


def _campaign() -> Campaign:
    campaign = campaign_current()
    if campaign is None:
        raise Http404("目前没有活动")
    return campaign


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _edit_url(questionnaire_id: int, anchor: str = "") -> str:
    url = reverse("surveys:questionnaire", args=[questionnaire_id])
    return f"{url}#{anchor}" if anchor else url


@never_cache
@require_safe
@statistics_only
def builder(request: HttpRequest) -> HttpResponse:
    return _builder_page(request, _campaign(), QuestionnaireCreateForm())


def _builder_page(
    request: HttpRequest,
    campaign: Campaign,
    form: QuestionnaireCreateForm,
    status: int = 200,
) -> HttpResponse:
    families = selectors.questionnaire_families(campaign=campaign)
    return render(
        request,
        "surveys/builder/list.html",
        {"campaign": campaign, "families": families, "form": form},
        status=status,
    )


@require_POST
@statistics_only
def questionnaire_create(request: HttpRequest) -> HttpResponse:
    campaign = _campaign()
    form = QuestionnaireCreateForm(request.POST)
    if not form.is_valid():
        return _builder_page(request, campaign, form, status=400)
    try:
        questionnaire = services.questionnaire_create(
            campaign=campaign, actor=request.user, request=request, **form.cleaned_data
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _builder_page(request, campaign, form, status=400)
    messages.success(request, "问卷已建立，请添加部分和题目。")
    return redirect("surveys:questionnaire", pk=questionnaire.pk)


@require_POST
@statistics_only
def questionnaire_load(request: HttpRequest) -> HttpResponse:
    try:
        loaded = services.questionnaires_load_2024(
            campaign=_campaign(), actor=request.user, request=request
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, f"已导入 {len(loaded)} 份 2024 年问卷（编辑中）。")
    return redirect("surveys:builder")


def _questionnaire_page(
    request: HttpRequest,
    questionnaire: Questionnaire,
    *,
    question_form: QuestionForm | None = None,
    edit_form: QuestionForm | None = None,
    editing: int | None = None,
    status: int = 200,
) -> HttpResponse:
    structure = questionnaire_structure(questionnaire=questionnaire)
    campaign = questionnaire.campaign
    answered = getattr(questionnaire, "response_count", 0)
    editable = not questionnaire.is_frozen and not answered
    editing_def = next((q for q in structure.questions if q.id == editing), None)
    if editable and editing_def is not None and edit_form is None:
        edit_form = QuestionForm(
            structure=structure, campaign=campaign, question=editing_def
        )
    return render(
        request,
        "surveys/builder/questionnaire.html",
        {
            "questionnaire": questionnaire,
            "structure": structure,
            "editable": editable,
            "problems": services.questionnaire_problems(questionnaire=questionnaire)
            if editable
            else [],
            "header_form": QuestionnaireForm(
                initial={
                    "title": questionnaire.title,
                    "intro": questionnaire.intro,
                    "allow_anonymous": questionnaire.allow_anonymous,
                }
            ),
            "section_form": SectionForm(),
            "question_form": question_form
            or QuestionForm(
                structure=structure,
                campaign=campaign,
                auto_id="new_%s",
                initial={"required": True, "max_length": 500},
            ),
            "edit_form": edit_form,
            "editing": editing_def,
        },
        status=status,
    )


@never_cache
@require_safe
@statistics_only
def questionnaire(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.questionnaire_for_builder(pk=pk)
    editing = request.GET.get("edit", "")
    return _questionnaire_page(
        request, found, editing=int(editing) if editing.isdigit() else None
    )


@never_cache
@require_safe
@statistics_only
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.questionnaire_for_builder(pk=pk)
    structure = questionnaire_structure(questionnaire=found)
    return render(
        request,
        "surveys/builder/preview.html",
        {
            "questionnaire": found,
            "structure": structure,
            "sections": fill_sections(structure),
            "structure_json": structure.as_json(),
        },
    )


def _simple(
    call: Callable[[HttpRequest, Any], tuple[int, str]],
) -> Callable[..., HttpResponseBase]:
    """A POST view that runs one service and goes back to the questionnaire page
    with a message (the refusal's, or `call`'s own)."""

    def view(request: HttpRequest, pk: int) -> HttpResponse:
        questionnaire_id: int | None = None
        try:
            questionnaire_id, done = call(request, pk)
        except ValidationError as error:
            _errors(request, error)
            questionnaire_id = getattr(error, "questionnaire_id", None)
        else:
            messages.success(request, done)
        if questionnaire_id is None:
            return redirect("surveys:builder")
        return redirect(_edit_url(questionnaire_id))

    view.__name__ = call.__name__
    view.__doc__ = call.__doc__
    return require_POST(statistics_only(view))


def _tagged(error: ValidationError, questionnaire_id: int) -> ValidationError:
    error.questionnaire_id = questionnaire_id  # type: ignore[attr-defined]
    return error


@_simple
def questionnaire_update(request: HttpRequest, pk: int) -> tuple[int, str]:
    found = selectors.questionnaire_for_builder(pk=pk)
    form = QuestionnaireForm(request.POST)
    if not form.is_valid():
        raise _tagged(ValidationError("请填写问卷标题（不超过 80 字）"), found.pk)
    try:
        services.questionnaire_update(
            questionnaire=found,
            actor=request.user,
            request=request,
            **form.cleaned_data,
        )
    except ValidationError as error:
        raise _tagged(error, found.pk) from None
    return found.pk, "问卷信息已保存。"


@_simple
def questionnaire_open(request: HttpRequest, pk: int) -> tuple[int, str]:
    found = selectors.questionnaire_for_builder(pk=pk)
    try:
        services.questionnaire_open(
            questionnaire=found, actor=request.user, request=request
        )
    except ValidationError as error:
        raise _tagged(error, found.pk) from None
    return found.pk, "问卷已开放填写，内容已冻结。"


@_simple
def questionnaire_close(request: HttpRequest, pk: int) -> tuple[int, str]:
    found = selectors.questionnaire_for_builder(pk=pk)
    try:
        services.questionnaire_close(
            questionnaire=found, actor=request.user, request=request
        )
    except ValidationError as error:
        raise _tagged(error, found.pk) from None
    return found.pk, "问卷已结束填写。"


@_simple
def questionnaire_new_version(request: HttpRequest, pk: int) -> tuple[int, str]:
    found = selectors.questionnaire_for_builder(pk=pk)
    try:
        copy = services.questionnaire_new_version(
            questionnaire=found, actor=request.user, request=request
        )
    except ValidationError as error:
        raise _tagged(error, found.pk) from None
    return copy.pk, f"已建立第 {copy.version} 版（编辑中），可修改后开放。"


@_simple
def section_add(request: HttpRequest, pk: int) -> tuple[int, str]:
    found = selectors.questionnaire_for_builder(pk=pk)
    form = SectionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请填写部分标题（不超过 80 字）")
        services.section_add(
            questionnaire=found,
            title=form.cleaned_data["title"],
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        raise _tagged(error, found.pk) from None
    return found.pk, "已添加部分。"


@_simple
def section_update(request: HttpRequest, pk: int) -> tuple[int, str]:
    section = selectors.section_for_builder(pk=pk)
    form = SectionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请填写部分标题（不超过 80 字）")
        services.section_update(
            section=section,
            title=form.cleaned_data["title"],
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        raise _tagged(error, section.questionnaire_id) from None
    return section.questionnaire_id, "部分标题已保存。"


@_simple
def section_remove(request: HttpRequest, pk: int) -> tuple[int, str]:
    section = selectors.section_for_builder(pk=pk)
    try:
        services.section_remove(section=section, actor=request.user, request=request)
    except ValidationError as error:
        raise _tagged(error, section.questionnaire_id) from None
    return section.questionnaire_id, "已删除部分。"


@_simple
def section_move(request: HttpRequest, pk: int) -> tuple[int, str]:
    section = selectors.section_for_builder(pk=pk)
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请选择上移或下移")
        services.section_move(
            section=section,
            offset=form.cleaned_data["offset"],
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        raise _tagged(error, section.questionnaire_id) from None
    return section.questionnaire_id, "已调整部分顺序。"


@_simple
def question_remove(request: HttpRequest, pk: int) -> tuple[int, str]:
    question = selectors.question_for_builder(pk=pk)
    try:
        services.question_remove(question=question, actor=request.user, request=request)
    except ValidationError as error:
        raise _tagged(error, question.questionnaire_id) from None
    return question.questionnaire_id, "已删除题目。"


@_simple
def question_move(request: HttpRequest, pk: int) -> tuple[int, str]:
    question = selectors.question_for_builder(pk=pk)
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请选择上移或下移")
        services.question_move(
            question=question,
            offset=form.cleaned_data["offset"],
            actor=request.user,
            request=request,
        )
    except ValidationError as error:
        raise _tagged(error, question.questionnaire_id) from None
    return question.questionnaire_id, "已调整题目顺序。"


def _section_of(questionnaire: Questionnaire, section_id: int) -> Any:
    section = questionnaire.sections.filter(pk=section_id).first()
    if section is None:
        raise ValidationError("该部分不属于本问卷")
    return section


@require_POST
@statistics_only
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.questionnaire_for_builder(pk=pk)
    structure = questionnaire_structure(questionnaire=found)
    form = QuestionForm(
        request.POST, structure=structure, campaign=found.campaign, auto_id="new_%s"
    )
    if form.is_valid():
        try:
            question = services.question_add(
                questionnaire=found,
                section=_section_of(found, form.cleaned_data["section"]),
                actor=request.user,
                request=request,
                **form.values(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已添加题目“{question.prompt}”。")
            return redirect(_edit_url(found.pk, f"q-{question.pk}"))
    return _questionnaire_page(request, found, question_form=form, status=400)


@require_POST
@statistics_only
def question_update(request: HttpRequest, pk: int) -> HttpResponse:
    question = selectors.question_for_builder(pk=pk)
    found = selectors.questionnaire_for_builder(pk=question.questionnaire_id)
    structure = questionnaire_structure(questionnaire=found)
    current = structure.question(question.code)
    form = QuestionForm(
        request.POST, structure=structure, campaign=found.campaign, question=current
    )
    if form.is_valid():
        try:
            section = _section_of(found, form.cleaned_data["section"])
            services.question_update(
                question=question,
                section=section if section.pk != question.section_id else None,
                actor=request.user,
                request=request,
                **form.values(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "题目已保存。")
            return redirect(_edit_url(found.pk, f"q-{question.pk}"))
    return _questionnaire_page(
        request, found, edit_form=form, editing=question.pk, status=400
    )


urlpatterns: list[URLPattern] = [
    path("builder/", builder, name="builder"),
    path("builder/new/", questionnaire_create, name="questionnaire-create"),
    path("builder/load-2024/", questionnaire_load, name="questionnaire-load"),
    path("builder/<int:pk>/", questionnaire, name="questionnaire"),
    path("builder/<int:pk>/preview/", preview, name="preview"),
    path("builder/<int:pk>/update/", questionnaire_update, name="questionnaire-update"),
    path("builder/<int:pk>/open/", questionnaire_open, name="questionnaire-open"),
    path("builder/<int:pk>/close/", questionnaire_close, name="questionnaire-close"),
    path(
        "builder/<int:pk>/new-version/",
        questionnaire_new_version,
        name="questionnaire-new-version",
    ),
    path("builder/<int:pk>/sections/", section_add, name="section-add"),
    path("builder/<int:pk>/questions/", question_add, name="question-add"),
    path("builder/sections/<int:pk>/", section_update, name="section-update"),
    path("builder/sections/<int:pk>/remove/", section_remove, name="section-remove"),
    path("builder/sections/<int:pk>/move/", section_move, name="section-move"),
    path("builder/questions/<int:pk>/", question_update, name="question-update"),
    path("builder/questions/<int:pk>/remove/", question_remove, name="question-remove"),
    path("builder/questions/<int:pk>/move/", question_move, name="question-move"),
]
