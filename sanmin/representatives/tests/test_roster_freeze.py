"""The freeze: the statistics bureau fixes the roster before the first public
session; refused below the campaign's minimum with the shortfall; writes this
year's service; nobody leaves or joins afterwards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sanmin.audit.models import AuditEvent
from sanmin.representatives.models import Representative, RosterFreeze, ServiceYear
from sanmin.representatives.services.roster import (
    representative_decline,
    representative_mark_unreachable,
    roster_freeze,
)
from sanmin.representatives.tests import roster_helpers as h


@pytest.fixture
def draw(campaign, statistics_user):
    first, second = h.districts()[:2]
    category = h.district_category(campaign)
    h.sessions_ahead(campaign)
    return h.built_roster(
        campaign,
        [
            h.CellSpec(category, first, members=4, alternates=1),
            h.CellSpec(category, second, members=3),
            h.CellSpec(h.city_category(campaign), None, members=1),
        ],
        actor=statistics_user,
    )


def minimum(campaign, value):
    campaign.min_representatives = value
    campaign.save(update_fields=["min_representatives"])


def drawn():
    return Representative.objects.exclude(candidate=None).order_by("pk")


def test_it_refuses_below_the_minimum_with_the_shortfall(
    campaign, draw, statistics_user, district_user
):
    representative_decline(
        representative=drawn().filter(district=district_user.district)[0],
        actor=district_user,
    )
    minimum(campaign, 10)

    with pytest.raises(ValidationError) as refusal:
        roster_freeze(campaign=campaign, actor=statistics_user)

    # 8 drawn, 1 declined: 7 serving.
    assert "在册市民代表（已选定和已确认）7 人" in refusal.value.messages[0]
    assert "还差 3 人" in refusal.value.messages[0]
    assert not RosterFreeze.objects.exists()
    assert not ServiceYear.objects.exists()


def test_it_keeps_the_shipped_minimum_of_three_thousand(
    campaign, draw, statistics_user
):
    assert campaign.min_representatives == 3000

    with pytest.raises(ValidationError, match="还差 2992 人"):
        roster_freeze(campaign=campaign, actor=statistics_user)


def test_it_freezes_with_the_counts(campaign, draw, statistics_user):
    minimum(campaign, 8)

    freeze = roster_freeze(campaign=campaign, actor=statistics_user)

    counts = freeze.counts
    assert (counts["active"], counts["minimum"]) == (8, 8)
    category = h.district_category(campaign)
    assert counts["by_category"][category.code] == 7
    assert counts["by_district"][h.districts()[1].code] == 3
    assert AuditEvent.objects.get(action="roster.freeze").detail["active"] == 8


def test_it_writes_this_years_service(campaign, draw, statistics_user, district_user):
    rep = drawn().filter(district=district_user.district)[0]
    representative_decline(representative=rep, actor=district_user)
    minimum(campaign, 1)

    roster_freeze(campaign=campaign, actor=statistics_user)

    years = ServiceYear.objects.filter(year=2024)
    serving = Representative.objects.filter(status__in=("selected", "confirmed"))
    assert set(years.values_list("id_hash", flat=True)) == set(
        serving.values_list("id_hash", flat=True)
    )
    assert not years.filter(imported=True).exists()
    assert not years.filter(id_hash=rep.id_hash).exists()
    one = years.get(id_hash=drawn().filter(district=h.districts()[1])[0].id_hash)
    assert (one.category_code, one.district) == (
        h.district_category(campaign).code,
        h.districts()[1],
    )


def test_it_refuses_changes_to_who_serves_afterwards(
    campaign, draw, statistics_user, district_user
):
    minimum(campaign, 1)
    roster_freeze(campaign=campaign, actor=statistics_user)
    rep = drawn().filter(district=district_user.district)[0]

    with pytest.raises(ValidationError, match="名单已冻结"):
        representative_decline(representative=rep, actor=district_user)
    with pytest.raises(ValidationError, match="名单已冻结"):
        representative_mark_unreachable(representative=rep, actor=district_user)


def test_it_freezes_once(campaign, draw, statistics_user):
    minimum(campaign, 1)
    roster_freeze(campaign=campaign, actor=statistics_user)

    with pytest.raises(ValidationError, match="名单已于"):
        roster_freeze(campaign=campaign, actor=statistics_user)


def test_it_refuses_once_the_first_session_has_started(campaign, draw, statistics_user):
    minimum(campaign, 1)
    first = campaign.sessions.filter(kind="public").order_by("starts_at")[0]

    with pytest.raises(ValidationError, match="第一场公开述职已于"):
        roster_freeze(
            campaign=campaign,
            actor=statistics_user,
            now=first.starts_at + dt.timedelta(minutes=1),
        )


def test_it_is_for_the_statistics_bureau(campaign, draw, district_user):
    minimum(campaign, 1)

    with pytest.raises(PermissionDenied):
        roster_freeze(campaign=campaign, actor=district_user)


def test_it_shows_the_shortfall_on_the_page(campaign, draw, client_as):
    # 8 drawn and the cast's representative serve.
    page = client_as("statistics").get(reverse("representatives:roster-freeze"))

    text = page.content.decode()
    assert "还差 <strong>2991</strong> 人，不能冻结" in text
    assert "冻结名单（在册" not in text


def test_it_freezes_from_the_page(campaign, draw, client_as):
    minimum(campaign, 8)

    response = client_as("statistics").post(
        reverse("representatives:roster-freeze"), follow=True
    )

    assert RosterFreeze.objects.filter(campaign=campaign).exists()
    assert "名单已于" in response.content.decode()
    assert RosterFreeze.objects.get().frozen_at <= timezone.now()
