"""Each question kind's definition is checked when the question is added."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sanmin.surveys.models import Kind, Question
from sanmin.surveys.services import builder

TWO = [("a", "甲"), ("b", "乙")]


@pytest.fixture
def draft(campaign: Any) -> Any:
    questionnaire = builder.questionnaire_create(
        campaign=campaign, code="q", title="问卷", audience="public", actor="测试"
    )
    section = builder.section_add(questionnaire=questionnaire, title="第一部分")
    return questionnaire, section


def add(draft: Any, **fields: Any) -> Question:
    questionnaire, section = draft
    return builder.question_add(questionnaire=questionnaire, section=section, **fields)


def refused(draft: Any, message: str, **fields: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        add(draft, **fields)
    assert any(message in m for m in caught.value.messages), caught.value.messages
    assert not Question.objects.filter(questionnaire=draft[0]).exists()


def test_it_adds_a_question_of_every_kind(draft: Any, campaign: Any) -> None:
    scale = builder.campaign_scale_options(campaign=campaign)
    add(
        draft, code="s", kind=Kind.SINGLE, prompt="单选", options=TWO, other_option=True
    )
    add(
        draft,
        code="m",
        kind=Kind.MULTIPLE,
        prompt="多选",
        options=[*TWO, ("c", "丙")],
        min_choices=1,
        max_choices=3,
    )
    add(draft, code="r", kind=Kind.RATING, prompt="评分", options=scale)
    add(
        draft,
        code="x",
        kind=Kind.MATRIX,
        prompt="矩阵",
        options=scale,
        rows=[("a", "居住环境")],
    )
    add(draft, code="t", kind=Kind.SHORT_TEXT, prompt="简答", max_length=20)
    add(draft, code="l", kind=Kind.LONG_TEXT, prompt="详答", required=False)
    add(draft, code="n", kind=Kind.NUMBER, prompt="数字", min_value=0, max_value="100")
    questions = {q.code: q for q in Question.objects.filter(questionnaire=draft[0])}
    assert list(questions) == ["s", "m", "r", "x", "t", "l", "n"]
    assert questions["m"].options.count() == 3
    rating = list(questions["r"].options.order_by("order"))
    assert [o.label for o in rating] == [
        "满意",
        "比较满意",
        "基本满意",
        "不满意",
        "不了解",
    ]
    assert [o.satisfied for o in rating] == [True, True, True, False, False]
    assert [o.counted for o in rating] == [True, True, True, True, False]
    assert questions["x"].rows.get().label == "居住环境"
    assert questions["l"].required is False
    assert str(questions["n"].max_value) == "100.00"


def test_it_refuses_a_choice_question_with_one_option(draft: Any) -> None:
    refused(
        draft,
        "至少要有 2 个选项",
        code="s",
        kind="single",
        prompt="单选",
        options=[("a", "甲")],
    )


def test_it_refuses_repeated_option_codes(draft: Any) -> None:
    refused(
        draft,
        "选项代码不能重复",
        code="s",
        kind="single",
        prompt="单选",
        options=[("a", "甲"), ("a", "乙")],
    )


def test_it_refuses_min_above_max(draft: Any) -> None:
    refused(
        draft,
        "最少选择数不能大于最多选择数",
        code="m",
        kind="multiple",
        prompt="多选",
        options=TWO,
        min_choices=2,
        max_choices=1,
    )


def test_it_refuses_max_above_the_number_of_options(draft: Any) -> None:
    refused(
        draft,
        "选择数不能超过选项数",
        code="m",
        kind="multiple",
        prompt="多选",
        options=TWO,
        max_choices=3,
    )


def test_it_counts_other_as_a_choice_for_the_maximum(draft: Any) -> None:
    add(
        draft,
        code="m",
        kind="multiple",
        prompt="多选",
        options=TWO,
        other_option=True,
        max_choices=3,
    )


def test_it_refuses_a_matrix_without_rows(draft: Any, campaign: Any) -> None:
    refused(
        draft,
        "矩阵题至少要有 1 行",
        code="x",
        kind="matrix",
        prompt="矩阵",
        options=builder.campaign_scale_options(campaign=campaign),
    )


def test_it_refuses_a_matrix_without_a_scale(draft: Any) -> None:
    refused(
        draft,
        "至少要有 2 个选项",
        code="x",
        kind="matrix",
        prompt="矩阵",
        rows=[("a", "居住环境")],
    )


def test_it_refuses_rows_on_a_single_choice(draft: Any) -> None:
    refused(
        draft,
        "只有矩阵题可以设置行",
        code="s",
        kind="single",
        prompt="单选",
        options=TWO,
        rows=[("a", "行")],
    )


def test_it_refuses_options_on_a_text_question(draft: Any) -> None:
    refused(
        draft, "只有选择题", code="t", kind="short_text", prompt="简答", options=TWO
    )


def test_it_refuses_other_on_a_rating(draft: Any) -> None:
    refused(
        draft,
        "只有单选题和多选题可以含",
        code="r",
        kind="rating",
        prompt="评分",
        options=TWO,
        other_option=True,
    )


def test_it_refuses_choice_bounds_on_a_single_choice(draft: Any) -> None:
    refused(
        draft,
        "只有多选题可以设置",
        code="s",
        kind="single",
        prompt="单选",
        options=TWO,
        max_choices=1,
    )


def test_it_refuses_a_text_limit_out_of_range(draft: Any) -> None:
    refused(draft, "文字上限", code="t", kind="long_text", prompt="详答", max_length=0)


def test_it_refuses_number_bounds_in_the_wrong_order(draft: Any) -> None:
    refused(
        draft,
        "最小值不能大于最大值",
        code="n",
        kind="number",
        prompt="数字",
        min_value=10,
        max_value=1,
    )


def test_it_refuses_bounds_on_a_text_question(draft: Any) -> None:
    refused(
        draft, "只有数字题", code="t", kind="short_text", prompt="简答", max_value=3
    )


def test_it_refuses_a_satisfied_point_that_is_not_counted(draft: Any) -> None:
    refused(
        draft,
        "不能计为满意",
        code="r",
        kind="rating",
        prompt="评分",
        options=[("a", "满意", True, True), ("u", "不了解", False, True)],
    )


def test_it_refuses_a_bad_or_repeated_code(draft: Any) -> None:
    refused(draft, "题目代码须为", code="有 空格", kind="short_text", prompt="简答")
    refused(
        draft, "不能含连续两个下划线", code="a__other", kind="short_text", prompt="简答"
    )
    add(draft, code="t", kind="short_text", prompt="简答")
    with pytest.raises(ValidationError, match="已被使用"):
        add(draft, code="t", kind="long_text", prompt="详答")


def test_it_refuses_an_empty_prompt(draft: Any) -> None:
    refused(draft, "题目文字须为", code="t", kind="short_text", prompt="  ")
