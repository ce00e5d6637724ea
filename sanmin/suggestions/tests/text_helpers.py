"""Cases with chosen texts for the text tests, made through the real services."""

from __future__ import annotations

from typing import Any

from sanmin.accounts.models import User
from sanmin.campaigns.models import Campaign, Department
from sanmin.suggestions.models import Suggestion
from sanmin.suggestions.services.loop import ItemPlan, items_assign, suggestion_accept
from sanmin.suggestions.tests.suggestion_helpers import make_suggestion, office_actor

HEATING = (
    "关于老旧小区供暖不热的建议",
    "我们小区今年冬天暖气一直不热，室温只有十五度，老人孩子在家受冻，"
    "希望督促热力公司排查供热管网。",
)
HEATING_AGAIN = (
    "小区暖气不热室温太低",
    "今年冬天小区暖气还是不热，室温很低，老人孩子受冻，请督促热力公司排查供热管网。",
)
PARKING = (
    "关于增设停车位的建议",
    "老旧小区没有规划停车位，车辆只能停在消防通道上，建议利用空地建设立体停车场。",
)
TRAFFIC = (
    "早高峰路口拥堵严重",
    "每天早高峰路口拥堵，信号灯配时不合理，建议交警优化信号灯配时，增开公交班次。",
)


def case(
    campaign: Campaign, user: User, texts: tuple[str, str], **overrides: Any
) -> Suggestion:
    title, text = texts
    return make_suggestion(campaign, user, title=title, text=text, **overrides)


def topic(campaign: Campaign, code: str) -> Any:
    return campaign.topics.get(code=code)


def department(name: str) -> Department:
    return Department.objects.get(name=name, district__isnull=True)


def assigned(
    campaign: Campaign,
    user: User,
    texts: tuple[str, str],
    lead: Department,
    **overrides: Any,
) -> Suggestion:
    """A case accepted and assigned to `lead` by the office."""
    made = case(campaign, user, texts, **overrides)
    suggestion_accept(suggestion=made, actor=office_actor())
    items_assign(
        suggestion=made,
        actor=office_actor(),
        plans=[ItemPlan(summary=texts[0], lead=lead)],
    )
    return made
