"""Conditional display: a question shows when an earlier single, multiple or
rating question has one of the given options; the builder keeps that true."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sanmin.surveys.models import Question
from sanmin.surveys.services import builder

YES_NO = [("yes", "是"), ("no", "否")]


@pytest.fixture
def draft(campaign: Any) -> Any:
    questionnaire = builder.questionnaire_create(
        campaign=campaign, code="q", title="问卷", audience="public", actor="测试"
    )
    first = builder.section_add(questionnaire=questionnaire, title="一")
    second = builder.section_add(questionnaire=questionnaire, title="二")
    builder.question_add(
        questionnaire=questionnaire,
        section=first,
        code="a",
        kind="single",
        prompt="是否满意",
        options=YES_NO,
    )
    return questionnaire, first, second


def add(draft: Any, section: Any, **fields: Any) -> Question:
    return builder.question_add(questionnaire=draft[0], section=section, **fields)


def messages(error: Any) -> str:
    return " ".join(error.value.messages)


def test_it_stores_a_condition_on_an_earlier_question(draft: Any) -> None:
    follow = add(
        draft,
        draft[2],
        code="b",
        kind="long_text",
        prompt="为什么",
        show_if="a",
        show_if_options=["no"],
    )
    assert follow.show_if == draft[0].questions.get(code="a")
    assert follow.show_if_options == ["no"]


def test_it_refuses_a_condition_on_a_later_question(draft: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        add(
            draft,
            draft[1],
            code="b",
            kind="short_text",
            prompt="早",
            show_if="c",
            show_if_options=["yes"],
        )
    assert "必须是排在本题之前的题目" in messages(caught)


def test_it_refuses_a_condition_on_itself(draft: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        add(
            draft,
            draft[1],
            code="b",
            kind="single",
            prompt="自己",
            options=YES_NO,
            show_if="b",
            show_if_options=["yes"],
        )
    assert "不能以本题自身作为显示条件" in messages(caught)


def test_it_refuses_a_condition_on_a_text_question(draft: Any) -> None:
    add(draft, draft[1], code="t", kind="short_text", prompt="文字")
    with pytest.raises(ValidationError) as caught:
        add(
            draft,
            draft[1],
            code="b",
            kind="short_text",
            prompt="跟随",
            show_if="t",
            show_if_options=["x"],
        )
    assert "必须是单选题、多选题或评分题" in messages(caught)


def test_it_refuses_options_the_condition_question_lacks(draft: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        add(
            draft,
            draft[1],
            code="b",
            kind="short_text",
            prompt="跟随",
            show_if="a",
            show_if_options=["maybe"],
        )
    assert "显示条件选项不属于题目“a”：maybe" in messages(caught)


def test_it_refuses_a_condition_without_options(draft: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        add(draft, draft[1], code="b", kind="short_text", prompt="跟随", show_if="a")
    assert "请选择显示条件的选项" in messages(caught)


def test_it_refuses_a_move_that_puts_a_question_before_its_condition(
    draft: Any,
) -> None:
    questionnaire, first, second = draft
    add(
        draft,
        second,
        code="b",
        kind="short_text",
        prompt="跟随",
        show_if="a",
        show_if_options=["no"],
    )
    with pytest.raises(ValidationError) as caught:
        builder.section_move(section=second, offset=-1)
    assert "显示条件题“a”必须是排在本题之前的题目" in messages(caught)
    orders = list(questionnaire.sections.order_by("order").values_list("pk", flat=True))
    assert orders == [first.pk, second.pk]


def test_it_refuses_removing_a_question_others_depend_on(draft: Any) -> None:
    add(
        draft,
        draft[2],
        code="b",
        kind="short_text",
        prompt="跟随",
        show_if="a",
        show_if_options=["no"],
    )
    with pytest.raises(ValidationError, match="以本题作为显示条件"):
        builder.question_remove(question=draft[0].questions.get(code="a"))
    assert draft[0].questions.filter(code="a").exists()


def test_it_refuses_dropping_an_option_a_condition_uses(draft: Any) -> None:
    add(
        draft,
        draft[2],
        code="b",
        kind="short_text",
        prompt="跟随",
        show_if="a",
        show_if_options=["no"],
    )
    source = draft[0].questions.get(code="a")
    with pytest.raises(ValidationError) as caught:
        builder.question_update(question=source, options=[("yes", "是"), ("x", "?")])
    assert "显示条件选项不属于题目“a”：no" in messages(caught)
    assert sorted(source.options.values_list("code", flat=True)) == ["no", "yes"]


def test_it_moves_a_question_after_its_condition(draft: Any) -> None:
    questionnaire, first, _ = draft
    add(
        draft,
        first,
        code="b",
        kind="short_text",
        prompt="跟随",
        show_if="a",
        show_if_options=["no"],
    )
    add(draft, first, code="c", kind="short_text", prompt="另一题")
    builder.question_move(question=questionnaire.questions.get(code="c"), offset=-1)
    codes = list(first.questions.order_by("order").values_list("code", flat=True))
    assert codes == ["a", "c", "b"]
    builder.question_move(question=questionnaire.questions.get(code="b"), offset=-1)
    with pytest.raises(ValidationError, match="必须是排在本题之前的题目"):
        builder.question_move(question=questionnaire.questions.get(code="b"), offset=-1)
    codes = list(first.questions.order_by("order").values_list("code", flat=True))
    assert codes == ["a", "b", "c"]
