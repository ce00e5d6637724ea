"""Results of a phone call recorded by staff: confirmation (ConfirmedVia.PHONE,
confirmed_by), decline and unreachable — by district staff for their district, by
the statistics bureau for the municipal-level cells."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.representatives.models import Representative
from sanmin.representatives.services.roster import (
    representative_confirm,
    representative_decline,
    representative_mark_unreachable,
)
from sanmin.representatives.tests import roster_helpers as h


@pytest.fixture
def draw(campaign, statistics_user):
    first, second = h.districts()[:2]
    category = h.district_category(campaign)
    return h.built_roster(
        campaign,
        [
            h.CellSpec(category, first, members=2, alternates=1),
            h.CellSpec(category, second, members=1, alternates=1),
            h.CellSpec(h.city_category(campaign), None, members=1),
        ],
        actor=statistics_user,
    )


def rep_in(district):
    return Representative.objects.filter(district=district).exclude(candidate=None)[0]


def municipal_rep():
    return Representative.objects.get(category__level="city")


def test_it_records_a_confirmation_by_phone(draw, district_user, client_as):
    rep = rep_in(district_user.district)

    client_as("district").post(
        reverse("representatives:roster-phone-confirm", args=[rep.pk])
    )

    rep.refresh_from_db()
    assert rep.status == "confirmed"
    assert rep.confirmed_via == Representative.ConfirmedVia.PHONE
    assert rep.confirmed_by == district_user
    event = AuditEvent.objects.get(action="representative.confirm")
    assert event.detail == {"via": "phone", "from": "selected"}


def test_it_refuses_another_districts_representative(draw, client_as):
    rep = rep_in(h.districts()[1])

    response = client_as("district").post(
        reverse("representatives:roster-phone-confirm", args=[rep.pk])
    )

    assert response.status_code == 403
    rep.refresh_from_db()
    assert rep.status == "selected"


def test_it_lets_the_statistics_bureau_act_for_municipal_cells(draw, statistics_user):
    rep = municipal_rep()

    representative_confirm(representative=rep, actor=statistics_user)

    rep.refresh_from_db()
    assert (rep.status, rep.confirmed_by) == ("confirmed", statistics_user)


def test_it_keeps_the_statistics_bureau_out_of_district_cells(draw, statistics_user):
    with pytest.raises(PermissionDenied):
        representative_confirm(
            representative=rep_in(h.districts()[0]), actor=statistics_user
        )


def test_it_refuses_a_second_confirmation(draw, district_user):
    rep = rep_in(district_user.district)
    representative_confirm(representative=rep, actor=district_user)

    with pytest.raises(ValidationError, match="无需重复确认"):
        representative_confirm(representative=rep, actor=district_user)


def test_it_records_a_decline_taken_by_phone(draw, district_user, client_as):
    rep = rep_in(district_user.district)

    client_as("district").post(
        reverse("representatives:roster-decline", args=[rep.pk]),
        {"reason": "身体原因"},
    )

    rep.refresh_from_db()
    assert (rep.status, rep.status_reason) == ("declined", "身体原因")
    event = AuditEvent.objects.get(action="representative.decline")
    assert event.detail["via"] == "phone"


def test_it_marks_a_representative_unreachable(draw, district_user):
    rep = rep_in(district_user.district)

    representative_mark_unreachable(
        representative=rep, actor=district_user, reason="三次无人接听"
    )

    rep.refresh_from_db()
    assert (rep.status, rep.status_reason) == ("unreachable", "三次无人接听")
    assert AuditEvent.objects.filter(action="representative.unreachable").exists()


def test_it_does_not_mark_a_confirmed_representative_unreachable(draw, district_user):
    rep = rep_in(district_user.district)
    representative_confirm(representative=rep, actor=district_user)

    with pytest.raises(ValidationError, match="请登记谢绝"):
        representative_mark_unreachable(representative=rep, actor=district_user)


def test_it_confirms_someone_reached_after_all(draw, district_user):
    rep = rep_in(district_user.district)
    representative_mark_unreachable(representative=rep, actor=district_user)

    representative_confirm(representative=rep, actor=district_user)

    rep.refresh_from_db()
    assert (rep.status, rep.status_reason) == ("confirmed", "")


def test_it_refuses_a_decline_twice(draw, district_user):
    rep = rep_in(district_user.district)
    representative_decline(representative=rep, actor=district_user)

    with pytest.raises(ValidationError, match="已登记谢绝"):
        representative_decline(representative=rep, actor=district_user)


def test_it_refuses_a_long_reason(draw, district_user):
    rep = rep_in(district_user.district)

    with pytest.raises(ValidationError, match="不能超过"):
        representative_decline(
            representative=rep, actor=district_user, reason="长" * 101
        )
    rep.refresh_from_db()
    assert rep.status == "selected"


def test_it_shows_the_error_on_the_page(draw, district_user, client_as):
    rep = rep_in(district_user.district)
    client = client_as("district")
    client.post(reverse("representatives:roster-phone-confirm", args=[rep.pk]))

    response = client.post(
        reverse("representatives:roster-phone-confirm", args=[rep.pk]), follow=True
    )

    assert "无需重复确认" in response.content.decode()
