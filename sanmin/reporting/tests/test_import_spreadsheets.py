"""The generic spreadsheet reader (sanmin.core.spreadsheets) on its own."""

from __future__ import annotations

import io
import zipfile

import openpyxl

from sanmin.core.spreadsheets import Column, sheet_read, sheet_template
from sanmin.reporting.tests.conftest import xlsx_bytes

COLUMNS = (
    Column(key="name", header="名称", aliases=("名字",), max_length=5),
    Column(key="count", header="数量", type="integer", min_value=1, max_value=10),
    Column(key="note", header="备注", required=False),
)


def _read(content: bytes, name: str = "x.xlsx", **options):
    return sheet_read(
        upload=io.BytesIO(content),
        filename=name,
        columns=COLUMNS,
        max_mb=options.pop("max_mb", 1),
        **options,
    )


def test_it_types_cells_and_numbers_rows_as_the_sheet_does() -> None:
    result = _read(
        xlsx_bytes(
            [
                [],
                [" 名字 ", "数量", "多余的列"],
                ["甲", 3.0, "忽略"],
                [],
                [12345, "7", None],
            ]
        )
    )
    assert result.ok, result.errors
    assert [(row.number, row.values) for row in result.rows] == [
        (3, {"name": "甲", "count": 3}),
        (5, {"name": "12345", "count": 7}),
    ]


def test_it_reports_every_kind_of_cell_error() -> None:
    result = _read(
        xlsx_bytes(
            [
                ["名称", "数量", "备注"],
                ["太长的一个名称", 0, ""],
                ["", 11, "=A1"],
                ["乙", True, ""],
            ]
        )
    )
    assert [str(error) for error in result.errors] == [
        "第2行“名称”：不能超过 5 个字（现有 7 个）",
        "第2行“数量”：应不小于 1（现为 0）",
        "第3行“名称”：不能为空",
        "第3行“数量”：应不大于 10（现为 11）",
        "第3行“备注”：是公式，这里应填写数值而不是公式（可复制后“选择性粘贴→数值”）",
        "第4行“数量”：“True”不是整数",
    ]


def test_it_refuses_duplicate_headers() -> None:
    result = _read(xlsx_bytes([["名称", "名字", "数量"], ["甲", "乙", 1]]))
    assert [str(error) for error in result.errors] == ["第1行：表头“名称”重复出现"]


def test_it_refuses_too_many_rows() -> None:
    rows = [["名称", "数量"]] + [["甲", 1]] * 4
    result = _read(xlsx_bytes(rows), max_rows=3)
    assert "数据超过 3 行" in str(result.errors[0])


def test_it_refuses_a_zip_that_inflates_too_far() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/big.xml", b"\x00" * (25 * 1024 * 1024))
    result = _read(buffer.getvalue())
    assert "文件解压后过大" in str(result.errors[0])


def test_it_refuses_an_empty_file() -> None:
    assert "文件是空的" in str(_read(b"", name="x.csv").errors[0])


def test_it_writes_a_template_with_instructions() -> None:
    book = openpyxl.load_workbook(
        io.BytesIO(sheet_template(columns=COLUMNS, title="模板", notes=["说明一"]))
    )
    assert [cell.value for cell in book.worksheets[0][1]] == ["名称", "数量", "备注"]
    help_rows = [row[0].value for row in book["填写说明"].iter_rows()]
    assert "说明一" in help_rows
