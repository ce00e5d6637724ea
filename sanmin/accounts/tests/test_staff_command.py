from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from pytest_django.fixtures import Settings as SettingsWrapper

from sanmin.accounts.models import User
from sanmin.accounts.selectors import user_totp_device
from sanmin.accounts.tests.fixtures import STAFF_PASSWORD
from sanmin.accounts.totp import totp_code
from sanmin.campaigns.models import Campaign

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("staff", *args, stdout=out)
    return out.getvalue()


def test_it_creates_district_staff_by_district_name(campaign: Campaign) -> None:
    output = _run(
        "create",
        "shinan",
        "--password",
        STAFF_PASSWORD,
        "--role",
        "district",
        "--name",
        "李四",
        "--district",
        "市南区",
        "--with-totp",
    )

    user = User.objects.get(username="shinan")
    assert user.district is not None and user.district.name == "市南区"
    assert "otpauth://totp/" in output
    assert user_totp_device(user=user) is not None


def test_it_reports_scope_errors_in_chinese() -> None:
    with pytest.raises(CommandError, match="必须指定所属区"):
        _run(
            "create",
            "x",
            "--password",
            STAFF_PASSWORD,
            "--role",
            "district",
            "--name",
            "王五",
        )


def test_it_prints_the_current_code_for_the_demo(office_user: User) -> None:
    device = user_totp_device(user=office_user)
    assert device is not None

    output = _run("totp", "office-staff").strip()

    assert re.fullmatch(r"\d{6}", output)
    assert output == totp_code(device)


def test_it_refuses_to_print_codes_in_production(
    office_user: User, settings: SettingsWrapper
) -> None:
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="生产环境"):
        _run("totp", "office-staff")
