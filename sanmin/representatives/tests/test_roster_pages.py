"""The staff roster pages: the list's figures and filters, one entry's page with the
acts its viewer may do, and the build button before the roster exists."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanmin.representatives.models import Representative
from sanmin.representatives.services.roster import (
    representative_confirm,
    representative_decline,
    representatives_train,
)
from sanmin.representatives.tests import roster_helpers as h

LIST = reverse("representatives:roster")


@pytest.fixture
def cells(campaign):
    first, second = h.districts()[:2]
    category = h.district_category(campaign)
    return [
        h.CellSpec(category, first, members=3, alternates=2),
        h.CellSpec(category, second, members=2),
    ]


@pytest.fixture
def draw(campaign, cells, statistics_user):
    return h.built_roster(campaign, cells, actor=statistics_user)


def ours(district_user):
    return list(
        Representative.objects.filter(district=district_user.district)
        .exclude(candidate=None)
        .order_by("pk")
    )


def listed(response):
    return [entry.pk for entry in response.context["entries"]]


def test_it_sums_up_the_district(campaign, draw, district_user, client_as):
    reps = ours(district_user)
    representative_confirm(representative=reps[0], actor=district_user)
    representative_decline(representative=reps[1], actor=district_user)

    summary = client_as("district").get(LIST).context["summary"]

    # Three drawn and the cast's representative, one confirmed, one declined.
    assert (summary.active, summary.confirmed, summary.awaiting_replacement) == (
        3,
        1,
        1,
    )


def test_it_filters_by_status_and_training(campaign, draw, district_user, client_as):
    reps = ours(district_user)
    representative_confirm(representative=reps[0], actor=district_user)
    representatives_train(campaign=campaign, actor=district_user, ids=[reps[2].pk])
    client = client_as("district")

    assert listed(client.get(LIST, {"status": "confirmed"})) == [reps[0].pk]
    assert listed(client.get(LIST, {"trained": "yes"})) == [reps[2].pk]
    assert reps[2].pk not in listed(client.get(LIST, {"trained": "no"}))


def test_it_filters_by_notification(campaign, draw, district_user, client_as):
    Representative.objects.filter(pk=ours(district_user)[0].pk).update(
        notified_at="2024-12-01T10:00:00+08:00"
    )

    response = client_as("district").get(LIST, {"notified": "yes"})

    assert listed(response) == [ours(district_user)[0].pk]


def test_it_offers_the_replacement_with_the_alternates_left(
    draw, district_user, client_as
):
    rep = ours(district_user)[0]
    representative_decline(representative=rep, actor=district_user)

    page = client_as("district").get(
        reverse("representatives:roster-detail", args=[rep.pk])
    )

    assert page.context["alternates_left"] == 2
    assert "由下一位备选代表替补" in page.content.decode()


def test_it_shows_the_statistics_bureau_no_district_acts(
    draw, district_user, client_as
):
    rep = ours(district_user)[0]

    page = client_as("statistics").get(
        reverse("representatives:roster-detail", args=[rep.pk])
    )

    text = page.content.decode()
    assert page.status_code == 200
    assert "代表已电话确认参加" not in text
    assert "显示完整号码" not in text


def test_it_offers_the_build_once_drawn(campaign, cells, statistics_user, client_as):
    h.drawn_panel(campaign, cells, actor=statistics_user)
    client = client_as("statistics")

    button = "根据抽取结果生成代表名单</button>"
    assert button in client.get(LIST).content.decode()
    client.post(reverse("representatives:roster-build"))
    assert button not in client.get(LIST).content.decode()


def test_it_says_when_there_is_no_draw(campaign, client_as):
    response = client_as("statistics").post(
        reverse("representatives:roster-build"), follow=True
    )

    assert "还没有完成代表抽取" in response.content.decode()
