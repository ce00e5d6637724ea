"""The simulator answers like a provider, and only when it is enabled."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.identity.models import SimulatedPerson
from sanmin.identity.providers.simulator import provider_from_settings
from sanmin.identity.tests.conftest import callback_url_for, query_value

pytestmark = pytest.mark.django_db

SIMULATOR_URLS = [
    "identity:simulator-login",
    "identity:simulator-face",
    "identity:simulator-token",
    "identity:simulator-userinfo",
]


@pytest.mark.parametrize("name", SIMULATOR_URLS)
def test_it_is_not_found_when_disabled(client: Client, settings, name: str) -> None:  # type: ignore[no-untyped-def]
    settings.AISHANDONG_SIMULATOR_ENABLED = False
    assert client.get(reverse(name)).status_code == 404
    assert client.post(reverse(name)).status_code == 404


def test_it_says_sign_in_is_not_configured_when_disabled(
    client: Client, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.AISHANDONG_SIMULATOR_ENABLED = False
    response = client.get(reverse("identity:start"))
    assert response.status_code == 503
    assert "尚未配置" in response.content.decode()


def test_it_trades_a_ticket_once_over_its_http_endpoint(
    client: Client, wang: SimulatedPerson, rf
) -> None:  # type: ignore[no-untyped-def]
    ticket = query_value(callback_url_for(client, wang), "ticket")
    provider = provider_from_settings(request=rf.get("/"))
    url = reverse("identity:simulator-token")

    first = client.post(url, provider.signed_form({"ticket": ticket}))
    second = client.post(url, provider.signed_form({"ticket": ticket}))

    assert first.json()["code"] == "0"
    token = first.json()["data"]["token"]
    assert second.json()["code"] == "40103"
    info = client.post(
        reverse("identity:simulator-userinfo"), provider.signed_form({"token": token})
    ).json()
    assert info["code"] == "0"
    assert info["data"]["userId"] == wang.subject
    assert info["data"]["authLevel"] == "3"


def test_it_refuses_a_bad_signature(client: Client, rf) -> None:  # type: ignore[no-untyped-def]
    provider = provider_from_settings(request=rf.get("/"))
    form = provider.signed_form({"ticket": "ST-whatever-123"})
    form["sign"] = "0" * 64
    answer = client.post(reverse("identity:simulator-token"), form).json()
    assert answer["code"] == "40002"


def test_it_refuses_missing_parameters(client: Client) -> None:
    response = client.post(reverse("identity:simulator-token"), {"ticket": "x"})
    assert response.status_code == 400
    assert response.json()["code"] == "40001"


def test_it_accepts_posts_only(client: Client) -> None:
    assert client.get(reverse("identity:simulator-userinfo")).status_code == 405
