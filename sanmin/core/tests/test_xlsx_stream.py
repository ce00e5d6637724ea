from __future__ import annotations

import io
import tracemalloc
import zipfile
from collections.abc import Generator, Iterator, Sequence
from decimal import Decimal
from typing import Any

import openpyxl
import pytest

from sanmin.core.xlsx_stream import (
    Cell,
    column_letter,
    sheet_title,
    xlsx_stream,
)


def _workbook(**kwargs: Any) -> bytes:
    return b"".join(xlsx_stream(**kwargs))


def _values(data: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:
        return {
            name: [tuple(row) for row in book[name].iter_rows(values_only=True)]
            for name in book.sheetnames
        }
    finally:
        book.close()


def _sheet_xml(data: bytes, number: int = 1) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(f"xl/worksheets/sheet{number}.xml").decode()


def test_it_round_trips_mixed_cells_and_bolds_the_header() -> None:
    text = "A&B <tag> \"quoted\" 'single'\nsecond line\t😀 中文，青岛"
    data = _workbook(
        headers=["文本", "整数", "负数", "小数", "金额", "空", "是否"],
        rows=[
            [text, 42, -7, 3.25, Decimal("12.50"), None, True],
            ["", 0, -1_000_000, -0.5, Decimal("-3"), None, False],
        ],
        sheet_title="答卷",
    )

    assert _values(data) == {
        "答卷": [
            ("文本", "整数", "负数", "小数", "金额", "空", "是否"),
            (text, 42, -7, 3.25, 12.5, None, 1),
            (None, 0, -1_000_000, -0.5, -3, None, 0),
        ]
    }
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book["答卷"]
    assert all(cell.font.bold for cell in sheet[1])
    assert not any(cell.font.bold for cell in sheet[2])
    assert sheet.freeze_panes == "A2"
    assert sheet["E2"].data_type == "n"
    xml = _sheet_xml(data)
    assert '<c r="E2"><v>12.5</v></c>' in xml
    assert 'r="F2"' not in xml  # None is no cell at all


def test_it_never_writes_a_text_as_a_formula() -> None:
    texts = [
        "=1+1",
        '=HYPERLINK("http://x","y")',
        "+1",
        "-2",
        "@SUM(A1)",
        "=cmd|' /C calc'!A0",
    ]
    data = _workbook(headers=["公式"], rows=[[text] for text in texts])

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    cells = [row[0] for row in book.active.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == texts
    assert {cell.data_type for cell in cells} <= {"s", "inlineStr"}
    book.close()
    assert "<f>" not in _sheet_xml(data)


def test_it_strips_characters_xml_cannot_hold_and_cuts_long_texts() -> None:
    dirty = "a\x00b\x07c\x0bd\x1fe\ud800f\ufffeg\uffffh\ti\nj\rk"
    data = _workbook(
        headers=["h"],
        rows=[[dirty], ["x" * 40_000], ["😀" * 20_000], ["_x0041_ stays literal"]],
    )

    values = [row[0] for row in _values(data)["Sheet1"][1:]]
    assert values[0] == "abcdefgh\ti\nj\rk"
    assert values[1] == "x" * 32_767
    # Excel counts UTF-16 units: 16,383 emoji fill 32,766 of them.
    assert values[2] == "😀" * 16_383
    # Excel would read "_x0041_" as "A"; it is written as Excel's escape of "_".
    assert "_x005F_x0041_ stays literal" in _sheet_xml(data)


def test_it_writes_non_finite_numbers_as_text_and_refuses_other_types() -> None:
    data = _workbook(
        headers=["n"],
        rows=[
            [float("nan")],
            [float("inf")],
            [Decimal("-Infinity")],
            [Decimal("1E+3")],
        ],
    )
    assert [row[0] for row in _values(data)["Sheet1"][1:]] == [
        "nan",
        "inf",
        "-Infinity",
        1000,
    ]

    rows: list[Sequence[Any]] = [[object()]]
    with pytest.raises(TypeError, match=r"cannot write 'object' values \(cell A2\)"):
        _workbook(headers=["x"], rows=rows)


def test_it_rolls_over_to_numbered_sheets_each_with_the_header() -> None:
    rows = [[f"第{number}行", number] for number in range(1, 6)]
    data = _workbook(
        headers=["名称", "序号"], rows=rows, sheet_title="答卷", max_rows_per_sheet=3
    )

    assert _values(data) == {
        "答卷": [("名称", "序号"), ("第1行", 1), ("第2行", 2)],
        "答卷 (2)": [("名称", "序号"), ("第3行", 3), ("第4行", 4)],
        "答卷 (3)": [("名称", "序号"), ("第5行", 5)],
    }
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert all(cell.font.bold for name in book.sheetnames for cell in book[name][1])


def test_it_opens_no_empty_sheet_when_the_rows_fill_the_last_one() -> None:
    data = _workbook(headers=["h"], rows=[[1], [2], [3], [4]], max_rows_per_sheet=3)
    assert list(_values(data)) == ["Sheet1", "Sheet1 (2)"]


def test_it_writes_a_workbook_with_only_the_header_for_no_rows() -> None:
    data = _workbook(headers=["甲", "乙"], rows=iter([]))
    assert _values(data) == {"Sheet1": [("甲", "乙")]}


def test_it_sanitizes_sheet_titles() -> None:
    assert sheet_title("a/b:c*?[x]\\") == "a_b_c___x__"
    assert sheet_title("'引号'") == "引号"
    assert sheet_title("") == sheet_title("''") == "Sheet1"
    assert sheet_title("History") == "History_"
    long = "问卷" * 20
    assert sheet_title(long) == long[:31]
    assert sheet_title(long, 12) == long[:26] + " (12)"

    data = _workbook(
        headers=["h"], rows=[[1], [2]], sheet_title=long + "/&<", max_rows_per_sheet=2
    )
    assert list(_values(data)) == [long[:31], long[:27] + " (2)"]
    data = _workbook(headers=["h"], rows=[], sheet_title="a/b:c*?[x] & <y>")
    assert list(_values(data)) == ["a_b_c___x_ & <y>"]


def test_it_names_columns_like_excel() -> None:
    assert column_letter(0) == "A"
    assert column_letter(25) == "Z"
    assert column_letter(26) == "AA"
    assert column_letter(701) == "ZZ"
    assert column_letter(702) == "AAA"
    assert column_letter(16_383) == "XFD"
    for index in (16_384, -1):
        with pytest.raises(ValueError, match="outside Excel's 16384 columns"):
            column_letter(index)
    with pytest.raises(ValueError, match="outside Excel's 16384 columns"):
        xlsx_stream(headers=["h"] * 16_385, rows=[])


def test_it_writes_cells_beyond_the_headers_with_their_references() -> None:
    data = _workbook(headers=["a"], rows=[[1, None, "c"]])
    assert '<c r="C2" t="inlineStr">' in _sheet_xml(data)
    assert _values(data)["Sheet1"][1] == (1, None, "c")


def test_it_writes_a_streamed_zip_with_zip64_sheets() -> None:
    data = _workbook(headers=["h"], rows=[[1]] * 4, max_rows_per_sheet=3)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        infos = {info.filename: info for info in archive.infolist()}
        assert set(infos) == {
            "[Content_Types].xml",
            "_rels/.rels",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
            "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet2.xml",
        }
        for info in infos.values():
            assert info.compress_type == zipfile.ZIP_DEFLATED
            assert info.flag_bits & 0x08  # sizes in a data descriptor
        sheet = infos["xl/worksheets/sheet1.xml"]
        # The local header of a forced zip64 entry carries the zip64 extra field.
        local = data[sheet.header_offset : sheet.header_offset + 30]
        assert int.from_bytes(local[18:22], "little") == 0xFFFFFFFF


def test_it_yields_many_chunks_of_at_least_chunk_bytes() -> None:
    headers = ["答案", "序号", "是否", "评价", "代码", "空", "零", "区"]
    rows = (
        [f"答案{number}", number, number % 2, "非常满意", "A01", None, 0, "市南区"]
        for number in range(20_000)
    )
    # Deflate hands out its output about 32 KB at a time, whatever chunk_bytes is.
    chunks = list(xlsx_stream(headers=headers, rows=rows, chunk_bytes=1024))

    assert len(chunks) >= 15
    assert all(len(chunk) >= 1024 for chunk in chunks[:-1])
    values = _values(b"".join(chunks))["Sheet1"]
    assert len(values) == 20_001
    assert values[-1] == ("答案19999", 19_999, 1, "非常满意", "A01", None, 0, "市南区")


def test_it_streams_with_flat_memory() -> None:
    # Sparse rows: tracemalloc slows every allocation about tenfold, and the XML is
    # large anyway thanks to the long comment.
    comment = "市民意见：道路维修要及时，" * 40
    pool: list[list[Cell]] = []
    for number in range(100):
        row: list[Cell] = [None] * 40
        row[0], row[9], row[19], row[29] = comment, f"满意{number}", number, number / 7
        pool.append(row)

    def rows() -> Iterator[list[Cell]]:
        for number in range(50_000):
            yield pool[number % 100]

    headers = [f"第{number}题" for number in range(1, 41)]
    written = 0
    tracemalloc.start()
    try:
        for chunk in xlsx_stream(headers=headers, rows=rows()):
            written += len(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    xml_lower_bound = 50_000 * len(comment.encode())  # the comments alone: 78 MB
    # Measured: a peak of 3.6 MB whatever the number of rows (one batch of row XML,
    # its encoding, deflate's state, the chunk being gathered).
    bound = 16 * 1024 * 1024
    assert written > 1_000_000
    assert peak < bound < xml_lower_bound / 4


def test_it_can_be_closed_before_the_end() -> None:
    rows: Iterator[list[Cell]] = ([f"答案{n}", n] for n in range(100_000))
    stream = xlsx_stream(headers=["答案", "序号"], rows=rows, chunk_bytes=1024)
    assert isinstance(stream, Generator)  # which StreamingHttpResponse closes
    assert next(stream).startswith(b"PK\x03\x04")
    stream.close()  # a client that went away: no error, nothing more is read
    assert next(rows, None) is not None
