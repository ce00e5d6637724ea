"""The selection SMS (代表选聘通知): one per selected representative, never twice,
with the link to the confirm page; district staff for their district only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.notifications.catalogue import template_get
from sanmin.notifications.models import Message
from sanmin.representatives.models import Representative
from sanmin.representatives.services.roster import (
    SELECTED_SMS,
    confirm_link,
    representative_confirm,
    roster_notify,
)
from sanmin.representatives.tests import roster_helpers as h


@pytest.fixture
def draw(campaign, statistics_user, district_user):
    first, second = h.districts()[:2]
    category = h.district_category(campaign)
    return h.built_roster(
        campaign,
        [
            h.CellSpec(category, first, members=3),
            h.CellSpec(category, second, members=2),
        ],
        actor=statistics_user,
    )


def drawn(campaign, district=None):
    entries = Representative.objects.filter(campaign=campaign, candidate__isnull=False)
    return entries.filter(district=district) if district else entries


def test_it_queues_one_message_per_selected_representative(
    campaign, draw, statistics_user
):
    result = roster_notify(campaign=campaign, actor=statistics_user)

    assert (result.queued, result.without_phone) == (5, 0)
    messages = Message.objects.filter(template=SELECTED_SMS)
    assert messages.count() == 5
    assert all(m.params == {"year": "2024", "link": confirm_link()} for m in messages)
    assert not drawn(campaign).filter(notified_at__isnull=True).exists()


def test_it_sends_the_link_of_the_confirm_page(campaign, draw, statistics_user):
    roster_notify(campaign=campaign, actor=statistics_user)

    message = Message.objects.filter(template=SELECTED_SMS)[0]
    text = template_get(SELECTED_SMS).render(message.params)
    assert confirm_link().endswith(reverse("representatives:roster-confirm"))
    assert confirm_link() in text
    assert "2024年" in text


def test_it_never_notifies_anyone_twice(campaign, draw, statistics_user):
    roster_notify(campaign=campaign, actor=statistics_user)
    again = roster_notify(campaign=campaign, actor=statistics_user)

    assert again.queued == 0
    assert Message.objects.filter(template=SELECTED_SMS).count() == 5


def test_it_relies_on_the_outbox_key_when_the_mark_is_lost(
    campaign, draw, statistics_user
):
    roster_notify(campaign=campaign, actor=statistics_user)
    drawn(campaign).update(notified_at=None)

    again = roster_notify(campaign=campaign, actor=statistics_user)

    assert again.queued == 0
    assert not drawn(campaign).filter(notified_at__isnull=True).exists()
    assert Message.objects.filter(template=SELECTED_SMS).count() == 5


def test_it_skips_confirmed_representatives(campaign, draw, district_user):
    rep = drawn(campaign, district_user.district).first()
    representative_confirm(representative=rep, actor=district_user)

    result = roster_notify(campaign=campaign, actor=district_user)

    assert result.queued == 2
    rep.refresh_from_db()
    assert rep.notified_at is None


def test_it_counts_those_without_a_phone(campaign, statistics_user):
    h.built_roster(
        campaign,
        [h.CellSpec(h.district_category(campaign), h.districts()[0], 2, 0, False)],
        actor=statistics_user,
    )

    result = roster_notify(campaign=campaign, actor=statistics_user)

    assert (result.queued, result.without_phone) == (0, 2)
    assert not Message.objects.exists()
    assert not drawn(campaign).filter(notified_at__isnull=False).exists()


def test_it_limits_district_staff_to_their_district(campaign, draw, district_user):
    result = roster_notify(
        campaign=campaign, actor=district_user, district=h.districts()[1]
    )

    assert result.queued == 3
    notified = drawn(campaign).filter(notified_at__isnull=False)
    assert set(notified.values_list("district", flat=True)) == {
        district_user.district_id
    }


def test_it_refuses_other_roles(campaign, draw, department_user, office_user):
    for user in (department_user, office_user):
        with pytest.raises(PermissionDenied):
            roster_notify(campaign=campaign, actor=user)
    assert not Message.objects.exists()


def test_it_records_counts_only(campaign, draw, district_user):
    roster_notify(campaign=campaign, actor=district_user)

    event = AuditEvent.objects.get(action="roster.notify")
    assert event.detail == {
        "district": district_user.district.code,
        "queued": 3,
        "without_phone": 0,
    }


def test_it_notifies_from_the_roster_page(campaign, draw, client_as):
    response = client_as("district").post(reverse("representatives:roster-notify"))

    assert response.status_code == 302
    assert Message.objects.filter(template=SELECTED_SMS).count() == 3
