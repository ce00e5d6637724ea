from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanmin.accounts.models import User
from sanmin.accounts.services import staff_create, staff_totp_device_create
from sanmin.accounts.tests.fixtures import STAFF_PASSWORD
from sanmin.audit.models import AuditEvent
from sanmin.campaigns.models import Campaign, Department, District

pytestmark = pytest.mark.django_db


def _create(**overrides: object) -> User:
    arguments: dict[str, object] = {
        "username": "someone",
        "password": STAFF_PASSWORD,
        "role": "office",
        "display_name": "张三",
        "actor": "测试",
        **overrides,
    }
    return staff_create(**arguments)  # type: ignore[arg-type]


def _errors(**overrides: object) -> dict[str, list[str]]:
    before = User.objects.count()
    with pytest.raises(ValidationError) as caught:
        _create(**overrides)
    assert User.objects.count() == before
    return caught.value.message_dict


def test_it_creates_a_staff_account_and_records_it() -> None:
    user = _create()

    assert user.role == "office"
    assert user.check_password(STAFF_PASSWORD)
    event = AuditEvent.objects.get(action="staff.create")
    assert event.object_id == str(user.pk)
    assert event.detail["role"] == "office"
    assert STAFF_PASSWORD not in str(event.canonical())


def test_it_requires_a_district_for_district_staff(campaign: Campaign) -> None:
    assert "district" in _errors(role="district")
    user = _create(role="district", district=District.objects.first())
    assert user.district is not None


def test_it_requires_a_department_for_department_staff(campaign: Campaign) -> None:
    assert "department" in _errors(role="department")
    user = _create(role="department", department=Department.objects.first())
    assert user.department is not None


def test_it_requires_a_body_for_reviewers() -> None:
    assert "reviewer_body" in _errors(role="reviewer")
    assert "reviewer_body" in _errors(role="reviewer", reviewer_body="court")
    assert _create(role="reviewer", reviewer_body="petition").reviewer_body


def test_it_refuses_a_scope_that_does_not_fit_the_role(campaign: Campaign) -> None:
    assert "district" in _errors(role="office", district=District.objects.first())
    assert "department" in _errors(
        role="statistics", department=Department.objects.first()
    )
    assert "reviewer_body" in _errors(role="office", reviewer_body="police")


def test_it_refuses_the_citizen_role() -> None:
    assert "role" in _errors(role="citizen")


def test_it_refuses_a_taken_name_and_a_weak_password() -> None:
    _create()
    assert "username" in _errors()
    errors = _errors(username="other", password="123")
    assert "password" in errors


def test_it_gives_admin_access_by_role_only() -> None:
    office = _create()
    statistics = _create(username="stats", role="statistics")
    assert office.is_staff
    assert not statistics.is_staff

    statistics.is_staff = True
    statistics.save()
    statistics.refresh_from_db()
    assert not statistics.is_staff

    statistics.role = "operator"
    statistics.save(update_fields=["role"])
    statistics.refresh_from_db()
    assert statistics.is_staff


def test_it_issues_a_confirmed_device_replacing_the_old_one() -> None:
    user = _create()
    first = staff_totp_device_create(user=user, actor="测试")

    second = staff_totp_device_create(user=user, actor="测试")

    assert second.confirmed
    assert list(TOTPDevice.objects.filter(user=user)) == [second]
    assert first.pk != second.pk
    assert AuditEvent.objects.filter(action="staff.totp.create").count() == 2
