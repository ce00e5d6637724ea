"""Making draws for the draw tests: a small campaign, candidates, service years,
and engine inputs without a database.

`small_campaign` makes a campaign with a small quota table over whatever districts
exist (two are created when there are none), so a draw needs tens of candidates
rather than the 2024 table's thousands. Candidates are made directly (synthetic,
checksum-valid ID numbers, unique per serial).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from sanmin.campaigns.models import Campaign, District, QuotaCategory
from sanmin.core import crypto
from sanmin.core.personal import make_id_number
from sanmin.representatives.draw.model import CellSpec, PoolRow, Rules
from sanmin.representatives.models import (
    Candidate,
    Draw,
    Gender,
    Review,
    ServiceYear,
)

_serials = iter(range(500_000, 1_000_000))

TODAY = dt.date(2030, 6, 1)
SEEDS = [{"label": "2030-06-01 福彩3D开奖号码", "value": "385"}]


def districts(count: int = 2) -> list[District]:
    existing = list(District.objects.order_by("order", "code"))
    if existing:
        return existing
    return [
        District.objects.create(code=f"9900{i}", name=f"测试区{i}", order=i)
        for i in range(count)
    ]


def small_campaign(
    *,
    year: int = 2030,
    slug: str = "draw-test",
    city: Sequence[tuple[str, int]] = (("c-city", 2),),
    district: Sequence[tuple[str, int]] = (("d-res", 10),),
    rotation_min_new: str = "0.30",
    max_consecutive_years: int = 3,
) -> Campaign:
    """A campaign whose district-level categories have `seats` per district."""
    places = districts()
    campaign = Campaign.objects.create(
        year=year,
        title=f"{year}年抽取测试活动",
        slug=slug,
        min_representatives=1,
        alternate_rate=Decimal("0.055"),
        rotation_min_new=Decimal(rotation_min_new),
        max_consecutive_years=max_consecutive_years,
    )
    order = 0
    for code, seats in city:
        QuotaCategory.objects.create(
            campaign=campaign,
            level=QuotaCategory.Level.CITY,
            section="测试",
            code=code,
            name=f"市级{code}",
            seats=seats,
            method=QuotaCategory.Method.RECOMMENDED,
            order=order,
        )
        order += 1
    for code, seats in district:
        QuotaCategory.objects.create(
            campaign=campaign,
            level=QuotaCategory.Level.DISTRICT,
            section="测试",
            code=code,
            name=f"区级{code}",
            seats=seats * len(places),
            method=QuotaCategory.Method.RANDOM,
            order=order,
        )
        order += 1
    return campaign


def id_number(serial: int) -> str:
    birth = dt.date(1970, 1, 1) + dt.timedelta(days=serial // 1000)
    return make_id_number("370212", birth, serial)


def add_candidates(
    campaign: Campaign,
    code: str,
    count: int,
    *,
    district: District | None = None,
    review: str = Review.PASSED,
    gender: str | None = None,
    birth: dt.date | None = None,
) -> list[Candidate]:
    category = campaign.quotas.get(code=code)
    cipher = crypto.cipher()
    made = []
    for _ in range(count):
        serial = next(_serials)
        number = id_number(serial)
        made.append(
            Candidate.objects.create(
                campaign=campaign,
                channel=category.method,
                category=category,
                district=district,
                id_hash=crypto.keyed_hash(number, purpose="id"),
                id_cipher=cipher.encrypt(number),
                name_cipher=cipher.encrypt(f"抽取候选{serial}"),
                gender=gender or (Gender.FEMALE if serial % 2 else Gender.MALE),
                birth_date=birth
                or dt.date(1980, 1, 1) + dt.timedelta(days=serial % 9000),
                police_review=review if review != Review.REJECTED else Review.PASSED,
                petition_review=review,
                petition_reason="信访记录" if review == Review.REJECTED else "",
                synthetic=True,
            )
        )
    return made


def fill(
    campaign: Campaign, *, per_cell: int = 3, extra: int = 2
) -> dict[str, list[Candidate]]:
    """Eligible candidates for every cell: seats + alternates + `extra`, at least
    `per_cell` more than the seats."""
    from sanmin.representatives.selectors.draws import draw_cell_status

    made: dict[str, list[Candidate]] = {}
    places = {d.code: d for d in districts()}
    for status in draw_cell_status(campaign=campaign):
        code, _, where = status.key.partition("@")
        count = max(status.seats + per_cell, status.needed + extra)
        made[status.key] = add_candidates(
            campaign, code, count, district=places.get(where)
        )
    return made


def serve(candidates: Iterable[Candidate], *years: int) -> None:
    for candidate in candidates:
        for year in years:
            ServiceYear.objects.create(id_hash=candidate.id_hash, year=year)


def committed_draw(cast: Any) -> Draw:
    """A committed draw of a small campaign, made by the cast's statistics user."""
    from sanmin.representatives.services.draws import draw_commit

    campaign = small_campaign(year=2031, slug="draw-access")
    fill(campaign)
    return draw_commit(campaign=campaign, actor=cast.user("statistics"), today=TODAY)


def drawn_draw(cast: Any) -> Draw:
    from sanmin.representatives.services.draws import draw_run

    return draw_run(
        draw=committed_draw(cast), seed_sources=SEEDS, actor=cast.user("statistics")
    )


# Engine inputs without a database ---------------------------------------------------


def digest(serial: int) -> str:
    return hashlib.sha256(f"candidate-{serial}".encode()).hexdigest()


def rows(
    cell: str,
    count: int,
    *,
    start: int = 1,
    years: int = 0,
    gender: str = "M",
    band: str = "35-59",
) -> list[PoolRow]:
    return [
        PoolRow(
            id=serial,
            hash=digest(serial),
            cell=cell,
            gender=gender,
            age_band=band,
            years=years,
        )
        for serial in range(start, start + count)
    ]


def cell(key: str, seats: int, *, district: str = "") -> CellSpec:
    return CellSpec(key, key.partition("@")[0], district, seats)


RULES = Rules()


def seed_hex(i: int) -> str:
    return hashlib.sha256(f"seed-{i}".encode()).hexdigest()
