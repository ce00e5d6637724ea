"""Every kind's server-side check: each bad input refused with a Chinese message for
its question, and nothing stored."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sanmin.surveys.models import PendingTally, Respondent, Response, Tally, TextAnswer
from sanmin.surveys.selectors.structure import questionnaire_structure
from sanmin.surveys.services.answer import answers_validate, response_submit
from sanmin.surveys.tests.survey_helpers import make_questionnaire

GOOD: dict[str, Any] = {
    "areas": {"housing": "satisfied", "security": "unknown"},
    "overall": "fairly-satisfied",
    "topic": "traffic",
    "wishes": ["a", "c"],
}


@pytest.fixture
def questionnaire(campaign):
    return make_questionnaire(campaign)


def _errors(questionnaire, data: dict[str, Any]) -> dict[str, list[str]]:
    structure = questionnaire_structure(questionnaire=questionnaire)
    with pytest.raises(ValidationError) as raised:
        answers_validate(structure=structure, data=data)
    return raised.value.message_dict


def test_it_accepts_and_normalises_good_answers(questionnaire):
    structure = questionnaire_structure(questionnaire=questionnaire)
    data = {**GOOD, "wishes": ["c", "a"], "years": " 12.50 ", "comment": " 好 "}

    answers = answers_validate(structure=structure, data=data)

    assert answers["wishes"] == ["a", "c"]
    assert answers["years"] == "12.5"
    assert answers["comment"] == "好"
    assert "why" not in answers


@pytest.mark.parametrize(
    ("change", "code", "fragment"),
    [
        ({"overall": ""}, "overall", "必答"),
        ({"topic": "zoo"}, "topic", "不是本题的选项"),
        ({"wishes": ["a", "b", "c"]}, "wishes", "最多选择 2 项"),
        ({"wishes": ["a", "zz"]}, "wishes", "不是本题的选项"),
        ({"areas": {"housing": "satisfied"}}, "areas", "社会治安"),
        ({"areas": {"housing": "great", "security": "unknown"}}, "areas", "选项"),
        ({"areas": {"kitchen": "satisfied", "housing": "satisfied"}}, "areas", "行"),
        ({"topic": "other"}, "topic", "请注明"),
        ({"topic": "other", "topic__other": "长" * 501}, "topic", "不能超过"),
        ({"name_of_street": "街" * 21}, "name_of_street", "不能超过 20 字"),
        ({"years": "十二"}, "years", "请填写数字"),
        ({"years": "NaN"}, "years", "请填写数字"),
        ({"years": "101"}, "years", "0 到 100"),
        ({"years": "-1"}, "years", "0 到 100"),
        ({"why": "太吵"}, "why", "请不要填写本题"),
        ({"overall": "dissatisfied"}, "why", "必答"),
    ],
)
def test_it_refuses_bad_answers(questionnaire, change, code, fragment):
    errors = _errors(questionnaire, {**GOOD, **change})

    assert fragment in errors[code][0]


def test_it_refuses_too_few_choices(questionnaire):
    errors = _errors(questionnaire, {**GOOD, "wishes": []})

    assert "必答" in errors["wishes"][0]


def test_it_shows_the_conditional_question_for_its_answer(questionnaire):
    structure = questionnaire_structure(questionnaire=questionnaire)
    data = {**GOOD, "overall": "dissatisfied", "why": "噪音"}

    assert answers_validate(structure=structure, data=data)["why"] == "噪音"


def test_it_stores_nothing_on_refusal(questionnaire, citizen_user):
    with pytest.raises(ValidationError):
        response_submit(
            questionnaire=questionnaire, user=citizen_user, data={**GOOD, "topic": "x"}
        )

    assert not Respondent.objects.exists()
    assert not Response.objects.exists()
    assert not TextAnswer.objects.exists()
    assert not Tally.objects.exists() and not PendingTally.objects.exists()
