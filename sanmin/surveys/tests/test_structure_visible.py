"""The structure's display rule, shared by the server and the page's script."""

from __future__ import annotations

import json
from typing import Any

from sanmin.surveys.selectors.structure import questionnaire_structure
from sanmin.surveys.services import builder
from sanmin.surveys.tests.survey_helpers import SMALL_CODES, make_questionnaire

ALWAYS = set(SMALL_CODES) - {"why"}


def test_it_hides_a_conditional_question_until_its_option_is_picked(
    campaign: Any,
) -> None:
    structure = questionnaire_structure(questionnaire=make_questionnaire(campaign))
    assert structure.visible({}) == ALWAYS
    assert structure.visible({"overall": "satisfied"}) == ALWAYS
    assert structure.visible({"overall": "dissatisfied"}) == set(SMALL_CODES)
    assert structure.visible({"overall": ["dissatisfied"]}) == set(SMALL_CODES)
    assert structure.visible({"overall": 3}) == ALWAYS
    why = structure.by_code["why"]
    assert why.condition_text == "第 2 题选“不满意”时显示"


def test_it_follows_a_chain_of_conditions_in_order(campaign: Any) -> None:
    q = builder.questionnaire_create(
        campaign=campaign, code="chain", title="链", audience="public", actor="测试"
    )
    section = builder.section_add(questionnaire=q, title="一")
    two = [("y", "是"), ("n", "否")]
    builder.question_add(
        questionnaire=q,
        section=section,
        code="a",
        kind="multiple",
        prompt="A",
        options=[*two, ("m", "也许")],
    )
    builder.question_add(
        questionnaire=q,
        section=section,
        code="b",
        kind="single",
        prompt="B",
        options=two,
        show_if="a",
        show_if_options=["y", "m"],
    )
    builder.question_add(
        questionnaire=q,
        section=section,
        code="c",
        kind="short_text",
        prompt="C",
        show_if="b",
        show_if_options=["n"],
    )
    structure = questionnaire_structure(questionnaire=q)
    assert structure.visible({"a": ["m"], "b": "n"}) == {"a", "b", "c"}
    assert structure.visible({"a": ["n"], "b": "n"}) == {"a"}
    assert structure.visible({"a": ["y"], "b": "y"}) == {"a", "b"}


def test_it_gives_the_page_the_same_definition(campaign: Any) -> None:
    structure = questionnaire_structure(questionnaire=make_questionnaire(campaign))
    data = json.loads(json.dumps(structure.as_json()))
    questions = [q for s in data["sections"] for q in s["questions"]]
    assert [q["code"] for q in questions] == list(SMALL_CODES)
    why = next(q for q in questions if q["code"] == "why")
    assert (why["show_if"], why["show_if_options"]) == ("overall", ["dissatisfied"])
    years = next(q for q in questions if q["code"] == "years")
    assert (years["min_value"], years["max_value"]) == ("0", "100")
    wishes = next(q for q in questions if q["code"] == "wishes")
    assert (wishes["min_choices"], wishes["max_choices"]) == (1, 2)
    assert [o["code"] for o in wishes["options"]] == ["a", "b", "c", "d"]
    areas = next(q for q in questions if q["code"] == "areas")
    assert [r["code"] for r in areas["rows"]] == ["housing", "security"]
