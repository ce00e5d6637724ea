from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.accounts.models import User
from sanmin.accounts.tests.fixtures import STAFF_PASSWORD, verified_client
from sanmin.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "换一个-Passw0rd-2024"


def test_it_changes_the_password_and_keeps_the_session(office_user: User) -> None:
    client = verified_client(office_user)

    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": STAFF_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response["Location"] == reverse("accounts:home")
    assert client.get(reverse("accounts:home")).status_code == 200
    office_user.refresh_from_db()
    assert office_user.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="auth.password.change")
    assert NEW_PASSWORD not in str(event.canonical())


def test_it_refuses_a_wrong_old_password(office_user: User) -> None:
    response = verified_client(office_user).post(
        reverse("accounts:password-change"),
        {
            "old_password": "not-the-password",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 200
    office_user.refresh_from_db()
    assert office_user.check_password(STAFF_PASSWORD)


def test_it_asks_for_the_second_factor_on_staff_pages(office_user: User) -> None:
    client = Client()
    client.force_login(office_user)  # a password-only session

    response = client.get(reverse("accounts:password-change"))

    assert response["Location"].startswith(reverse("accounts:login"))
