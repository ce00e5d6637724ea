"""Making a drawn panel and a roster for the roster tests, without the draw itself.

`drawn_panel` creates eligible candidates and a Draw in state DRAWN with its ranked
DrawEntry rows (members first, then alternates) for the cells asked for, as the draw
service would leave them; `built_roster` then puts the members on the roster through
`roster_build`. Personal numbers are synthetic (checksum-valid) and unique per serial.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from sanmin.campaigns.models import Campaign, District, QuotaCategory, Session
from sanmin.core import crypto
from sanmin.core.personal import make_id_number
from sanmin.representatives.cells import candidate_cell_key
from sanmin.representatives.models import (
    Candidate,
    Draw,
    DrawEntry,
    Gender,
    Representative,
    Review,
)

# Serials of generated candidates; tests pick their own people below 100000.
_serials = iter(range(100_000, 1_000_000))


def id_number(serial: int) -> str:
    """A checksum-valid ID number, different for every serial."""
    birth = dt.date(1960, 1, 1) + dt.timedelta(days=serial // 1000)
    return make_id_number("370203", birth, serial)


def phone(serial: int) -> str:
    return f"139{serial:08d}"


def name(serial: int) -> str:
    return f"王小{serial}"


def make_candidate(
    campaign: Campaign,
    *,
    category: QuotaCategory,
    district: District | None,
    serial: int | None = None,
    with_phone: bool = True,
) -> Candidate:
    serial = serial if serial is not None else next(_serials)
    number = id_number(serial)
    cipher = crypto.cipher()
    return Candidate.objects.create(
        campaign=campaign,
        channel=category.method,
        category=category,
        district=district,
        id_hash=crypto.keyed_hash(number, purpose="id"),
        id_cipher=cipher.encrypt(number),
        name_cipher=cipher.encrypt(name(serial)),
        phone_cipher=cipher.encrypt(phone(serial)) if with_phone else "",
        gender=Gender.FEMALE if serial % 2 else Gender.MALE,
        birth_date=dt.date(1960, 1, 1) + dt.timedelta(days=serial // 1000),
        organisation=f"单位{serial}",
        police_review=Review.PASSED,
        petition_review=Review.PASSED,
        synthetic=True,
    )


@dataclass(frozen=True)
class CellSpec:
    category: QuotaCategory
    district: District | None
    members: int
    alternates: int = 0
    with_phone: bool = True

    @property
    def key(self) -> str:
        return candidate_cell_key(self.category, self.district)


def drawn_panel(campaign: Campaign, specs: list[CellSpec], *, actor: Any) -> Draw:
    """A Draw in state DRAWN with, per cell, `members` MEMBER entries (ranks 0..)
    then `alternates` ALTERNATE entries, each for a new eligible candidate."""
    now = timezone.now()
    digest = hashlib.sha256(f"{campaign.pk}-{now.isoformat()}".encode()).hexdigest()
    draw = Draw.objects.create(
        campaign=campaign,
        state=Draw.State.DRAWN,
        inputs={"cells": [spec.key for spec in specs]},
        software_version="test",
        pool_fingerprint=digest,
        commitment=digest,
        committed_at=now - dt.timedelta(days=1),
        committed_by=actor,
        seed_sources=[{"label": "测试", "value": "123"}],
        seed=digest,
        panel_fingerprint=digest,
        report={},
        drawn_at=now,
        drawn_by=actor,
    )
    for spec in specs:
        for rank in range(spec.members + spec.alternates):
            candidate = make_candidate(
                campaign,
                category=spec.category,
                district=spec.district,
                with_phone=spec.with_phone,
            )
            DrawEntry.objects.create(
                draw=draw,
                candidate=candidate,
                cell=spec.key,
                rank=rank,
                role=DrawEntry.Role.MEMBER
                if rank < spec.members
                else DrawEntry.Role.ALTERNATE,
            )
    return draw


def built_roster(campaign: Campaign, specs: list[CellSpec], *, actor: Any) -> Draw:
    """A drawn panel whose members are on the roster (through `roster_build`)."""
    from sanmin.representatives.services.roster import roster_build

    draw = drawn_panel(campaign, specs, actor=actor)
    roster_build(draw=draw, actor=actor)
    return draw


def district_category(campaign: Campaign, code: str = "") -> QuotaCategory:
    categories = campaign.quotas.filter(level=QuotaCategory.Level.DISTRICT)
    return categories.get(code=code) if code else categories.order_by("order")[0]


def city_category(campaign: Campaign) -> QuotaCategory:
    return campaign.quotas.filter(level=QuotaCategory.Level.CITY).order_by("order")[0]


def districts() -> list[District]:
    return list(District.objects.order_by("order", "code"))


def members_of(draw: Draw, cell: str) -> list[Representative]:
    return list(
        Representative.objects.filter(campaign=draw.campaign, cell=cell).order_by("pk")
    )


def entry_rank(representative: Representative) -> int:
    return int(
        DrawEntry.objects.get(
            draw__campaign=representative.campaign,
            candidate=representative.candidate,
        ).rank
    )


def sessions_ahead(campaign: Campaign, days: int = 10) -> None:
    """Move the campaign's sessions into the future (the freeze comes before them)."""
    first = campaign.sessions.order_by("starts_at").first()
    assert first is not None
    shift = timezone.now() + dt.timedelta(days=days) - first.starts_at
    for session in Session.objects.filter(campaign=campaign):
        session.starts_at += shift
        session.ends_at += shift
        session.save(update_fields=["starts_at", "ends_at"])


def csv_upload(rows: list[list[Any]], header: list[str] | None = None) -> io.BytesIO:
    """A CSV file of earlier years' rosters (default header)."""
    header = header or ["身份证号", "年度", "代表类别", "区（市）"]
    lines = [",".join(header)] + [",".join(str(v) for v in row) for row in rows]
    upload = io.BytesIO(("\n".join(lines) + "\n").encode("utf-8"))
    upload.name = "years.csv"  # type: ignore[attr-defined]
    return upload
