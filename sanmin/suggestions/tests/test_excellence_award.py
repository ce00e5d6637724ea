"""Awarding a tier publishes the suggestion on the public list (name only with
consent), texts the submitter and records a public step; an award is final."""

from __future__ import annotations

from django.urls import reverse

from sanmin.notifications.models import Message
from sanmin.suggestions.models import Nomination, Panelist, Step, Tier
from sanmin.suggestions.services.excellence import nomination_award
from sanmin.suggestions.tests.excellence_helpers import (
    nominated,
    panel_of,
    score_all,
    unchanged,
)


def _scored(campaign, citizen, department, panelist):
    nomination = nominated(campaign, citizen, department)
    if not Panelist.objects.filter(user=panelist).exists():
        panel_of(campaign, panelist)
    score_all(nomination, panelist, 8)
    return nomination


def test_it_awards_publishes_and_texts(
    campaign, citizen_user, department_user, office_user, statistics_user
):
    nomination = _scored(
        campaign, citizen_user, department_user.department, statistics_user
    )
    before = Message.objects.filter(template="suggestion_excellent").count()

    nomination_award(nomination=nomination, actor=office_user, tier=Tier.FIRST)

    nomination.refresh_from_db()
    assert nomination.tier == Tier.FIRST
    assert nomination.awarded_at is not None
    assert nomination.published_at is not None
    [message] = Message.objects.filter(template="suggestion_excellent")[before:]
    assert message.params == {
        "tracking": nomination.suggestion.number,
        "year": str(campaign.year),
        "tier": "一等奖",
    }
    step = Step.objects.get(action="excellent")
    assert step.public and "一等奖" in step.label


def test_it_refuses_without_scores_twice_or_by_others(
    campaign, citizen_user, department_user, office_user, statistics_user
):
    unscored = nominated(campaign, citizen_user, department_user.department)
    with unchanged(unscored, match="尚无评审专家评分"):
        nomination_award(nomination=unscored, actor=office_user, tier=Tier.FIRST)
    nomination = _scored(
        campaign, citizen_user, department_user.department, statistics_user
    )
    with unchanged(nomination, match="请选择评定等次"):
        nomination_award(nomination=nomination, actor=office_user, tier="gold")
    with unchanged(nomination, match="市政府办公厅"):
        nomination_award(nomination=nomination, actor=statistics_user, tier="third")
    nomination_award(nomination=nomination, actor=office_user, tier=Tier.THIRD)
    with unchanged(nomination, match="不能重复评定"):
        nomination_award(nomination=nomination, actor=office_user, tier=Tier.FIRST)


def test_it_lists_awarded_suggestions_publicly(
    campaign, citizen_user, department_user, client, office_user, statistics_user
):
    named = _scored(campaign, citizen_user, department_user.department, statistics_user)
    named.suggestion.show_name = True
    named.suggestion.save(update_fields=["show_name"])
    anonymous = _scored(
        campaign, citizen_user, department_user.department, statistics_user
    )
    pending = _scored(
        campaign, citizen_user, department_user.department, statistics_user
    )
    nomination_award(nomination=anonymous, actor=office_user, tier=Tier.MERIT)
    nomination_award(nomination=named, actor=office_user, tier=Tier.SECOND)

    body = client.get(reverse("suggestions:excellent")).content.decode()

    assert body.count("关于增设停车位的建议") == 2
    assert body.index("二等奖") < body.index("优秀奖")
    assert body.count(citizen_user.display_name) == 1
    assert "市民（未署名）" in body
    assert "经研究，我局已将该路段纳入明年停车设施建设计划" in body
    assert pending.suggestion.number not in body
    assert named.suggestion.number not in body


def test_it_awards_through_the_page(
    campaign, citizen_user, department_user, client_as, statistics_user
):
    nomination = _scored(
        campaign, citizen_user, department_user.department, statistics_user
    )
    client = client_as("office")
    url = reverse("suggestions:award", args=[nomination.pk])

    client.post(url, {"tier": "nonsense"})
    assert Nomination.objects.get().tier == ""
    response = client.post(url, {"tier": "first"}, follow=True)

    assert Nomination.objects.get().tier == "first"
    assert "已评定等次" in response.content.decode()
    again = client.post(url, {"tier": "second"}, follow=True)
    assert "不能重复评定" in again.content.decode()
    assert Nomination.objects.get().tier == "first"
