"""The structure loads in four queries (five with the district question) and is
cached once frozen."""

from __future__ import annotations

from typing import Any

from sanmin.surveys.selectors.structure import questionnaire_structure
from sanmin.surveys.services import builder
from sanmin.surveys.tests.survey_helpers import load_2024, make_questionnaire


def test_it_loads_in_four_queries(
    campaign: Any, django_assert_num_queries: Any
) -> None:
    questionnaire = make_questionnaire(campaign, open=False)
    with django_assert_num_queries(4):
        structure = questionnaire_structure(questionnaire=questionnaire)
    assert structure.district_ids == {}


def test_it_resolves_the_district_options_once(
    campaign: Any, django_assert_num_queries: Any
) -> None:
    from sanmin.campaigns.models import District

    questionnaire = load_2024(campaign, open=False)["public"]
    with django_assert_num_queries(5):
        structure = questionnaire_structure(questionnaire=questionnaire)
    assert len(structure.questions) == 9
    assert [q.position for q in structure.questions] == list(range(1, 10))
    districts = structure.question("district")
    assert districts is not None
    assert len(structure.district_ids) == len(districts.options) == 10
    shinan = District.objects.get(code="370202")
    assert structure.district_of({"district": "370202"}) == shinan.pk
    assert structure.district_of({"district": "nowhere"}) is None
    assert structure.district_of({}) is None


def test_it_caches_a_frozen_questionnaire(
    campaign: Any, django_assert_num_queries: Any
) -> None:
    questionnaire = make_questionnaire(campaign)
    first = questionnaire_structure(questionnaire=questionnaire)
    with django_assert_num_queries(0):
        again = questionnaire_structure(questionnaire=questionnaire)
    assert again is first and again.frozen


def test_it_reads_a_draft_afresh(campaign: Any) -> None:
    questionnaire = make_questionnaire(campaign, open=False)
    before = questionnaire_structure(questionnaire=questionnaire)
    builder.question_update(
        question=questionnaire.questions.get(code="comment"), prompt="还有什么意见"
    )
    after = questionnaire_structure(questionnaire=questionnaire)
    assert before.by_code["comment"].prompt == "其他意见"
    assert after.by_code["comment"].prompt == "还有什么意见"
    assert not after.frozen
