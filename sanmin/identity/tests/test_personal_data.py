"""ID and mobile numbers appear nowhere but masked: pages, audit rows, logs."""

from __future__ import annotations

import json
import logging

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.identity.models import SimulatedPerson
from sanmin.identity.tests.conftest import (
    WANG_ID,
    WANG_PHONE,
    callback_url_for,
    replace_query,
)

pytestmark = pytest.mark.django_db


def test_it_shows_id_and_phone_only_masked(
    client: Client, wang: SimulatedPerson, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    bodies: list[bytes] = []
    callback = callback_url_for(client, wang, bodies=bodies)
    bodies.append(client.get(callback, follow=True).content)
    signed_in = client.get(reverse("identity:signed-in")).content.decode()
    assert "138****1234" in signed_in
    assert f"3702**********{WANG_ID[-4:]}" in signed_in
    bodies.append(signed_in.encode())
    # and a refused attempt, which logs and audits too
    client.post(reverse("identity:logout"))
    bad = callback_url_for(client, wang, bodies=bodies)
    bodies.append(client.get(replace_query(bad, state="forged")).content)

    for body in bodies:
        text = body.decode()
        assert WANG_ID not in text
        assert WANG_PHONE not in text
    for event in AuditEvent.objects.all():
        row = json.dumps(
            [event.detail, event.object_id, event.actor_label], ensure_ascii=False
        )
        assert WANG_ID not in row
        assert WANG_PHONE not in row
    assert WANG_ID not in caplog.text
    assert WANG_PHONE not in caplog.text


def test_it_stores_id_and_phone_encrypted(wang: SimulatedPerson) -> None:
    assert WANG_ID not in wang.id_cipher
    assert WANG_PHONE not in wang.phone_cipher
    assert wang.id_number == WANG_ID
    assert repr(wang) == "<SimulatedPerson: 王演示（演示数据）>"
