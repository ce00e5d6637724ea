"""`sanmin bench surveys` on a tiny count: the fast load writes what
`response_submit` writes (tallies checked with `results_recount`), the prepared
answers pass the fill form, the load driver answers through the real pages, and
every figure is reported (the keys, not the speed: this machine's timings are not
a test)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from django.http import QueryDict
from django.test import RequestFactory

from sanmin.accounts.tests.fixtures import make_citizen
from sanmin.bench import surveys
from sanmin.bench.surveys_driver import SurveyConfig, SurveyDriver
from sanmin.bench.views import bare_survey
from sanmin.surveys.forms.answer import answers_from_post
from sanmin.surveys.models import Respondent, Response, Tally, TextAnswer
from sanmin.surveys.selectors.results import results_compute, results_recount
from sanmin.surveys.selectors.structure import questionnaire_structure
from sanmin.surveys.services.answer import answers_validate, response_submit
from sanmin.surveys.services.builder import questionnaire_new_version
from sanmin.surveys.synthetic import questions_of, responses_load, synthetic_answers
from sanmin.surveys.tests.survey_helpers import load_2024, make_questionnaire

KEYS = {
    "database",
    "count",
    "clients",
    "loadavg_1m_before",
    "questionnaire",
    "load_ms",
    "analyze_ms",
    "responses",
    "text_answers",
    "tally_rows",
    "tally_increments",
    "aggregate_ms",
    "aggregate_cold_ms",
    "crosstab_district_ms",
    "crosstab_district_cold_ms",
    "crosstab_category_ms",
    "crosstab_category_cold_ms",
    "text_search_ms",
    "text_search_cold_ms",
    "export_probe",
    "export_csv_mb",
    "export_csv_ms",
    "export_csv_file_mb",
    "export_xlsx_mb",
    "export_xlsx_ms",
    "export_xlsx_file_mb",
}


def _texts_expected(structure: Any) -> int:
    return sum(
        1
        for answers in Response.objects.values_list("answers", flat=True)
        for question in structure.questions
        for key in (question.code, question.other_key)
        if (question.is_text or key == question.other_key) and answers.get(key)
    )


@pytest.mark.django_db
def test_it_loads_responses_whose_tallies_equal_a_recount(campaign: Any) -> None:
    public = load_2024(campaign)["public"]
    structure = questionnaire_structure(questionnaire=public)

    loaded = responses_load(
        questionnaire=public, structure=structure, count=400, seed=3, chunk=150
    )
    # Real submissions on top of the loaded ones count into the same tallies.
    for serial in range(3):
        response_submit(
            questionnaire=public,
            user=make_citizen(serial=serial),
            data=synthetic_answers(structure, questions_of(structure), _rng(serial)),
        )

    assert loaded.responses == 400
    assert Response.objects.filter(questionnaire=public).count() == 403
    assert Respondent.objects.filter(code=public.code).count() == 403
    assert TextAnswer.objects.count() == _texts_expected(structure) > 0
    for by in (None, "district"):
        live = results_compute(questionnaire=public, by=by)  # type: ignore[arg-type]
        assert live == results_recount(questionnaire=public, by=by)  # type: ignore[arg-type]
    districts = results_compute(questionnaire=public, by="district")["groups"]
    assert sum(group["responses"] for group in districts) == 403
    assert len([g for g in districts if g["responses"]]) > 5
    assert Tally.objects.filter(questionnaire=public).count() == len(
        {
            (t.question_id_key, t.row_id_key, t.option_id_key, t.district_id_key)
            for t in Tally.objects.filter(questionnaire=public)
        }
    )  # one row per key


def _rng(seed: int) -> Any:
    import random

    return random.Random(seed)


@pytest.mark.django_db
def test_it_draws_answers_that_the_fill_form_and_the_validation_accept(
    campaign: Any,
) -> None:
    questionnaire = make_questionnaire(campaign)
    structure = questionnaire_structure(questionnaire=questionnaire)
    questions = questions_of(structure)
    rng = _rng(5)
    kinds_seen: set[str] = set()
    others = hidden = 0
    for _ in range(300):
        answers = synthetic_answers(structure, questions, rng)
        fields = surveys.answer_fields(structure=structure, answers=answers)
        post = QueryDict(mutable=True)
        for name, value in fields:
            post.appendlist(name, value)
        posted = answers_from_post(structure, post)

        assert posted == answers
        assert answers_validate(structure=structure, data=posted) == answers
        kinds_seen |= {q.kind for q in structure.questions if q.code in answers}
        others += "topic__other" in answers
        hidden += "why" not in answers
    assert kinds_seen == {q.kind for q in structure.questions}
    assert others > 0 and hidden > 0


@pytest.mark.django_db
def test_it_reports_every_in_process_figure_on_a_tiny_count(campaign: Any) -> None:
    lines: list[str] = []

    figures, manifest = surveys.bench_surveys(
        count=120,
        clients=2,
        per_client=2,
        rounds=1,
        export_probe="tracemalloc",
        formats=("csv", "xlsx"),
        write=lines.append,
    )

    assert set(figures) == KEYS
    assert figures["responses"] == 120
    assert figures["tally_rows"] > 0 and figures["text_answers"] > 0
    assert figures["export_csv_file_mb"] >= 0 and figures["export_xlsx_ms"] > 0
    assert len(manifest["cookies"]) == len(manifest["answers"]) == 4
    assert manifest["bare_questionnaire_id"] != manifest["questionnaire_id"]
    assert any(line.startswith("aggregate") for line in lines)
    json.dumps(figures)  # one JSON object, as the last line prints it


@pytest.mark.django_db(transaction=True)
def test_it_answers_through_the_fill_page_with_concurrent_clients(
    campaign: Any, live_server: Any
) -> None:
    public = load_2024(campaign)["public"]
    manifest = surveys.submit_prepare(questionnaire=public, citizens=6)
    config = SurveyConfig(
        base_url=live_server.url,
        mode="answer",
        ballot_path=manifest["fill_path"],
        users=list(range(6)),
        cookies=manifest["cookies"],
        answers=manifest["answers"],
        session_cookie=manifest["session_cookie"],
        clients=3,
        warmup=1,
        timeout_s=30,
        deadline_s=60,
    )

    result = asyncio.run(SurveyDriver(config).run())

    assert result["errors"] == 0, result["error_examples"]
    assert result["acknowledged"] == 6
    figures = surveys._load_figures("submit", {**result, "loadavg_1m_before": 0.0})
    assert figures["submit_p99_ms"] > 0 and figures["submit_page_p99_ms"] > 0
    assert figures["submit_page_errors"] == 0
    checked = surveys.stored_check(questionnaire_id=public.pk, expected=6)
    assert checked["stored_ok"] and checked["tallies_match_recount"], checked
    assert checked["recount_ms"] > 0


@pytest.mark.django_db
def test_it_stores_the_bare_rows_apart_from_the_counted_answers(campaign: Any) -> None:
    public = load_2024(campaign)["public"]
    copy = questionnaire_new_version(questionnaire=public, actor="测试")
    request = RequestFactory().post(f"/bench/bare-survey/{copy.pk}/")

    answer = bare_survey(request, questionnaire_id=copy.pk)

    assert answer.status_code == 200
    stored = Response.objects.get(pk=json.loads(answer.content)["receipt"])
    assert stored.questionnaire_id == copy.pk
    assert not Tally.objects.exists()
    assert Respondent.objects.get().identity_hash.startswith("bench-bare-")
    checked = surveys.stored_check(questionnaire_id=public.pk, expected=0)
    assert checked["stored_ok"]


def test_it_names_the_missed_targets() -> None:
    good = {
        "aggregate_ms": 300.0,
        "crosstab_district_ms": 400.0,
        "export_csv_mb": 90.0,
        "export_xlsx_mb": 120.0,
        "submit_to_bare_ratio": 0.6,
        "submit_errors": 0,
        "bare_errors": 0,
        "stored_ok": True,
        "tallies_match_recount": True,
    }
    assert surveys.targets_failed(good) == []
    bad = {
        **good,
        "aggregate_ms": 2000.0,
        "export_xlsx_mb": 250.0,
        "submit_to_bare_ratio": 0.4,
        "tallies_match_recount": False,
    }
    assert surveys.targets_failed(bad) == [
        "aggregate",
        "export_xlsx_memory",
        "submit_to_bare_ratio",
        "stored",
    ]


def test_two_halves_of_a_load_count_as_one() -> None:
    def half(acknowledged: int, elapsed: float, p99: float) -> dict[str, Any]:
        return {
            "arrivals": acknowledged,
            "acknowledged": acknowledged,
            "errors": 0,
            "retries": 1,
            "elapsed_s": elapsed,
            "server_cpu_s": 1.5,
            "db_cpu_s": 0.5,
            "driver_cpu_s": 0.25,
            "by_kind": {"cast": {"p50_ms": p99 / 2, "p99_ms": p99}},
            "error_examples": [],
            "loadavg_1m_before": 1.0,
        }

    whole = surveys._combined([half(1000, 4.0, 900.0), half(1000, 6.0, 1200.0)])

    assert whole["acknowledged"] == 2000 and whole["retries"] == 2
    assert whole["throughput_per_s"] == 200.0  # 2,000 over 10 s, not the mean rate
    assert whole["by_kind"]["cast"]["p99_ms"] == 1200.0  # the worse half
    assert whole["server_cpu_s"] == 3.0
