"""The builder's pages, through HTTP as the statistics role."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from sanmin.surveys.models import Question, Questionnaire
from sanmin.surveys.tests.survey_helpers import make_questionnaire


def url(name: str, *args: Any) -> str:
    return reverse(f"surveys:{name}", args=args)


def text(response: Any) -> str:
    return response.content.decode()


def test_it_lists_families_with_versions_and_counts(
    campaign: Any, client_as: Any
) -> None:
    client = client_as("statistics")
    client.post(url("questionnaire-load"))
    first = Questionnaire.objects.get(code="public-survey")
    client.post(url("questionnaire-open", first.pk))
    client.post(url("questionnaire-new-version", first.pk))
    page = client.get(url("builder"))
    assert page.status_code == 200
    body = text(page)
    assert "2024年青岛市社情民意调查" in body and "市民代表社情民意调查问卷" in body
    assert body.count('data-questionnaire="') == 3
    assert "第 2 版" in body and "进行中" in body and "编辑中" in body


def test_it_builds_a_questionnaire_through_the_forms(
    campaign: Any, client_as: Any
) -> None:
    client = client_as("statistics")
    created = client.post(
        url("questionnaire-create"),
        {"code": "street", "title": "街道调查", "audience": "public", "intro": ""},
    )
    questionnaire = Questionnaire.objects.get(code="street")
    assert created.url == url("questionnaire", questionnaire.pk)
    client.post(url("section-add", questionnaire.pk), {"title": "满意度"})
    section = questionnaire.sections.get()
    added = client.post(
        url("question-add", questionnaire.pk),
        {
            "section": section.pk,
            "code": "overall",
            "kind": "rating",
            "prompt": "总体满意度",
            "required": "on",
            "use_scale": "on",
            "max_length": "500",
        },
    )
    assert added.status_code == 302
    client.post(
        url("question-add", questionnaire.pk),
        {
            "section": section.pk,
            "code": "fix",
            "kind": "multiple",
            "prompt": "需要改进的方面",
            "options": "road | 道路\n公园\nschool | 学校",
            "max_choices": "2",
            "other_option": "on",
            "condition": ["overall:dissatisfied", "overall:basically-satisfied"],
            "max_length": "500",
        },
    )
    fix = Question.objects.get(questionnaire=questionnaire, code="fix")
    assert list(fix.options.values_list("code", "label")) == [
        ("road", "道路"),
        ("o2", "公园"),
        ("school", "学校"),
    ]
    assert (fix.max_choices, fix.other_option, fix.required) == (2, True, False)
    assert fix.show_if is not None and fix.show_if.code == "overall"
    assert fix.show_if_options == ["dissatisfied", "basically-satisfied"]
    page = client.get(url("questionnaire", questionnaire.pk) + f"?edit={fix.pk}")
    assert "修改第 2 题" in text(page)
    updated = client.post(
        url("question-update", fix.pk),
        {
            "section": section.pk,
            "code": "fix",
            "kind": "single",
            "prompt": "最需要改进的方面",
            "options": "road | 道路\nschool | 学校",
            "max_length": "500",
        },
    )
    assert updated.status_code == 302
    fix.refresh_from_db()
    assert (fix.kind, fix.show_if, fix.max_choices) == ("single", None, None)
    opened = client.post(url("questionnaire-open", questionnaire.pk), follow=True)
    assert "问卷已开放填写，内容已冻结。" in text(opened)


def test_it_shows_a_refused_question_and_stores_nothing(
    campaign: Any, client_as: Any
) -> None:
    questionnaire = make_questionnaire(campaign, open=False)
    section = questionnaire.sections.order_by("order")[0]
    page = client_as("statistics").post(
        url("question-add", questionnaire.pk),
        {
            "section": section.pk,
            "code": "lonely",
            "kind": "single",
            "prompt": "只有一个选项",
            "options": "仅此一项",
            "max_length": "500",
        },
    )
    assert page.status_code == 400
    assert "选择题、评分题和矩阵题至少要有 2 个选项" in text(page)
    assert not questionnaire.questions.filter(code="lonely").exists()


def test_it_shows_a_frozen_questionnaire_read_only(
    campaign: Any, client_as: Any
) -> None:
    questionnaire = make_questionnaire(campaign)
    client = client_as("statistics")
    body = text(client.get(url("questionnaire", questionnaire.pk)))
    assert "建立新版本" in body and "结束填写" in body
    assert "添加题目" not in body and "/remove/" not in body
    comment = questionnaire.questions.get(code="comment")
    refused = client.post(url("question-remove", comment.pk), follow=True)
    assert "问卷已开放，不能修改；请建立新版本" in text(refused)
    assert questionnaire.questions.filter(code="comment").exists()
    copied = client.post(url("questionnaire-new-version", questionnaire.pk))
    copy = Questionnaire.objects.get(code=questionnaire.code, version=2)
    assert copied.url == url("questionnaire", copy.pk)
    assert "添加题目" in text(client.get(copied.url))


def test_it_previews_as_respondents_see_it(campaign: Any, client_as: Any) -> None:
    """The preview is the fill page's own form (fields, conditions, fill.js), with
    no action and nothing to post to."""
    questionnaire = make_questionnaire(campaign, open=False)
    response = client_as("statistics").get(url("preview", questionnaire.pk))
    body = text(response)
    main = body.split("<main")[1]
    assert "不能提交" in body
    assert "data-preview" in main and "action=" not in main.split("data-preview")[0]
    assert "csrfmiddlewaretoken" not in main
    assert "surveys/fill.js" in body and 'id="survey-structure"' in body
    assert "各领域满意度" in main and "<legend>居住环境</legend>" in main
    assert 'type="checkbox" name="q-wishes" value="a"' in main
    assert 'name="q-topic__other"' in main
    assert 'inputmode="decimal" name="q-years"' in main
    assert 'maxlength="300"' in main
    assert "data-conditional" in main and "请回答本题" in main
