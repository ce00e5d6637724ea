from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from sanmin.accounts.models import User
from sanmin.accounts.tests.fixtures import STAFF_PASSWORD
from sanmin.accounts.tests.flows import (
    current_code,
    post_code,
    post_password,
    sign_in,
    wrong_code,
)
from sanmin.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_signs_staff_in_with_password_and_totp(
    client: Client, office_user: User
) -> None:
    response = post_password(client, "office-staff")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:verify")
    # Not signed in between the two steps.
    assert client.get(reverse("accounts:home")).status_code == 302
    assert client.get(reverse("accounts:verify")).status_code == 200

    response = post_code(client, current_code(office_user))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:home")
    home = client.get(reverse("accounts:home"))
    assert home.status_code == 200
    assert "工作台" in home.content.decode()
    signed_in: Any = home.wsgi_request.user
    assert signed_in.is_verified()


def test_it_records_the_sign_in_without_secrets(
    client: Client, office_user: User
) -> None:
    code = current_code(office_user)
    post_password(client, "office-staff")
    post_code(client, code)

    event = AuditEvent.objects.get(action="auth.login")
    assert event.actor_id == office_user.pk
    assert event.outcome == "success"
    stored = str(event.canonical())
    assert STAFF_PASSWORD not in stored
    assert code not in stored


def test_it_refuses_a_wrong_code(client: Client, office_user: User) -> None:
    post_password(client, "office-staff")

    response = post_code(client, wrong_code(office_user))

    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()
    assert client.get(reverse("accounts:home")).status_code == 302
    office_user.refresh_from_db()
    assert office_user.failed_logins == 1
    failure = AuditEvent.objects.get(action="auth.login.failed")
    assert failure.detail == {"reason": "otp"}


def test_it_accepts_the_right_code_after_a_wrong_one(
    client: Client, office_user: User
) -> None:
    with time_machine.travel(dt.datetime(2024, 11, 1, 9, 0, tzinfo=dt.UTC)) as clock:
        post_password(client, "office-staff")
        post_code(client, wrong_code(office_user))
        clock.shift(dt.timedelta(seconds=31))  # past django-otp's 1 s throttle

        response = post_code(client, current_code(office_user))

    assert response["Location"] == reverse("accounts:home")
    office_user.refresh_from_db()
    assert office_user.failed_logins == 0


def test_it_refuses_a_replayed_code(office_user: User) -> None:
    with time_machine.travel(dt.datetime(2024, 11, 1, 9, 0, tzinfo=dt.UTC)):
        code = current_code(office_user)
        first, second = Client(), Client()
        post_password(first, "office-staff")
        assert post_code(first, code)["Location"] == reverse("accounts:home")

        post_password(second, "office-staff")
        response = post_code(second, code)

    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()


def _page(response: Any, username: str) -> str:
    """The page without what differs by design: the name typed, the CSRF token."""
    text = response.content.decode().replace(username, "")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


def test_it_gives_the_same_answer_for_unknown_names_and_wrong_passwords(
    client: Client, office_user: User
) -> None:
    unknown = post_password(client, "nobody", "whatever-password")
    wrong = post_password(client, "office-staff", "wrong-password-123")

    assert unknown.status_code == wrong.status_code == 200
    assert "用户名或密码不正确" in unknown.content.decode()
    assert _page(unknown, "nobody") == _page(wrong, "office-staff")


def test_it_records_failed_sign_ins_of_unknown_names_masked(client: Client) -> None:
    post_password(client, "370202198001010011", "whatever-password")

    event = AuditEvent.objects.get(action="auth.login.failed")
    assert event.detail == {"reason": "unknown-user"}
    assert "370202198001010011" not in event.actor_label
    assert event.actor_label.startswith("3702")


def test_it_refuses_citizens(client: Client, citizen_user: User) -> None:
    citizen_user.set_password(STAFF_PASSWORD)
    citizen_user.save()

    response = post_password(client, citizen_user.username)

    assert response.status_code == 200
    assert "爱山东" in response.content.decode()
    assert reverse("accounts:verify") not in response.get("Location", "")
    assert client.get(reverse("accounts:verify"))["Location"] == reverse(
        "accounts:login"
    )
    event = AuditEvent.objects.get(action="auth.login.failed")
    assert event.detail == {"reason": "citizen"}


def test_it_refuses_citizens_without_a_password_like_anyone(
    client: Client, citizen_user: User
) -> None:
    response = post_password(client, citizen_user.username, "anything-at-all")

    assert "用户名或密码不正确" in response.content.decode()


def test_it_refuses_disabled_accounts(client: Client, office_user: User) -> None:
    User.objects.filter(pk=office_user.pk).update(is_active=False)

    response = post_password(client, "office-staff")

    assert "用户名或密码不正确" in response.content.decode()
    assert AuditEvent.objects.get(action="auth.login.failed").detail == {
        "reason": "inactive"
    }


def test_it_forgets_a_password_step_left_too_long(
    client: Client, office_user: User
) -> None:
    with time_machine.travel(dt.datetime(2024, 11, 1, 9, 0, tzinfo=dt.UTC)) as clock:
        post_password(client, "office-staff")
        clock.shift(dt.timedelta(minutes=6))

        response = post_code(client, current_code(office_user))

    assert response["Location"] == reverse("accounts:login")
    assert client.get(reverse("accounts:home")).status_code == 302


def test_it_goes_to_a_safe_next_page_after_sign_in(
    client: Client, office_user: User
) -> None:
    post_password(client, "office-staff", next="/accounts/password/")
    response = post_code(client, current_code(office_user))
    assert response["Location"] == "/accounts/password/"


def test_it_ignores_a_next_page_on_another_site(
    client: Client, office_user: User
) -> None:
    post_password(client, "office-staff", next="https://evil.example/")
    response = post_code(client, current_code(office_user))
    assert response["Location"] == reverse("accounts:home")


def test_it_sends_a_signed_in_member_of_staff_home(
    client: Client, office_user: User
) -> None:
    sign_in(client, office_user)

    response = client.get(reverse("accounts:login"))

    assert response["Location"] == reverse("accounts:home")


def test_it_sends_staff_to_sign_in_from_a_staff_page(client: Client) -> None:
    response = client.get(reverse("accounts:home"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")
