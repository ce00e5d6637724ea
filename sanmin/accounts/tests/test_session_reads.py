"""The session and the signed-in user, each read with one plain statement
(sanmin/accounts/sessions.py, backends.py): what Django's own reads decide."""

from __future__ import annotations

import datetime as dt

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _is_signed_in(client: Client) -> bool:
    page = client.get(reverse("reporting:home"))
    assert page.status_code == 200
    return bool(page.wsgi_request.user.is_authenticated)


def test_a_signed_in_citizen_stays_signed_in(citizen_user):
    assert _is_signed_in(_signed_in(citizen_user))


def test_an_expired_session_signs_nobody_in(citizen_user):
    client = _signed_in(citizen_user)
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))

    assert not _is_signed_in(client)


def test_an_unknown_session_key_signs_nobody_in(citizen_user):
    client = _signed_in(citizen_user)
    Session.objects.all().delete()

    assert not _is_signed_in(client)


def test_a_deactivated_account_is_signed_out(citizen_user):
    client = _signed_in(citizen_user)
    citizen_user.is_active = False
    citizen_user.save(update_fields=["is_active"])

    assert not _is_signed_in(client)


def test_a_changed_password_ends_other_sessions(citizen_user):
    client = _signed_in(citizen_user)
    citizen_user.set_password("another-long-password")
    citizen_user.save(update_fields=["password"])

    assert not _is_signed_in(client)
