"""The export: one row per response, one column per question (matrix rows and
multiple-choice options expanded), readable headers with codes, labels and codes,
safe from formula injection; CSV and xlsx alike."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.surveys.tests.results_helpers import answered_fixture

HEADERS = [
    "答卷编号",
    "填写方式",
    "区（市）",
    "代表类别",
    "A1 居住环境 [housing]",
    "A1 居住环境 [housing] 代码",
    "A1 社会治安 [security]",
    "A1 社会治安 [security] 代码",
    "A2 总体满意度 [overall]",
    "A2 总体满意度 [overall] 代码",
    "A3 请具体说明不满意的方面 [why]",
    "B1 最需要改进的方面 [topic]",
    "B1 最需要改进的方面 [topic] 代码",
    "B1 最需要改进的方面 其他（请注明） [topic__other]",
    "B2 希望增加的服务 · 社区食堂 [wishes.a]",
    "B2 希望增加的服务 · 托育 [wishes.b]",
    "B2 希望增加的服务 · 健身场地 [wishes.c]",
    "B2 希望增加的服务 · 图书室 [wishes.d]",
    "B3 所在街道 [name_of_street]",
    "B4 其他意见 [comment]",
    "B5 在青岛居住年数 [years]",
]


@pytest.fixture
def fixture(campaign: Any) -> Any:
    return answered_fixture(campaign)


def _by_comment(rows: list[dict[str, Any]], text: str) -> dict[str, Any]:
    return next(r for r in rows if r["B4 其他意见 [comment]"] == text)


def _csv(client: Any, pk: int) -> tuple[bytes, list[dict[str, str]]]:
    response = client.get(
        reverse("surveys:export", kwargs={"pk": pk}), {"format": "csv"}
    )
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content)
    reader = csv.reader(io.StringIO(body.decode("utf-8-sig")))
    header = next(reader)
    assert header == HEADERS
    return body, [dict(zip(header, line, strict=True)) for line in reader]


def test_it_exports_every_kind_as_csv(client_as: Any, fixture: Any) -> None:
    body, rows = _csv(client_as("statistics"), fixture.questionnaire.pk)
    assert body.startswith("\ufeff".encode())
    assert len(rows) == 4
    first = _by_comment(rows, "'=SUM(A1)")
    assert first["填写方式"] == "市民代表"
    assert first["区（市）"] == fixture.districts[0].name
    assert first["代表类别"] == fixture.categories[0].name
    assert first["A1 居住环境 [housing]"] == "满意"
    assert first["A1 居住环境 [housing] 代码"] == "satisfied"
    assert first["A1 社会治安 [security] 代码"] == "dissatisfied"
    assert first["A2 总体满意度 [overall] 代码"] == "dissatisfied"
    assert first["A3 请具体说明不满意的方面 [why]"] == "路灯太暗"
    assert first["B1 最需要改进的方面 [topic]"] == "交通"
    assert [first[h] for h in HEADERS[14:18]] == ["1", "1", "0", "0"]
    assert first["B5 在青岛居住年数 [years]"] == "10"
    other = next(r for r in rows if r["B1 最需要改进的方面 [topic] 代码"] == "other")
    assert other["B1 最需要改进的方面 [topic]"] == "其他"
    assert other["B1 最需要改进的方面 其他（请注明） [topic__other]"] == "停车"
    # A question left unanswered (or hidden) is an empty cell.
    assert other["A3 请具体说明不满意的方面 [why]"] == ""
    street = next(r for r in rows if r["B3 所在街道 [name_of_street]"])
    assert street["B5 在青岛居住年数 [years]"] == ""
    assert street["代表类别"] == fixture.categories[0].name


def test_it_exports_every_kind_as_xlsx(client_as: Any, fixture: Any) -> None:
    from openpyxl import load_workbook

    response = client_as("statistics").get(
        reverse("surveys:export", kwargs={"pk": fixture.questionnaire.pk}),
        {"format": "xlsx"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = book.active
    lines = list(sheet.iter_rows(values_only=True))
    assert list(lines[0]) == HEADERS
    rows = [dict(zip(HEADERS, line, strict=True)) for line in lines[1:]]
    assert len(rows) == 4
    first = _by_comment(rows, "=SUM(A1)")
    assert first["A1 居住环境 [housing]"] == "满意"
    assert [first[h] for h in HEADERS[14:18]] == [1, 1, 0, 0]
    assert first["B5 在青岛居住年数 [years]"] == 10
    # The formula-looking answer is stored as text, never as a formula.
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            assert cell.data_type != "f"
    assert AuditEvent.objects.filter(
        action="survey.export", detail__format="xlsx"
    ).exists()


def test_it_makes_csv_cells_safe_from_formulas(client_as: Any, fixture: Any) -> None:
    _, rows = _csv(client_as("statistics"), fixture.questionnaire.pk)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value
