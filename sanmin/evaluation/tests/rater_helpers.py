"""Files and people for the internal rater list's tests."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sanmin.core.personal import make_id_number

HEADER = ["姓名", "身份证号", "手机号", "工作单位"]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT = reverse("evaluation:raters-import")
PAGE = reverse("evaluation:raters")


def id_number(serial: int) -> str:
    """A checksum-valid synthetic ID number, different for each serial."""
    return make_id_number("370202", dt.date(1975, 1 + serial % 12, 1), serial)


def phone(serial: int) -> str:
    return f"1390000{serial:04d}"


def person(serial: int, unit: str = "市财政局") -> list[Any]:
    return [f"评议人{serial}", id_number(serial), phone(serial), unit]


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    """An .xlsx whose first sheet holds `rows`."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(
    client: Client,
    campaign: Any,
    content: bytes,
    name: str = "raters.xlsx",
    content_type: str = XLSX,
) -> Any:
    return client.post(
        IMPORT,
        {
            "campaign": campaign.pk,
            "file": SimpleUploadedFile(name, content, content_type),
        },
    )
