"""Building the roster from a drawn panel: every member once, copied from the
candidate; refused twice, before the draw, or by anyone but the statistics bureau."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.representatives.models import Draw, DrawEntry, Representative
from sanmin.representatives.services.roster import roster_build
from sanmin.representatives.tests import roster_helpers as h


@pytest.fixture
def draw(campaign, statistics_user):
    first, second = h.districts()[:2]
    category = h.district_category(campaign)
    return h.drawn_panel(
        campaign,
        [
            h.CellSpec(category, first, members=3, alternates=2),
            h.CellSpec(category, second, members=2, alternates=1),
            h.CellSpec(h.city_category(campaign), None, members=2),
        ],
        actor=statistics_user,
    )


def test_it_puts_every_member_on_the_roster_once(draw, statistics_user):
    made = roster_build(draw=draw, actor=statistics_user)

    members = DrawEntry.objects.filter(draw=draw, role=DrawEntry.Role.MEMBER)
    roster = Representative.objects.filter(campaign=draw.campaign, roster="public")
    drawn = roster.filter(candidate__isnull=False)
    assert made == members.count() == 7
    assert set(drawn.values_list("candidate_id", flat=True)) == set(
        members.values_list("candidate_id", flat=True)
    )
    assert set(drawn.values_list("status", flat=True)) == {"selected"}


def test_it_copies_the_candidate_into_the_entry(draw, statistics_user):
    roster_build(draw=draw, actor=statistics_user)

    entry = DrawEntry.objects.filter(draw=draw, role="member")[0]
    rep = Representative.objects.get(candidate=entry.candidate)
    candidate = entry.candidate
    assert rep.cell == entry.cell
    assert (rep.id_hash, rep.name_cipher, rep.phone_cipher) == (
        candidate.id_hash,
        candidate.name_cipher,
        candidate.phone_cipher,
    )
    assert (rep.district, rep.category) == (candidate.district, candidate.category)
    assert rep.unit == candidate.organisation


def test_it_keeps_alternates_off_the_roster(draw, statistics_user):
    roster_build(draw=draw, actor=statistics_user)

    alternates = DrawEntry.objects.filter(draw=draw, role="alternate")
    assert not Representative.objects.filter(
        candidate__in=alternates.values("candidate")
    ).exists()


def test_it_refuses_to_build_twice(draw, statistics_user):
    roster_build(draw=draw, actor=statistics_user)

    with pytest.raises(ValidationError, match="不能重复生成"):
        roster_build(draw=draw, actor=statistics_user)
    assert Representative.objects.filter(candidate__isnull=False).count() == 7


def test_it_refuses_a_draw_not_drawn_yet(draw, statistics_user):
    Draw.objects.filter(pk=draw.pk).update(state=Draw.State.VOID)
    draw.refresh_from_db()

    with pytest.raises(ValidationError, match="抽取尚未完成"):
        roster_build(draw=draw, actor=statistics_user)
    assert not Representative.objects.filter(candidate__isnull=False).exists()


def test_it_refuses_anyone_but_the_statistics_bureau(draw, office_user):
    with pytest.raises(PermissionDenied):
        roster_build(draw=draw, actor=office_user)


def test_it_records_the_build(draw, statistics_user):
    roster_build(draw=draw, actor=statistics_user)

    event = AuditEvent.objects.get(action="roster.build")
    assert event.detail == {"draw": draw.pk, "members": 7, "cells": 3}


def test_it_builds_from_the_roster_page(draw, client_as):
    response = client_as("statistics").post(reverse("representatives:roster-build"))

    assert response.status_code == 302
    assert Representative.objects.filter(candidate__isnull=False).count() == 7
