"""Reading the 12345 hotline's hot-topic spreadsheet (checks only; nothing is written).

`services.hot_topics_import` writes the rows when this module finds no error.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import IO

from django.conf import settings

from sanmin.campaigns.models import Campaign, Participant
from sanmin.core.spreadsheets import Column, RowError, sheet_read

HOT_TOPIC_COLUMNS = (
    Column(
        key="department",
        header="部门",
        aliases=("部门名称", "责任部门"),
        max_length=80,
        help="述职部门的全称，与平台中的部门名称一致，如“市教育局”",
    ),
    Column(
        key="rank",
        header="排序",
        type="integer",
        min_value=1,
        max_value=999,
        aliases=("序号", "排名"),
        help="该部门热点问题的顺序，1 为最靠前；同一部门内不能重复",
    ),
    Column(
        key="title",
        header="热点问题",
        max_length=120,
        help="市民反映集中的问题，不超过 120 个字",
    ),
    Column(
        key="detail",
        header="说明",
        required=False,
        max_length=2000,
        help="问题的简要说明（选填）",
    ),
    Column(
        key="calls",
        header="诉求量",
        type="integer",
        required=False,
        min_value=0,
        max_value=2_000_000_000,
        aliases=("热线诉求量", "诉求数量"),
        help="12345 热线诉求件数，填写整数（选填）",
    ),
)
HOT_TOPIC_NOTES = (
    "",
    "导入规则：",
    "1. 只读取第一个工作表，第一行为表头；请填写数值，不要使用公式。",
    "2. 文件中出现的部门，其原有热点问题将被本文件的内容整体替换；未出现的部门不变。",
    "3. 任何一行有错误时，整个文件都不会导入，并逐行列出错误。",
)


@dataclass(frozen=True)
class HotTopicRow:
    row: int
    participant: Participant
    rank: int
    title: str
    detail: str
    calls: int | None


@dataclass
class HotTopicImport:
    topics: list[HotTopicRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def departments(self) -> int:
        return len({topic.participant.pk for topic in self.topics})


def _participants_by_name(campaign: Campaign) -> dict[str, Participant]:
    participants = Participant.objects.filter(campaign=campaign).select_related(
        "department"
    )
    return {p.department.name: p for p in participants}


def hot_topics_parse(
    *, campaign: Campaign, upload: IO[bytes], filename: str
) -> HotTopicImport:
    """Check a hot-topic file against the campaign's departments.

    1. The generic reader checks the file, the header and every cell's type.
    2. Each row's department must take part in the campaign.
    3. Within a department, each 排序 appears once.
    """
    sheet = sheet_read(
        upload=upload,
        filename=filename,
        columns=HOT_TOPIC_COLUMNS,
        max_mb=settings.UPLOAD_MAX_SHEET_MB,
    )
    result = HotTopicImport(errors=list(sheet.errors))
    participants = _participants_by_name(campaign)
    seen: dict[tuple[int, int], int] = {}
    for row in sheet.rows:
        values = row.values
        name = values.get("department") or ""
        participant = participants.get(name)
        if name and participant is None:
            result.errors.append(
                RowError(
                    row=row.number,
                    column="部门",
                    message=f"“{name}”不是本次活动的述职部门，请核对部门全称",
                )
            )
        rank = values.get("rank")
        if participant is not None and rank is not None:
            first = seen.setdefault((participant.pk, rank), row.number)
            if first != row.number:
                result.errors.append(
                    RowError(
                        row=row.number,
                        column="排序",
                        message=f"{name}的排序 {rank} 与第{first}行重复",
                    )
                )
        if participant is None or rank is None or not values.get("title"):
            continue
        result.topics.append(
            HotTopicRow(
                row=row.number,
                participant=participant,
                rank=rank,
                title=values["title"],
                detail=values.get("detail") or "",
                calls=values.get("calls"),
            )
        )
    result.errors.sort(key=lambda error: error.row or 0)
    if not result.ok:
        result.topics = []
    return result
