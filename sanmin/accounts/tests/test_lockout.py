from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from sanmin.accounts.models import User
from sanmin.accounts.tests.flows import (
    current_code,
    post_code,
    post_password,
    sign_in,
    wrong_code,
)
from sanmin.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

START = dt.datetime(2024, 11, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(START, tick=False) as coordinates:
        yield coordinates


def _fail_passwords(client: Client, times: int) -> None:
    for _ in range(times):
        post_password(client, "office-staff", "wrong-password-123")


def test_it_locks_the_account_after_the_limit_of_wrong_passwords(
    client: Client, office_user: User, clock: time_machine.Traveller
) -> None:
    _fail_passwords(client, settings.LOGIN_MAX_FAILURES)

    office_user.refresh_from_db()
    assert office_user.locked_until == START + dt.timedelta(
        minutes=settings.LOGIN_LOCK_MINUTES
    )
    response = post_password(client, "office-staff")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert client.get(reverse("accounts:verify"))["Location"] == reverse(
        "accounts:login"
    )


def test_it_does_not_lock_before_the_limit(
    client: Client, office_user: User, clock: time_machine.Traveller
) -> None:
    _fail_passwords(client, settings.LOGIN_MAX_FAILURES - 1)

    response = post_password(client, "office-staff")

    assert response["Location"] == reverse("accounts:verify")


def test_it_unlocks_when_the_lock_time_has_passed(
    client: Client, office_user: User, clock: time_machine.Traveller
) -> None:
    _fail_passwords(client, settings.LOGIN_MAX_FAILURES)
    clock.shift(dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES, seconds=1))

    response = post_code_after_password(client, office_user)

    assert response["Location"] == reverse("accounts:home")
    office_user.refresh_from_db()
    assert (office_user.failed_logins, office_user.locked_until) == (0, None)


def post_code_after_password(client: Client, user: User) -> Any:
    assert post_password(client, user.username)["Location"] == reverse(
        "accounts:verify"
    )
    return post_code(client, current_code(user))


def test_it_keeps_the_lock_until_the_time_has_passed(
    client: Client, office_user: User, clock: time_machine.Traveller
) -> None:
    _fail_passwords(client, settings.LOGIN_MAX_FAILURES)
    clock.shift(dt.timedelta(minutes=settings.LOGIN_LOCK_MINUTES - 1))

    response = post_password(client, "office-staff")

    assert response.status_code == 200


def test_it_counts_wrong_codes_towards_the_lock(
    client: Client, office_user: User, clock: time_machine.Traveller
) -> None:
    post_password(client, "office-staff")
    for _ in range(settings.LOGIN_MAX_FAILURES - 1):
        assert post_code(client, wrong_code(office_user)).status_code == 200

    response = post_code(client, wrong_code(office_user))

    assert response["Location"] == reverse("accounts:login")
    assert "账号已锁定" in client.get(reverse("accounts:login")).content.decode()
    office_user.refresh_from_db()
    assert office_user.is_locked()


def test_it_mixes_password_and_code_failures(
    client: Client, office_user: User, clock: time_machine.Traveller
) -> None:
    _fail_passwords(client, settings.LOGIN_MAX_FAILURES - 1)
    post_password(client, "office-staff")

    post_code(client, wrong_code(office_user))

    office_user.refresh_from_db()
    assert office_user.is_locked()


def test_it_starts_counting_again_after_a_complete_sign_in(
    client: Client, office_user: User, clock: time_machine.Traveller
) -> None:
    _fail_passwords(client, settings.LOGIN_MAX_FAILURES - 1)
    sign_in(client, office_user)
    client.post(reverse("accounts:logout"))
    clock.shift(dt.timedelta(seconds=30))  # the next code, not the one just used

    _fail_passwords(client, settings.LOGIN_MAX_FAILURES - 1)

    office_user.refresh_from_db()
    assert office_user.failed_logins == settings.LOGIN_MAX_FAILURES - 1
    assert not office_user.is_locked()


def test_it_does_not_count_attempts_while_locked(
    client: Client, office_user: User, clock: time_machine.Traveller
) -> None:
    _fail_passwords(client, settings.LOGIN_MAX_FAILURES)
    locked_until = User.objects.get(pk=office_user.pk).locked_until

    _fail_passwords(client, 3)

    office_user.refresh_from_db()
    assert office_user.locked_until == locked_until
    assert office_user.failed_logins == 0


def test_it_records_failures_and_one_lockout(
    client: Client, office_user: User, clock: time_machine.Traveller
) -> None:
    _fail_passwords(client, settings.LOGIN_MAX_FAILURES + 2)

    failures = AuditEvent.objects.filter(action="auth.login.failed")
    assert [event.detail["reason"] for event in failures] == ["password"] * (
        settings.LOGIN_MAX_FAILURES
    ) + ["locked", "locked"]
    lockout = AuditEvent.objects.get(action="auth.lockout")
    assert lockout.actor_id == office_user.pk
    assert lockout.detail == {
        "failures": settings.LOGIN_MAX_FAILURES,
        "minutes": settings.LOGIN_LOCK_MINUTES,
    }
    assert "wrong-password-123" not in str([e.canonical() for e in failures])


def test_it_uses_the_configured_limit(
    client: Client,
    office_user: User,
    clock: time_machine.Traveller,
    settings: Settings,
) -> None:
    settings.LOGIN_MAX_FAILURES = 2

    _fail_passwords(client, 2)

    office_user.refresh_from_db()
    assert office_user.is_locked()
