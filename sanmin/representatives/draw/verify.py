"""Recompute a draw from what was stored with it and check every fingerprint.

The checks, in order (each says in Chinese what it found):
1. commitment — SHA-256 over the stored inputs equals the published commitment;
2. pool — the pool fingerprint equals the stored one;
3. version — the inputs were made by this algorithm version;
4. lottery — every committed fair lottery fits the pool, cells and targets
   (types and counts, weights adding up, every panel meeting quotas, caps and
   targets);
5. seed — the seed is the hash of the published seed sources;
6. panel — the panel recomputed from inputs and seed has the stored fingerprint;
7. entries — the stored entries are exactly the recomputed ones (an entry edited
   afterwards shows here, with its cell and rank).
A committed draw that has not been run yet has checks 1–4 only. Once the roster has
been built from the draw, the service adds 8. roster (services/draws.py): every
entry on the roster that came from a candidate is one of the draw's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sanmin.representatives.draw import engine, fair
from sanmin.representatives.draw.fingerprints import (
    commitment,
    pool_fingerprint,
    seed_from_sources,
)
from sanmin.representatives.draw.model import Entry, Inputs

CHECK_LABELS = {
    "commitment": "承诺值",
    "pool": "候选池指纹",
    "version": "软件版本",
    "lottery": "公平抽签方案",
    "seed": "随机种子",
    "panel": "名单指纹",
    "entries": "已存抽取结果",
    "roster": "代表名单",
}


@dataclass(frozen=True)
class Check:
    code: str
    ok: bool
    detail: str

    @property
    def label(self) -> str:
        return CHECK_LABELS[self.code]


@dataclass
class Verification:
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def failed(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]


@dataclass(frozen=True)
class Stored:
    """What was kept of a draw (Draw's fields and its DrawEntry rows)."""

    inputs: dict[str, Any]
    commitment: str
    pool_fingerprint: str
    seed_sources: Sequence[dict[str, str]] = ()
    seed: str = ""
    panel_fingerprint: str = ""
    entries: Sequence[Entry] | None = None


def _entry_key(entry: Entry) -> tuple[str, int, int, str, bool]:
    return (entry.cell, entry.rank, entry.candidate, entry.role, entry.returner)


def _differences(stored: Sequence[Entry], computed: Sequence[Entry]) -> list[str]:
    mine = {(e.cell, e.rank): _entry_key(e) for e in stored}
    theirs = {(e.cell, e.rank): _entry_key(e) for e in computed}
    places = sorted(
        k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k)
    )
    return [f"{cell} 第 {rank + 1} 位" for cell, rank in places]


def verify(stored: Stored) -> Verification:
    result = Verification()
    add = result.checks.append
    try:
        inputs = Inputs.from_json(stored.inputs)
    except (KeyError, TypeError, ValueError):
        add(Check("commitment", False, "抽取输入无法读取"))
        return result
    recomputed = commitment(inputs)
    add(
        Check(
            "commitment",
            recomputed == stored.commitment,
            "与公布的承诺值一致"
            if recomputed == stored.commitment
            else f"重新计算得到 {recomputed}，与公布的 {stored.commitment} 不一致",
        )
    )
    pool = pool_fingerprint(inputs.pool)
    add(
        Check(
            "pool",
            pool == stored.pool_fingerprint,
            "一致"
            if pool == stored.pool_fingerprint
            else f"重新计算得到 {pool}，不一致",
        )
    )
    same = inputs.software_version.split(" ")[0] == engine.ALGORITHM
    add(
        Check(
            "version",
            same,
            f"{inputs.software_version}"
            if same
            else f"抽取时为 {inputs.software_version}，当前为 {engine.ALGORITHM}，"
            "结果可能无法重现",
        )
    )
    bad = [
        lottery.key
        for lottery in inputs.lotteries
        if fair.lottery_problems(lottery, inputs.cells, inputs.targets, inputs.pool)
    ]
    add(
        Check(
            "lottery",
            not bad,
            (f"{len(inputs.lotteries)} 个公平抽签方案均符合名额和结构平衡目标")
            if not bad
            else "以下方案与候选池或目标不符：" + "、".join(bad),
        )
    )
    if not stored.seed:
        return result
    seed = seed_from_sources(stored.seed_sources)
    add(
        Check(
            "seed",
            seed == stored.seed,
            "与公布的种子来源一致"
            if seed == stored.seed
            else "种子与公布的种子来源不一致",
        )
    )
    try:
        outcome = engine.run(inputs, stored.seed)
    except (engine.DrawRefused, ValueError) as error:
        add(Check("panel", False, f"无法重新抽取：{error}"))
        return result
    panel = outcome.report["panel_fingerprint"]
    add(
        Check(
            "panel",
            panel == stored.panel_fingerprint,
            "重新抽取的名单与公布的指纹一致"
            if panel == stored.panel_fingerprint
            else f"重新抽取得到 {panel}，与公布的指纹不一致",
        )
    )
    if stored.entries is not None:
        differences = _differences(stored.entries, outcome.entries)
        shown = "、".join(differences[:10]) + ("等" if len(differences) > 10 else "")
        add(
            Check(
                "entries",
                not differences,
                f"{len(outcome.entries)} 条抽取结果与重新抽取的完全一致"
                if not differences
                else f"{len(differences)} 处与重新抽取的不同：{shown}",
            )
        )
    return result
