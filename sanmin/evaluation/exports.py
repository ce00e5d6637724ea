"""A result as an Excel workbook (openpyxl, write-only: rows streamed, little memory).

Sheets: 评议结果 (one row per department, by group and rank), 场次参评 (participation
per session), 说明 (campaign, status, digest, the rule applied). Figures are written
as they stand in the snapshot, so the workbook matches the pages and the digest.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from sanmin.evaluation.models import ResultSet
from sanmin.evaluation.selectors.snapshots import result_tables, roster_label

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _number(value: str | None) -> Decimal | str:
    return Decimal(value) if value is not None else ""


def _header(sheet: WriteOnlyWorksheet, titles: list[str]) -> None:
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)


def _when(moment: Any) -> str:
    return moment.isoformat(timespec="seconds") if moment else ""


def result_workbook(result: ResultSet) -> bytes:
    tables = result_tables(result.snapshot)
    book = Workbook(write_only=True)

    sheet = book.create_sheet("评议结果")
    sheet.freeze_panes = "D2"
    titles = ["组别", "组内排名", "部门"]
    titles += [f"{choice['label']}（票）" for choice in tables.choices]
    titles += ["总票数", "有效票", "得分", "满意率（%）"]
    if tables.has_grades:
        titles.append("等次")
    if tables.has_composite:
        titles += ["日常考评得分", "综合得分"]
    _header(sheet, titles)
    for group in tables.groups:
        for row in group.rows:
            values: list[Any] = [group.name, row.rank or "", row.department]
            values += row.counts
            values += [
                row.total,
                row.valid,
                _number(row.score),
                _number(row.satisfaction_rate),
            ]
            if tables.has_grades:
                values.append(row.grade)
            if tables.has_composite:
                values += [_number(row.routine_score), _number(row.composite)]
            sheet.append(values)

    turnout = book.create_sheet("场次参评")
    _header(turnout, ["场次", "组别", "评议开始", "评议截止", "参评人数", "评议票数"])
    for session in tables.sessions:
        turnout.append(
            [
                session["title"],
                session["group"],
                session["opens_at"] or "",
                session["closes_at"] or "",
                session["participations"],
                session["ballots"],
            ]
        )

    about = book.create_sheet("说明")
    rule = result.snapshot["rule"]
    for label, value in [
        ("活动", str(result.campaign)),
        ("名单", roster_label(result.roster)),
        ("状态", result.get_status_display()),
        ("计算时间", _when(result.computed_at)),
        ("审核时间", _when(result.approved_at)),
        ("发布时间", _when(result.published_at)),
        ("快照摘要（SHA-256）", result.digest),
        ("评议票数", result.snapshot["receipts"]["count"]),
        ("回执码清单摘要（SHA-256）", result.snapshot["receipts"]["sha256"]),
        (
            "计分方法",
            "得分 = Σ(票数 × 分值) ÷ 有效票；满意率 = 满意票 ÷ 有效票 × 100；"
            "保留两位小数，四舍五入",
        ),
        ("评议得分权重", rule["evaluation_weight"] or "（不计算综合得分）"),
    ]:
        about.append([label, value])
    for choice in rule["choices"]:
        about.append(
            [
                f"选项：{choice['label']}",
                f"分值 {choice['points']}；"
                f"{'计入' if choice['counted'] else '不计入'}有效票；"
                f"{'计为满意' if choice['satisfied'] else '不计为满意'}",
            ]
        )
    for grade in rule["grades"]:
        about.append([f"等次：{grade['grade']}", f"得分 ≥ {grade['min']}"])

    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
