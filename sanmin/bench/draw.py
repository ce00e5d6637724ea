"""`sanmin bench draw`: the draw on a 30,000-candidate pool, in memory.

1. The Annex 3 cells of the shipped 2024 plan (150 cells, 3,000 seats), without a
   database.
2. A synthetic pool of 30,000 candidates spread unevenly over the cells (each cell
   gets seats × a factor between 1.2 and 5, and at least what it needs), with
   three earlier years of service: last year's roster and two more years, so some
   candidates return (in one cell of five half the candidates served last year, in some large cells
   nine in ten) and
   some are excluded after three years in a row.
3. The cell-exact draw: prepare (rotation, alternates, short cells) and run (every
   cell's ordering, members and alternates, report), timed; then again under
   tracemalloc for the peak memory.
4. The fair draw: gender and age-band targets in every district, so each district
   becomes a fair component; the time to compute the lotteries and run, and the
   lowest chance against the LP bound.
5. The same with a citywide gender target added, which links every cell into one
   component (solved block by block and glued, fair.glued_panels).
6. The figures, and as the last line one JSON object with every figure and `ok`.

The synthetic data come from a fixed seed of Python's `random` (only the data: the
draw itself uses its HMAC streams).
"""

from __future__ import annotations

import json
import random
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sanmin.representatives.draw import engine, rotation
from sanmin.representatives.draw.alternates import allocate_alternates
from sanmin.representatives.draw.fingerprints import seed_from_sources
from sanmin.representatives.draw.model import (
    AGE_BANDS,
    CellSpec,
    PoolRow,
    Rules,
    Target,
)

PLAN = Path(__file__).resolve().parents[1] / "campaigns" / "data" / "qingdao-2024.json"
YEAR = 2025
CANDIDATES = 30_000
SEED_SOURCES = [{"label": "性能测试种子", "value": "2025-bench"}]

CELL_SECONDS_MAX = 1.0
FAIR_SECONDS_MAX = 60.0
FAIR_GAP_MAX = 0.001


def plan_cells(path: Path = PLAN) -> tuple[list[CellSpec], Rules]:
    """The cells of the plan's quota table, as campaign_cells makes them."""
    data = json.loads(path.read_text(encoding="utf-8"))
    districts = [d["code"] for d in data["districts"]]
    head = data["campaign"]
    rules = Rules(
        alternate_rate=head["alternate_rate"],
        rotation_min_new=head["rotation_min_new"],
        max_consecutive_years=head["max_consecutive_years"],
    )
    cells = []
    quotas = sorted(data["quotas"], key=lambda q: q["level"])  # city first
    for quota in quotas:
        if quota["level"] == "district":
            share = quota["seats"] // len(districts)
            cells += [
                CellSpec(f"{quota['code']}@{d}", quota["code"], d, share)
                for d in districts
            ]
        else:
            cells.append(CellSpec(quota["code"], quota["code"], "", quota["seats"]))
    return cells, rules


def synthetic_pool(
    cells: list[CellSpec], rules: Rules, *, total: int = CANDIDATES, seed: int = 2025
) -> tuple[list[PoolRow], dict[str, set[int]]]:
    """`total` candidates over the cells, and who served in which earlier year."""
    rng = random.Random(seed)
    alternates = allocate_alternates(cells, rules.alternate_rate)
    need = {c.key: int((c.seats + alternates[c.key]) * 1.6) + 2 for c in cells}
    weights = {c.key: c.seats * rng.uniform(1.2, 5.0) for c in cells}
    spare = total - sum(need.values())
    scale = spare / sum(weights.values())
    sizes = {k: need[k] + int(weights[k] * scale) for k in need}
    keys = sorted(sizes, key=lambda k: -weights[k])
    for i in range(total - sum(sizes.values())):
        sizes[keys[i % len(keys)]] += 1
    rows: list[PoolRow] = []
    history: dict[str, set[int]] = {}
    serial = 0
    for cell in cells:
        women = rng.uniform(0.3, 0.6)
        young = rng.uniform(0.15, 0.45)
        old = rng.uniform(0.1, 0.3)
        # Organisations tend to recommend the same people again: some cells are
        # full of returners, so that the rotation cap has to bind somewhere.
        again = rng.choice((0.04, 0.08, 0.12, 0.12, 0.5))
        if sizes[cell.key] >= 5 * need[cell.key]:
            again = max(again, rng.choice((0.1, 0.1, 0.1, 0.9)))
        for _ in range(sizes[cell.key]):
            serial += 1
            digest = f"{rng.getrandbits(256):064x}"
            draw = rng.random()
            band = (
                AGE_BANDS[0]
                if draw < young
                else AGE_BANDS[2]
                if draw < young + old
                else AGE_BANDS[1]
            )
            served = set()
            if rng.random() < again:
                served.add(YEAR - 1)
                if rng.random() < 0.45:
                    served.add(YEAR - 2)
                    if rng.random() < 0.5:
                        served.add(YEAR - 3)
            elif rng.random() < 0.05:
                served.add(YEAR - 2)
            history[digest] = served
            rows.append(
                PoolRow(
                    id=serial,
                    hash=digest,
                    cell=cell.key,
                    gender="F" if rng.random() < women else "M",
                    age_band=band,
                    years=rotation.consecutive_years(served, YEAR),
                )
            )
    return rows, history


