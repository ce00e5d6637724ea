"""Writing an .xlsx workbook as a stream of bytes, with flat memory, for big exports.

`xlsx_stream` yields the workbook while it is being written, so a view can hand it
to a `StreamingHttpResponse` and send a million rows without building the file
first, in memory or on disk (openpyxl needs a temporary file and is far slower).

The format choices that make this possible:

- Strings are *inline strings* (`<c t="inlineStr"><is><t>…</t></is></c>`), written
  in the cell itself. The usual shared-strings table would have to be complete
  before the workbook can be read and would hold every distinct string in memory;
  inline strings cost some bytes, which deflate takes back. An inline string is
  never a formula, so a cell such as "=1+1" or "@cmd" stays text.
- Numbers are `<v>` values; None is no cell at all. Only the header row is styled
  (bold, through the one extra cell style in xl/styles.xml) and frozen.
- The zip is written through an object with no `tell`/`seek`, so `zipfile` streams
  each entry and puts its sizes in a data descriptor after it. Sheets are zip64
  entries: they may pass 4 GB uncompressed.
- A sheet holds at most `max_rows_per_sheet` rows (Excel's limit by default, header
  included); the rows go on in "<title> (2)", "<title> (3)", … each with the header.
- The number of sheets is known only at the end, so the sheets are written first and
  the workbook, relationships and content types after them: the order of the zip
  entries does not matter to Excel, WPS, LibreOffice or openpyxl.
- Deflate runs at a low level: the time of an export matters more than its size.

Text is cleaned for XML 1.0 and Excel: characters XML cannot hold are dropped, a
text that looks like Excel's own `_xHHHH_` escape is escaped, and a cell is cut to
Excel's 32,767 characters.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any, cast

Cell = str | int | float | Decimal | None

EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
EXCEL_MAX_CELL_CHARS = 32_767
EXCEL_MAX_TITLE_CHARS = 31
COMPRESS_LEVEL = 1
# Row XML is encoded and deflated in batches of this many pieces, or sooner when the
# texts that took the slow path (those over _SHORT_TEXT characters among them) add
# up to _BATCH_LONG_CHARS: memory stays flat however long the texts are.
_BATCH_PIECES = 4096
_SHORT_TEXT = 256
_BATCH_LONG_CHARS = 256 * 1024

# Characters XML 1.0 does not allow (lone surrogates cannot be encoded either).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel reads "_x0041_" in a text as "A"; "_x005F_" is its escape for "_".
_EXCEL_ESCAPE_LOOKALIKE = re.compile("_(x[0-9A-Fa-f]{4}_)")
_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_TITLE_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_END = "</sheetData></worksheet>"
_STYLES = (
    f'{_XML_DECLARATION}<styleSheet xmlns="{_MAIN_NS}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
    "</borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    "</cellStyleXfs>"
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)
_ROOT_RELS = (
    f'{_XML_DECLARATION}<Relationships xmlns="{_PKG_REL_NS}">'
    f'<Relationship Id="rId1" Type="{_REL_NS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)


def xlsx_stream(
    *,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    sheet_title: str = "Sheet1",
    max_rows_per_sheet: int = EXCEL_MAX_ROWS,
    chunk_bytes: int = 256 * 1024,
) -> Iterator[bytes]:
    """Yield the bytes of an .xlsx workbook as it is written.

    `rows` is consumed lazily, one row at a time. A bool is written as the number
    0/1, None as an empty cell. The arguments are checked at once, before the first
    byte; a bad cell (a type other than `Cell`, a row wider than 16,384 columns)
    raises while streaming.
    """
    if not 2 <= max_rows_per_sheet <= EXCEL_MAX_ROWS:
        raise ValueError(
            f"max_rows_per_sheet must be between 2 and {EXCEL_MAX_ROWS}, "
            f"not {max_rows_per_sheet}"
        )
    if chunk_bytes < 1:
        raise ValueError(f"chunk_bytes must be positive, not {chunk_bytes}")
    letters = [column_letter(index) for index in range(len(headers))]
    return _generate(
        headers=headers,
        letters=letters,
        rows=rows,
        title=sheet_title,
        max_rows=max_rows_per_sheet,
        chunk_bytes=chunk_bytes,
    )


def column_letter(index: int) -> str:
    """Excel's name of the column at 0-based `index`: A, …, Z, AA, …, XFD."""
    if not 0 <= index < EXCEL_MAX_COLUMNS:
        raise ValueError(
            f"column index {index} is outside Excel's {EXCEL_MAX_COLUMNS} columns "
            f"(0 to {EXCEL_MAX_COLUMNS - 1}, A to XFD)"
        )
    name = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        name = chr(65 + remainder) + name
    return name


