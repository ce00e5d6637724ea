"""Confidentiality of the roster: departments never see it (nor the candidates it
came from); district staff see their own district only; the statistics bureau all."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.representatives.models import Representative
from sanmin.representatives.tests import roster_helpers as h

PAGES = ("roster", "roster-freeze", "roster-export", "years", "years-template")


@pytest.fixture
def draw(campaign, statistics_user):
    first, second = h.districts()[:2]
    category = h.district_category(campaign)
    return h.built_roster(
        campaign,
        [h.CellSpec(category, first, members=2), h.CellSpec(category, second, 2)],
        actor=statistics_user,
    )


def detail(rep):
    return reverse("representatives:roster-detail", args=[rep.pk])


def test_it_refuses_departments_every_roster_page(draw, client_as):
    client = client_as("department")
    rep = Representative.objects.exclude(candidate=None).first()

    for name in PAGES:
        assert client.get(reverse(f"representatives:{name}")).status_code == 403
    assert client.get(detail(rep)).status_code == 403
    denied = AuditEvent.objects.filter(
        action="access.denied", actor=client.session["_auth_user_id"]
    )
    assert denied.count() == len(PAGES) + 1


def test_it_lists_only_the_own_district_for_district_staff(
    draw, client_as, district_user
):
    response = client_as("district").get(reverse("representatives:roster"))

    entries = response.context["entries"]
    assert entries
    assert {e.representative.district_id for e in entries} == {
        district_user.district_id
    }


def test_it_ignores_a_district_filter_of_district_staff(draw, client_as, district_user):
    other = h.districts()[1]

    response = client_as("district").get(
        reverse("representatives:roster"), {"district": other.pk}
    )

    assert {e.representative.district_id for e in response.context["entries"]} == {
        district_user.district_id
    }


def test_it_refuses_another_districts_entry(draw, client_as):
    rep = Representative.objects.filter(district=h.districts()[1])[0]

    assert client_as("district").get(detail(rep)).status_code == 403


def test_it_shows_the_statistics_bureau_every_district(draw, client_as):
    response = client_as("statistics").get(reverse("representatives:roster"))

    districts = {e.representative.district_id for e in response.context["entries"]}
    assert {d.pk for d in h.districts()[:2]} <= districts


def test_it_filters_the_statistics_list_by_district(draw, client_as):
    other = h.districts()[1]

    response = client_as("statistics").get(
        reverse("representatives:roster"), {"district": other.pk}
    )

    assert {e.representative.district_id for e in response.context["entries"]} == {
        other.pk
    }


def test_it_keeps_reviewers_to_their_queue(draw, client_as):
    client = client_as("reviewer")

    for name in PAGES:
        assert client.get(reverse(f"representatives:{name}")).status_code == 403
