"""People, files and requests for the candidate intake and review tests."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sanmin.core.personal import make_id_number

HEADER = [
    "姓名",
    "身份证号",
    "手机号",
    "代表类别",
    "区（市）",
    "职业",
    "工作单位/推荐单位",
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT = reverse("representatives:intake-import")
SIGNUP = reverse("representatives:signup")
REVIEWS = reverse("representatives:reviews")
DECIDE = reverse("representatives:reviews-decide")

# Category names of the shipped 2024 quota table, by how they are filled.
RANDOM_DISTRICT = "社区(村)居民代表"  # district level, random
RECOMMENDED_DISTRICT = "企业代表"  # district level, recommended
RECOMMENDED_CITY = "市属企业代表"  # city level, recommended
VOLUNTEER_CITY = "自愿报名市民代表"  # city level, volunteer


def id_number(serial: int, *, born: dt.date | None = None) -> str:
    """A checksum-valid synthetic ID number (region 370203), one per serial < 1000."""
    birth = born or dt.date(1970 + serial // 1000, 1 + serial % 12, 1)
    return make_id_number("370203", birth, serial)


def phone(serial: int) -> str:
    return f"1370000{serial:04d}"


def person(
    serial: int,
    *,
    category: str = RANDOM_DISTRICT,
    district: str = "市南区",
    number: str | None = None,
) -> list[Any]:
    return [
        f"候选人{serial}",
        number or id_number(serial),
        phone(serial),
        category,
        district,
        "职员",
        "某某公司",
    ]


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def upload(
    client: Client, content: bytes, name: str = "candidates.xlsx", kind: str = XLSX
) -> Any:
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, content, kind)})


def bad_checksum(serial: int) -> str:
    number = id_number(serial)
    return number[:-1] + ("0" if number[-1] != "0" else "1")


def make_candidates(
    *,
    campaign: Any,
    actor: Any,
    count: int,
    start: int = 0,
    district: Any = None,
    category_code: str = "d-residents",
    channel: str = "random",
) -> list[Any]:
    """`count` candidates stored directly (review tests need many, fast)."""
    from sanmin.campaigns.models import District
    from sanmin.core import crypto
    from sanmin.representatives.models import Candidate

    category = campaign.quotas.get(code=category_code)
    district = district or District.objects.order_by("order", "code")[0]
    encrypt = crypto.cipher().encrypt
    made = []
    for serial in range(start, start + count):
        number = id_number(serial)
        made.append(
            Candidate.objects.create(
                campaign=campaign,
                channel=channel,
                category=category,
                district=district,
                id_hash=crypto.keyed_hash(number, purpose="id"),
                id_cipher=encrypt(number),
                name_cipher=encrypt(f"候选人{serial}"),
                phone_cipher=encrypt(phone(serial)),
                gender="M",
                birth_date=dt.date(1970, 1, 1),
                submitted_by=actor,
                synthetic=True,
            )
        )
    return made


def signup_data(**changes: Any) -> dict[str, Any]:
    """A complete, valid sign-up form; the district is the first one (市南区)."""
    from sanmin.campaigns.models import District

    data = {
        "district": District.objects.order_by("order", "code")[0].pk,
        "hukou": "local",
        "residence_years": "",
        "occupation": "教师",
        "organisation": "青岛某中学",
        "phone": "13900001111",
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
