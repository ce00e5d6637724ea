from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sanmin.accounts.models import User
from sanmin.accounts.selectors import user_totp_device
from sanmin.accounts.tests.fixtures import verified_client
from sanmin.admin_site import SanminAdminSite
from sanmin.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_installs_the_sanmin_admin_site() -> None:
    assert isinstance(admin.site, SanminAdminSite), (
        "INSTALLED_APPS must name 'sanmin.admin_site.SanminAdminConfig' in place of "
        "'django.contrib.admin', so that the admin requires an admin role and TOTP"
    )


def test_it_opens_the_admin_to_verified_office_staff(office_user: User) -> None:
    response = verified_client(office_user).get(reverse("admin:index"))

    assert response.status_code == 200
    assert "管理后台" in response.content.decode()


def test_it_opens_the_admin_to_verified_operators(operator_user: User) -> None:
    response = verified_client(operator_user).get(reverse("admin:index"))

    assert response.status_code == 200


def test_it_refuses_the_admin_to_department_staff(department_user: User) -> None:
    response = verified_client(department_user).get(reverse("admin:index"))

    assert response.status_code == 403
    event = AuditEvent.objects.get(action="access.denied")
    assert event.actor_id == department_user.pk
    assert event.detail == {"reason": "admin-role"}


def test_it_refuses_the_admin_to_citizens(citizen_user: User) -> None:
    response = verified_client(citizen_user).get(reverse("admin:index"))

    assert response.status_code == 403


def test_it_asks_for_the_second_factor_before_the_admin(office_user: User) -> None:
    client = Client()
    client.force_login(office_user)  # password only: no verified device

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_it_sends_anonymous_visitors_to_the_staff_sign_in(client: Client) -> None:
    for name in ("admin:index", "admin:login"):
        response = client.get(reverse(name))
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_it_shows_personal_data_only_masked(
    operator_user: User, citizen_user: User
) -> None:
    url = reverse("admin:accounts_user_change", args=[citizen_user.pk])

    page = verified_client(operator_user).get(url).content.decode()

    assert citizen_user.id_masked in page
    assert citizen_user.phone_masked in page
    assert citizen_user.id_cipher not in page
    assert citizen_user.id_hash not in page
    assert citizen_user.phone_cipher not in page


def test_it_keeps_accounts_read_only_in_the_admin(
    operator_user: User, department_user: User
) -> None:
    url = reverse("admin:accounts_user_change", args=[department_user.pk])

    response = verified_client(operator_user).post(
        url, {"username": "renamed", "role": "office"}
    )

    assert response.status_code == 403
    department_user.refresh_from_db()
    assert (department_user.username, department_user.role) == (
        "department-staff",
        "department",
    )


def test_it_lets_the_operator_lift_a_lock(
    operator_user: User, office_user: User
) -> None:
    User.objects.filter(pk=office_user.pk).update(
        failed_logins=3, locked_until=timezone.now() + dt.timedelta(minutes=10)
    )

    verified_client(operator_user).post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock", "_selected_action": [office_user.pk]},
    )

    office_user.refresh_from_db()
    assert (office_user.failed_logins, office_user.locked_until) == (0, None)
    event = AuditEvent.objects.get(action="staff.unlock")
    assert (event.actor_id, event.object_id) == (operator_user.pk, str(office_user.pk))


def test_it_lets_the_operator_reset_an_authenticator(
    operator_user: User, office_user: User
) -> None:
    verified_client(operator_user).post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_totp", "_selected_action": [office_user.pk]},
    )

    assert user_totp_device(user=office_user) is None
    assert AuditEvent.objects.filter(action="staff.totp.reset").count() == 1


def test_it_does_not_let_the_office_manage_accounts(office_user: User) -> None:
    response = verified_client(office_user).get(
        reverse("admin:accounts_user_changelist")
    )

    assert response.status_code == 403


def test_it_never_shows_totp_secrets(operator_user: User) -> None:
    response = verified_client(operator_user).get("/admin/otp_totp/totpdevice/")

    assert response.status_code == 404
