"""Reading an uploaded spreadsheet (.xlsx or .csv) into typed rows, or a list of errors.

Importers declare their columns; `sheet_read` maps the header row to them, types every
cell, and reports every problem with its row number in Chinese. It never writes: the
importer applies the rows in one transaction only when `SheetResult.ok`, so an import
is all-or-nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any, Literal

import openpyxl
from django.http import HttpResponse
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

CellType = Literal["text", "integer"]

XLSX_MAGIC = b"PK\x03\x04"
# A .xlsx is a zip; refuse archives that inflate far beyond their upload limit.
MAX_INFLATION = 20
DEFAULT_MAX_ROWS = 5000
_INTEGER = re.compile(r"[+-]?\d+")
_HEADER_NOISE = re.compile(r"[\s\u3000*＊]")


@dataclass(frozen=True)
class Column:
    """One column an importer expects: its header, type and limits."""

    key: str
    header: str
    type: CellType = "text"
    required: bool = True
    max_length: int | None = None
    min_value: int | None = None
    max_value: int | None = None
    aliases: tuple[str, ...] = ()
    help: str = ""


@dataclass(frozen=True)
class RowError:
    """A problem with the file (`row` is None) or with one row (spreadsheet numbering)."""

    row: int | None
    message: str
    column: str = ""

    def __str__(self) -> str:
        where = f"第{self.row}行" if self.row else "文件"
        column = f"“{self.column}”" if self.column else ""
        return f"{where}{column}：{self.message}"


@dataclass(frozen=True)
class SheetRow:
    number: int
    values: dict[str, Any]


@dataclass
class SheetResult:
    rows: list[SheetRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, row: int | None, message: str, column: str = "") -> None:
        self.errors.append(RowError(row=row, message=message, column=column))


@dataclass(frozen=True)
class _Cell:
    value: Any
    formula: bool


class _FileRefused(Exception):
    pass


def sheet_read(
    *,
    upload: IO[bytes],
    filename: str,
    columns: Sequence[Column],
    max_mb: int,
    max_rows: int = DEFAULT_MAX_ROWS,
) -> SheetResult:
    """Read the first sheet of an .xlsx or a .csv into typed rows.

    1. Refuse a file over `max_mb`, of another extension, or whose bytes are not what
       the extension says (a .xlsx must be a zip that openpyxl can open).
    2. The first non-empty row is the header; every required column must be there.
    3. Every later non-empty row is typed column by column; a formula where a value
       belongs, an empty required cell, a non-number or a value out of range is an
       error of that row. All errors are collected, not just the first.
    """
    result = SheetResult()
    try:
        table = _table(upload=upload, filename=filename, max_mb=max_mb)
        header_number, header = _first_row(table)
        mapping = _map_header(header_number, header, columns, result)
        if not result.ok:
            return result
        for number, cells in table:
            if _blank(cells):
                continue
            if len(result.rows) >= max_rows:
                result.add(None, f"数据超过 {max_rows} 行，请分成多个文件导入")
                break
            values = _typed_row(number, cells, mapping, result)
            result.rows.append(SheetRow(number=number, values=values))
    except _FileRefused as refusal:
        result.add(None, str(refusal))
    if not result.rows and result.ok:
        result.add(None, "文件中没有数据行")
    return result


def _size(upload: IO[bytes]) -> int:
    size = getattr(upload, "size", None)
    if isinstance(size, int):
        return size
    upload.seek(0, io.SEEK_END)
    end = upload.tell()
    upload.seek(0)
    return end


def _table(
    *, upload: IO[bytes], filename: str, max_mb: int
) -> Iterator[tuple[int, list[_Cell]]]:
    size = _size(upload)
    if size > max_mb * 1024 * 1024:
        raise _FileRefused(
            f"文件过大（{size / 1024 / 1024:.1f} MB），不得超过 {max_mb} MB"
        )
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    upload.seek(0)
    if suffix == "xlsx":
        return _xlsx_rows(upload, max_bytes=max_mb * 1024 * 1024 * MAX_INFLATION)
    if suffix == "csv":
        return _csv_rows(upload)
    raise _FileRefused("只能导入 Excel（.xlsx）或 CSV（.csv）文件")


def _xlsx_rows(
    upload: IO[bytes], *, max_bytes: int
) -> Iterator[tuple[int, list[_Cell]]]:
    data = upload.read()
    not_xlsx = (
        "不是有效的 Excel（.xlsx）文件，请用 Excel 或 WPS 另存为 .xlsx 后重新上传"
    )
    if not data.startswith(XLSX_MAGIC):
        raise _FileRefused(not_xlsx)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise _FileRefused(not_xlsx) from error
    if "xl/workbook.xml" not in names:
        raise _FileRefused(not_xlsx)
    if inflated > max_bytes:
        raise _FileRefused("文件解压后过大，请删除多余的工作表或内容后重新上传")
    try:
        # data_only=False keeps formulas as formulas, so they can be refused.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds on a corrupt file
        raise _FileRefused(not_xlsx) from error
    try:
        sheet = book.worksheets[0]
        rows = [
            (
                number,
                [
                    _Cell(
                        value=cell.value,
                        formula=getattr(cell, "data_type", None) == "f"
                        or _looks_like_formula(cell.value),
                    )
                    for cell in row
                ],
            )
            for number, row in enumerate(sheet.iter_rows(), start=1)
        ]
    except Exception as error:
        raise _FileRefused(not_xlsx) from error
    finally:
        book.close()
    return iter(rows)


def _csv_rows(upload: IO[bytes]) -> Iterator[tuple[int, list[_Cell]]]:
    data = upload.read()
    if b"\x00" in data:
        raise _FileRefused("不是有效的 CSV 文本文件")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly any byte string
        raise _FileRefused("无法识别文件编码，请另存为 UTF-8 编码的 CSV")
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as error:
        raise _FileRefused(f"CSV 格式有误：{error}") from error
    return iter(
        (number, [_Cell(value=v, formula=_looks_like_formula(v)) for v in row])
        for number, row in enumerate(rows, start=1)
    )


def _looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.lstrip().startswith("=")


def _blank(cells: list[_Cell]) -> bool:
    return all(cell.value is None or str(cell.value).strip() == "" for cell in cells)


def _first_row(table: Iterator[tuple[int, list[_Cell]]]) -> tuple[int, list[_Cell]]:
    for number, cells in table:
        if not _blank(cells):
            return number, cells
    raise _FileRefused("文件是空的：第一行应为表头")


def _normalise(header: Any) -> str:
    return _HEADER_NOISE.sub("", str(header or ""))


def _map_header(
    number: int, header: list[_Cell], columns: Sequence[Column], result: SheetResult
) -> dict[int, Column]:
    """Column index → declared column; unknown extra columns are ignored."""
    wanted: dict[str, Column] = {}
    for column in columns:
        for name in (column.header, *column.aliases):
            wanted[_normalise(name)] = column
    mapping: dict[int, Column] = {}
    seen: set[str] = set()
    for index, cell in enumerate(header):
        found = wanted.get(_normalise(cell.value))
        if found is None:
            continue
        if found.key in seen:
            result.add(number, f"表头“{found.header}”重复出现")
            continue
        seen.add(found.key)
        mapping[index] = found
    missing = [c.header for c in columns if c.required and c.key not in seen]
    if missing:
        expected = "、".join(c.header for c in columns)
        result.add(
            number,
            f"表头缺少“{'”“'.join(missing)}”列。表头应为：{expected}（请使用导入模板）",
        )
    return mapping


def _typed_row(
    number: int, cells: list[_Cell], mapping: dict[int, Column], result: SheetResult
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for index, column in mapping.items():
        cell = cells[index] if index < len(cells) else _Cell(value=None, formula=False)
        if cell.formula:
            result.add(
                number,
                "是公式，这里应填写数值而不是公式（可复制后“选择性粘贴→数值”）",
                column.header,
            )
            values[column.key] = None
            continue
        try:
            values[column.key] = _typed(cell.value, column)
        except ValueError as error:
            result.add(number, str(error), column.header)
            values[column.key] = None
    return values


def _typed(value: Any, column: Column) -> Any:
    if column.type == "integer":
        number = _integer(value)
        if number is None:
            if column.required:
                raise ValueError("不能为空")
            return None
        if column.min_value is not None and number < column.min_value:
            raise ValueError(f"应不小于 {column.min_value}（现为 {number}）")
        if column.max_value is not None and number > column.max_value:
            raise ValueError(f"应不大于 {column.max_value}（现为 {number}）")
        return number
    text = _text(value)
    if column.required and not text:
        raise ValueError("不能为空")
    if column.max_length is not None and len(text) > column.max_length:
        raise ValueError(f"不能超过 {column.max_length} 个字（现有 {len(text)} 个）")
    return text


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _integer(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"“{value}”不是整数")
    if isinstance(value, int):
        return value
    if isinstance(value, float | Decimal):
        if value != int(value):
            raise ValueError(f"“{value}”不是整数")
        return int(value)
    text = str(value).strip().replace(",", "").replace("，", "")
    if not text:
        return None
    if not _INTEGER.fullmatch(text):
        raise ValueError(f"“{str(value).strip()}”不是整数")
    return int(text)


def sheet_template(
    *, columns: Sequence[Column], title: str, notes: Sequence[str] = ()
) -> bytes:
    """An .xlsx with the header row to fill in and a second sheet explaining it."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append([column.header for column in columns])
    for index, column in enumerate(columns, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = max(
            12, len(column.header) * 4
        )
    help_sheet = book.create_sheet("填写说明")
    help_sheet.append(["列名", "是否必填", "说明"])
    for column in columns:
        help_sheet.append(
            [column.header, "必填" if column.required else "选填", column.help]
        )
    for note in notes:
        help_sheet.append([note])
    help_sheet.column_dimensions["C"].width = 60
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def sheet_template_csv(*, columns: Sequence[Column]) -> bytes:
    """The header row as a UTF-8 CSV with a byte-order mark, so Excel reads Chinese."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([column.header for column in columns])
    return buffer.getvalue().encode("utf-8-sig")


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet_template_response(
    *,
    columns: Sequence[Column],
    title: str,
    basename: str,
    notes: Sequence[str] = (),
    as_csv: bool = False,
) -> HttpResponse:
    """The blank import template as a download: .xlsx, or .csv when asked for."""
    if as_csv:
        response = HttpResponse(
            sheet_template_csv(columns=columns), content_type="text/csv; charset=utf-8"
        )
        filename = f"{basename}.csv"
    else:
        response = HttpResponse(
            sheet_template(columns=columns, title=title, notes=notes),
            content_type=XLSX_TYPE,
        )
        filename = f"{basename}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