def sheet_title(title: str, number: int = 1) -> str:
    """A valid Excel sheet name for `title`; sheet `number` > 1 gets " (number)".

    Excel allows at most 31 characters, none of []:*?/\\, no apostrophe at either
    end and no empty name.
    """
    name = _TITLE_FORBIDDEN.sub("_", _TITLE_CONTROL.sub("", title)).strip("'")
    if not name.strip():
        name = "Sheet1"
    if name.casefold() == "history":  # reserved by Excel
        name += "_"
    suffix = f" ({number})" if number > 1 else ""
    return _cut_utf16(name, EXCEL_MAX_TITLE_CHARS - len(suffix)).rstrip("'") + suffix


class _Sink:
    """What zipfile writes to: no tell() or seek(), so zipfile streams the entries."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        size = len(data)
        if size:
            self._chunks.append(bytes(data))
            self.size += size
        return size

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        self.size = 0
        return data


def _generate(
    *,
    headers: Sequence[str],
    letters: list[str],
    rows: Iterable[Sequence[Cell]],
    title: str,
    max_rows: int,
    chunk_bytes: int,
) -> Iterator[bytes]:
    sink = _Sink()
    archive = zipfile.ZipFile(
        cast(IO[bytes], sink),
        "w",
        compression=zipfile.ZIP_DEFLATED,
        compresslevel=COMPRESS_LEVEL,
    )
    header_row = "".join(
        [
            '<row r="1">',
            *(
                f'<c r="{letter}1" s="1" t="inlineStr"><is>'
                f'<t xml:space="preserve">{_xml_text(text)}</t></is></c>'
                for letter, text in zip(letters, headers, strict=True)
                if text
            ),
            "</row>",
        ]
    )
    titles = [sheet_title(title)]
    sheet = archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
    try:
        sheet.write((_sheet_start(selected=True) + header_row).encode())
        parts: list[str] = []
        append = parts.append
        width = len(letters)
        long_chars = 0
        row_number = 1
        for row in rows:
            if row_number >= max_rows:
                parts.append(_SHEET_END)
                sheet.write("".join(parts).encode())
                parts.clear()
                sheet.close()
                titles.append(sheet_title(title, len(titles) + 1))
                sheet = archive.open(
                    f"xl/worksheets/sheet{len(titles)}.xml", "w", force_zip64=True
                )
                sheet.write((_sheet_start(selected=False) + header_row).encode())
                long_chars = 0
                row_number = 1
            row_number += 1
            r = str(row_number)
            append(f'<row r="{r}">')
            cells: Sequence[Any] = row
            if len(cells) > width:
                letters += [column_letter(i) for i in range(width, len(cells))]
                width = len(letters)
            for letter, v in zip(letters, cells, strict=False):
                if v is None:
                    continue
                t = type(v)
                if t is str:
                    if not v:
                        continue
                    if (
                        "&" in v
                        or "<" in v
                        or ">" in v
                        or "_x" in v
                        or len(v) > _SHORT_TEXT
                        or not v.isprintable()
                    ):
                        v = _xml_text(v)
                        long_chars += len(v)
                    append(
                        f'<c r="{letter}{r}" t="inlineStr"><is>'
                        f'<t xml:space="preserve">{v}</t></is></c>'
                    )
                elif t is int or (t is float and v - v == 0.0):
                    append(f'<c r="{letter}{r}"><v>{v}</v></c>')
                else:
                    v = _other_cell(f"{letter}{r}", v)
                    long_chars += len(v)
                    append(v)
            append("</row>")
            if len(parts) >= _BATCH_PIECES or long_chars >= _BATCH_LONG_CHARS:
                sheet.write("".join(parts).encode())
                parts.clear()
                long_chars = 0
                if sink.size >= chunk_bytes:
                    yield sink.take()
        parts.append(_SHEET_END)
        sheet.write("".join(parts).encode())
        sheet.close()
        _write_entry(archive, "xl/workbook.xml", _workbook(titles))
        _write_entry(archive, "xl/_rels/workbook.xml.rels", _workbook_rels(titles))
        _write_entry(archive, "xl/styles.xml", _STYLES)
        _write_entry(archive, "_rels/.rels", _ROOT_RELS)
        _write_entry(archive, "[Content_Types].xml", _content_types(titles))
        archive.close()
    finally:
        # On an error or a generator closed early; both calls do nothing after success.
        sheet.close()
        archive.close()
    if sink.size:
        yield sink.take()


def _xml_text(text: str) -> str:
    """`text` fit for an inline string: cleaned, cut to Excel's limit and escaped."""
    if not text.isprintable():
        text = _ILLEGAL_XML.sub("", text)
    if len(text) > EXCEL_MAX_CELL_CHARS // 2:
        text = _cut_utf16(text, EXCEL_MAX_CELL_CHARS)
    if "_x" in text:
        text = _EXCEL_ESCAPE_LOOKALIKE.sub(r"_x005F_\1", text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:  # a parser would turn a bare CR (or CRLF) into LF
        text = text.replace("\r", "&#13;")
    return text


def _other_cell(ref: str, value: object) -> str:
    """The XML of a cell that is not a plain str, int or finite float (the slow path)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}"><v>{int(value)}</v></c>'
    if isinstance(value, int):  # IntEnum and other int subclasses
        return f'<c r="{ref}"><v>{int(value)}</v></c>'
    if isinstance(value, float):
        if math.isfinite(value):
            return f'<c r="{ref}"><v>{float(value)!r}</v></c>'
        return _text_cell(ref, repr(float(value)))  # nan, inf, -inf
    if isinstance(value, Decimal):
        if not value.is_finite():
            return _text_cell(ref, str(value))  # NaN, Infinity, -Infinity
        number = format(value, "f")
        if "." in number:
            number = number.rstrip("0").rstrip(".")
        return f'<c r="{ref}"><v>{number}</v></c>'
    if isinstance(value, str):  # StrEnum, Django's TextChoices, SafeString…
        return _text_cell(ref, str.__str__(value))
    raise TypeError(
        f"xlsx_stream cannot write {type(value).__name__!r} values (cell {ref}): "
        "give str, int, float, Decimal, bool or None"
    )


def _text_cell(ref: str, text: str) -> str:
    if not text:
        return ""
    return (
        f'<c r="{ref}" t="inlineStr"><is>'
        f'<t xml:space="preserve">{_xml_text(text)}</t></is></c>'
    )


def _cut_utf16(text: str, limit: int) -> str:
    """`text` cut to `limit` UTF-16 code units, the unit of Excel's length limits."""
    if len(text) * 2 <= limit:
        return text
    encoded = text.encode("utf-16-le")
    if len(encoded) <= 2 * limit:
        return text
    # A surrogate pair cut in half is dropped by "ignore".
    return encoded[: 2 * limit].decode("utf-16-le", "ignore")


def _attribute(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def _sheet_start(*, selected: bool) -> str:
    tab = ' tabSelected="1"' if selected else ""
    return (
        f'{_XML_DECLARATION}<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
        f'<sheetViews><sheetView{tab} workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft"/>'
        "</sheetView></sheetViews><sheetData>"
    )


def _workbook(titles: list[str]) -> str:
    sheets = "".join(
        f'<sheet name="{_attribute(name)}" sheetId="{number}" r:id="rId{number}"/>'
        for number, name in enumerate(titles, start=1)
    )
    return (
        f'{_XML_DECLARATION}<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{sheets}</sheets></workbook>"
    )


def _workbook_rels(titles: list[str]) -> str:
    sheets = "".join(
        f'<Relationship Id="rId{number}" Type="{_REL_NS}/worksheet" '
        f'Target="worksheets/sheet{number}.xml"/>'
        for number in range(1, len(titles) + 1)
    )
    styles = (
        f'<Relationship Id="rId{len(titles) + 1}" Type="{_REL_NS}/styles" '
        'Target="styles.xml"/>'
    )
    return (
        f'{_XML_DECLARATION}<Relationships xmlns="{_PKG_REL_NS}">'
        f"{sheets}{styles}</Relationships>"
    )


def _content_types(titles: list[str]) -> str:
    office = "application/vnd.openxmlformats-officedocument"
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{number}.xml" '
        f'ContentType="{office}.spreadsheetml.worksheet+xml"/>'
        for number in range(1, len(titles) + 1)
    )
    return (
        f"{_XML_DECLARATION}<Types "
        'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        f'ContentType="{office}.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        f'ContentType="{office}.spreadsheetml.styles+xml"/>'
        f"{sheets}</Types>"
    )


def _write_entry(archive: zipfile.ZipFile, name: str, text: str) -> None:
    with archive.open(name, "w") as entry:
        entry.write(text.encode())
