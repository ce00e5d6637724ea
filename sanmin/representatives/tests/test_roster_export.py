"""Exports: the statistics bureau the whole roster, district staff their district;
masked by default; full names and phones only for district staff with a reason;
every export audited; departments and others never."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.core import crypto
from sanmin.core.personal import mask_id, mask_phone
from sanmin.representatives.models import Representative
from sanmin.representatives.tests import roster_helpers as h

EXPORT = reverse("representatives:roster-export")
FULL = reverse("representatives:roster-export-full")


@pytest.fixture
def draw(campaign, statistics_user):
    first, second = h.districts()[:2]
    category = h.district_category(campaign)
    return h.built_roster(
        campaign,
        [h.CellSpec(category, first, members=3), h.CellSpec(category, second, 2)],
        actor=statistics_user,
    )


def rows(response):
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    sheet = book["市民代表名单"]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = values[0]
    return [dict(zip(header, row, strict=True)) for row in values[1:]]


def secrets(rep):
    cipher = crypto.cipher()
    return (
        cipher.decrypt(rep.name_cipher),
        cipher.decrypt(rep.phone_cipher),
        cipher.decrypt(rep.candidate.id_cipher),
    )


def test_it_exports_the_whole_roster_masked_for_statistics(draw, client_as):
    response = client_as("statistics").get(EXPORT)

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-all.xlsx"')
    exported = rows(response)
    drawn = Representative.objects.exclude(candidate=None)
    assert len([r for r in exported if r["抽取单元"]]) == drawn.count() == 5
    rep = drawn[0]
    name, phone, number = secrets(rep)
    row = next(r for r in exported if r["编号"] == rep.pk)
    assert row["手机号码"] == mask_phone(phone)
    assert row["身份证号"] == mask_id(number)
    assert row["姓名"] != name and row["姓名"].startswith(name[0])
    event = AuditEvent.objects.get(action="roster.export")
    assert event.detail == {
        "district": "",
        "rows": len(exported),
        "unmasked": False,
        "reason": "",
    }


def test_it_exports_only_the_own_district_for_district_staff(
    draw, client_as, district_user
):
    exported = rows(client_as("district").get(EXPORT))

    assert {r["区（市）"] for r in exported} == {district_user.district.name}
    assert (
        len(exported)
        == Representative.objects.filter(district=district_user.district).count()
    )
    assert AuditEvent.objects.get(action="roster.export").detail["district"] == (
        district_user.district.code
    )


def test_it_exports_full_names_and_phones_with_a_reason(draw, client_as, district_user):
    response = client_as("district").post(FULL, {"reason": "电话通知未回复的代表"})

    assert response.status_code == 200
    rep = Representative.objects.exclude(candidate=None).filter(
        district=district_user.district
    )[0]
    name, phone, number = secrets(rep)
    row = next(r for r in rows(response) if r["编号"] == rep.pk)
    assert (row["姓名"], row["手机号码"]) == (name, phone)
    assert row["身份证号"] == mask_id(number)
    event = AuditEvent.objects.get(action="roster.export")
    assert event.detail["unmasked"] is True
    assert event.detail["reason"] == "电话通知未回复的代表"


def test_it_asks_for_the_reason_of_a_full_export(draw, client_as):
    response = client_as("district").post(FULL, {"reason": ""}, follow=True)

    assert "须填写用途" in response.content.decode()
    assert not AuditEvent.objects.filter(action="roster.export").exists()


def test_it_never_exports_full_data_to_others(draw, client_as):
    for role in ("statistics", "office", "department"):
        assert client_as(role).post(FULL, {"reason": "看看"}).status_code == 403
    assert not AuditEvent.objects.filter(action="roster.export").exists()


def test_it_refuses_departments_and_others(draw, client_as):
    for role in ("department", "office", "reviewer", "supervisor", "operator"):
        assert client_as(role).get(EXPORT).status_code == 403
    assert not AuditEvent.objects.filter(action="roster.export").exists()
