"""The rater list page: the office only; templates to download; no full numbers."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from sanmin.accounts.tests.fixtures import verified_client
from sanmin.core.personal import make_id_number
from sanmin.evaluation.tests.rater_helpers import HEADER, PAGE, person, upload
from sanmin.evaluation.tests.rater_helpers import xlsx_bytes as rows_xlsx
from sanmin.representatives.models import Representative
from sanmin.representatives.services import representative_enrol

pytestmark = pytest.mark.django_db

TEMPLATE = reverse("evaluation:raters-template")
FULL_ID = re.compile(r"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")
FULL_PHONE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


@pytest.fixture
def office(office_user: Any) -> Client:
    return verified_client(office_user)


def test_the_page_shows_no_full_id_or_phone_number(
    office: Client, campaign: Any
) -> None:
    # One rater from a file, one enrolled otherwise (no import record: shown as —).
    assert upload(office, campaign, rows_xlsx([HEADER, person(1)])).status_code == 302
    representative_enrol(
        campaign=campaign,
        id_number=make_id_number("370203", dt.date(1970, 5, 5), 42),
        name="演示评议人",
        phone="13712345678",
        district=None,
        category=None,
        roster=Representative.Roster.INTERNAL,
        actor="测试",
    )
    page = office.get(PAGE).content.decode()
    assert "内部评议人员共 <strong>2</strong> 人" in page
    assert "演示评议人" in page
    assert "137****5678" in page
    assert not FULL_ID.search(page)
    assert not FULL_PHONE.search(page)


def test_an_empty_list_says_so(office: Client, campaign: Any) -> None:
    page = office.get(PAGE).content.decode()
    assert "尚未导入内部评议人员" in page
    assert "下载导入模板（.xlsx）" in page


def test_the_templates_have_the_four_columns(office: Client) -> None:
    response = office.get(TEMPLATE)
    assert response.status_code == 200
    assert "internal-raters-template.xlsx" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    header = [cell.value for cell in book.worksheets[0][1]]
    assert header == HEADER
    assert book.worksheets[1].title == "填写说明"
    csv = office.get(TEMPLATE, {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode("utf-8-sig").strip() == ",".join(HEADER)


@pytest.mark.parametrize("role", ["statistics", "department", "district", "citizen"])
def test_other_roles_are_refused(
    client_as: Callable[[str], Client], cast: Any, role: str
) -> None:
    client = client_as(role)
    assert client.get(PAGE).status_code == 403
    assert client.get(TEMPLATE).status_code == 403
    content = rows_xlsx([HEADER, person(1)])
    assert upload(client, cast.campaign, content).status_code == 403
    assert not Representative.objects.filter(roster="internal").exists()


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, campaign: Any) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    response = upload(client, campaign, rows_xlsx([HEADER, person(1)]))
    assert response.status_code == 302
    assert not Representative.objects.filter(roster="internal").exists()
