"""The 2024 questionnaires ship as data and load through questionnaire_load."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sanmin.surveys.demo import surveys_demo_seed
from sanmin.surveys.models import Questionnaire
from sanmin.surveys.selectors.structure import questionnaire_structure
from sanmin.surveys.services import builder
from sanmin.surveys.tests.survey_helpers import load_2024

AREAS = ["居住环境", "社会治安", "基本医疗", "文体生活", "基础教育", "社会帮扶"]
SCALE = ["满意", "比较满意", "基本满意", "不满意", "不了解"]


def data_2024() -> dict[str, Any]:
    return json.loads(builder.DATA_2024.read_text(encoding="utf-8"))


def test_it_loads_the_public_survey(campaign: Any) -> None:
    public = load_2024(campaign)["public"]
    assert public.title == "2024年青岛市社情民意调查"
    assert public.allow_anonymous is True and public.status == "open"
    structure = questionnaire_structure(questionnaire=public)
    areas = structure.by_code["areas"]
    assert areas.kind == "matrix"
    assert [row.label for row in areas.rows] == AREAS
    assert [o.label for o in areas.options] == SCALE
    assert [o.satisfied for o in areas.options] == [True, True, True, False, False]
    assert [o.counted for o in areas.options] == [True, True, True, True, False]
    assert structure.by_code["overall"].kind == "rating"
    detail = structure.by_code["overall_detail"]
    assert (detail.kind, detail.prompt) == ("long_text", "请具体说明不满意的方面")
    assert (detail.show_if, detail.show_if_options) == ("overall", ("dissatisfied",))
    improve = structure.by_code["improve_area"]
    assert improve.kind == "single" and improve.other_option
    assert structure.by_code["improvements"].max_choices == 3
    district = structure.by_code["district"]
    assert len(district.options) == 10
    assert district.options[0].label == "市南区"
    assert district.option_codes[0] == "370202"
    years = structure.by_code["years"]
    assert (years.kind, years.required) == ("number", False)
    assert (years.min_value, years.max_value) == (0, 100)
    assert structure.by_code["age"].kind == "single"


def test_it_loads_the_representatives_questionnaire(campaign: Any) -> None:
    mine = load_2024(campaign)["representative"]
    assert mine.title == "市民代表社情民意调查问卷"
    assert mine.allow_anonymous is False
    structure = questionnaire_structure(questionnaire=mine)
    assert [row.label for row in structure.by_code["areas"].rows] == AREAS
    assert "district" not in structure.by_code
    assert structure.by_code["overall_detail"].show_if == "overall"


def test_it_loads_a_known_family_as_its_next_version(campaign: Any) -> None:
    load_2024(campaign)
    again = builder.questionnaire_load(
        campaign=campaign, data=data_2024()["questionnaires"][0], actor="测试"
    )
    assert (again.version, again.status) == (2, "draft")


def test_it_reports_every_problem_with_its_place_and_stores_nothing(
    campaign: Any,
) -> None:
    data = copy.deepcopy(data_2024()["questionnaires"][0])
    questions = data["sections"][0]["questions"]
    questions[0]["rows"] = []
    questions[2]["show_if"] = {"question": "district", "options": ["370202"]}
    data["sections"][2]["questions"][0]["options"] = [{"code": "a", "label": "甲"}]
    with pytest.raises(ValidationError) as caught:
        builder.questionnaire_load(campaign=campaign, data=data, actor="测试")
    messages = caught.value.messages
    assert "第 1 题（areas）：矩阵题至少要有 1 行" in messages
    assert any(m.startswith("第 3 题（overall_detail）：显示条件题") for m in messages)
    assert "第 7 题（district）：选择题、评分题和矩阵题至少要有 2 个选项" in messages
    assert not Questionnaire.objects.exists()


def test_it_refuses_data_without_its_keys(campaign: Any) -> None:
    with pytest.raises(ValidationError, match="问卷数据格式有误"):
        builder.questionnaire_load(campaign=campaign, data={"code": "x"}, actor="测试")


def test_it_seeds_the_demo_once(campaign: Any) -> None:
    from sanmin.surveys.demo import DEMO_ANSWERS
    from sanmin.surveys.selectors.results import results_compute, results_recount

    opened = surveys_demo_seed(campaign=campaign)
    assert sorted(q.audience for q in opened) == ["public", "representative"]
    assert all(q.status == "open" and q.is_frozen for q in opened)
    public = next(q for q in opened if q.audience == "public")
    assert public.responses.count() == DEMO_ANSWERS
    assert results_compute(questionnaire=public) == results_recount(
        questionnaire=public
    )
    assert surveys_demo_seed(campaign=campaign) == []
    assert Questionnaire.objects.count() == 2
