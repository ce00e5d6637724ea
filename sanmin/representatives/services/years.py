"""Earlier years' rosters (往年名单), imported by the statistics bureau so that rotation
is computed across years: who served in which year, in which category and district.

Only the keyed hash of the ID number is kept (`keyed_hash(number, purpose="id")`, the
same key the roster and the 爱山东 sign-in use); the number itself is read, checked
and dropped. An import is all-or-nothing with a row-by-row report in Chinese; no
message repeats an ID number. The current year's service is never imported: the
platform writes it when the roster is frozen (services/roster.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from sanmin.accounts.models import Role
from sanmin.audit.models import Outcome
from sanmin.audit.services import audit_record
from sanmin.campaigns.models import District, QuotaCategory
from sanmin.core import crypto
from sanmin.core.personal import id_error, normalise_id
from sanmin.core.spreadsheets import Column, RowError, sheet_read
from sanmin.representatives.models import ServiceYear

IMPORT_ACTION = "service_years.import"
MIN_YEAR = 2000
MAX_ROWS = 30000
CHUNK = 5000
RACE_MESSAGE = "导入期间任职记录已被他人修改，所有数据均未导入，请重新上传"

YEAR_COLUMNS = (
    Column(
        key="id_number",
        header="身份证号",
        aliases=("身份证号码", "公民身份号码"),
        max_length=30,
        help="18位居民身份证号码，末位可为 X；平台只保存其摘要，不保存号码",
    ),
    Column(
        key="year",
        header="年度",
        type="integer",
        min_value=MIN_YEAR,
        max_value=2100,
        help="担任市民代表的年度，如 2023",
    ),
    Column(
        key="category",
        header="代表类别",
        aliases=("代表类别代码", "类别", "代表类别名称"),
        max_length=120,
        help="代表类别的代码（如 district-party）或名称（如 党代表），与市民代表构成表一致",
    ),
    Column(
        key="district",
        header="区（市）",
        aliases=("区(市)", "区市", "所属区（市）"),
        required=False,
        max_length=40,
        help="区（市）名称；区（市）选聘的类别必填，市级选聘的类别可空",
    ),
)
YEAR_NOTES = (
    "",
    "导入规则：",
    "1. 只读取第一个工作表，第一行为表头；请填写数值，不要使用公式。",
    "2. 身份证号请设置为“文本”格式，以免 Excel 把末尾几位变成 0。",
    "3. 同一人同一年度只能有一行；平台中已有的任职记录不能再次导入。",
    "4. 只能导入往年的名单；本年度的任职记录在名单冻结时由平台生成。",
    "5. 任何一行有错误时，整个文件都不会导入，并逐行列出错误。",
)


@dataclass(frozen=True)
class YearRow:
    row: int
    id_hash: str
    year: int
    category_code: str
    district: District | None


@dataclass
class YearsImport:
    rows: list[YearRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def per_year(self) -> dict[int, int]:
        return dict(sorted(Counter(row.year for row in self.rows).items()))


def _categories() -> dict[str, QuotaCategory]:
    """Code or name → category, the latest campaign's first (names are matched
    exactly as in the quota table, codes as slugs)."""
    found: dict[str, QuotaCategory] = {}
    for category in QuotaCategory.objects.select_related("campaign").order_by(
        "campaign__year", "pk"
    ):
        found[category.code] = category
        found[category.name] = category
    return found


def _districts() -> dict[str, District]:
    found: dict[str, District] = {}
    for district in District.objects.all():
        for key in (district.code, district.name, district.alias):
            if key:
                found[key] = district
    return found


def _existing(pairs: set[tuple[str, int]]) -> set[tuple[str, int]]:
    hashes = sorted({id_hash for id_hash, _ in pairs})
    years = sorted({year for _, year in pairs})
    found: set[tuple[str, int]] = set()
    for start in range(0, len(hashes), CHUNK):
        found |= set(
            ServiceYear.objects.filter(
                id_hash__in=hashes[start : start + CHUNK], year__in=years
            ).values_list("id_hash", "year")
        )
    return found & pairs


def service_years_parse(
    *, upload: IO[bytes], filename: str, before_year: int
) -> YearsImport:
    """Check an earlier years' roster file (no writes).

    1. The generic reader checks the file, the header and every cell.
    2. Each ID number passes GB 11643; the year is before `before_year` (the
       current campaign's); the category is a code or name of the quota table; the
       district a known district, required for a district-level category.
    3. One row per person and year in the file, and none the platform has already.
    """
    sheet = sheet_read(
        upload=upload,
        filename=filename,
        columns=YEAR_COLUMNS,
        max_mb=settings.UPLOAD_MAX_SHEET_MB,
        max_rows=MAX_ROWS,
    )
    result = YearsImport(errors=list(sheet.errors))
    categories, districts = _categories(), _districts()
    seen: dict[tuple[str, int], int] = {}
    rows: list[YearRow] = []
    for row in sheet.rows:
        values = row.values
        ok = True

        def error(message: str, column: str, number: int = row.number) -> None:
            result.errors.append(RowError(number, message, column))

        id_number = normalise_id(values.get("id_number") or "")
        if id_number and (problem := id_error(id_number)):
            error(problem, "身份证号")
            ok = False
        year = values.get("year")
        if year is not None and year >= before_year:
            error(f"只能导入往年（{before_year}年以前）的名单", "年度")
            ok = False
        category = categories.get((values.get("category") or "").strip())
        if values.get("category") and category is None:
            error(f"未知的代表类别“{values['category']}”", "代表类别")
            ok = False
        district_name = (values.get("district") or "").strip()
        district = districts.get(district_name) if district_name else None
        if district_name and district is None:
            error(f"未知的区（市）“{district_name}”", "区（市）")
            ok = False
        if (
            not district_name
            and category is not None
            and category.level == QuotaCategory.Level.DISTRICT
        ):
            error("区（市）选聘的代表类别须填写区（市）", "区（市）")
            ok = False
        if not ok or not id_number or year is None or category is None:
            continue
        id_hash = crypto.keyed_hash(id_number, purpose="id")
        first = seen.setdefault((id_hash, year), row.number)
        if first != row.number:
            error(f"与第{first}行重复：同一人同一年度只能有一行", "身份证号")
            continue
        rows.append(YearRow(row.number, id_hash, year, category.code, district))
    on_file = _existing(set(seen))
    for entry in rows:
        if (entry.id_hash, entry.year) in on_file:
            result.errors.append(
                RowError(entry.row, f"此人 {entry.year} 年的任职记录已在平台中", "年度")
            )
    result.errors.sort(key=lambda e: e.row or 0)
    if result.ok:
        result.rows = rows
    return result


def service_years_import(
    *,
    upload: IO[bytes],
    filename: str,
    before_year: int,
    actor: Any,
    request: HttpRequest | None = None,
) -> YearsImport:
    """Store an earlier years' roster file as ServiceYear rows (imported=True);
    all or nothing. Only the statistics bureau.

    1. `service_years_parse`; on any error nothing is stored, the refusal is audited
       (file name and error count) and the errors returned.
    2. Otherwise one transaction inserts every row and records the import (rows per
       year). A row someone else stored meanwhile rolls it all back (refused).
    """
    if getattr(actor, "role", None) != Role.STATISTICS:
        raise PermissionDenied("role")
    parsed = service_years_parse(
        upload=upload, filename=filename, before_year=before_year
    )
    if parsed.ok:
        try:
            with transaction.atomic():
                ServiceYear.objects.bulk_create(
                    [
                        ServiceYear(
                            id_hash=row.id_hash,
                            year=row.year,
                            category_code=row.category_code,
                            district=row.district,
                            imported=True,
                        )
                        for row in parsed.rows
                    ],
                    batch_size=1000,
                )
                audit_record(
                    actor=actor,
                    action=IMPORT_ACTION,
                    object_type="service_years",
                    detail={
                        "file": filename[:100],
                        "rows": len(parsed.rows),
                        "years": {str(y): n for y, n in parsed.per_year.items()},
                    },
                    request=request,
                )
            return parsed
        except IntegrityError:
            parsed = YearsImport(errors=[RowError(None, RACE_MESSAGE)])
    audit_record(
        actor=actor,
        action=IMPORT_ACTION,
        object_type="service_years",
        outcome=Outcome.FAILURE,
        detail={"file": filename[:100], "errors": len(parsed.errors)},
        request=request,
    )
    return parsed
