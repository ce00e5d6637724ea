from __future__ import annotations

from sanmin.accounts.models import User
from sanmin.campaigns.models import Campaign
from sanmin.suggestions.models import Status, SuggestionTerm
from sanmin.suggestions.services.loop import suggestion_merge
from sanmin.suggestions.services.text import similar_find, terms_weigh
from sanmin.suggestions.tests.suggestion_helpers import office_actor
from sanmin.suggestions.tests.text_helpers import (
    HEATING,
    HEATING_AGAIN,
    PARKING,
    TRAFFIC,
    case,
)


def test_it_indexes_a_suggestion_when_it_is_submitted(
    campaign: Campaign, citizen_user: User
) -> None:
    made = case(campaign, citizen_user, HEATING)
    stored = dict(
        SuggestionTerm.objects.filter(suggestion=made).values_list("term", "weight")
    )
    assert stored.keys() == terms_weigh(title=HEATING[0], text=HEATING[1]).keys()
    assert {"暖气", "热力公司", "供热", "管网"} <= stored.keys()


def test_it_ranks_the_near_duplicate_first_with_the_shared_words(
    campaign: Campaign, citizen_user: User
) -> None:
    parking = case(campaign, citizen_user, PARKING)
    heating = case(campaign, citizen_user, HEATING)
    case(campaign, citizen_user, TRAFFIC)
    again = case(campaign, citizen_user, HEATING_AGAIN)

    found = similar_find(suggestion=again)

    assert found[0].suggestion_id == heating.pk
    assert found[0].number == heating.number
    assert found[0].title == HEATING[0]
    assert found[0].status == Status.SUBMITTED
    assert 0.5 < found[0].score <= 1
    assert {"暖气", "热力公司", "室温"} <= set(found[0].shared)
    assert "停车位" not in found[0].shared
    # The parking case shares only "小区"-like words, if anything: far below.
    scores = {similar.suggestion_id: similar.score for similar in found}
    assert scores.get(parking.pk, 0) < found[0].score / 2


def test_it_finds_cases_like_a_text_not_yet_submitted(
    campaign: Campaign, citizen_user: User
) -> None:
    case(campaign, citizen_user, HEATING)
    traffic = case(campaign, citizen_user, TRAFFIC)

    found = similar_find(text="早高峰信号灯配时不合理，路口拥堵")

    assert [similar.suggestion_id for similar in found] == [traffic.pk]
    assert "信号灯" in found[0].shared


def test_it_gives_an_identical_case_the_full_score(
    campaign: Campaign, citizen_user: User
) -> None:
    first = case(campaign, citizen_user, HEATING)
    second = case(campaign, citizen_user, HEATING)

    [found] = similar_find(suggestion=second, limit=1)

    assert found.suggestion_id == first.pk
    assert found.score == 1.0


def test_it_leaves_out_the_suggestion_itself_and_merged_cases(
    campaign: Campaign, citizen_user: User
) -> None:
    heating = case(campaign, citizen_user, HEATING)
    merged = case(campaign, citizen_user, HEATING_AGAIN)
    other = case(campaign, citizen_user, HEATING)
    suggestion_merge(suggestion=merged, into=heating, actor=office_actor())

    found = [similar.suggestion_id for similar in similar_find(suggestion=other)]

    assert found == [heating.pk]
    assert heating.pk not in [s.suggestion_id for s in similar_find(suggestion=heating)]


def test_it_keeps_to_the_limit_and_to_related_cases(
    campaign: Campaign, citizen_user: User
) -> None:
    for _ in range(4):
        case(campaign, citizen_user, HEATING)
    case(campaign, citizen_user, PARKING)

    assert len(similar_find(text=HEATING[1], limit=3)) == 3
    assert similar_find(text=HEATING[1], limit=0) == []
    assert similar_find(text="。。。") == []
    assert similar_find(text="体育场馆开放时间") == []
