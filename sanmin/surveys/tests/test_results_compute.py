"""Aggregation from the tallies equals the hand-computed fixture
(tests/results_helpers.py) and the recount from the stored responses."""

from __future__ import annotations

from typing import Any

import pytest

from sanmin.surveys.selectors.results import results_compute, results_recount
from sanmin.surveys.tests.results_helpers import (
    answered_fixture,
    counts,
    group,
    question,
)


@pytest.fixture
def fixture(campaign: Any) -> Any:
    return answered_fixture(campaign)


def test_it_counts_every_choice_with_percent_of_those_who_answered(
    fixture: Any,
) -> None:
    figures = results_compute(questionnaire=fixture.questionnaire)
    assert figures["responses"] == 4
    topic = question(figures, "topic")
    assert topic["answered"] == 4
    assert counts(topic) == {
        "traffic": (2, "50.0"),
        "schools": (1, "25.0"),
        "parks": (0, "0.0"),
        "other": (1, "25.0"),
    }
    wishes = question(figures, "wishes")
    assert counts(wishes) == {
        "a": (1, "25.0"),
        "b": (3, "75.0"),
        "c": (1, "25.0"),
        "d": (1, "25.0"),
    }
    assert question(figures, "why")["answered"] == 1
    assert question(figures, "name_of_street")["answered"] == 1
    assert question(figures, "comment")["answered"] == 1


def test_it_counts_every_matrix_row(fixture: Any) -> None:
    areas = question(results_compute(questionnaire=fixture.questionnaire), "areas")
    housing, security = areas["rows"]
    assert (housing["label"], housing["answered"]) == ("居住环境", 4)
    assert counts(housing) == {
        "satisfied": (1, "25.0"),
        "fairly-satisfied": (1, "25.0"),
        "basically-satisfied": (0, "0.0"),
        "dissatisfied": (1, "25.0"),
        "unknown": (1, "25.0"),
    }
    assert counts(security)["basically-satisfied"] == (1, "25.0")


def test_it_gives_satisfaction_rates_over_counted_answers(fixture: Any) -> None:
    figures = results_compute(questionnaire=fixture.questionnaire)
    rates = {
        a["code"]: (a["satisfied"], a["counted"], a["rate"]) for a in figures["areas"]
    }
    # 不了解 is left out of the denominator.
    assert rates == {
        "housing": (2, 3, "66.7"),
        "security": (2, 3, "66.7"),
        "overall": (3, 4, "75.0"),
    }


def test_it_gives_count_mean_min_max_of_numbers(fixture: Any) -> None:
    years = question(results_compute(questionnaire=fixture.questionnaire), "years")
    assert years["stats"] == {"count": 3, "mean": "5.17", "min": "0", "max": "10"}


def test_it_cross_tabulates_by_district(fixture: Any) -> None:
    figures = results_compute(questionnaire=fixture.questionnaire, by="district")
    first, second = (group(figures, d.name) for d in fixture.districts)
    assert (first["responses"], second["responses"]) == (2, 2)
    first_rates = {a["code"]: a["rate"] for a in first["areas"]}
    second_rates = {a["code"]: a["rate"] for a in second["areas"]}
    assert first_rates == {"housing": "100.0", "security": "0.0", "overall": "50.0"}
    assert second_rates == {"housing": "0.0", "security": "100.0", "overall": "100.0"}
    assert question(first, "years")["stats"] == {
        "count": 2,
        "mean": "7.75",
        "min": "5.5",
        "max": "10",
    }
    # Every district is listed; those without answers have no rate.
    assert len(figures["groups"]) >= 10
    empty = figures["groups"][2]
    assert empty["responses"] == 0
    assert all(a["rate"] is None for a in empty["areas"])


def test_it_cross_tabulates_by_category(fixture: Any) -> None:
    figures = results_compute(questionnaire=fixture.questionnaire, by="category")
    labels = [g["label"] for g in figures["groups"]]
    assert labels == [c.name for c in fixture.categories] + ["未注明"]
    first = group(figures, fixture.categories[0].name)
    assert first["responses"] == 2
    assert counts(question(first, "topic")) == {
        "traffic": (1, "50.0"),
        "schools": (1, "50.0"),
        "parks": (0, "0.0"),
        "other": (0, "0.0"),
    }
    assert group(figures, "未注明")["responses"] == 1


@pytest.mark.parametrize("by", [None, "district", "category"])
def test_it_recounts_the_same_figures_from_the_responses(fixture: Any, by: Any) -> None:
    live = results_compute(questionnaire=fixture.questionnaire, by=by)
    assert results_recount(questionnaire=fixture.questionnaire, by=by) == live


def test_it_gives_empty_figures_without_responses(campaign: Any) -> None:
    from sanmin.surveys.tests.survey_helpers import make_questionnaire

    questionnaire = make_questionnaire(campaign)
    figures = results_compute(questionnaire=questionnaire)
    assert figures["responses"] == 0
    assert question(figures, "topic")["options"][0]["percent"] is None
    assert results_recount(questionnaire=questionnaire) == figures


def test_it_refuses_an_unknown_cross_tab(fixture: Any) -> None:
    with pytest.raises(ValueError):
        results_compute(questionnaire=fixture.questionnaire, by="age")  # type: ignore[arg-type]


def test_it_aggregates_numbers_with_many_decimals_exactly(campaign: Any) -> None:
    from sanmin.accounts.tests.fixtures import make_citizen
    from sanmin.surveys.services.answer import response_submit
    from sanmin.surveys.tests.survey_helpers import make_questionnaire

    questionnaire = make_questionnaire(campaign)
    base = {
        "areas": {"housing": "satisfied", "security": "satisfied"},
        "overall": "satisfied",
        "topic": "parks",
        "wishes": ["a"],
    }
    for serial, years in enumerate(("33.333", "1.25", "99.999"), start=200):
        response_submit(
            questionnaire=questionnaire,
            user=make_citizen(serial=serial),
            data={**base, "years": years},
        )
    figures = results_compute(questionnaire=questionnaire)
    assert question(figures, "years")["stats"] == {
        "count": 3,
        "mean": "44.86",  # 134.582 / 3 = 44.8607
        "min": "1.25",
        "max": "99.999",
    }
    assert results_recount(questionnaire=questionnaire) == figures
