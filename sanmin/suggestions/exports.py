"""The suggestions export: every case of a campaign as CSV or Excel, flat in memory.

Rows are read with `values()` and `.iterator(chunk_size=2000)` (a server-side
cursor on PostgreSQL): the suggestions in id order, merged with their items read in
the same order by a second cursor, so no query per row and no list of all rows.
Both formats are generators under a StreamingHttpResponse (the .xlsx from
sanmin/core/xlsx_stream.py).

No submitter name, phone, ID or account appears: the columns are the case, its
handling and its state only.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign
from sanmin.core import xlsx_stream as xlsx
from sanmin.suggestions.models import (
    Item,
    SatisfactionLevel,
    Source,
    Status,
    Suggestion,
)

CHUNK = 2000
HEADERS = (
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
)
FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Spreadsheet programs run a cell starting with these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SUGGESTION_FIELDS = (
    "pk",
    "number",
    "source",
    "topic__name",
    "title",
    "text",
    "district__name",
    "status",
    "submitted_at",
    "accepted_at",
    "answered_at",
    "satisfaction__level",
)


def _when(moment: Any, zone: Any) -> str:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else ""


def cell_safe(value: str) -> str:
    """A text cell that no spreadsheet program runs as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _items_by_case(campaign: Campaign) -> Iterator[tuple[int, list[str], Any]]:
    """(suggestion id, lead names, latest deadline) per case with items, by id."""
    rows = (
        Item.objects.filter(suggestion__campaign=campaign)
        .order_by("suggestion_id", "seq")
        .values_list("suggestion_id", "lead__name", "deadline")
        .iterator(chunk_size=CHUNK)
    )
    current: int | None = None
    leads: list[str] = []
    deadline: Any = None
    for suggestion_id, lead, item_deadline in rows:
        if suggestion_id != current:
            if current is not None:
                yield current, leads, deadline
            current, leads, deadline = suggestion_id, [], None
        if lead not in leads:
            leads.append(lead)
        deadline = item_deadline if deadline is None else max(deadline, item_deadline)
    if current is not None:
        yield current, leads, deadline


def export_rows(*, campaign: Campaign) -> Iterator[list[str]]:
    """Every case of the campaign as a row of HEADERS (plain text, not yet made
    safe for spreadsheets), in tracking-number order."""
    sources = dict(Source.choices)
    statuses = dict(Status.choices)
    levels = dict(SatisfactionLevel.choices)
    # Looked up once: timezone.localtime() per cell costs a context-local lookup.
    zone = timezone.get_current_timezone()
    cases = (
        Suggestion.objects.filter(campaign=campaign)
        .order_by("pk")
        .values_list(*SUGGESTION_FIELDS)
        .iterator(chunk_size=CHUNK)
    )
    items = _items_by_case(campaign)
    pending = next(items, None)
    for (
        pk,
        number,
        source,
        topic,
        title,
        text,
        district,
        status,
        submitted_at,
        accepted_at,
        answered_at,
        level,
    ) in cases:
        # Both cursors run in id order: skip item groups of earlier ids (none
        # expected), take this case's group if it is next.
        while pending is not None and pending[0] < pk:
            pending = next(items, None)
        leads: list[str] = []
        deadline = None
        if pending is not None and pending[0] == pk:
            _, leads, deadline = pending
            pending = next(items, None)
        yield [
            number,
            str(sources.get(source, source)),
            topic or "",
            title,
            text,
            district or "",
            str(statuses.get(status, status)),
            _when(submitted_at, zone),
            _when(accepted_at, zone),
            "、".join(leads),
            _when(deadline, zone),
            _when(answered_at, zone),
            str(levels.get(level, "")) if level else "",
            "是" if status == Status.PUBLISHED else "否",
        ]


class _Line:
    """A file-like sink for csv.writer that hands back what was written."""

    def __init__(self) -> None:
        self.value = ""

    def write(self, text: str) -> int:
        self.value = text
        return len(text)


def csv_stream(*, campaign: Campaign) -> Iterator[bytes]:
    """The export as CSV, line by line: UTF-8 with a byte-order mark (Excel), every
    text cell safe from formula injection."""
    line = _Line()
    writer = csv.writer(line)
    writer.writerow(HEADERS)
    yield ("\ufeff" + line.value).encode("utf-8")
    batch: list[str] = []
    for row in export_rows(campaign=campaign):
        writer.writerow([cell_safe(value) for value in row])
        batch.append(line.value)
        if len(batch) >= 200:
            yield "".join(batch).encode("utf-8")
            batch = []
    if batch:
        yield "".join(batch).encode("utf-8")


def xlsx_stream(*, campaign: Campaign) -> Iterator[bytes]:
    """The export as an .xlsx, streamed as it is written (sanmin/core/xlsx_stream.py:
    every cell is inline text, never a formula)."""
    return xlsx.xlsx_stream(
        headers=HEADERS, rows=export_rows(campaign=campaign), sheet_title="建议"
    )


def export_record(
    *, campaign: Campaign, fmt: str, actor: Any, request: Any = None
) -> int:
    """Record that `actor` exported the campaign's suggestions (format, row count);
    returns the row count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    rows = Suggestion.objects.filter(campaign=campaign).count()
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="suggestion.export",
            target=campaign,
            detail={"format": fmt, "rows": rows},
            request=request,
        )
    return rows
