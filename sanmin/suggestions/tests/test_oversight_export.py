"""The export: CSV (streamed, BOM, formula-safe) and Excel with the agreed Chinese
columns, no personal data of the submitter, audited."""

from __future__ import annotations

import csv
import io
from typing import Any

import openpyxl
import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.core import crypto
from sanmin.suggestions.exports import HEADERS, cell_safe
from sanmin.suggestions.tests.oversight_helpers import Board, make_board
from sanmin.suggestions.tests.suggestion_helpers import make_suggestion

pytestmark = pytest.mark.django_db

EXPECTED_HEADERS = [
    "编号",
    "来源",
    "领域",
    "标题",
    "内容",
    "涉及区（市）",
    "状态",
    "提交时间",
    "受理时间",
    "主办单位",
    "办理时限",
    "答复时间",
    "满意度",
    "是否公开",
]


@pytest.fixture
def board(
    campaign: Any, citizen_user: Any, department_user: Any, other_department_user: Any
) -> Board:
    return make_board(
        campaign,
        citizen_user,
        department_user.department,
        other_department_user.department,
    )


def _csv(client: Any) -> tuple[bytes, list[list[str]]]:
    response = client.get(reverse("suggestions:export"))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content)  # type: ignore[arg-type]
    return body, list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_it_streams_every_case_as_csv_with_the_chinese_columns(
    board: Board, client_as: Any
) -> None:
    body, rows = _csv(client_as("office"))
    assert body.startswith("\ufeff".encode())
    assert rows[0] == EXPECTED_HEADERS == list(HEADERS)
    assert len(rows) == 1 + 8
    by_number = {
        row[0]: dict(zip(EXPECTED_HEADERS, row, strict=True)) for row in rows[1:]
    }
    first = by_number[board.cases[1].number]
    assert first["主办单位"] == f"{board.a.name}、{board.b.name}"
    assert first["办理时限"] == "2024-12-16 10:00"
    assert first["受理时间"] == "2024-12-01 09:30"
    assert first["满意度"] == "满意"
    district = board.cases[1].district
    assert district is not None
    assert first["涉及区（市）"] == district.name
    assert first["是否公开"] == "否"
    assert first["来源"] == "市民"
    open_case = by_number[board.cases[3].number]
    assert (open_case["状态"], open_case["满意度"], open_case["答复时间"]) == (
        "办理中",
        "",
        "",
    )


def test_it_leaves_out_the_submitter(
    board: Board, client_as: Any, citizen_user: Any
) -> None:
    body, _ = _csv(client_as("statistics"))
    text = body.decode("utf-8-sig")
    phone = crypto.cipher().decrypt(citizen_user.phone_cipher)
    id_number = crypto.cipher().decrypt(citizen_user.id_cipher)
    for secret in (citizen_user.display_name, phone, id_number, citizen_user.username):
        assert secret not in text


def test_it_defuses_formulas(campaign: Any, citizen_user: Any, client_as: Any) -> None:
    make_suggestion(
        campaign,
        citizen_user,
        title='=HYPERLINK("x")',
        text="+1+2 这是一条足够长的建议内容",
    )
    _, rows = _csv(client_as("office"))
    assert rows[1][3] == '\'=HYPERLINK("x")'
    assert rows[1][4].startswith("'+1+2")
    assert (
        cell_safe("-3") == "'-3"
        and cell_safe("@a") == "'@a"
        and cell_safe("a=b") == "a=b"
    )


def test_it_writes_the_same_rows_to_excel_as_text(
    board: Board, campaign: Any, citizen_user: Any, client_as: Any
) -> None:
    make_suggestion(
        campaign, citizen_user, title="=1+2", text="一条用来测试公式的建议内容"
    )
    response = client_as("office").get(
        reverse("suggestions:export"), {"format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content))["建议"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPECTED_HEADERS
    assert len(rows) == 1 + 9
    formula = [row for row in rows if row[3] == "=1+2"]
    assert len(formula) == 1
    [cell] = [row[3] for row in sheet.iter_rows(min_row=2) if row[3].value == "=1+2"]
    assert cell.data_type == "s"
    _, csv_rows = _csv(client_as("office"))
    assert {r[0] for r in csv_rows[1:]} == {r[0] for r in rows[1:]}


def test_it_audits_each_export(board: Board, client_as: Any, office_user: Any) -> None:
    _csv(client_as("office"))
    client_as("office").get(reverse("suggestions:export"), {"format": "xlsx"})
    events = AuditEvent.objects.filter(action="suggestion.export").order_by("pk")
    assert [(e.detail["format"], e.detail["rows"]) for e in events] == [
        ("csv", 8),
        ("xlsx", 8),
    ]


def test_it_refuses_an_unknown_format(campaign: Any, client_as: Any) -> None:
    response = client_as("office").get(reverse("suggestions:export"), {"format": "pdf"})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="suggestion.export").exists()
