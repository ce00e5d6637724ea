"""A rater list with any bad row stores nothing; every problem is named by its row,
in Chinese, without repeating an ID or phone number; the refusal is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sanmin.accounts.tests.fixtures import verified_client
from sanmin.audit.models import AuditEvent, Outcome
from sanmin.evaluation.services import raters as raters_services
from sanmin.evaluation.tests.rater_helpers import (
    HEADER,
    id_number,
    person,
    phone,
    upload,
    xlsx_bytes,
)
from sanmin.representatives.models import Representative

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(office_user: Any) -> Client:
    return verified_client(office_user)


def _bad_checksum(serial: int) -> str:
    number = id_number(serial)
    wrong = "0" if number[-1] != "0" else "1"
    return number[:-1] + wrong


def _refused(response: Any, *messages: str, stored: int = 0) -> str:
    """Refused with a 400 naming each message; nothing more stored; audited."""
    text = response.content.decode()
    assert response.status_code == 400
    assert "所有数据均未导入" in text
    for message in messages:
        assert message in text, message
    assert Representative.objects.filter(roster="internal").count() == stored
    event = AuditEvent.objects.filter(action="raters.import").last()
    assert event is not None
    assert event.outcome == Outcome.FAILURE
    assert "entries" not in event.detail
    return text


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ["评议人9", "37020219750101123", phone(9), "市财政局"],
            "第3行“身份证号”：身份证号码应为18位",
        ),
        (
            ["评议人9", "370202197513011230", phone(9), "市财政局"],
            "第3行“身份证号”：身份证号码中的出生日期无效",
        ),
        (
            ["评议人9", _bad_checksum(9), phone(9), "市财政局"],
            "第3行“身份证号”：身份证号码校验位不正确",
        ),
        (
            ["评议人9", id_number(9), "2390000000", "市财政局"],
            "第3行“手机号”：手机号码应为11位数字，以1开头",
        ),
        (["", id_number(9), phone(9), "市财政局"], "第3行“姓名”：不能为空"),
        (["评议人9", id_number(9), phone(9), "  "], "第3行“工作单位”：不能为空"),
        (["评议人9", "", phone(9), "市财政局"], "第3行“身份证号”：不能为空"),
        (["评议人9", id_number(9), "", "市财政局"], "第3行“手机号”：不能为空"),
        (
            ["评议人9", id_number(9), phone(9), '=CONCAT("市","财政局")'],
            "第3行“工作单位”：是公式",
        ),
    ],
)
def test_a_bad_row_refuses_the_whole_file(
    office: Client, campaign: Any, row: list[Any], message: str
) -> None:
    content = xlsx_bytes([HEADER, person(1), row, person(2)])
    text = _refused(upload(office, campaign, content), message)
    for cell in row[1:3]:
        if cell and len(str(cell)) >= 11:
            assert str(cell) not in text


def test_a_duplicate_id_in_the_file_is_named_without_the_number(
    office: Client, campaign: Any
) -> None:
    duplicate = person(1)
    duplicate[0] = "另一人"
    content = xlsx_bytes([HEADER, person(1), person(2), duplicate])
    text = _refused(
        upload(office, campaign, content), "第4行“身份证号”：与第2行的身份证号重复"
    )
    assert id_number(1) not in text


def test_someone_already_on_the_internal_roster_is_refused(
    office: Client, campaign: Any
) -> None:
    assert upload(office, campaign, xlsx_bytes([HEADER, person(1)])).status_code == 302
    content = xlsx_bytes([HEADER, person(2), person(1)])
    text = _refused(
        upload(office, campaign, content),
        "第3行“身份证号”：此人已在内部评议人员名单中",
        stored=1,
    )
    assert id_number(1) not in text


def test_every_error_is_listed_in_row_order(office: Client, campaign: Any) -> None:
    content = xlsx_bytes(
        [
            HEADER,
            ["", id_number(1), "123", "市财政局"],
            person(2),
            ["评议人3", _bad_checksum(3), phone(3), ""],
        ]
    )
    text = _refused(upload(office, campaign, content), "文件有 4 处错误")
    second = [text.index(m) for m in ("第2行“姓名”", "第2行“手机号”")]
    fourth = [text.index(m) for m in ("第4行“身份证号”", "第4行“工作单位”")]
    assert max(second) < min(fourth)


def test_a_missing_column_is_refused(office: Client, campaign: Any) -> None:
    content = xlsx_bytes([["姓名", "身份证号", "手机号"], person(1)[:3]])
    _refused(upload(office, campaign, content), "表头缺少“工作单位”列")


def test_aliases_of_the_headers_are_accepted(office: Client, campaign: Any) -> None:
    content = xlsx_bytes([["姓名", "身份证号码", "手机号码", "单位"], person(1)])
    assert upload(office, campaign, content).status_code == 302


def test_a_file_of_another_kind_is_refused(office: Client, campaign: Any) -> None:
    response = upload(
        office, campaign, b"%PDF-1.4\n", name="raters.pdf", content_type="text/plain"
    )
    _refused(response, "只能导入 Excel（.xlsx）或 CSV（.csv）文件")
    response = upload(office, campaign, b"not a zip", name="raters.xlsx")
    _refused(response, "不是有效的 Excel（.xlsx）文件")


def test_a_file_with_only_the_header_is_refused(office: Client, campaign: Any) -> None:
    _refused(upload(office, campaign, xlsx_bytes([HEADER])), "文件中没有数据行")


def test_no_file_is_a_form_error(office: Client, campaign: Any) -> None:
    response = office.post(
        "/manage/evaluation/raters/import/", {"campaign": campaign.pk}
    )
    assert response.status_code == 400
    assert "请选择要导入的文件" in response.content.decode()
    assert not AuditEvent.objects.filter(action="raters.import").exists()


def test_someone_enrolled_meanwhile_rolls_back_the_whole_file(
    office: Client, campaign: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check passed, but another import enrolled a person before ours wrote."""
    from sanmin.evaluation import imports
    from sanmin.representatives.services import representative_enrol

    monkeypatch.setattr(imports, "internal_roster_hashes", lambda **_: set())
    representative_enrol(
        campaign=campaign,
        id_number=id_number(2),
        name="评议人2",
        district=None,
        category=None,
        roster="internal",
        actor="测试",
    )
    content = xlsx_bytes([HEADER, person(1), person(2)])
    _refused(upload(office, campaign, content), raters_services.RACE_MESSAGE, stored=1)
