"""The session and the signed-in user, read together in one plain statement
(sanmin/accounts/sessions.py, backends.py, middleware.py): what Django's own reads
decide."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sanmin.accounts.models import SignedInSession as Session


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


def test_the_session_and_its_user_are_read_in_one_statement(citizen_user):
    client = _signed_in(citizen_user)
    assert Session.objects.get().user_id == citizen_user.pk
    with CaptureQueriesContext(connection) as queries:
        assert _is_signed_in(client)
    reads = [q["sql"] for q in queries.captured_queries]
    sessions = [sql for sql in reads if Session._meta.db_table in sql]
    assert len(sessions) == 1 and "JOIN" in sessions[0]
    assert not [
        sql for sql in reads if sql.lstrip().startswith('SELECT "accounts_user"')
    ]


def test_a_session_naming_another_user_than_its_row_is_not_taken_for_it(
    citizen_user, office_user
):
    """The backend takes the row read with the session only for the user the
    session's data names; otherwise Django's checks run on a fresh read."""
    client = _signed_in(citizen_user)
    Session.objects.update(user=office_user)

    page = client.get(reverse("reporting:home"))
    assert page.wsgi_request.user.pk == citizen_user.pk


def test_signing_out_leaves_no_user_on_the_session(citizen_user):
    client = _signed_in(citizen_user)
    client.logout()

    assert not Session.objects.filter(user=citizen_user).exists()


def test_ending_an_account_ends_its_sessions(citizen_user):
    _signed_in(citizen_user)
    citizen_user.delete()

    assert not Session.objects.exists()
