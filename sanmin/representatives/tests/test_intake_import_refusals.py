"""A candidate list with any bad row stores nothing: every problem is named by its
row and column, in Chinese, without repeating an ID or phone number; the refusal is
audited with counts only."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client

from sanmin.accounts.tests.fixtures import verified_client
from sanmin.audit.models import AuditEvent, Outcome
from sanmin.representatives.models import Candidate, ImportBatch
from sanmin.representatives.tests.intake_helpers import (
    HEADER,
    bad_checksum,
    csv_bytes,
    id_number,
    person,
    phone,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def statistics(campaign: Any, statistics_user: Any) -> Client:
    return verified_client(statistics_user)


ROW_ERROR = re.compile(r"^第(\d+)行“(.+?)”：(.*)$")


def report_fragment(message: str) -> str:
    """“第3行“身份证号”：…” as the error report's table row shows it."""
    found = ROW_ERROR.match(message)
    if found is None:
        return message
    row, column, text = found.groups()
    return f'<th scope="row">第{row}行</th><td>{column}</td><td>{text}'


def refused(
    response: Any, *messages: str, stored: int = 0, batches: int | None = None
) -> str:
    """400 naming each message (row, column, text); nothing more stored; audited
    as a failure with counts only."""
    text = response.content.decode()
    assert response.status_code == 400, text[:500]
    assert "所有数据均未导入" in text
    for message in messages:
        assert report_fragment(message) in text, message
    assert Candidate.objects.count() == stored
    expected_batches = (1 if stored else 0) if batches is None else batches
    assert ImportBatch.objects.count() == expected_batches
    event = AuditEvent.objects.filter(action="candidates.import").last()
    assert event is not None
    assert event.outcome == Outcome.FAILURE
    assert set(event.detail) == {"channel", "file", "errors"}
    return text


def under_age_number() -> str:
    from django.utils import timezone

    today = timezone.localdate()
    seventeen = dt.date(today.year - 17, 1, 1)
    return id_number(9, born=seventeen)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            person(9, number="37020319700101123"),
            "第3行“身份证号”：身份证号码应为18位",
        ),
        (
            person(9, number="370203197013011230"),
            "第3行“身份证号”：身份证号码中的出生日期无效",
        ),
        (person(9, number=bad_checksum(9)), "第3行“身份证号”：身份证号码校验位不正确"),
        (
            [*person(9)[:2], "2390000000", *person(9)[3:]],
            "第3行“手机号”：手机号码应为11位数字，以1开头",
        ),
        (
            person(9, category="不存在的类别"),
            "第3行“代表类别”：本活动没有“不存在的类别”这一代表类别",
        ),
        (person(9, district="火星区"), "第3行“区（市）”：没有“火星区”这个区（市）"),
        (person(9, district=""), "第3行“区（市）”：区（市）选聘类别必须填写区（市）"),
        (["", *person(9)[1:]], "第3行“姓名”：不能为空"),
        (
            [*person(9)[:5], '=CONCAT("职","员")', person(9)[6]],
            "第3行“职业”：是公式",
        ),
    ],
)
def test_a_bad_row_refuses_the_whole_file(
    statistics: Client, row: list[Any], message: str
) -> None:
    content = xlsx_bytes([HEADER, person(1), row, person(2)])
    text = refused(upload(statistics, content), message)
    for cell in row[1:3]:
        if cell and len(str(cell)) >= 11:
            assert str(cell) not in text


def test_an_under_age_candidate_is_refused(statistics: Client) -> None:
    number = under_age_number()
    content = xlsx_bytes([HEADER, person(1), person(9, number=number)])
    text = refused(
        upload(statistics, content), "第3行“身份证号”：未满18周岁，不能作为候选人"
    )
    assert number not in text


def test_wrong_headers_are_refused(statistics: Client) -> None:
    content = xlsx_bytes([["姓名", "证件", "电话"], person(1)[:3]])
    refused(upload(statistics, content), "表头缺少“身份证号”“手机号”“代表类别”列")


def test_a_formula_in_a_csv_is_refused(statistics: Client) -> None:
    row = person(1)
    row[0] = "=HYPERLINK(1)"
    content = csv_bytes([HEADER, row])
    refused(upload(statistics, content, "pool.csv", "text/csv"), "第2行“姓名”：是公式")


def test_a_file_that_is_not_a_spreadsheet_is_refused(statistics: Client) -> None:
    refused(
        upload(statistics, b"%PDF-1.4", "pool.pdf", "application/pdf"),
        "只能导入 Excel（.xlsx）或 CSV（.csv）文件",
    )


def test_every_error_is_listed_in_row_order(statistics: Client) -> None:
    content = xlsx_bytes(
        [
            HEADER,
            ["", id_number(1), "123", *person(1)[3:]],
            person(2),
            person(3, number=bad_checksum(3), district="火星区"),
        ]
    )
    text = refused(upload(statistics, content), "文件有 4 处错误")
    second = [text.index(m) for m in ("第2行", "手机号码应为11位")]
    fourth = [text.index(m) for m in ("第4行", "校验位不正确", "火星区")]
    assert max(second) < min(fourth)
    assert phone(1) not in text


def test_a_campaign_frozen_by_a_draw_takes_no_more(
    statistics: Client, campaign: Any, statistics_user: Any
) -> None:
    from django.utils import timezone

    from sanmin.representatives.models import Draw

    Draw.objects.create(
        campaign=campaign,
        inputs={},
        software_version="test",
        pool_fingerprint="0" * 64,
        commitment="0" * 64,
        committed_at=timezone.now(),
        committed_by=statistics_user,
    )
    refused(upload(statistics, xlsx_bytes([HEADER, person(1)])), "候选池已冻结")
