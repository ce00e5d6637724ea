"""District staff track training and assign venue attendance for their district,
ticking many representatives at once; a venue's capacity is respected."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.campaigns.services import venue_add
from sanmin.representatives.models import Representative
from sanmin.representatives.services.roster import (
    representative_decline,
    representatives_assign_venue,
    representatives_train,
)
from sanmin.representatives.tests import roster_helpers as h


@pytest.fixture
def draw(campaign, statistics_user):
    first, second = h.districts()[:2]
    category = h.district_category(campaign)
    return h.built_roster(
        campaign,
        [
            h.CellSpec(category, first, members=4),
            h.CellSpec(category, second, members=2),
        ],
        actor=statistics_user,
    )


def ours(district_user):
    return list(
        Representative.objects.filter(district=district_user.district)
        .exclude(candidate=None)
        .order_by("pk")
    )


def theirs():
    return Representative.objects.filter(district=h.districts()[1])[0]


def venue(campaign, district, capacity=3, name="社区会场"):
    return venue_add(
        campaign=campaign,
        district=district,
        name=name,
        address="某路1号",
        capacity=capacity,
    )


def test_it_marks_many_as_trained(campaign, draw, district_user):
    reps = ours(district_user)[:3]

    changed = representatives_train(
        campaign=campaign, actor=district_user, ids=[r.pk for r in reps]
    )

    assert changed == 3
    assert all(Representative.objects.get(pk=r.pk).trained_at is not None for r in reps)
    event = AuditEvent.objects.get(action="representatives.train")
    assert event.detail["changed"] == 3


def test_it_undoes_the_training_mark(campaign, draw, district_user):
    ids = [r.pk for r in ours(district_user)[:2]]
    representatives_train(campaign=campaign, actor=district_user, ids=ids)

    representatives_train(
        campaign=campaign, actor=district_user, ids=ids, trained=False
    )

    assert not Representative.objects.filter(
        pk__in=ids, trained_at__isnull=False
    ).exists()


def test_it_refuses_the_lot_if_one_is_of_another_district(
    campaign, draw, district_user
):
    ids = [ours(district_user)[0].pk, theirs().pk]

    with pytest.raises(PermissionDenied):
        representatives_train(campaign=campaign, actor=district_user, ids=ids)
    assert not Representative.objects.filter(trained_at__isnull=False).exists()


def test_it_refuses_representatives_no_longer_serving(campaign, draw, district_user):
    rep = ours(district_user)[0]
    representative_decline(representative=rep, actor=district_user)

    with pytest.raises(ValidationError, match="在册"):
        representatives_train(campaign=campaign, actor=district_user, ids=[rep.pk])


def test_it_asks_for_a_choice(campaign, draw, district_user):
    with pytest.raises(ValidationError, match="请先勾选"):
        representatives_train(campaign=campaign, actor=district_user, ids=[])


def test_it_assigns_a_venue(campaign, draw, district_user):
    hall = venue(campaign, district_user.district)
    ids = [r.pk for r in ours(district_user)[:3]]

    representatives_assign_venue(
        campaign=campaign, actor=district_user, ids=ids, venue=hall
    )

    assert Representative.objects.filter(venue=hall).count() == 3
    assert AuditEvent.objects.filter(action="representatives.venue").exists()


def test_it_respects_the_capacity(campaign, draw, district_user):
    hall = venue(campaign, district_user.district, capacity=3)
    reps = ours(district_user)
    representatives_assign_venue(
        campaign=campaign, actor=district_user, ids=[reps[0].pk, reps[1].pk], venue=hall
    )

    with pytest.raises(ValidationError, match="还能安排 1 人，本次选了 2 人"):
        representatives_assign_venue(
            campaign=campaign,
            actor=district_user,
            ids=[reps[2].pk, reps[3].pk],
            venue=hall,
        )
    assert Representative.objects.filter(venue=hall).count() == 2


def test_it_counts_those_already_there_once(campaign, draw, district_user):
    hall = venue(campaign, district_user.district, capacity=3)
    ids = [r.pk for r in ours(district_user)[:3]]
    representatives_assign_venue(
        campaign=campaign, actor=district_user, ids=ids, venue=hall
    )

    representatives_assign_venue(
        campaign=campaign, actor=district_user, ids=ids, venue=hall
    )

    assert Representative.objects.filter(venue=hall).count() == 3


def test_it_refuses_a_venue_of_another_district(campaign, draw, district_user):
    hall = venue(campaign, h.districts()[1])

    with pytest.raises(ValidationError, match="本区（市）的社区会场"):
        representatives_assign_venue(
            campaign=campaign,
            actor=district_user,
            ids=[ours(district_user)[0].pk],
            venue=hall,
        )


def test_it_clears_a_venue(campaign, draw, district_user):
    hall = venue(campaign, district_user.district)
    ids = [ours(district_user)[0].pk]
    representatives_assign_venue(
        campaign=campaign, actor=district_user, ids=ids, venue=hall
    )

    representatives_assign_venue(
        campaign=campaign, actor=district_user, ids=ids, venue=None
    )

    assert not Representative.objects.filter(venue__isnull=False).exists()


def test_it_works_from_the_list(campaign, draw, district_user, client_as):
    hall = venue(campaign, district_user.district)
    ids = [r.pk for r in ours(district_user)[:2]]
    client = client_as("district")

    client.post(
        reverse("representatives:roster-training"), {"ids": ids, "trained": "1"}
    )
    response = client.post(
        reverse("representatives:roster-venue"),
        {"ids": ids, "venue": hall.pk, "back": "status=active&page=1"},
    )

    assert response["Location"] == reverse("representatives:roster") + (
        "?status=active&page=1"
    )
    assert (
        Representative.objects.filter(venue=hall, trained_at__isnull=False).count() == 2
    )


def test_it_shows_the_capacity_error_on_the_list(
    campaign, draw, district_user, client_as
):
    hall = venue(campaign, district_user.district, capacity=1)
    ids = [r.pk for r in ours(district_user)[:2]]

    response = client_as("district").post(
        reverse("representatives:roster-venue"),
        {"ids": ids, "venue": hall.pk},
        follow=True,
    )

    assert "可容纳 1 人" in response.content.decode()
