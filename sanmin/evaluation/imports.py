"""Reading the internal rater list (内部评议人员名单) from a spreadsheet (checks only).

`services.raters.raters_import` writes the rows when this module finds no error. No
message here repeats an ID or phone number: the errors are shown on a staff page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO

from django.conf import settings

from sanmin.campaigns.models import Campaign
from sanmin.core import crypto
from sanmin.core.personal import id_error, normalise_id, phone_error
from sanmin.core.spreadsheets import Column, RowError, sheet_read
from sanmin.evaluation.selectors.raters import internal_roster_hashes

RATER_COLUMNS = (
    Column(
        key="name",
        header="姓名",
        max_length=50,
        help="评议人员的姓名",
    ),
    Column(
        key="id_number",
        header="身份证号",
        aliases=("身份证号码", "公民身份号码"),
        max_length=30,
        help="18位居民身份证号码，末位可为 X；用于在爱山东登录时核对身份，平台只保存其摘要",
    ),
    Column(
        key="phone",
        header="手机号",
        aliases=("手机号码", "联系电话"),
        max_length=20,
        help="11位手机号码，用于发送评议提醒和回执短信",
    ),
    Column(
        key="unit",
        header="工作单位",
        aliases=("单位", "所在单位"),
        max_length=100,
        help="所在市直机关的全称，如“市财政局”",
    ),
)
RATER_NOTES = (
    "",
    "导入规则：",
    "1. 只读取第一个工作表，第一行为表头；请填写数值，不要使用公式。",
    "2. 身份证号请设置为“文本”格式，以免 Excel 把末尾几位变成 0。",
    "3. 同一文件中身份证号不能重复；已在内部评议人员名单中的人员不能再次导入。",
    "4. 任何一行有错误时，整个文件都不会导入，并逐行列出错误。",
)


@dataclass(frozen=True)
class RaterRow:
    row: int
    name: str
    id_number: str
    phone: str
    unit: str


@dataclass
class RaterImport:
    raters: list[RaterRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def raters_parse(
    *, campaign: Campaign, upload: IO[bytes], filename: str
) -> RaterImport:
    """Check an internal rater list against the rules and the campaign's roster.

    1. The generic reader checks the file, the header and every cell (an empty name
       or unit is an error of its row).
    2. Each ID number must pass the GB 11643 check, each phone number be a mobile
       number.
    3. An ID number appears once in the file, and is not on the campaign's internal
       roster already (compared by its keyed hash, as the roster stores it).
    """
    sheet = sheet_read(
        upload=upload,
        filename=filename,
        columns=RATER_COLUMNS,
        max_mb=settings.UPLOAD_MAX_SHEET_MB,
    )
    result = RaterImport(errors=list(sheet.errors))
    hashes: dict[int, str] = {}  # row number → hash of its (valid, first) ID number
    seen: dict[str, int] = {}
    for row in sheet.rows:
        id_number = normalise_id(row.values.get("id_number") or "")
        phone = (row.values.get("phone") or "").strip()
        if id_number and (problem := id_error(id_number)):
            result.errors.append(RowError(row.number, problem, "身份证号"))
        elif id_number:
            first = seen.setdefault(id_number, row.number)
            if first != row.number:
                message = f"与第{first}行的身份证号重复"
                result.errors.append(RowError(row.number, message, "身份证号"))
            else:
                hashes[row.number] = crypto.keyed_hash(id_number, purpose="id")
        if phone and (problem := phone_error(phone)):
            result.errors.append(RowError(row.number, problem, "手机号"))
    on_roster = internal_roster_hashes(campaign=campaign, id_hashes=hashes.values())
    for number, id_hash in hashes.items():
        if id_hash in on_roster:
            message = "此人已在内部评议人员名单中"
            result.errors.append(RowError(number, message, "身份证号"))
    result.errors.sort(key=lambda error: error.row or 0)
    if result.ok:
        result.raters = [
            RaterRow(
                row=row.number,
                name=row.values["name"],
                id_number=normalise_id(row.values["id_number"]),
                phone=row.values["phone"].strip(),
                unit=row.values["unit"],
            )
            for row in sheet.rows
        ]
    return result
