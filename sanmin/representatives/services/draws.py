"""The draw's writes: commit (freeze the pool, publish the commitment), run (the
seed and the panel), void (before the run); and verify, which only reads.

The algorithms live in representatives/draw/ and work on plain data; this module
turns database rows into their inputs, stores what they return, and records every
step in the audit log (commitments, fingerprints and counts, never names).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign
from sanmin.campaigns.services import quota_table_errors
from sanmin.representatives.cells import candidate_cell_key
from sanmin.representatives.draw import engine
from sanmin.representatives.draw.fair import Infeasible
from sanmin.representatives.draw.fingerprints import (
    commitment,
    normalise_source,
    pool_fingerprint,
    seed_from_sources,
)
from sanmin.representatives.draw.model import (
    Entry,
    Inputs,
    PoolRow,
    Rules,
    ShortCell,
    Target,
    age_band,
)
from sanmin.representatives.draw.rotation import consecutive_years
from sanmin.representatives.draw.verify import Check, Stored, Verification, verify
from sanmin.representatives.models import (
    BalanceTarget,
    Candidate,
    Draw,
    DrawEntry,
    Review,
    ServiceYear,
)
from sanmin.representatives.selectors.draws import (
    campaign_cell_specs,
    cell_names,
    district_names,
    draw_cell_status,
    draw_live,
    draw_roster_problems,
)

MAX_SOURCES = 10
ATTRIBUTE_LABELS = {"gender": "性别", "age_band": "年龄段"}
VALUE_LABELS = {"M": "男", "F": "女"}


def draw_software_version() -> str:
    try:
        package = version("sanmin")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        package = "0"
    return engine.software_version(package)


def _short_message(short: ShortCell, names: dict[str, str]) -> str:
    need = f"需要 {short.seats} 名代表"
    if short.alternates:
        need += f"和 {short.alternates} 名备选"
    text = (
        f"{names.get(short.cell, short.cell)}：{need}，合格候选人 {short.eligible} 名"
    )
    if short.returners > short.returner_cap:
        text += (
            f"（其中上年代表 {short.returners} 名，按轮换规则最多 "
            f"{short.returner_cap} 名可入选）"
        )
    return f"{text}，缺 {short.short} 名"


def _target_text(target: Target, districts: dict[str, str]) -> str:
    where = (
        districts.get(target.district, target.district) if target.district else "全市"
    )
    value = VALUE_LABELS.get(target.value, target.value)
    label = ATTRIBUTE_LABELS.get(target.attribute, target.attribute)
    return f"{where}{label}“{value}” {target.minimum}–{target.maximum} 名"


def _infeasible_message(error: Infeasible, districts: dict[str, str]) -> str:
    targets = "；".join(_target_text(t, districts) for t in error.targets)
    return (
        f"结构平衡目标与名额无法同时满足（{len(error.cells)} 个单元）：{targets}。"
        "请调整目标范围或补充候选人"
    )


def refusal_messages(
    refused: engine.DrawRefused, *, names: dict[str, str], districts: dict[str, str]
) -> list[str]:
    """The reasons a draw cannot be made, in Chinese, one per short cell or problem."""
    messages = [_short_message(s, names) for s in refused.short]
    messages += [_infeasible_message(e, districts) for e in refused.infeasible]
    return messages + refused.problems


def _pending_messages(campaign: Campaign) -> list[str]:
    return [
        f"{status.name}：{status.pending} 名候选人尚未完成资格审查"
        for status in draw_cell_status(campaign=campaign)
        if status.pending and status.seats
    ]


def _pool_rows(campaign: Campaign, today: dt.date) -> list[PoolRow]:
    """Every candidate who passed both reviews, pseudonymised, with the years they
    served in a row up to last year."""
    candidates = list(
        Candidate.objects.filter(
            campaign=campaign,
            police_review=Review.PASSED,
            petition_review=Review.PASSED,
        )
        .select_related("category", "district")
        .order_by("pk")
    )
    served: dict[str, set[int]] = defaultdict(set)
    earliest = campaign.year - max(campaign.max_consecutive_years, 1)
    for id_hash, year in ServiceYear.objects.filter(
        year__gte=earliest, year__lt=campaign.year
    ).values_list("id_hash", "year"):
        served[id_hash].add(year)
    rows = []
    problems = []
    for candidate in candidates:
        try:
            cell = candidate_cell_key(candidate.category, candidate.district)
        except ValueError:
            problems.append(f"候选人 #{candidate.pk} 缺少区（市），无法确定抽取单元")
            continue
        born = candidate.birth_date
        age = (
            today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        )
        rows.append(
            PoolRow(
                id=candidate.pk,
                hash=candidate.id_hash,
                cell=cell,
                gender=candidate.gender,
                age_band=age_band(age),
                years=consecutive_years(
                    served.get(candidate.id_hash, ()), campaign.year
                ),
            )
        )
    if problems:
        raise ValidationError(problems)
    return rows


def _targets(campaign: Campaign) -> list[Target]:
    return [
        Target(
            district=t.district.code if t.district else "",
            attribute=t.attribute,
            value=t.value,
            minimum=t.minimum,
            maximum=t.maximum,
        )
        for t in BalanceTarget.objects.filter(campaign=campaign)
        .select_related("district")
        .order_by("district__order", "district__code", "attribute", "value")
    ]


def draw_commit(
    *,
    campaign: Campaign,
    actor: Any,
    request: HttpRequest | None = None,
    today: dt.date | None = None,
) -> Draw:
    """Freeze the eligible pool and publish the commitment.

    1. Refused while the campaign has a draw that is not void, while its quota
       table does not add up, or while any cell with seats has candidates whose
       review is not finished (every cell and how many): leaving them out would
       take their chance away.
    2. The pool: candidates who passed both reviews, pseudonymised (id, keyed ID
       hash, cell, gender, age band on `today`, consecutive years served up to
       last year, from ServiceYear).
    3. engine.prepare: rotation exclusions, alternates, caps, short cells (every
       one listed, nothing stored) and the fair lotteries where balance targets
       apply.
    4. Stored with the commitment (SHA-256 over the inputs) and the pool
       fingerprint; audited.
    """
    live = draw_live(campaign=campaign)
    if live is not None:
        raise ValidationError(
            f"本活动已有{live.get_state_display()}的抽取（#{live.pk}），"
            "如需重新公布承诺值，请先作废该抽取"
        )
    errors = quota_table_errors(campaign)
    if errors:
        raise ValidationError(["名额表不能通过校验：", *errors])
    pending = _pending_messages(campaign)
    if pending:
        raise ValidationError(["资格审查尚未完成，不能公布承诺值：", *pending])
    today = today or timezone.localdate()
    rows = _pool_rows(campaign, today)
    rules = Rules(
        alternate_rate=str(campaign.alternate_rate),
        rotation_min_new=str(campaign.rotation_min_new),
        max_consecutive_years=campaign.max_consecutive_years,
    )
    try:
        prepared = engine.prepare(
            cells=campaign_cell_specs(campaign=campaign),
            rows=rows,
            rules=rules,
            targets=_targets(campaign),
            version=draw_software_version(),
        )
    except engine.DrawRefused as refused:
        raise ValidationError(
            [
                "候选人不足或目标无法满足，不能抽取：",
                *refusal_messages(
                    refused,
                    names=cell_names(campaign=campaign),
                    districts=district_names(),
                ),
            ]
        ) from None
    inputs = prepared.inputs
    try:
        with transaction.atomic():
            draw = Draw.objects.create(
                campaign=campaign,
                inputs=inputs.as_json(),
                software_version=inputs.software_version,
                pool_fingerprint=pool_fingerprint(inputs.pool),
                commitment=commitment(inputs),
                committed_at=timezone.now(),
                committed_by=actor,
            )
            audit_record(
                actor=actor,
                action="draw.commit",
                target=draw,
                detail={
                    "campaign": campaign.slug,
                    "commitment": draw.commitment,
                    "pool_fingerprint": draw.pool_fingerprint,
                    "software_version": draw.software_version,
                    "eligible": len(inputs.pool),
                    "excluded": len(inputs.exclusions),
                    "cells": len(inputs.cells),
                    "lotteries": len(inputs.lotteries),
                },
                request=request,
            )
    except IntegrityError:
        raise ValidationError("本活动已有未作废的抽取") from None
    return draw


def _clean_sources(seed_sources: Sequence[dict[str, str]]) -> list[dict[str, str]]:
    sources = [
        normalise_source(str(s.get("label", "")), str(s.get("value", "")))
        for s in seed_sources
    ]
    sources = [s for s in sources if s["label"] or s["value"]]
    errors = []
    if not sources:
        errors.append("请至少填写一项随机种子来源（名称和取值）")
    if len(sources) > MAX_SOURCES:
        errors.append(f"随机种子来源最多 {MAX_SOURCES} 项")
    for number, source in enumerate(sources, start=1):
        if not source["label"]:
            errors.append(
                f"第 {number} 项种子来源缺少名称（如“2024-11-30 福彩3D开奖号码”）"
            )
        if not source["value"]:
            errors.append(f"第 {number} 项种子来源缺少取值")
        if len(source["label"]) > 100 or len(source["value"]) > 200:
            errors.append(f"第 {number} 项种子来源过长")
    labels = [s["label"] for s in sources if s["label"]]
    if len(labels) != len(set(labels)):
        errors.append("种子来源的名称不能重复")
    if errors:
        raise ValidationError(errors)
    return sources


def draw_run(
    *,
    draw: Draw,
    seed_sources: Sequence[dict[str, str]],
    actor: Any,
    request: HttpRequest | None = None,
) -> Draw:
    """Draw the panel from the committed inputs and the public seed.

    1. Only a committed draw; at least one seed source, each with a label and a
       value (the seed is SHA-256 over the sources as entered).
    2. engine.run recomputes short cells (refused, nothing stored), draws each
       fair component's panel and orders every cell.
    3. In one transaction: every entry (bulk), the seed, the panel fingerprint,
       the report and the state DRAWN; audited.
    """
    sources = _clean_sources(seed_sources)
    seed = seed_from_sources(sources)
    with transaction.atomic():
        locked = Draw.objects.select_for_update().get(pk=draw.pk)
        if locked.state != Draw.State.COMMITTED:
            raise ValidationError(
                f"只有已公布承诺值的抽取才能抽取，本抽取{locked.get_state_display()}"
            )
        inputs = Inputs.from_json(locked.inputs)
        try:
            outcome = engine.run(inputs, seed)
        except engine.DrawRefused as refused:
            raise ValidationError(
                [
                    "候选人不足，不能抽取：",
                    *refusal_messages(
                        refused,
                        names=cell_names(campaign=locked.campaign),
                        districts=district_names(),
                    ),
                ]
            ) from None
        ids = {e.candidate for e in outcome.entries}
        if Candidate.objects.filter(pk__in=ids).count() != len(ids):
            raise ValidationError(
                "承诺值公布后有候选人记录被删除，无法抽取，请作废后重新公布"
            )
        DrawEntry.objects.bulk_create(
            [
                DrawEntry(
                    draw=locked,
                    candidate_id=e.candidate,
                    cell=e.cell,
                    rank=e.rank,
                    role=e.role,
                    returner=e.returner,
                )
                for e in outcome.entries
            ],
            batch_size=1000,
        )
        report = outcome.report
        locked.seed_sources = sources
        locked.seed = seed
        locked.panel_fingerprint = report["panel_fingerprint"]
        locked.report = report
        locked.state = Draw.State.DRAWN
        locked.drawn_at = timezone.now()
        locked.drawn_by = actor if getattr(actor, "is_authenticated", False) else None
        locked.save(
            update_fields=[
                "seed_sources",
                "seed",
                "panel_fingerprint",
                "report",
                "state",
                "drawn_at",
                "drawn_by",
            ]
        )
        audit_record(
            actor=actor,
            action="draw.run",
            target=locked,
            detail={
                "campaign": locked.campaign.slug,
                "commitment": locked.commitment,
                "seed": seed,
                "seed_sources": len(sources),
                "panel_fingerprint": locked.panel_fingerprint,
                "members": report["totals"]["members"],
                "alternates": report["totals"]["alternates"],
            },
            request=request,
        )
    return locked


def _roster_check(draw: Draw) -> Check | None:
    """The roster check, once a roster has been built from the drawn panel."""
    if draw.state != Draw.State.DRAWN:
        return None
    problems, drawn, others = draw_roster_problems(draw=draw)
    if not drawn:
        return None
    if problems:
        shown = "；".join(problems[:10]) + ("等" if len(problems) > 10 else "")
        return Check("roster", False, f"{len(problems)} 处与抽取结果不符：{shown}")
    detail = f"{drawn} 条名单记录均来自本次抽取，替补按备选顺位"
    if others:
        detail += f"（另有 {others} 名代表不是由抽取产生，不在核验范围内）"
    return Check("roster", True, detail)


def draw_verify(*, draw: Draw) -> Verification:
    """Recompute the draw from its stored inputs and seed and check every
    fingerprint and every stored entry (see draw/verify.py), then the roster
    built from it (selectors.draws.draw_roster_problems); reads only."""
    entries = None
    if draw.state == Draw.State.DRAWN:
        entries = [
            Entry(cell, rank, candidate, "", role, returner)
            for cell, rank, candidate, role, returner in DrawEntry.objects.filter(
                draw=draw
            ).values_list("cell", "rank", "candidate_id", "role", "returner")
        ]
    result = verify(
        Stored(
            inputs=draw.inputs,
            commitment=draw.commitment,
            pool_fingerprint=draw.pool_fingerprint,
            seed_sources=draw.seed_sources if draw.state == Draw.State.DRAWN else (),
            seed=draw.seed if draw.state == Draw.State.DRAWN else "",
            panel_fingerprint=draw.panel_fingerprint,
            entries=entries,
        )
    )
    roster = _roster_check(draw)
    if roster is not None:
        result.checks.append(roster)
    return result


def draw_void(
    *, draw: Draw, reason: str, actor: Any, request: HttpRequest | None = None
) -> Draw:
    """Void a committed draw (never one already drawn), with a reason.

    The reason and time stay in the draw's report, so the published record shows
    every commitment that was withdrawn and why.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError("请填写作废的理由")
    with transaction.atomic():
        locked = Draw.objects.select_for_update().get(pk=draw.pk)
        if locked.state != Draw.State.COMMITTED:
            raise ValidationError(
                f"只有尚未抽取的承诺值可以作废，本抽取{locked.get_state_display()}"
            )
        locked.state = Draw.State.VOID
        locked.report = {
            "void": {"reason": reason[:200], "at": timezone.now().isoformat()}
        }
        locked.save(update_fields=["state", "report"])
        audit_record(
            actor=actor,
            action="draw.void",
            target=locked,
            detail={
                "campaign": locked.campaign.slug,
                "commitment": locked.commitment,
                "reason": reason[:200],
            },
            request=request,
        )
    return locked
