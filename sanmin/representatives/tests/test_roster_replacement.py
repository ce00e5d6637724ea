"""Replacement: a declined or unreachable representative's seat goes to the next
unused alternate of the same cell, in rank order, never across cells; refused when
the cell has none left, for anything else than a decline or unreachable, and once
the roster is frozen."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.notifications.models import Message
from sanmin.representatives.models import Representative
from sanmin.representatives.services.roster import (
    representative_decline,
    representative_mark_unreachable,
    representative_replace,
    roster_freeze,
    roster_notify,
)
from sanmin.representatives.tests import roster_helpers as h


@pytest.fixture
def cells(campaign):
    first, second = h.districts()[:2]
    category = h.district_category(campaign)
    return {
        "here": h.CellSpec(category, first, members=3, alternates=2),
        "next_door": h.CellSpec(category, second, members=1, alternates=3),
        "city": h.CellSpec(h.city_category(campaign), None, members=1, alternates=1),
    }


@pytest.fixture
def draw(campaign, cells, statistics_user):
    return h.built_roster(campaign, list(cells.values()), actor=statistics_user)


def declined(draw, cell, actor, index=0):
    rep = h.members_of(draw, cell)[index]
    representative_decline(representative=rep, actor=actor, reason="没有时间")
    rep.refresh_from_db()
    return rep


def test_it_gives_the_seat_to_the_first_alternate(draw, cells, district_user):
    cell = cells["here"].key
    rep = declined(draw, cell, district_user)

    successor = representative_replace(representative=rep, actor=district_user)

    assert successor.cell == cell
    assert successor.replaces == rep
    assert successor.status == "selected"
    assert h.entry_rank(successor) == 3  # ranks 0-2 are members, 3 the 1st alternate
    rep.refresh_from_db()
    assert (rep.status, rep.status_reason) == ("replaced", "已谢绝：没有时间")


def test_it_uses_alternates_in_rank_order(draw, cells, district_user):
    cell = cells["here"].key
    first = declined(draw, cell, district_user, 0)
    second = declined(draw, cell, district_user, 1)

    ranks = [
        h.entry_rank(representative_replace(representative=rep, actor=district_user))
        for rep in (second, first)
    ]

    assert ranks == [3, 4]


def test_it_never_takes_an_alternate_of_another_cell(draw, cells, district_user):
    cell = cells["here"].key
    for index in range(2):
        rep = declined(draw, cell, district_user, index)
        representative_replace(representative=rep, actor=district_user)
    third = declined(draw, cell, district_user, 2)

    with pytest.raises(ValidationError, match="备选代表已全部用完"):
        representative_replace(representative=third, actor=district_user)

    third.refresh_from_db()
    assert third.status == "declined"
    next_door = Representative.objects.filter(cell=cells["next_door"].key)
    assert next_door.count() == 1


def test_it_replaces_a_representative_who_cannot_be_reached(draw, cells, district_user):
    rep = h.members_of(draw, cells["here"].key)[0]
    representative_mark_unreachable(
        representative=rep, actor=district_user, reason="电话停机"
    )

    representative_replace(representative=rep, actor=district_user)

    rep.refresh_from_db()
    assert (rep.status, rep.status_reason) == ("replaced", "无法联系：电话停机")
    event = AuditEvent.objects.get(action="representative.replace")
    assert event.detail["replaced_status"] == "unreachable"
    assert event.detail["reason"] == "电话停机"
    assert event.detail["alternate_rank"] == 3


def test_it_replaces_only_declined_or_unreachable(draw, cells, district_user):
    rep = h.members_of(draw, cells["here"].key)[0]

    with pytest.raises(ValidationError, match="只有已谢绝或无法联系"):
        representative_replace(representative=rep, actor=district_user)


def test_it_never_replaces_twice(draw, cells, district_user):
    rep = declined(draw, cells["here"].key, district_user)
    representative_replace(representative=rep, actor=district_user)

    with pytest.raises(ValidationError, match="已被替补"):
        representative_replace(representative=rep, actor=district_user)
    assert Representative.objects.filter(replaces=rep).count() == 1


def test_it_leaves_district_staff_to_their_district(
    draw, cells, other_district_user, district_user
):
    rep = declined(draw, cells["here"].key, district_user)

    with pytest.raises(PermissionDenied):
        representative_replace(representative=rep, actor=other_district_user)


def test_it_leaves_municipal_cells_to_the_statistics_bureau(
    draw, cells, statistics_user, district_user
):
    rep = h.members_of(draw, cells["city"].key)[0]
    # A municipal representative living in the district (e.g. a volunteer).
    Representative.objects.filter(pk=rep.pk).update(district=district_user.district)
    rep.refresh_from_db()
    representative_decline(representative=rep, actor=district_user)

    with pytest.raises(ValidationError, match="由市统计局统一替补"):
        representative_replace(representative=rep, actor=district_user)
    successor = representative_replace(representative=rep, actor=statistics_user)

    assert successor.cell == cells["city"].key


def test_it_keeps_the_statistics_bureau_out_of_district_cells(
    draw, cells, statistics_user, district_user
):
    rep = declined(draw, cells["here"].key, district_user)

    with pytest.raises(PermissionDenied):
        representative_replace(representative=rep, actor=statistics_user)


def test_it_refuses_once_frozen(campaign, draw, cells, district_user, statistics_user):
    rep = declined(draw, cells["here"].key, district_user)
    campaign.min_representatives = 1
    campaign.save()
    h.sessions_ahead(campaign)
    roster_freeze(campaign=campaign, actor=statistics_user)

    with pytest.raises(ValidationError, match="名单已冻结"):
        representative_replace(representative=rep, actor=district_user)


def test_it_refuses_an_entry_not_from_the_draw(cast, client_as):
    rep = Representative.objects.get(id_hash=cast.user("representative").id_hash)
    Representative.objects.filter(pk=rep.pk).update(status="declined")

    response = client_as("district").post(
        reverse("representatives:roster-replace", args=[rep.pk]), follow=True
    )

    assert "不是由抽取产生" in response.content.decode()


def test_it_notifies_the_successor_next(
    campaign, draw, cells, district_user, statistics_user
):
    roster_notify(campaign=campaign, actor=statistics_user)
    rep = declined(draw, cells["here"].key, district_user)
    successor = representative_replace(representative=rep, actor=district_user)

    result = roster_notify(campaign=campaign, actor=district_user)

    assert result.queued == 1
    assert Message.objects.filter(dedupe_key__endswith=f":{successor.pk}").exists()


def test_it_replaces_from_the_page(draw, cells, district_user, client_as):
    rep = declined(draw, cells["here"].key, district_user)

    response = client_as("district").post(
        reverse("representatives:roster-replace", args=[rep.pk])
    )

    successor = Representative.objects.get(replaces=rep)
    assert response["Location"] == reverse(
        "representatives:roster-detail", args=[successor.pk]
    )


def test_it_says_when_no_alternate_is_left(campaign, draw, cells, statistics_user):
    rep = h.members_of(draw, cells["city"].key)[0]
    representative_decline(representative=rep, actor=statistics_user)
    representative_replace(representative=rep, actor=statistics_user)
    successor = Representative.objects.get(replaces=rep)
    representative_decline(representative=successor, actor=statistics_user)

    with pytest.raises(ValidationError, match="备选代表已全部用完"):
        representative_replace(representative=successor, actor=statistics_user)
