"""A small cast of synthetic people and a walk through the simulator's pages."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.core.personal import make_id_number
from sanmin.identity.models import SimulatedPerson
from sanmin.identity.services import simulated_person_create

WANG_ID = make_id_number("370202", dt.date(1980, 5, 17), 123)
WANG_PHONE = "13800001234"
LI_ID = make_id_number("370203", dt.date(1991, 11, 2), 456)


@pytest.fixture(autouse=True)
def simulator_settings(settings):  # type: ignore[no-untyped-def]
    settings.IDENTITY_PROVIDER = "simulator"
    settings.AISHANDONG_SIMULATOR_ENABLED = True
    settings.AISHANDONG_SIMULATOR_TRANSPORT = "local"
    settings.AISHANDONG_SIMULATOR_URL = ""
    settings.AISHANDONG_APP_MARK = "sanmin"
    settings.AISHANDONG_APP_SECRET = ""
    settings.AISHANDONG_MIN_LEVEL = 3
    return settings


@pytest.fixture
def wang(db: None) -> SimulatedPerson:
    return simulated_person_create(name="王演示", id_number=WANG_ID, phone=WANG_PHONE)


@pytest.fixture
def li_low_level(db: None) -> SimulatedPerson:
    return simulated_person_create(
        name="李演示", id_number=LI_ID, phone="", verification_level=2
    )


def callback_url_for(
    client: Client,
    person: SimulatedPerson,
    *,
    next_url: str = "/identity/signed-in/",
    bodies: list[bytes] | None = None,
) -> str:
    """Start a sign-in and pass the simulator's pages; return the ticket callback URL."""
    seen = bodies if bodies is not None else []
    response = client.get(reverse("identity:start"), {"next": next_url})
    assert response.status_code == 302
    login_page = client.get(response["Location"])
    assert login_page.status_code == 200
    seen.append(login_page.content)
    response = client.post(reverse("identity:simulator-login"), {"person": person.pk})
    assert response["Location"] == reverse("identity:simulator-face")
    seen.append(client.get(reverse("identity:simulator-face")).content)
    client.post(reverse("identity:simulator-face"), {"action": "scan"})
    passed = client.get(reverse("identity:simulator-face"))
    assert "识别通过" in passed.content.decode()
    seen.append(passed.content)
    response = client.post(reverse("identity:simulator-face"), {"action": "confirm"})
    assert response.status_code == 302
    return str(response["Location"])


def replace_query(url: str, **changes: str | None) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return urlunsplit(parts._replace(query=urlencode(query)))


def query_value(url: str, key: str) -> str:
    return parse_qs(urlsplit(url).query)[key][0]
