"""Opening freezes a questionnaire; changes then need a new version."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError

from sanmin.audit.models import AuditEvent
from sanmin.surveys.models import Channel, Question, Response
from sanmin.surveys.services import builder
from sanmin.surveys.tests.survey_helpers import SMALL_CODES, make_questionnaire

FROZEN = "问卷已开放，不能修改；请建立新版本"


def every_edit(questionnaire: Any) -> list[Any]:
    section = questionnaire.sections.order_by("order").first()
    question = questionnaire.questions.get(code="comment")
    return [
        lambda: builder.questionnaire_update(questionnaire=questionnaire, title="新"),
        lambda: builder.section_add(questionnaire=questionnaire, title="新部分"),
        lambda: builder.section_update(section=section, title="改"),
        lambda: builder.section_remove(section=section),
        lambda: builder.section_move(section=section, offset=1),
        lambda: builder.question_add(
            questionnaire=questionnaire,
            section=section,
            code="new",
            kind="short_text",
            prompt="新题",
        ),
        lambda: builder.question_update(question=question, prompt="改"),
        lambda: builder.question_remove(question=question),
        lambda: builder.question_move(question=question, offset=-1),
    ]


@pytest.mark.django_db
def test_it_freezes_on_opening(campaign: Any) -> None:
    with time_machine.travel("2024-12-10 09:00 +0800", tick=False):
        questionnaire = make_questionnaire(campaign)
    assert questionnaire.status == "open"
    assert questionnaire.frozen_at is not None
    assert questionnaire.frozen_at.isoformat() == "2024-12-10T01:00:00+00:00"
    assert AuditEvent.objects.filter(action="survey.open").count() == 1


def test_it_refuses_every_edit_once_open(campaign: Any) -> None:
    questionnaire = make_questionnaire(campaign)
    for edit in every_edit(questionnaire):
        with pytest.raises(ValidationError) as caught:
            edit()
        assert caught.value.messages == [FROZEN]
    assert questionnaire.questions.get(code="comment").prompt == "其他意见"
    assert questionnaire.sections.count() == 2


def test_it_refuses_every_edit_once_closed(campaign: Any) -> None:
    questionnaire = make_questionnaire(campaign)
    builder.questionnaire_close(questionnaire=questionnaire, actor="测试")
    for edit in every_edit(questionnaire):
        with pytest.raises(ValidationError, match=FROZEN):
            edit()


def test_it_refuses_every_edit_once_answers_exist(campaign: Any) -> None:
    questionnaire = make_questionnaire(campaign, open=False)
    # Answers to a draft cannot come through the answering service; this stands
    # for data restored from elsewhere: the builder must still not touch it.
    Response.objects.create(
        questionnaire=questionnaire, channel=Channel.CITIZEN, answers={}
    )
    for edit in every_edit(questionnaire):
        with pytest.raises(ValidationError, match="问卷已有答卷，不能修改"):
            edit()


def test_it_refuses_to_open_an_incomplete_questionnaire(campaign: Any) -> None:
    questionnaire = builder.questionnaire_create(
        campaign=campaign, code="q", title="问卷", audience="public", actor="测试"
    )
    with pytest.raises(ValidationError, match="问卷还没有题目"):
        builder.questionnaire_open(questionnaire=questionnaire, actor="测试")
    builder.section_add(questionnaire=questionnaire, title="空的部分")
    with pytest.raises(ValidationError, match="部分“空的部分”没有题目"):
        builder.questionnaire_open(questionnaire=questionnaire, actor="测试")
    questionnaire.refresh_from_db()
    assert questionnaire.status == "draft" and questionnaire.frozen_at is None


def test_it_opens_one_version_of_a_family_at_a_time(campaign: Any) -> None:
    first = make_questionnaire(campaign)
    second = builder.questionnaire_new_version(questionnaire=first, actor="测试")
    with pytest.raises(ValidationError, match="第 1 版正在进行中"):
        builder.questionnaire_open(questionnaire=second, actor="测试")
    builder.questionnaire_close(questionnaire=first, actor="测试")
    builder.questionnaire_open(questionnaire=second, actor="测试")
    with pytest.raises(ValidationError, match="第 2 版正在进行中"):
        builder.questionnaire_open(questionnaire=first, actor="测试")
    builder.questionnaire_close(questionnaire=second, actor="测试")
    reopened = builder.questionnaire_open(questionnaire=first, actor="测试")
    assert reopened.status == "open"


def test_it_refuses_to_close_what_is_not_open(campaign: Any) -> None:
    draft = make_questionnaire(campaign, open=False)
    with pytest.raises(ValidationError, match="问卷不在进行中"):
        builder.questionnaire_close(questionnaire=draft, actor="测试")


def test_it_copies_everything_into_a_new_version(campaign: Any) -> None:
    first = make_questionnaire(campaign)
    copy = builder.questionnaire_new_version(questionnaire=first, actor="测试")
    assert (copy.version, copy.status, copy.frozen_at) == (2, "draft", None)
    assert (copy.code, copy.title, copy.audience) == (first.code, first.title, "public")
    assert copy.allow_anonymous is True
    assert list(copy.sections.values_list("title", flat=True)) == ["满意度", "意见"]

    def shape(questionnaire: Any) -> list[Any]:
        return [
            (
                q.section.title,
                q.code,
                q.kind,
                q.required,
                q.min_choices,
                q.max_choices,
                q.other_option,
                q.max_length,
                q.min_value,
                q.max_value,
                list(q.options.values_list("code", "label", "counted", "satisfied")),
                list(q.rows.values_list("code", "label")),
                q.show_if.code if q.show_if else None,
                q.show_if_options,
            )
            for q in Question.objects.filter(questionnaire=questionnaire).order_by(
                "section__order", "order"
            )
        ]

    assert shape(copy) == shape(first)
    assert [row[1] for row in shape(copy)] == list(SMALL_CODES)
    why = copy.questions.get(code="why")
    assert why.show_if is not None and why.show_if.questionnaire_id == copy.pk
    assert not copy.sections.filter(pk__in=first.sections.values("pk")).exists()
    # The copy is editable; the original is not changed by editing it.
    builder.question_update(question=why, prompt="请说明原因")
    assert first.questions.get(code="why").prompt == "请具体说明不满意的方面"


def test_it_refuses_a_second_draft_of_a_family(campaign: Any) -> None:
    first = make_questionnaire(campaign)
    builder.questionnaire_new_version(questionnaire=first, actor="测试")
    with pytest.raises(ValidationError, match="已有编辑中的第 2 版"):
        builder.questionnaire_new_version(questionnaire=first, actor="测试")
