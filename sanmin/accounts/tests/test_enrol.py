from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.accounts.models import User
from sanmin.accounts.selectors import user_totp_device
from sanmin.accounts.tests.fixtures import make_staff
from sanmin.accounts.tests.flows import post_password
from sanmin.accounts.totp import totp_code
from sanmin.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(db: None) -> User:
    return make_staff(role="statistics", username="newcomer", device=False)


def test_it_sends_staff_without_a_device_to_enrolment(
    client: Client, newcomer: User
) -> None:
    response = post_password(client, "newcomer")

    assert response["Location"] == reverse("accounts:enrol")
    assert client.get(reverse("accounts:verify"))["Location"] == reverse(
        "accounts:enrol"
    )


def test_it_shows_the_otpauth_uri_and_an_inline_qr_code(
    client: Client, newcomer: User
) -> None:
    post_password(client, "newcomer")

    page = client.get(reverse("accounts:enrol")).content.decode()

    assert "otpauth://totp/" in page
    assert "<svg" in page
    device = user_totp_device(user=newcomer, confirmed=False)
    assert device is not None
    assert device.config_url.replace("&", "&amp;") in page


def test_it_keeps_the_same_secret_when_the_page_is_reloaded(
    client: Client, newcomer: User
) -> None:
    post_password(client, "newcomer")
    client.get(reverse("accounts:enrol"))
    first = user_totp_device(user=newcomer, confirmed=False)

    client.get(reverse("accounts:enrol"))

    assert user_totp_device(user=newcomer, confirmed=False) == first


def test_it_confirms_the_device_with_a_code_and_signs_in(
    client: Client, newcomer: User
) -> None:
    post_password(client, "newcomer")
    client.get(reverse("accounts:enrol"))
    device = user_totp_device(user=newcomer, confirmed=False)
    assert device is not None

    response = client.post(reverse("accounts:enrol"), {"token": totp_code(device)})

    assert response["Location"] == reverse("accounts:home")
    assert user_totp_device(user=newcomer) == device
    assert client.get(reverse("accounts:home")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.totp.enrol").count() == 1
    assert AuditEvent.objects.filter(action="auth.login").count() == 1


def test_it_refuses_a_wrong_code_at_enrolment(client: Client, newcomer: User) -> None:
    post_password(client, "newcomer")
    client.get(reverse("accounts:enrol"))
    device = user_totp_device(user=newcomer, confirmed=False)
    assert device is not None
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("accounts:enrol"), {"token": wrong})

    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()
    assert user_totp_device(user=newcomer) is None
    newcomer.refresh_from_db()
    assert newcomer.failed_logins == 1


def test_it_does_not_enrol_without_the_password_step(
    client: Client, newcomer: User
) -> None:
    response = client.get(reverse("accounts:enrol"))

    assert response["Location"] == reverse("accounts:login")
    assert user_totp_device(user=newcomer, confirmed=False) is None
