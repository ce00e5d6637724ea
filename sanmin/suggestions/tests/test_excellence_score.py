"""Scoring: each panelist scores every criterion once; a re-score before the award
replaces their own scores; the office sees the mean total and the ranking."""

from __future__ import annotations

from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.suggestions.models import Criterion, Score
from sanmin.suggestions.selectors.excellence import nominations_ranked
from sanmin.suggestions.services.excellence import (
    criteria_ensure,
    nomination_award,
    nomination_score,
)
from sanmin.suggestions.tests.excellence_helpers import (
    nominated,
    panel_of,
    score_all,
    unchanged,
)


def test_it_scores_and_replaces_own_scores(
    campaign, citizen_user, department_user, statistics_user, reviewer_user
):
    nomination = nominated(campaign, citizen_user, department_user.department)
    panel_of(campaign, statistics_user, reviewer_user)

    score_all(nomination, statistics_user, [8, 7, 6])
    score_all(nomination, reviewer_user, 5)
    score_all(nomination, statistics_user, [9, 9, 9])

    mine = Score.objects.filter(panelist__user=statistics_user)
    assert sorted(mine.values_list("points", flat=True)) == [9, 9, 9]
    assert Score.objects.filter(panelist__user=reviewer_user).count() == 3
    replaced = [
        e.detail["replaced"]
        for e in AuditEvent.objects.filter(action="excellence.score").order_by("pk")
    ]
    assert replaced == [False, False, True]


def test_it_ranks_by_mean_total(
    campaign, citizen_user, department_user, statistics_user, reviewer_user
):
    first = nominated(campaign, citizen_user, department_user.department)
    second = nominated(campaign, citizen_user, department_user.department)
    unscored = nominated(campaign, citizen_user, department_user.department)
    panel_of(campaign, statistics_user, reviewer_user)
    score_all(first, statistics_user, 6)  # 18
    score_all(first, reviewer_user, 7)  # 21
    score_all(second, statistics_user, 10)  # 30

    ranked = nominations_ranked(campaign=campaign)

    assert [(r.nomination, r.mean_total, r.scored, r.rank) for r in ranked] == [
        (second, 30.0, 1, 1),
        (first, 19.5, 2, 2),
        (unscored, None, 0, None),
    ]


def test_it_refuses_bad_scores(
    campaign, citizen_user, department_user, statistics_user, reviewer_user
):
    nomination = nominated(campaign, citizen_user, department_user.department)
    panel_of(campaign, statistics_user)
    criteria = criteria_ensure(campaign=campaign)
    full = {c.pk: 5 for c in criteria}
    bad = [
        (reviewer_user, full, "不是本年度优秀建议评审专家"),
        (department_user, full, "不是本年度优秀建议评审专家"),
        (statistics_user, {**full, criteria[0].pk: 11}, "0～10"),
        (statistics_user, {**full, criteria[0].pk: -1}, "0～10"),
        (statistics_user, {criteria[0].pk: 5}, "每个评分项"),
        (statistics_user, {**full, 999999: 5}, "每个评分项"),
    ]
    for user, points, match in bad:
        with unchanged(nomination, match=match):
            nomination_score(nomination=nomination, user=user, points=points)


def test_it_refuses_scores_after_the_award(
    campaign, citizen_user, department_user, statistics_user, office_user
):
    nomination = nominated(campaign, citizen_user, department_user.department)
    panel_of(campaign, statistics_user)
    score_all(nomination, statistics_user, 5)
    nomination_award(nomination=nomination, actor=office_user, tier="second")

    with unchanged(nomination, *Score.objects.all(), match="已评定等次"):
        score_all(nomination, statistics_user, 9)


def test_it_scores_through_the_page(
    campaign, citizen_user, department_user, client_as, statistics_user
):
    nomination = nominated(campaign, citizen_user, department_user.department)
    panel_of(campaign, statistics_user)
    client = client_as("statistics")
    url = reverse("suggestions:score", args=[nomination.pk])
    assert "针对性（0～10 分）" in client.get(url).content.decode()
    criteria = list(Criterion.objects.order_by("order"))

    refused = client.post(url, {f"c{c.pk}": "11" for c in criteria})
    assert refused.status_code == 400
    assert "不能超过 10 分" in refused.content.decode()
    assert not Score.objects.exists()
    client.post(url, {f"c{c.pk}": "8" for c in criteria})

    assert sorted(Score.objects.values_list("points", flat=True)) == [8, 8, 8]
    listing = client.get(reverse("suggestions:panel")).content.decode()
    assert "已评分：24 分" in listing
    office = client_as("office").get(reverse("suggestions:excellence"))
    assert "24.0" in office.content.decode()
