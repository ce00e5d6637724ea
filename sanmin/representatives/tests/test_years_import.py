"""Importing earlier years' rosters: ServiceYear rows keyed by the ID hash (never the
number), all or nothing with a row-by-row report."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.core import crypto
from sanmin.representatives.models import ServiceYear
from sanmin.representatives.services.years import service_years_import
from sanmin.representatives.tests import roster_helpers as h


@pytest.fixture
def codes(campaign):
    return {
        "district": h.district_category(campaign),
        "city": h.city_category(campaign),
    }


def upload(rows, header=None):
    return h.csv_upload(rows, header)


def run(rows, actor, header=None):
    return service_years_import(
        upload=upload(rows, header),
        filename="years.csv",
        before_year=2024,
        actor=actor,
    )


def test_it_stores_the_hashes_of_every_row(codes, statistics_user):
    district = h.districts()[0]
    rows = [
        [h.id_number(1), 2023, codes["district"].code, district.name],
        [h.id_number(1), 2022, codes["district"].name, district.name],
        [h.id_number(2), 2023, codes["city"].code, ""],
    ]

    result = run(rows, statistics_user)

    assert result.ok, result.errors
    assert result.per_year == {2022: 1, 2023: 2}
    stored = ServiceYear.objects.order_by("year", "id")
    assert stored.count() == 3
    assert set(stored.values_list("imported", flat=True)) == {True}
    first = stored.get(year=2022)
    assert first.id_hash == crypto.keyed_hash(h.id_number(1), purpose="id")
    assert (first.category_code, first.district) == (codes["district"].code, district)
    assert not stored.filter(id_hash__contains=h.id_number(1)).exists()
    event = AuditEvent.objects.get(action="service_years.import")
    assert event.detail == {
        "file": "years.csv",
        "rows": 3,
        "years": {"2022": 1, "2023": 2},
    }


def test_it_reads_an_xlsx(codes, statistics_user):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["身份证号", "年度", "代表类别", "区（市）"])
    sheet.append([h.id_number(5), 2021, codes["city"].name, None])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)

    result = service_years_import(
        upload=buffer, filename="往年.xlsx", before_year=2024, actor=statistics_user
    )

    assert result.ok, result.errors
    assert ServiceYear.objects.filter(year=2021).count() == 1


def refused(result, *fragments):
    text = "\n".join(str(error) for error in result.errors)
    assert not result.ok
    for fragment in fragments:
        assert fragment in text, text
    assert not ServiceYear.objects.exists()
    assert AuditEvent.objects.get(action="service_years.import").outcome == "failure"


def test_it_refuses_a_bad_id_number(codes, statistics_user):
    bad = h.id_number(3)[:-1] + ("0" if h.id_number(3)[-1] != "0" else "1")
    rows = [
        [h.id_number(1), 2023, codes["city"].code, ""],
        [bad, 2023, codes["city"].code, ""],
    ]

    refused(run(rows, statistics_user), "第3行“身份证号”：身份证号码校验位不正确")


def test_it_refuses_an_unknown_district(codes, statistics_user):
    rows = [[h.id_number(1), 2023, codes["district"].code, "火星区"]]

    refused(run(rows, statistics_user), "第2行“区（市）”：未知的区（市）“火星区”")


def test_it_refuses_an_unknown_category(codes, statistics_user):
    rows = [[h.id_number(1), 2023, "no-such-category", h.districts()[0].name]]

    refused(run(rows, statistics_user), "未知的代表类别“no-such-category”")


def test_it_refuses_a_district_category_without_a_district(codes, statistics_user):
    rows = [[h.id_number(1), 2023, codes["district"].code, ""]]

    refused(run(rows, statistics_user), "区（市）选聘的代表类别须填写区（市）")


def test_it_refuses_the_same_person_twice_in_a_year(codes, statistics_user):
    rows = [
        [h.id_number(1), 2023, codes["city"].code, ""],
        [h.id_number(2), 2023, codes["city"].code, ""],
        [h.id_number(1).lower(), 2023, codes["city"].name, ""],
    ]

    refused(run(rows, statistics_user), "第4行“身份证号”：与第2行重复")


def test_it_refuses_a_year_already_on_record(codes, statistics_user):
    run([[h.id_number(1), 2023, codes["city"].code, ""]], statistics_user)

    result = run(
        [
            [h.id_number(2), 2022, codes["city"].code, ""],
            [h.id_number(1), 2023, codes["city"].code, ""],
        ],
        statistics_user,
    )

    assert not result.ok
    assert "第3行“年度”：此人 2023 年的任职记录已在平台中" in [
        str(e) for e in result.errors
    ]
    assert ServiceYear.objects.count() == 1


def test_it_refuses_the_current_year(codes, statistics_user):
    rows = [[h.id_number(1), 2024, codes["city"].code, ""]]

    refused(run(rows, statistics_user), "只能导入往年（2024年以前）的名单")


def test_it_refuses_a_wrong_header(codes, statistics_user):
    rows = [[h.id_number(1), 2023, codes["city"].code, ""]]

    refused(
        run(rows, statistics_user, header=["证件号", "年度", "代表类别", "区（市）"]),
        "表头缺少“身份证号”列",
    )


def test_it_refuses_a_formula(codes, statistics_user):
    rows = [[h.id_number(1), "=2020+3", codes["city"].code, ""]]

    refused(run(rows, statistics_user), "是公式")


def test_it_reports_every_bad_row_without_repeating_numbers(codes, statistics_user):
    bad = "37020319800101123"
    rows = [
        [bad, 2023, codes["city"].code, ""],
        [h.id_number(2), 1999, codes["city"].code, ""],
        [h.id_number(3), 2023, codes["district"].code, "火星区"],
    ]

    result = run(rows, statistics_user)

    assert [e.row for e in result.errors] == [2, 3, 4]
    assert all(bad not in str(e) for e in result.errors)


def test_it_is_for_the_statistics_bureau(codes, district_user):
    with pytest.raises(PermissionDenied):
        run([[h.id_number(1), 2023, codes["city"].code, ""]], district_user)


def test_it_imports_from_the_page(codes, client_as):
    file = upload([[h.id_number(1), 2023, codes["city"].code, ""]])

    response = client_as("statistics").post(
        reverse("representatives:years-import"), {"file": file}, follow=True
    )

    assert "已导入 1 条任职记录（2023 年 1 人）" in response.content.decode()


def test_it_lists_the_errors_on_the_page(codes, client_as):
    file = upload([[h.id_number(1), 2023, codes["city"].code, "火星区"]])

    response = client_as("statistics").post(
        reverse("representatives:years-import"), {"file": file}
    )

    assert response.status_code == 400
    assert "所有数据均未导入" in response.content.decode()
    assert "未知的区（市）" in response.content.decode()


def test_it_offers_the_template(client_as, campaign):
    response = client_as("statistics").get(reverse("representatives:years-template"))

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][1]] == [
        "身份证号",
        "年度",
        "代表类别",
        "区（市）",
    ]
