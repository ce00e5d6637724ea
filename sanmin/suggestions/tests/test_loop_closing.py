"""反馈 and 公开: the office records follow-ups (with a phone satisfaction if none
yet), the submitter rates online once, and the office publishes answered cases of
one campaign together; wrong roles and states are refused and nothing changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sanmin.campaigns.models import Campaign, TopicArea
from sanmin.suggestions.models import Satisfaction, Status
from sanmin.suggestions.services.loop import (
    follow_up_record,
    satisfaction_rate,
    suggestions_publish,
)
from sanmin.suggestions.tests.suggestion_helpers import (
    make_answered,
    make_assigned,
    make_published,
    refused,
)


def today():
    return timezone.localdate()


def test_it_records_a_follow_up_with_phone_satisfaction(
    campaign, citizen_user, office_user, department_user
):
    case, _ = make_answered(campaign, citizen_user, department_user.department)

    follow_up = follow_up_record(
        suggestion=case,
        actor=office_user,
        method="phone",
        held_on=today(),
        outcome="市民表示认可",
        level="basic",
    )

    assert case.status == Status.FOLLOWED_UP
    assert (follow_up.method, follow_up.outcome) == ("phone", "市民表示认可")
    assert (case.satisfaction.level, case.satisfaction.channel) == ("basic", "phone")
    step = case.steps.get(action="follow_up")
    assert step.public
    assert step.note == f"电话回访（{today():%Y-%m-%d}）"


def test_it_keeps_an_earlier_satisfaction(
    campaign, citizen_user, office_user, department_user
):
    case, _ = make_answered(campaign, citizen_user, department_user.department)
    satisfaction_rate(suggestion=case, user=citizen_user, level="satisfied")

    follow_up_record(
        suggestion=case,
        actor=office_user,
        method="visit",
        held_on=today(),
        outcome="走访了解",
        level="dissatisfied",
    )
    follow_up_record(
        suggestion=case,
        actor=office_user,
        method="meeting",
        held_on=today(),
        outcome="集中面复",
    )

    assert Satisfaction.objects.get(suggestion=case).level == "satisfied"
    assert case.follow_ups.count() == 2


def test_it_refuses_a_bad_follow_up(
    campaign, citizen_user, office_user, department_user
):
    case, _ = make_answered(campaign, citizen_user, department_user.department)
    ok = {"method": "phone", "held_on": today(), "outcome": "已回访"}
    bad = [
        ({"method": "sms"}, "回访方式"),
        ({"held_on": today() + dt.timedelta(days=1)}, "晚于今天"),
        ({"outcome": " "}, "回访情况"),
        ({"level": "great"}, "满意度"),
    ]
    for change, message in bad:
        with refused(case, match=message):
            follow_up_record(suggestion=case, actor=office_user, **{**ok, **change})
    with refused(case, match="市政府办公厅"):
        follow_up_record(suggestion=case, actor=department_user, **ok)


def test_it_refuses_a_follow_up_before_the_answer(
    campaign, citizen_user, office_user, department_user
):
    case, _ = make_assigned(campaign, citizen_user, department_user.department)

    with refused(case, match="只能回访已答复"):
        follow_up_record(
            suggestion=case,
            actor=office_user,
            method="phone",
            held_on=today(),
            outcome="已回访",
        )


def test_it_takes_the_submitter_rating_once(campaign, citizen_user, department_user):
    case, _ = make_answered(campaign, citizen_user, department_user.department)

    rating = satisfaction_rate(
        suggestion=case, user=citizen_user, level="satisfied", comment="办得好"
    )

    assert (rating.level, rating.channel, rating.comment) == (
        "satisfied",
        "online",
        "办得好",
    )
    with refused(case, match="已评价过"):
        satisfaction_rate(suggestion=case, user=citizen_user, level="basic")


def test_it_lets_the_submitter_rate_a_published_case(
    campaign, citizen_user, department_user
):
    case = make_published(campaign, citizen_user, department_user.department)

    satisfaction_rate(suggestion=case, user=citizen_user, level="basic")

    assert case.satisfaction.level == "basic"


def test_it_refuses_ratings_of_others_early_or_bad(
    campaign, citizen_user, representative_user, office_user, department_user
):
    assigned, _ = make_assigned(campaign, citizen_user, department_user.department)
    case, _ = make_answered(campaign, citizen_user, department_user.department)

    for user in (representative_user, office_user):
        with refused(case, match="建议人本人"):
            satisfaction_rate(suggestion=case, user=user, level="satisfied")
    with refused(assigned, match="答复后"):
        satisfaction_rate(suggestion=assigned, user=citizen_user, level="satisfied")
    with refused(case, match="满意度"):
        satisfaction_rate(suggestion=case, user=citizen_user, level="")
    with refused(case, match="不能超过 300"):
        satisfaction_rate(
            suggestion=case, user=citizen_user, level="basic", comment="意" * 301
        )


def test_it_publishes_similar_cases_together(
    campaign, citizen_user, office_user, department_user
):
    first, _ = make_answered(campaign, citizen_user, department_user.department)
    second, _ = make_answered(campaign, citizen_user, department_user.department)
    follow_up_record(
        suggestion=second,
        actor=office_user,
        method="phone",
        held_on=today(),
        outcome="已回访",
    )

    publication = suggestions_publish(
        suggestions=[first, second],
        actor=office_user,
        title="关于停车难的答复",
        answer="市有关部门将增设停车位。",
    )

    for case in (first, second):
        assert case.status == Status.PUBLISHED
        assert case.publication == publication
        assert case.published_at == publication.published_at
        assert case.steps.get(action="publish").public
    assert publication.campaign == campaign


def test_it_refuses_to_publish_unanswered_or_badly(
    campaign, citizen_user, office_user, department_user
):
    answered, _ = make_answered(campaign, citizen_user, department_user.department)
    assigned, _ = make_assigned(campaign, citizen_user, department_user.department)
    ok: dict[str, Any] = {"title": "答复", "answer": "答复内容"}

    with refused(answered, assigned, match="只能公开已答复"):
        suggestions_publish(suggestions=[answered, assigned], actor=office_user, **ok)
    with refused(answered, match="市政府办公厅"):
        suggestions_publish(suggestions=[answered], actor=department_user, **ok)
    with refused(match="至少选择一件"):
        suggestions_publish(suggestions=[], actor=office_user, **ok)
    with refused(answered, match="请填写公开标题"):
        suggestions_publish(
            suggestions=[answered], actor=office_user, title="", answer="答复"
        )


def test_it_refuses_to_publish_twice(
    campaign, citizen_user, office_user, department_user
):
    case = make_published(campaign, citizen_user, department_user.department)

    with refused(case, match="已公开"):
        suggestions_publish(
            suggestions=[case], actor=office_user, title="再次", answer="再次"
        )


def test_it_refuses_to_publish_cases_of_two_campaigns(
    campaign, citizen_user, office_user, department_user
):
    other = Campaign.objects.create(year=2025, title="2025年活动", slug="other-2025")
    TopicArea.objects.create(campaign=other, code="economy", name="经济发展")
    first, _ = make_answered(campaign, citizen_user, department_user.department)
    second, _ = make_answered(other, citizen_user, department_user.department)

    with refused(first, second, match="同一年度"):
        suggestions_publish(
            suggestions=[first, second], actor=office_user, title="答复", answer="答复"
        )
