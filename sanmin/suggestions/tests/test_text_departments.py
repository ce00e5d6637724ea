from __future__ import annotations

from sanmin.accounts.models import User
from sanmin.campaigns.models import Campaign
from sanmin.suggestions.services.text import department_suggest
from sanmin.suggestions.tests.text_helpers import (
    HEATING,
    HEATING_AGAIN,
    PARKING,
    TRAFFIC,
    assigned,
    case,
    department,
    topic,
)


def test_it_suggests_the_department_that_led_similar_cases_and_says_why(
    campaign: Campaign, citizen_user: User
) -> None:
    city = department("市城市管理局")
    police = department("市公安局")
    livelihood = topic(campaign, "livelihood")
    urban = topic(campaign, "urban")
    assigned(campaign, citizen_user, HEATING, city, topic=livelihood)
    assigned(campaign, citizen_user, HEATING, city, topic=livelihood)
    assigned(campaign, citizen_user, TRAFFIC, police, topic=urban)
    new = case(campaign, citizen_user, HEATING_AGAIN, topic=urban)

    hints = department_suggest(suggestion=new)

    assert hints[0].department == city
    assert hints[0].reason.startswith("相似建议2件由该部门主办；关键词：")
    assert "暖气" in hints[0].reason
    # The police led the only other case of the topic: a weaker, topic-only hint.
    assert [hint.department for hint in hints] == [city, police]
    assert hints[1].reason == "“城市规划建设管理”领域建议中该部门主办1件"
    assert 0 < hints[1].score < hints[0].score <= 1


def test_it_falls_back_to_the_topic_history(
    campaign: Campaign, citizen_user: User
) -> None:
    police = department("市公安局")
    city = department("市城市管理局")
    urban = topic(campaign, "urban")
    assigned(campaign, citizen_user, TRAFFIC, police, topic=urban)
    assigned(campaign, citizen_user, TRAFFIC, police, topic=urban)
    assigned(campaign, citizen_user, HEATING, city, topic=topic(campaign, "livelihood"))
    sports = (
        "体育场馆开放时间太短",
        "周末体育场馆开放时间太短，建议延长开放并降低收费。",
    )
    new = case(campaign, citizen_user, sports, topic=urban)

    hints = department_suggest(suggestion=new)

    assert [hint.department for hint in hints] == [police]
    assert hints[0].reason == "“城市规划建设管理”领域建议中该部门主办2件"
    assert hints[0].score == 1.0


def test_it_invents_nothing_without_history(
    campaign: Campaign, citizen_user: User
) -> None:
    case(campaign, citizen_user, HEATING)
    new = case(campaign, citizen_user, HEATING_AGAIN)

    assert department_suggest(suggestion=new) == []


def test_it_ignores_the_case_own_items_and_keeps_to_the_limit(
    campaign: Campaign, citizen_user: User
) -> None:
    names = ["市城市管理局", "市公安局", "市住房城乡建设局", "市水务管理局"]
    urban = topic(campaign, "urban")
    for name in names:
        assigned(campaign, citizen_user, PARKING, department(name), topic=urban)
    own = assigned(
        campaign, citizen_user, TRAFFIC, department("市交通运输局"), topic=urban
    )

    hints = department_suggest(suggestion=own, limit=2)

    assert len(hints) == 2
    assert department("市交通运输局") not in [hint.department for hint in hints]