def district_targets(cells: list[CellSpec]) -> list[Target]:
    """Gender and age-band ranges in every district (of its district-level seats)."""
    seats: Counter[str] = Counter()
    for cell in cells:
        if cell.district:
            seats[cell.district] += cell.seats
    targets = []
    for district, total in sorted(seats.items()):
        for value in ("M", "F"):
            targets.append(
                Target(district, "gender", value, int(total * 0.45), int(total * 0.55))
            )
        for value, low, high in (
            ("18-34", 0.25, 0.40),
            ("35-59", 0.35, 0.55),
            ("60+", 0.15, 0.30),
        ):
            targets.append(
                Target(district, "age_band", value, int(total * low), int(total * high))
            )
    return targets


def _timed(work: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = work()
    return value, time.perf_counter() - started


def _peak_mb(work: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def bench_draw(write: Callable[[str], Any] = print) -> dict[str, Any]:
    cells, rules = plan_cells()
    rows, history = synthetic_pool(cells, rules)
    seed = seed_from_sources(SEED_SOURCES)
    returners = sum(row.returner for row in rows)

    def cell_draw() -> Any:
        prepared = engine.prepare(cells=cells, rows=rows, rules=rules)
        return engine.run(prepared.inputs, seed)

    outcome, cell_seconds = _timed(cell_draw)
    cell_peak = _peak_mb(cell_draw)
    report = outcome.report
    totals = report["totals"]
    write(
        f"候选人 {len(rows)} 名（上年代表 {returners} 名，连任三年被排除 "
        f"{report['rotation']['excluded']} 名），{len(cells)} 个单元"
    )
    write(
        f"按单元抽取：{totals['members']} 名代表 + {totals['alternates']} 名备选，"
        f"用时 {cell_seconds:.3f} 秒，内存峰值 {cell_peak:.1f} MB"
    )
    chances = report["chances"]
    write(
        f"  入选概率 最低 {chances['min']:.6f} 中位 {chances['median']:.6f} "
        f"最高 {chances['max']:.6f}；上界 {chances['bound']:.6f}；"
        f"新代表占比 {report['rotation']['new_share']:.1%}；"
        f"轮换上限起作用的单元 {len(report['rotation']['cap_bound'])} 个"
    )

    targets = district_targets(cells)

    def fair_draw() -> Any:
        fair_prepared = engine.prepare(
            cells=cells, rows=rows, rules=rules, targets=targets
        )
        return engine.run(fair_prepared.inputs, seed)

    fair_outcome, fair_seconds = _timed(fair_draw)
    fair_report = fair_outcome.report
    components = fair_report["fair"]
    lowest = min(c["lowest_chance"] for c in components)
    bound = min(c["bound"] for c in components)
    worst_gap = max(c["gap"] for c in components)
    panels = sum(c["panels"] for c in components)
    write(
        f"公平抽取（每个区（市）性别、年龄段目标 {len(targets)} 个，"
        f"{len(components)} 个组件）：用时 {fair_seconds:.1f} 秒，"
        f"抽签方案共 {panels} 个名单"
    )
    write(
        f"  最低入选概率 {lowest:.6f}，线性规划上界 {bound:.6f}，"
        f"各组件最大差距 {worst_gap:.4%}"
    )
    citywide = [*targets, Target("", "gender", "F", 1350, 1650)]

    def citywide_draw() -> Any:
        prepared = engine.prepare(cells=cells, rows=rows, rules=rules, targets=citywide)
        return engine.run(prepared.inputs, seed)

    city_outcome, city_seconds = _timed(citywide_draw)
    (city,) = city_outcome.report["fair"]
    write(
        f"另加全市女性 1350–1650 名的目标（全部单元连成一个组件，{city['types']} 个类型）："
        f"用时 {city_seconds:.1f} 秒，最低入选概率 {city['lowest_chance']:.6f}，"
        f"上界 {city['bound']:.6f}，差距 {city['gap']:.4%}"
    )
    figures = {
        "candidates": len(rows),
        "cells": len(cells),
        "returners": returners,
        "excluded": report["rotation"]["excluded"],
        "history_people": sum(1 for years in history.values() if years),
        "members": totals["members"],
        "alternates": totals["alternates"],
        "cell_draw_seconds": round(cell_seconds, 4),
        "cell_draw_peak_mb": round(cell_peak, 2),
        "cell_min_chance": chances["min"],
        "cell_median_chance": chances["median"],
        "cell_max_chance": chances["max"],
        "cell_bound": chances["bound"],
        "new_share": report["rotation"]["new_share"],
        "cap_bound_cells": len(report["rotation"]["cap_bound"]),
        "targets": len(targets),
        "fair_components": len(components),
        "fair_panels": panels,
        "fair_seconds": round(fair_seconds, 3),
        "fair_lowest_chance": lowest,
        "fair_bound": bound,
        "fair_gap": worst_gap,
        "fair_members": fair_report["totals"]["members"],
        "citywide_types": city["types"],
        "citywide_panels": city["panels"],
        "citywide_seconds": round(city_seconds, 3),
        "citywide_lowest_chance": city["lowest_chance"],
        "citywide_bound": city["bound"],
        "citywide_gap": city["gap"],
    }
    figures["ok"] = bool(
        totals["members"] == 3000
        and fair_report["totals"]["members"] == 3000
        and cell_seconds < CELL_SECONDS_MAX
        and fair_seconds < FAIR_SECONDS_MAX
        and worst_gap <= FAIR_GAP_MAX
        and city_seconds < FAIR_SECONDS_MAX
        and city["gap"] <= FAIR_GAP_MAX
    )
    return figures
