"""The representative's own page: signed in through 爱山东, matched by the keyed ID
hash, they confirm (确认参加) or decline (谢绝) with an optional reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanmin.accounts.tests.fixtures import make_citizen, verified_client
from sanmin.audit.models import AuditEvent
from sanmin.core import crypto
from sanmin.representatives.models import Representative
from sanmin.representatives.services.roster import roster_freeze
from sanmin.representatives.tests import roster_helpers as h

URL = "/representatives/confirm/"


@pytest.fixture
def rep(campaign, statistics_user):
    draw = h.built_roster(
        campaign,
        [h.CellSpec(h.district_category(campaign), h.districts()[0], 2, 1)],
        actor=statistics_user,
    )
    return Representative.objects.filter(campaign=draw.campaign).exclude(
        candidate=None
    )[0]


@pytest.fixture
def person(rep):
    """The citizen whose ID number is that of `rep` (as 爱山东 would sign them in)."""
    citizen = make_citizen(serial=900)
    number = crypto.cipher().decrypt(rep.candidate.id_cipher)
    citizen.set_id_number(number)
    citizen.save()
    return verified_client(citizen)


def test_it_is_the_link_of_the_sms():
    assert reverse("representatives:roster-confirm") == URL


def test_it_shows_the_representative_their_entry(person, rep):
    response = person.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "确认参加" in page
    assert rep.category.name in page


def test_it_confirms_online(person, rep):
    response = person.post(URL, {"action": "confirm"}, follow=True)

    rep.refresh_from_db()
    assert rep.status == "confirmed"
    assert rep.confirmed_via == Representative.ConfirmedVia.SELF
    assert rep.confirmed_at is not None
    assert "已确认参加" in response.content.decode()
    assert AuditEvent.objects.filter(action="representative.confirm").exists()


def test_it_declines_with_a_reason(person, rep):
    person.post(URL, {"action": "decline", "reason": "出差在外地"})

    rep.refresh_from_db()
    assert (rep.status, rep.status_reason) == ("declined", "出差在外地")
    event = AuditEvent.objects.get(action="representative.decline")
    assert event.detail == {"via": "self", "from": "selected", "reason": "出差在外地"}


def test_it_declines_after_confirming(person, rep):
    person.post(URL, {"action": "confirm"})
    person.post(URL, {"action": "decline"})

    rep.refresh_from_db()
    assert rep.status == "declined"
    assert rep.confirmed_at is None


def test_it_refuses_a_phone_number_in_the_reason(person, rep):
    response = person.post(
        URL, {"action": "decline", "reason": "请打13912345678"}, follow=True
    )

    rep.refresh_from_db()
    assert rep.status == "selected"
    assert "不要填写手机号码" in response.content.decode()


def test_it_refuses_a_decline_once_frozen(person, rep, campaign, statistics_user):
    campaign.min_representatives = 1
    campaign.save()
    h.sessions_ahead(campaign)
    roster_freeze(campaign=campaign, actor=statistics_user)

    response = person.post(URL, {"action": "decline"}, follow=True)

    rep.refresh_from_db()
    assert rep.status == "selected"
    assert "名单已冻结" in response.content.decode()


def test_it_still_confirms_once_frozen(person, rep, campaign, statistics_user):
    campaign.min_representatives = 1
    campaign.save()
    h.sessions_ahead(campaign)
    roster_freeze(campaign=campaign, actor=statistics_user)

    person.post(URL, {"action": "confirm"})

    rep.refresh_from_db()
    assert rep.status == "confirmed"


def test_it_tells_a_citizen_not_on_the_roster(campaign, citizen_user):
    response = verified_client(citizen_user).get(URL)

    assert response.status_code == 403
    assert "不在本年度市民代表名单中" in response.content.decode()


def test_it_tells_a_replaced_representative(person, rep):
    Representative.objects.filter(pk=rep.pk).update(status="replaced")

    page = person.get(URL).content.decode()

    assert "已由备选代表替补" in page
    assert "确认参加</button>" not in page


def test_it_sends_the_anonymous_to_the_aishandong_sign_in(db, campaign, client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:start"))
