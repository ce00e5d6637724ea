"""Bad callbacks: a Chinese error page, nothing stored, one audit event."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanmin.accounts.models import Role, User
from sanmin.audit.models import AuditEvent, Outcome
from sanmin.identity.models import ConsumedTicket, SimulatedPerson
from sanmin.identity.providers.simulator import provider_from_settings
from sanmin.identity.simulator.services import simulator_token_reply
from sanmin.identity.tests.conftest import callback_url_for, query_value, replace_query

pytestmark = pytest.mark.django_db


def assert_refused(response, *, status: int, text: str, reason: str) -> AuditEvent:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    assert text in response.content.decode()
    assert "_auth_user_id" not in response.wsgi_request.session
    event = AuditEvent.objects.filter(action="identity.login").order_by("-id").first()
    assert event is not None
    assert event.detail["reason"] == reason
    return event


def assert_nothing_stored() -> None:
    assert not User.objects.filter(role=Role.CITIZEN).exists()
    assert not ConsumedTicket.objects.exists()


def test_it_refuses_a_state_that_does_not_match(
    client: Client, wang: SimulatedPerson
) -> None:
    callback = callback_url_for(client, wang)
    response = client.get(replace_query(callback, state="forged"))
    event = assert_refused(
        response, status=403, text="请从本平台重新登录", reason="state-mismatch"
    )
    assert event.outcome == Outcome.FAILURE
    assert_nothing_stored()
    # The state was single use: the genuine callback no longer works either.
    again = client.get(callback)
    assert_refused(again, status=403, text="重新登录", reason="state-missing")
    assert_nothing_stored()


def test_it_refuses_a_callback_without_state(
    client: Client, wang: SimulatedPerson
) -> None:
    callback = callback_url_for(client, wang)
    response = client.get(replace_query(callback, state=None))
    assert_refused(response, status=403, text="重新登录", reason="state-missing")
    assert_nothing_stored()


def test_it_refuses_a_callback_from_another_browser(
    client: Client, wang: SimulatedPerson
) -> None:
    callback = callback_url_for(client, wang)
    response = Client().get(callback)
    assert_refused(response, status=403, text="重新登录", reason="state-missing")
    assert_nothing_stored()


def test_it_refuses_a_state_that_is_too_old(
    client: Client, wang: SimulatedPerson
) -> None:
    callback = callback_url_for(client, wang)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11), tick=False):
        response = client.get(callback)
    assert_refused(response, status=403, text="重新登录", reason="state-expired")
    assert_nothing_stored()


def test_it_refuses_a_replayed_ticket(client: Client, wang: SimulatedPerson) -> None:
    callback = callback_url_for(client, wang)
    assert client.get(callback).status_code == 302

    attacker = Client()
    start = attacker.get(reverse("identity:start"))
    state = query_value(query_value(start["Location"], "gotoUrl"), "state")
    response = attacker.get(replace_query(callback, state=state))

    event = assert_refused(
        response, status=400, text="已经使用过", reason="ticket-replayed"
    )
    assert event.outcome == Outcome.FAILURE
    assert User.objects.filter(role=Role.CITIZEN).count() == 1
    assert ConsumedTicket.objects.count() == 1


def test_it_refuses_a_ticket_the_provider_has_already_redeemed(
    client: Client, wang: SimulatedPerson, rf
) -> None:  # type: ignore[no-untyped-def]
    callback = callback_url_for(client, wang)
    # Someone else trades the ticket first, straight at the provider.
    provider = provider_from_settings(request=rf.get("/"))
    form = provider.signed_form({"ticket": query_value(callback, "ticket")})
    assert simulator_token_reply(form=form).payload["code"] == "0"

    response = client.get(callback)

    event = assert_refused(
        response, status=400, text="无效或已过期", reason="ticket-rejected"
    )
    assert event.detail["provider_code"] == "40103"
    assert_nothing_stored()


def test_it_refuses_a_tampered_ticket(client: Client, wang: SimulatedPerson) -> None:
    callback = callback_url_for(client, wang)
    ticket = query_value(callback, "ticket")
    response = client.get(replace_query(callback, ticket=ticket[:-4] + "AAAA"))
    event = assert_refused(
        response, status=400, text="无效或已过期", reason="ticket-rejected"
    )
    assert event.detail["provider_code"] == "40101"
    assert_nothing_stored()


def test_it_refuses_a_malformed_or_missing_ticket(
    client: Client, wang: SimulatedPerson
) -> None:
    callback = callback_url_for(client, wang)
    response = client.get(replace_query(callback, ticket="<script>"))
    assert_refused(response, status=400, text="无效或已过期", reason="ticket-rejected")

    callback = callback_url_for(client, wang)
    response = client.get(replace_query(callback, ticket=None))
    assert_refused(response, status=400, text="缺少登录凭证", reason="ticket-missing")
    assert_nothing_stored()


def test_it_refuses_an_expired_ticket(client: Client, wang: SimulatedPerson) -> None:
    callback = callback_url_for(client, wang)
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=3), tick=False):
        response = client.get(callback)
    event = assert_refused(
        response, status=400, text="无效或已过期", reason="ticket-rejected"
    )
    assert event.detail["provider_code"] == "40102"
    assert_nothing_stored()


def test_it_denies_a_verification_level_below_the_minimum(
    client: Client, li_low_level: SimulatedPerson
) -> None:
    callback = callback_url_for(client, li_low_level)
    response = client.get(callback)
    event = assert_refused(
        response,
        status=403,
        text="实名认证等级为 2 级，本平台要求 3 级及以上",
        reason="level-too-low",
    )
    assert event.outcome == Outcome.DENIED
    assert event.detail["level"] == 2
    assert event.detail["required"] == 3
    assert_nothing_stored()


def test_it_honours_a_lower_configured_minimum(
    client: Client, li_low_level: SimulatedPerson, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.AISHANDONG_MIN_LEVEL = 2
    response = client.get(callback_url_for(client, li_low_level))
    assert response.status_code == 302
    assert User.objects.get(role=Role.CITIZEN).verification_level == 2


def test_it_refuses_a_citizen_whose_subject_belongs_to_staff(
    client: Client, wang: SimulatedPerson
) -> None:
    User.objects.create(
        username="office",
        role=Role.OFFICE,
        idp_subject=wang.subject,
    )
    response = client.get(callback_url_for(client, wang))
    event = assert_refused(
        response, status=403, text="账号信息与平台记录不一致", reason="account-conflict"
    )
    assert event.outcome == Outcome.DENIED
    assert not ConsumedTicket.objects.exists()
