"""A reviewer's queue holds the candidates pending for their own body, 50 a page,
filterable, and shows only name, masked ID, district, category and channel."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sanmin.accounts.models import User
from sanmin.accounts.tests.fixtures import make_staff, verified_client
from sanmin.campaigns.models import District
from sanmin.core.personal import mask_id
from sanmin.representatives.models import Candidate
from sanmin.representatives.tests.intake_helpers import (
    REVIEWS,
    id_number,
    make_candidates,
    phone,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def police(campaign: Any, reviewer_user: User) -> Client:
    return verified_client(reviewer_user)


@pytest.fixture
def petition_user(campaign: Any) -> User:
    return make_staff(
        role="reviewer", username="petition-reviewer", reviewer_body="petition"
    )


def test_the_queue_shows_only_what_the_review_needs(
    police: Client, campaign: Any, statistics_user: User
) -> None:
    (candidate,) = make_candidates(campaign=campaign, actor=statistics_user, count=1)
    Candidate.objects.filter(pk=candidate.pk).update(
        occupation="秘密职业", organisation="秘密单位", petition_reason=""
    )
    text = police.get(REVIEWS).content.decode()
    assert "候选人0" in text
    assert mask_id(id_number(0)) in text
    assert "市南区" in text
    assert "社区(村)居民代表" in text
    assert "随机抽取" in text
    for hidden in (id_number(0), phone(0), "秘密职业", "秘密单位"):
        assert hidden not in text


def test_the_queue_holds_only_pending_decisions_of_the_own_body(
    police: Client, campaign: Any, statistics_user: User
) -> None:
    made = make_candidates(campaign=campaign, actor=statistics_user, count=3)
    Candidate.objects.filter(pk=made[0].pk).update(police_review="passed")
    Candidate.objects.filter(pk=made[1].pk).update(
        petition_review="rejected", petition_reason="信访理由"
    )
    text = police.get(REVIEWS).content.decode()
    assert "候选人0" not in text
    assert "候选人1" in text  # the other body's rejection does not take it away
    assert "信访理由" not in text
    assert "候选人2" in text
    assert "data-pending>2<" in text
    decided = police.get(REVIEWS, {"status": "passed"}).content.decode()
    assert "候选人0" in decided
    assert "候选人1" not in decided


def test_the_petition_bureau_has_its_own_queue(
    campaign: Any, statistics_user: User, petition_user: User
) -> None:
    made = make_candidates(campaign=campaign, actor=statistics_user, count=2)
    Candidate.objects.filter(pk=made[0].pk).update(petition_review="passed")
    text = verified_client(petition_user).get(REVIEWS).content.decode()
    assert "市信访局" in text
    assert "候选人0" not in text
    assert "候选人1" in text


def test_the_queue_filters_by_district_category_and_channel(
    police: Client, campaign: Any, statistics_user: User
) -> None:
    north = District.objects.get(name="市北区")
    make_candidates(campaign=campaign, actor=statistics_user, count=1)
    make_candidates(
        campaign=campaign, actor=statistics_user, count=1, start=1, district=north
    )
    make_candidates(
        campaign=campaign,
        actor=statistics_user,
        count=1,
        start=2,
        category_code="d-enterprises",
        channel="recommended",
    )
    by_district = police.get(REVIEWS, {"district": north.pk}).content.decode()
    assert ("候选人0" in by_district, "候选人1" in by_district) == (False, True)
    enterprises = campaign.quotas.get(code="d-enterprises").pk
    by_category = police.get(REVIEWS, {"category": enterprises}).content.decode()
    assert ("候选人0" in by_category, "候选人2" in by_category) == (False, True)
    by_channel = police.get(REVIEWS, {"channel": "recommended"}).content.decode()
    assert ("候选人1" in by_channel, "候选人2" in by_channel) == (False, True)
    nonsense = police.get(REVIEWS, {"district": "x", "channel": "zzz"})
    assert nonsense.status_code == 200
    assert "候选人0" in nonsense.content.decode()


def test_the_queue_has_fifty_a_page(
    police: Client, campaign: Any, statistics_user: User
) -> None:
    make_candidates(campaign=campaign, actor=statistics_user, count=55)
    first = police.get(REVIEWS).content.decode()
    assert first.count('name="candidate"') == 50
    assert first.count('name="page_ids"') == 50
    assert "第 1 / 2 页" in first
    second = police.get(REVIEWS, {"page": 2}).content.decode()
    assert second.count('name="candidate"') == 5
    assert "候选人54" in second
