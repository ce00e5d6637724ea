"""The responses of a questionnaire version as CSV or Excel, flat in memory.

One row per response, one column per question, expanded:
- single choice and rating: a label column "A1 题目 [code]" and a code column
  "A1 题目 [code] 代码" (labels to read, codes to compute with);
- multiple choice: one 0/1 column per option "A2 题目 · 选项 [code.option]";
- matrix: a label and a code column per row "A3 居住环境 [row]";
- "其他（请注明）": a text column "… [code__other]";
- text and number: one column.
Unanswered (or hidden) questions are empty cells. The first columns are the
response's number, channel, district and representative category — no person, no
time (a response never has them).

Responses are read in primary-key order with `.iterator(chunk_size=2000)` (a
server-side cursor on PostgreSQL). Both formats are generators under a
StreamingHttpResponse: the CSV in UTF-8 with a byte-order mark (for Excel), the
.xlsx from sanmin/core/xlsx_stream.py. Text cells that a spreadsheet would run as a
formula are prefixed with an apostrophe (CSV) or stored as inline text (xlsx).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from sanmin.campaigns.models import District, QuotaCategory
from sanmin.core import xlsx_stream as xlsx
from sanmin.surveys.models import Channel, Kind, Questionnaire, Response
from sanmin.surveys.selectors.results import QuestionInfo, results_layout

CHUNK = 2000
FORMATS = ("csv", "xlsx")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Spreadsheet programs run a cell starting with these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FIXED_HEADERS = ("答卷编号", "填写方式", "区（市）", "代表类别")
OTHER_SUFFIX = "__other"
OTHER_CODE = "other"

Cell = str | int | Decimal | None


def cell_safe(value: str) -> str:
    """A text cell that no spreadsheet program runs as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@dataclass(frozen=True)
class Column:
    header: str
    # Takes the response's answers, gives the cell.
    value: Callable[[dict[str, Any]], Cell]


def _text(answers: dict[str, Any], key: str) -> str:
    value = answers.get(key)
    return value if isinstance(value, str) else ""


def _number(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _text_of(key: str) -> Callable[[dict[str, Any]], Cell]:
    return lambda answers: _text(answers, key)


def _label_of(
    pick: Callable[[dict[str, Any]], Cell], labels: dict[str, str]
) -> Callable[[dict[str, Any]], Cell]:
    def label(answers: dict[str, Any]) -> Cell:
        code = pick(answers)
        return labels.get(code, code) if isinstance(code, str) else code

    return label


def _row_of(code: str, row: str) -> Callable[[dict[str, Any]], Cell]:
    def picked(answers: dict[str, Any]) -> Cell:
        grid = answers.get(code)
        value = grid.get(row) if isinstance(grid, dict) else None
        return value if isinstance(value, str) else ""

    return picked


def _tick_of(code: str, option: str) -> Callable[[dict[str, Any]], Cell]:
    def ticked(answers: dict[str, Any]) -> Cell:
        chosen = answers.get(code)
        if not isinstance(chosen, list):
            return None  # not answered (or hidden): an empty cell
        return 1 if option in chosen else 0

    return ticked


def _number_of(code: str) -> Callable[[dict[str, Any]], Cell]:
    return lambda answers: _number(answers.get(code))


def _question_columns(question: QuestionInfo) -> list[Column]:
    """The columns of one question (see the module docstring)."""
    head = f"{question.number} {question.prompt}"
    code = question.code
    labels = {option.code: option.label for option in question.options}
    ticks = [(option.code, option.label) for option in question.options]
    if question.other_option:
        labels.setdefault(OTHER_CODE, "其他")
        ticks.append((OTHER_CODE, "其他"))
    columns: list[Column] = []
    if question.kind in (Kind.SINGLE, Kind.RATING):
        columns += [
            Column(f"{head} [{code}]", _label_of(_text_of(code), labels)),
            Column(f"{head} [{code}] 代码", _text_of(code)),
        ]
    elif question.kind == Kind.MULTIPLE:
        columns += [
            Column(f"{head} · {label} [{code}.{option}]", _tick_of(code, option))
            for option, label in ticks
        ]
    elif question.kind == Kind.MATRIX:
        for row in question.rows:
            title = f"{question.number} {row.label} [{row.code}]"
            columns += [
                Column(title, _label_of(_row_of(code, row.code), labels)),
                Column(f"{title} 代码", _row_of(code, row.code)),
            ]
    elif question.kind == Kind.NUMBER:
        columns.append(Column(f"{head} [{code}]", _number_of(code)))
    else:
        columns.append(Column(f"{head} [{code}]", _text_of(code)))
    if question.other_option:
        other = f"{code}{OTHER_SUFFIX}"
        columns.append(Column(f"{head} 其他（请注明） [{other}]", _text_of(other)))
    return columns


def export_columns(*, questionnaire: Questionnaire) -> list[Column]:
    columns: list[Column] = []
    for question in results_layout(questionnaire=questionnaire):
        columns += _question_columns(question)
    return columns


def export_headers(*, questionnaire: Questionnaire) -> list[str]:
    return [
        *FIXED_HEADERS,
        *(c.header for c in export_columns(questionnaire=questionnaire)),
    ]


def export_rows(*, questionnaire: Questionnaire) -> Iterator[list[Cell]]:
    """Every response of the version as a row under `export_headers` (cells not yet
    made safe for spreadsheets)."""
    columns = export_columns(questionnaire=questionnaire)
    channels = dict(Channel.choices)
    districts = dict(District.objects.values_list("pk", "name"))
    categories = dict(
        QuotaCategory.objects.filter(campaign_id=questionnaire.campaign_id).values_list(
            "pk", "name"
        )
    )
    responses = (
        Response.objects.filter(questionnaire=questionnaire)
        .order_by("pk")
        .values_list("pk", "channel", "district_id", "category_id", "answers")
        .iterator(chunk_size=CHUNK)
    )
    for pk, channel, district, category, answers in responses:
        answers = answers if isinstance(answers, dict) else {}
        yield [
            str(pk),
            str(channels.get(channel, channel)),
            districts.get(district, "") if district else "",
            categories.get(category, "") if category else "",
            *(column.value(answers) for column in columns),
        ]


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return cell_safe(value)
    return str(value)


class _Line:
    """A file-like sink for csv.writer that hands back what was written."""

    def __init__(self) -> None:
        self.value = ""

    def write(self, text: str) -> int:
        self.value = text
        return len(text)


def csv_stream(*, questionnaire: Questionnaire) -> Iterator[bytes]:
    """The export as CSV in batches of lines: UTF-8 with a byte-order mark (Excel),
    every text cell safe from formula injection."""
    line = _Line()
    writer = csv.writer(line)
    writer.writerow([cell_safe(h) for h in export_headers(questionnaire=questionnaire)])
    yield ("\ufeff" + line.value).encode("utf-8")
    batch: list[str] = []
    for row in export_rows(questionnaire=questionnaire):
        writer.writerow([_csv_cell(value) for value in row])
        batch.append(line.value)
        if len(batch) >= 200:
            yield "".join(batch).encode("utf-8")
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8")


def xlsx_stream(*, questionnaire: Questionnaire) -> Iterator[bytes]:
    """The export as an .xlsx, streamed as it is written (sanmin/core/xlsx_stream.py:
    text is always text, never a formula; numbers and 0/1 ticks are numbers; past
    Excel's row limit the rows go on to a second sheet)."""
    return xlsx.xlsx_stream(
        headers=export_headers(questionnaire=questionnaire),
        rows=export_rows(questionnaire=questionnaire),
        sheet_title="答卷",
    )
