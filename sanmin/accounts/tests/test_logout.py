from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.accounts.models import User
from sanmin.accounts.tests.fixtures import verified_client
from sanmin.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_signs_out_on_post_and_records_it(office_user: User) -> None:
    client = verified_client(office_user)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert client.get(reverse("accounts:home")).status_code == 302
    event = AuditEvent.objects.get(action="auth.logout")
    assert event.actor_id == office_user.pk


def test_it_does_not_sign_out_on_get(office_user: User) -> None:
    client = verified_client(office_user)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(reverse("accounts:home")).status_code == 200


def test_it_signs_out_citizens_too(citizen_user: User) -> None:
    client = verified_client(citizen_user)

    client.post(reverse("accounts:logout"))

    assert not client.get("/healthz").wsgi_request.user.is_authenticated


def test_it_records_nothing_for_anonymous_visitors(client: Client) -> None:
    client.post(reverse("accounts:logout"))

    assert not AuditEvent.objects.filter(action="auth.logout").exists()
