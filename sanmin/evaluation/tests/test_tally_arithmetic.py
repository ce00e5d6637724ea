"""The tally's arithmetic: by hand, on the pure function and through real ballots."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from sanmin.evaluation import tally
from sanmin.evaluation.models import RoutineScore, TallyRule
from sanmin.evaluation.services.results import result_compute
from sanmin.evaluation.tests.tally_helpers import all_closed, cast_three, department

D = Decimal
DEFAULT_SCALE = [
    ("satisfied", "满意", D("100"), True),
    ("fairly-satisfied", "比较满意", D("80"), True),
    ("basically-satisfied", "基本满意", D("60"), True),
    ("dissatisfied", "不满意", D("0"), True),
    ("unknown", "不了解", D("0"), False),
]


def _rule(**kwargs: Any) -> tally.Rule:
    return tally.Rule.build(choices=DEFAULT_SCALE, **kwargs)


def _one(counts: dict[str, int], rule: tally.Rule | None = None, **kw: Any) -> Any:
    department = tally.Department(
        participant_id=1, name="甲", group="一组", order=1, counts=counts, **kw
    )
    return tally.tally(rule=rule or _rule(), departments=[department])[0]


def test_it_scores_valid_votes_and_leaves_out_unknown() -> None:
    figures = _one({"satisfied": 1, "fairly-satisfied": 1, "unknown": 5})
    assert figures.total == 7
    assert figures.valid == 2
    assert figures.score == D("90.00")
    assert figures.satisfaction_rate == D("100.00")
    assert figures.counts == {
        "satisfied": 1,
        "fairly-satisfied": 1,
        "basically-satisfied": 0,
        "dissatisfied": 0,
        "unknown": 5,
    }


def test_it_rounds_half_up_to_two_places() -> None:
    # 160 / 3 = 53.333…, 2 / 3 = 66.666…
    figures = _one({"satisfied": 1, "basically-satisfied": 1, "dissatisfied": 1})
    assert figures.score == D("53.33")
    assert figures.satisfaction_rate == D("66.67")
    # 1 / 32 = 3.125 %: half up gives 3.13 (banker's rounding would give 3.12)
    figures = _one({"satisfied": 1, "dissatisfied": 31})
    assert figures.satisfaction_rate == D("3.13")
    # (80.01 + 80.00) / 2 = 80.005 → 80.01
    odd = tally.Rule.build(
        choices=[("a", "甲", D("80.01"), True), ("b", "乙", D("80.00"), True)]
    )
    assert _one({"a": 1, "b": 1}, odd).score == D("80.01")


def test_a_department_without_valid_votes_has_no_score_rank_or_grade() -> None:
    rule = _rule(grades=[{"grade": "一般", "min": "0"}])
    figures = _one({"unknown": 3}, rule)
    assert (figures.valid, figures.score, figures.satisfaction_rate) == (0, None, None)
    assert figures.rank is None
    assert figures.grade == ""


def test_satisfied_choices_default_to_the_three_satisfied_levels() -> None:
    rule = _rule()
    assert [c.code for c in rule.choices if c.satisfied] == [
        "satisfied",
        "fairly-satisfied",
        "basically-satisfied",
    ]


def test_satisfied_choices_are_configurable() -> None:
    strict = _rule(satisfied_codes=["satisfied", "fairly-satisfied"])
    figures = _one({"satisfied": 1, "basically-satisfied": 1}, strict)
    assert figures.satisfaction_rate == D("50.00")
    with pytest.raises(tally.RuleError, match="不计入有效票的选项不能计为满意"):
        _rule(satisfied_codes=["unknown"])
    with pytest.raises(tally.RuleError, match="不存在"):
        _rule(satisfied_codes=["nope"])


def test_ranks_are_within_groups_and_ties_share_a_rank() -> None:
    def dept(pk: int, group: str, counts: dict[str, int]) -> tally.Department:
        return tally.Department(
            participant_id=pk, name=f"部门{pk}", group=group, order=pk, counts=counts
        )

    figures = tally.tally(
        rule=_rule(),
        departments=[
            dept(1, "一组", {"fairly-satisfied": 1}),  # 80
            dept(2, "一组", {"satisfied": 1}),  # 100
            dept(3, "一组", {"satisfied": 1}),  # 100
            dept(4, "一组", {"basically-satisfied": 1}),  # 60
            dept(5, "一组", {"unknown": 1}),  # no score
            dept(6, "二组", {"basically-satisfied": 1}),  # 60, alone in its group
        ],
    )
    ranks = [(f.participant_id, f.rank) for f in figures]
    assert ranks == [(2, 1), (3, 1), (1, 3), (4, 4), (5, None), (6, 1)]


def test_ties_are_judged_on_the_published_two_place_score() -> None:
    # 200/3 = 66.666… and 66.67 exactly (6667/100) both publish as 66.67.
    rule = tally.Rule.build(
        choices=[
            ("a", "甲", D("100"), True),
            ("b", "乙", D("0"), True),
            ("c", "丙", D("66.67"), True),
        ]
    )
    figures = tally.tally(
        rule=rule,
        departments=[
            tally.Department(1, "甲", "一组", 1, {"a": 2, "b": 1}),
            tally.Department(2, "乙", "一组", 2, {"c": 1}),
        ],
    )
    assert [(f.score, f.rank) for f in figures] == [(D("66.67"), 1), (D("66.67"), 1)]


def test_grades_follow_the_cut_offs_highest_first() -> None:
    rule = _rule(
        grades=[
            {"grade": "好", "min": "90"},
            {"grade": "较好", "min": "70"},
            {"grade": "一般", "min": "60"},
        ]
    )
    assert _one({"satisfied": 1, "fairly-satisfied": 1}, rule).grade == "好"  # 90
    assert _one({"fairly-satisfied": 1}, rule).grade == "较好"  # 80
    assert _one({"basically-satisfied": 1}, rule).grade == "一般"  # 60
    assert _one({"dissatisfied": 1}, rule).grade == ""  # 0, below every cut-off


def test_grades_must_be_listed_highest_first() -> None:
    with pytest.raises(tally.RuleError, match="从高到低"):
        _rule(grades=[{"grade": "一般", "min": "60"}, {"grade": "好", "min": "90"}])
    with pytest.raises(tally.RuleError, match="有效的数字"):
        _rule(grades=[{"grade": "好", "min": "很高"}])


def test_the_composite_weighs_the_rounded_score_with_the_routine_score() -> None:
    rule = _rule(evaluation_weight=D("0.8"))
    # 0.8 × 53.33 + 0.2 × 80 = 58.664 → 58.66
    figures = _one(
        {"satisfied": 1, "basically-satisfied": 1, "dissatisfied": 1},
        rule,
        routine_score=D("80"),
    )
    assert figures.composite == D("58.66")
    assert _one({"satisfied": 1}, rule).composite is None  # no routine score
    assert _one({"satisfied": 1}, routine_score=D("80")).composite is None  # no weight


def test_a_count_for_a_choice_outside_the_rule_is_an_error() -> None:
    with pytest.raises(tally.RuleError, match="规则之外"):
        _one({"excellent": 1})


@pytest.mark.django_db
def test_compute_gives_the_hand_computed_figures_from_real_ballots(
    campaign: Any,
    public_session: Any,
    during: dt.datetime,
    statistics_user: Any,
) -> None:
    TallyRule.objects.create(
        campaign=campaign,
        grades=[
            {"grade": "好", "min": "90"},
            {"grade": "较好", "min": "70"},
            {"grade": "一般", "min": "0"},
        ],
        evaluation_weight=D("0.800"),
    )
    fazhan = campaign.participants.get(department__name="市发展改革委")
    RoutineScore.objects.create(participant=fazhan, score=D("95"))
    cast_three(campaign, public_session, during)

    result = result_compute(
        campaign=campaign,
        roster="public",
        actor=statistics_user,
        now=all_closed(campaign),
    )
    snapshot = result.snapshot

    a = department(snapshot, "市发展改革委")
    assert (a["valid"], a["score"], a["satisfaction_rate"]) == (2, "90.00", "100.00")
    assert a["counts"]["unknown"] == 1
    assert (a["rank"], a["grade"], a["composite"]) == (5, "好", "91.00")
    b = department(snapshot, "市科技局")
    assert (b["valid"], b["score"], b["satisfaction_rate"]) == (3, "53.33", "66.67")
    assert (b["rank"], b["grade"]) == (7, "一般")
    c = department(snapshot, "市工业和信息化局")
    assert (c["score"], c["rank"], c["grade"]) == ("73.33", 6, "较好")
    d = department(snapshot, "市交通运输局")
    assert (d["valid"], d["score"], d["rank"]) == (0, None, None)
    for name in ("市农业农村局", "市海洋发展局", "市商务局", "市文化和旅游局"):
        assert (
            department(snapshot, name)["score"],
            department(snapshot, name)["rank"],
        ) == ("100.00", 1)
    # Every department of the campaign's public roster is in the snapshot.
    assert len(snapshot["departments"]) == 36
    first = snapshot["sessions"][0]
    assert (first["participations"], first["ballots"]) == (3, 3)
    assert snapshot["receipts"]["count"] == 3
    # The first group's table is ordered by rank, the unscored department last.
    table = snapshot["groups"][0]["departments"]
    assert table[-1] == campaign.participants.get(department__name="市交通运输局").pk
