"""The candidate list spreadsheet (组织推荐 and 随机抽取候选池): its columns, its
template notes, and the checks every row must pass before anything is stored.

`services.intake.candidates_import` stores the rows only when `candidates_parse`
finds no error. No message here repeats an ID or phone number: the errors are shown
on a staff page and counted in the audit log.

Cost at 30,000 rows: the reader's typing of every cell, then per row a regex, a
checksum and a date for the ID number, a regex for the phone, two dictionary
look-ups, and one keyed hash (HMAC-SHA256) per distinct valid ID number; the
duplicate look-up is one query per 5,000 hashes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.utils import timezone

from sanmin.campaigns.models import Campaign, District, QuotaCategory
from sanmin.core import crypto
from sanmin.core.personal import id_error, normalise_id, phone_error
from sanmin.core.spreadsheets import Column, RowError, sheet_read
from sanmin.representatives.models import Channel, Gender, ImportBatch
from sanmin.representatives.selectors.intake import (
    IntakeScope,
    candidacies_of,
    category_lookup,
    district_lookup,
    name_key,
)

MIN_AGE = 18
MAX_ROWS = 50_000

INTAKE_COLUMNS = (
    Column(key="name", header="姓名", max_length=50, help="候选人姓名"),
    Column(
        key="id_number",
        header="身份证号",
        aliases=("身份证号码", "公民身份号码"),
        max_length=30,
        help="18位居民身份证号码，末位可为 X；请把此列设置为“文本”格式",
    ),
    Column(
        key="phone",
        header="手机号",
        aliases=("手机号码", "联系电话"),
        max_length=20,
        help="11位手机号码，用于发送入选通知",
    ),
    Column(
        key="category",
        header="代表类别",
        aliases=("类别",),
        max_length=120,
        help="与《市民代表构成表》中的类别名称一致（也可填写类别代码）",
    ),
    Column(
        key="district",
        header="区（市）",
        aliases=("区(市)", "区市", "所在区（市）"),
        required=False,
        max_length=40,
        help="候选人居住或工作的区（市），如“市南区”；区（市）选聘类别必填",
    ),
    Column(
        key="occupation",
        header="职业",
        required=False,
        max_length=60,
        help="选填",
    ),
    Column(
        key="organisation",
        header="工作单位/推荐单位",
        aliases=("工作单位", "推荐单位", "工作单位或推荐单位"),
        required=False,
        max_length=120,
        help="选填：工作单位，或组织推荐时的推荐单位",
    ),
)
INTAKE_NOTES = (
    "",
    "导入规则：",
    "1. 只读取第一个工作表，第一行为表头；请填写数值，不要使用公式。",
    "2. 身份证号请设置为“文本”格式，以免 Excel 把末尾几位变成 0。",
    "3. 候选人须年满18周岁；同一人在本年度活动中只能作为候选人一次（无论哪种渠道）。",
    "4. 代表类别只能是本渠道负责的类别；区（市）工作人员只能导入本区（市）的候选人。",
    "5. 任何一行有错误时，整个文件都不会导入，并逐行列出错误。",
)


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def id_gender(number: str) -> Gender:
    """GB 11643: the 17th digit is odd for men, even for women."""
    return Gender.MALE if int(number[16]) % 2 else Gender.FEMALE


def id_birth(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


@dataclass(frozen=True)
class IntakeRow:
    row: int
    name: str
    id_number: str
    id_hash: str
    phone: str
    category: QuotaCategory
    district: District | None
    occupation: str
    organisation: str
    birth: dt.date


@dataclass
class IntakeImport:
    rows: list[IntakeRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    batch: ImportBatch | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def candidates_parse(
    *,
    campaign: Campaign,
    scope: IntakeScope,
    upload: IO[bytes],
    filename: str,
    today: dt.date | None = None,
) -> IntakeImport:
    """Check a candidate list against every rule before anything is stored.

    1. The generic reader checks the file, the header and every cell (formulas,
       empty required cells, over-long text).
    2. Per row: the ID number (GB 11643) and age on `today`, the phone number, the
       category (name or code of the campaign, allowed for the uploader's channel and
       level), the district (name, alias or code; required for district-level
       categories; district staff only their own).
    3. An ID number appears once in the file (compared as text, before hashing).
    4. The keyed hashes of the good ID numbers (valid, first in the file, adult) are
       looked up against the campaign's candidates of every channel, one query per
       chunk of hashes.
    Errors name the row and column, never the ID or phone number itself.
    """
    today = today or timezone.localdate()
    sheet = sheet_read(
        upload=upload,
        filename=filename,
        columns=INTAKE_COLUMNS,
        max_mb=settings.UPLOAD_MAX_SHEET_MB,
        max_rows=MAX_ROWS,
    )
    result = IntakeImport(errors=list(sheet.errors))
    errors = result.errors
    categories = category_lookup(campaign=campaign)
    districts = district_lookup(campaign=campaign)
    seen: dict[str, int] = {}
    hashed: list[tuple[int, str]] = []  # (row, hash) of every good ID number
    valid: list[IntakeRow] = []
    for row in sheet.rows:
        number, values = row.number, row.values
        bad = False
        id_number = normalise_id(values.get("id_number") or "")
        birth = None
        id_hash = ""
        if id_number:
            problem = id_error(id_number)
            if problem is None:
                birth = id_birth(id_number)
                first = seen.setdefault(id_number, number)
                if first != number:
                    problem = f"与第{first}行的身份证号重复"
                elif age_on(birth, today) < MIN_AGE:
                    problem = f"未满{MIN_AGE}周岁，不能作为候选人"
            if problem:
                errors.append(RowError(number, problem, "身份证号"))
                bad = True
            else:
                id_hash = crypto.keyed_hash(id_number, purpose="id")
                hashed.append((number, id_hash))
        phone = (values.get("phone") or "").strip()
        if phone and (problem := phone_error(phone)):
            errors.append(RowError(number, problem, "手机号"))
            bad = True
        category = _row_category(number, values, categories, scope, errors)
        placed, district = _row_district(
            number, values, districts, category, scope, errors
        )
        if bad or category is None or not placed or birth is None:
            continue
        valid.append(
            IntakeRow(
                row=number,
                name=values["name"] or "",
                id_number=id_number,
                id_hash=id_hash,
                phone=phone,
                category=category,
                district=district,
                occupation=values.get("occupation") or "",
                organisation=values.get("organisation") or "",
                birth=birth,
            )
        )
    existing = candidacies_of(
        campaign=campaign, id_hashes=[id_hash for _, id_hash in hashed]
    )
    for number, id_hash in hashed:
        if id_hash in existing:
            channel = Channel(existing[id_hash]).label
            message = (
                f"此人已是本活动的候选人（{channel}），同一人每年只能作为候选人一次"
            )
            errors.append(RowError(number, message, "身份证号"))
    errors.sort(key=lambda error: error.row or 0)
    if result.ok:
        result.rows = valid
    return result


def _row_category(
    number: int,
    values: dict[str, Any],
    categories: dict[str, QuotaCategory],
    scope: IntakeScope,
    errors: list[RowError],
) -> QuotaCategory | None:
    given = values.get("category") or ""
    if not given:
        return None  # the reader reported the empty cell
    category = categories.get(name_key(given))
    if category is None:
        errors.append(
            RowError(number, f"本活动没有“{given[:40]}”这一代表类别", "代表类别")
        )
        return None
    if not scope.allows(category):
        message = (
            f"“{category.name}”为{category.get_level_display()}、"
            f"{category.get_method_display()}类别，不能通过{scope.label}导入"
        )
        errors.append(RowError(number, message, "代表类别"))
        return None
    return category


def _row_district(
    number: int,
    values: dict[str, Any],
    districts: dict[str, District],
    category: QuotaCategory | None,
    scope: IntakeScope,
    errors: list[RowError],
) -> tuple[bool, District | None]:
    """(ok, the row's district); no district is fine for a municipal category."""
    given = values.get("district") or ""
    if not given:
        if category is not None and category.level == QuotaCategory.Level.DISTRICT:
            message = "区（市）选聘类别必须填写区（市）"
            errors.append(RowError(number, message, "区（市）"))
            return False, None
        if scope.district is not None:
            errors.append(RowError(number, "不能为空", "区（市）"))
            return False, None
        return True, None
    district = districts.get(name_key(given))
    if district is None:
        errors.append(RowError(number, f"没有“{given[:40]}”这个区（市）", "区（市）"))
        return False, None
    if scope.district is not None and district.pk != scope.district.pk:
        message = f"只能导入{scope.district.name}的候选人（此行为{district.name}）"
        errors.append(RowError(number, message, "区（市）"))
        return False, None
    return True, district
