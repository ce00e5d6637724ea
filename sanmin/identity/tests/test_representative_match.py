from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.campaigns.models import Campaign
from sanmin.core import crypto
from sanmin.identity.models import SimulatedPerson
from sanmin.identity.tests.conftest import WANG_ID, callback_url_for
from sanmin.representatives.models import Representative

pytestmark = pytest.mark.django_db


def _roster_entry(id_number: str, status: str) -> Representative:
    campaign = Campaign.objects.create(year=2024, title="2024 年三民活动", slug="t2024")
    return Representative.objects.create(
        campaign=campaign,
        id_hash=crypto.keyed_hash(id_number, purpose="id"),
        name_cipher=crypto.cipher().encrypt("王演示"),
        status=status,
        synthetic=True,
    )


def test_it_recognises_a_representative_by_id_hash(
    client: Client, wang: SimulatedPerson
) -> None:
    _roster_entry(WANG_ID, Representative.Status.CONFIRMED)
    response = client.get(callback_url_for(client, wang), follow=True)
    assert "您是本年度“三民”活动市民代表" in response.content.decode()
    event = AuditEvent.objects.get(action="identity.login")
    assert event.detail["representative"] is True


def test_it_does_not_call_a_citizen_off_the_roster_a_representative(
    client: Client, wang: SimulatedPerson
) -> None:
    _roster_entry(WANG_ID, Representative.Status.DECLINED)
    client.get(callback_url_for(client, wang))
    page = client.get(reverse("identity:signed-in")).content.decode()
    assert "市民代表名单中" in page
    assert "您是本年度" not in page
