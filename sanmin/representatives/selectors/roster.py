"""Reads of the roster's life: who may see which entries, the staff list with masked
names and phones, counts for the freeze, alternates left, and the export rows.

Scopes (PRODUCT.md, issue 4 §7): district staff see the representatives of their own
district; the statistics bureau sees the whole roster; departments and everyone else
see nothing of it (their refusal is audited). Names and phones are decrypted only to
be masked here; a full phone leaves only through the audited reveal or the audited
unmasked export (services/roster.py).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from sanmin.accounts.access import deny
from sanmin.accounts.models import Role
from sanmin.campaigns.models import Campaign, District, QuotaCategory, Session, Venue
from sanmin.core import crypto
from sanmin.core.personal import mask_id, mask_phone
from sanmin.representatives.models import (
    Draw,
    DrawEntry,
    Representative,
    RosterFreeze,
)
from sanmin.representatives.selectors.entries import ACTIVE_STATUSES

Status = Representative.Status
PUBLIC = Representative.Roster.PUBLIC
SELECTED_SMS_PREFIX = "rep-selected:"


def mask_name(name: str) -> str:
    """张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明: the first and last character."""
    name = name.strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def is_municipal(representative: Representative) -> bool:
    """A representative of a municipal-level cell (drawn citywide, no alternates by
    Annex 3 note 2): the statistics bureau acts for these, not a district."""
    category = representative.category
    return category is not None and category.level == QuotaCategory.Level.CITY


def cell_label(representative: Representative) -> str:
    """The cell in words: 市南区 · 企业代表, or the category alone (municipal)."""
    category = representative.category.name if representative.category else ""
    if is_municipal(representative) or representative.district is None:
        return category or representative.cell
    return f"{representative.district.name} · {category}"


# Who may act on an entry (the services check these again) -----------------------------


def own_district(actor: Any, representative: Representative) -> bool:
    """District staff of the representative's district."""
    return (
        getattr(actor, "role", None) == Role.DISTRICT
        and actor.district_id is not None
        and representative.district_id == actor.district_id
    )


def manages(actor: Any, representative: Representative) -> bool:
    """Who records confirmations, declines and unreachable marks by phone: district
    staff of the representative's district, and the statistics bureau for the
    municipal-level cells (some of which have no district)."""
    if own_district(actor, representative):
        return True
    return getattr(actor, "role", None) == Role.STATISTICS and is_municipal(
        representative
    )


def replaces_cell(actor: Any, representative: Representative) -> bool:
    """Who replaces: district staff in the district-level cells of their district,
    the statistics bureau in the municipal-level cells (drawn citywide)."""
    if is_municipal(representative):
        return getattr(actor, "role", None) == Role.STATISTICS
    return own_district(actor, representative)


# Scope ---------------------------------------------------------------------------------


def roster_scope(*, request: HttpRequest) -> District | None:
    """The district whose roster the user may read: their own for district staff,
    None (every district) for the statistics bureau; anyone else is refused."""
    user: Any = request.user
    if user.role == Role.STATISTICS:
        return None
    if user.role != Role.DISTRICT:
        raise deny(request, reason="role")
    if user.district_id is None:
        raise deny(request, reason="no-district")
    return user.district  # type: ignore[no-any-return]


def roster_representative_for(
    *, request: HttpRequest, campaign: Campaign, representative_id: int
) -> Representative:
    """A public-roster entry of the campaign the user may act on: any for the
    statistics bureau, their own district's for district staff (else 403)."""
    representative = get_object_or_404(
        Representative.objects.select_related(
            "district", "category", "venue", "replaces", "confirmed_by"
        ),
        pk=representative_id,
        campaign=campaign,
        roster=PUBLIC,
    )
    district = roster_scope(request=request)
    if district is not None and representative.district_id != district.pk:
        raise deny(request, reason="other-district")
    return representative


# The list ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RosterFilters:
    status: str = ""
    category: int | None = None
    district: int | None = None
    trained: str = ""  # "yes" / "no"
    venue: str = ""  # a venue id, or "none"
    notified: str = ""  # "yes" / "no"

    @classmethod
    def from_query(cls, query: Any) -> RosterFilters:
        def number(name: str) -> int | None:
            value = str(query.get(name, ""))
            return int(value) if value.isdecimal() else None

        def choice(name: str, allowed: Iterable[str]) -> str:
            value = str(query.get(name, ""))
            return value if value in allowed else ""

        venue = str(query.get("venue", ""))
        return cls(
            status=choice("status", [*Status.values, "active"]),
            category=number("category"),
            district=number("district"),
            trained=choice("trained", ("yes", "no")),
            venue=venue if venue == "none" or venue.isdecimal() else "",
            notified=choice("notified", ("yes", "no")),
        )

    def query(self) -> str:
        """The filters as a query string (for paging links), without empty ones."""
        pairs = [
            ("status", self.status),
            ("category", self.category or ""),
            ("district", self.district or ""),
            ("trained", self.trained),
            ("venue", self.venue),
            ("notified", self.notified),
        ]
        return "&".join(f"{name}={value}" for name, value in pairs if value)


def roster_queryset(
    *, campaign: Campaign, district: District | None, filters: RosterFilters
) -> QuerySet[Representative]:
    """The campaign's public roster in `district` (None: all), filtered, in cell and
    entry order."""
    entries = Representative.objects.filter(campaign=campaign, roster=PUBLIC)
    if district is not None:
        entries = entries.filter(district=district)
    elif filters.district:
        entries = entries.filter(district_id=filters.district)
    if filters.status == "active":
        entries = entries.filter(status__in=ACTIVE_STATUSES)
    elif filters.status:
        entries = entries.filter(status=filters.status)
    if filters.category:
        entries = entries.filter(category_id=filters.category)
    if filters.trained:
        entries = entries.filter(trained_at__isnull=filters.trained == "no")
    if filters.venue == "none":
        entries = entries.filter(venue__isnull=True)
    elif filters.venue:
        entries = entries.filter(venue_id=int(filters.venue))
    if filters.notified:
        entries = entries.filter(notified_at__isnull=filters.notified == "no")
    return entries.select_related("district", "category", "venue").order_by(
        "category__level", "category__order", "district__order", "cell", "pk"
    )


@dataclass(frozen=True)
class RosterEntry:
    """One row of the staff list: masked name and phone, never the full ones."""

    representative: Representative
    name_masked: str
    phone_masked: str

    @property
    def pk(self) -> int:
        return int(self.representative.pk)

    @property
    def active(self) -> bool:
        return self.representative.status in ACTIVE_STATUSES


def _decrypt(token: str) -> str:
    return crypto.cipher().decrypt(token) if token else ""


def roster_entries(representatives: Sequence[Representative]) -> list[RosterEntry]:
    entries = []
    for representative in representatives:
        phone = _decrypt(representative.phone_cipher)
        entries.append(
            RosterEntry(
                representative=representative,
                name_masked=mask_name(_decrypt(representative.name_cipher)),
                phone_masked=mask_phone(phone) if phone else "",
            )
        )
    return entries


@dataclass(frozen=True)
class RosterSummary:
    selected: int
    confirmed: int
    awaiting_replacement: int
    replaced: int
    trained: int
    with_venue: int
    not_notified: int

    @property
    def active(self) -> int:
        return self.selected + self.confirmed


def roster_summary(*, campaign: Campaign, district: District | None) -> RosterSummary:
    """The figures at the top of the staff list (serving = selected + confirmed)."""
    entries = Representative.objects.filter(campaign=campaign, roster=PUBLIC)
    if district is not None:
        entries = entries.filter(district=district)
    serving = Q(status__in=ACTIVE_STATUSES)
    figures = entries.aggregate(
        selected=Count("pk", filter=Q(status=Status.SELECTED)),
        confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
        awaiting=Count(
            "pk", filter=Q(status__in=(Status.DECLINED, Status.UNREACHABLE))
        ),
        replaced=Count("pk", filter=Q(status=Status.REPLACED)),
        trained=Count("pk", filter=serving & Q(trained_at__isnull=False)),
        with_venue=Count("pk", filter=serving & Q(venue__isnull=False)),
        not_notified=Count(
            "pk", filter=Q(status=Status.SELECTED, notified_at__isnull=True)
        ),
    )
    return RosterSummary(
        selected=figures["selected"],
        confirmed=figures["confirmed"],
        awaiting_replacement=figures["awaiting"],
        replaced=figures["replaced"],
        trained=figures["trained"],
        with_venue=figures["with_venue"],
        not_notified=figures["not_notified"],
    )


def roster_categories(*, campaign: Campaign) -> QuerySet[QuotaCategory]:
    return campaign.quotas.order_by("level", "order")


def roster_districts() -> QuerySet[District]:
    return District.objects.order_by("order", "code")


@dataclass(frozen=True)
class VenueLoad:
    venue: Venue
    assigned: int

    @property
    def free(self) -> int:
        return max(self.venue.capacity - self.assigned, 0)


def venue_loads(*, campaign: Campaign, district: District | None) -> list[VenueLoad]:
    """The campaign's venues (of `district`) with how many serving representatives
    are assigned to each."""
    venues = Venue.objects.filter(campaign=campaign).select_related("district")
    if district is not None:
        venues = venues.filter(district=district)
    venues = venues.annotate(
        assigned=Count(
            "representatives",
            filter=Q(
                representatives__status__in=ACTIVE_STATUSES,
                representatives__roster=PUBLIC,
            ),
        )
    )
    return [VenueLoad(venue=v, assigned=v.assigned) for v in venues]


# The draw and the freeze ---------------------------------------------------------------


def roster_draw(*, campaign: Campaign) -> Draw | None:
    """The campaign's drawn panel the roster comes from (at most one is live)."""
    return Draw.objects.filter(campaign=campaign, state=Draw.State.DRAWN).first()


def roster_built(*, campaign: Campaign) -> bool:
    """Whether the roster has been made from a draw already."""
    return Representative.objects.filter(
        campaign=campaign, roster=PUBLIC, candidate__isnull=False
    ).exists()


def roster_freeze_of(*, campaign: Campaign) -> RosterFreeze | None:
    return (
        RosterFreeze.objects.filter(campaign=campaign)
        .select_related("frozen_by")
        .first()
    )


def first_public_session(*, campaign: Campaign) -> Session | None:
    return (
        campaign.sessions.filter(kind=Session.Kind.PUBLIC).order_by("starts_at").first()
    )


def used_candidate_ids(*, campaign: Campaign) -> set[int]:
    """Candidates already on the campaign's public roster (members and alternates
    that have taken a seat)."""
    return set(
        Representative.objects.filter(
            campaign=campaign, roster=PUBLIC, candidate__isnull=False
        ).values_list("candidate_id", flat=True)
    )


def next_alternate(*, draw: Draw, cell: str) -> DrawEntry | None:
    """The alternate of `cell` with the lowest rank that has not taken a seat."""
    used = Representative.objects.filter(
        campaign_id=draw.campaign_id, roster=PUBLIC, candidate__isnull=False
    ).values("candidate_id")
    return (
        draw.entries.filter(cell=cell, role=DrawEntry.Role.ALTERNATE)
        .exclude(candidate_id__in=used)
        .select_related("candidate")
        .order_by("rank")
        .first()
    )


def cell_under_targets(*, draw: Draw | None, cell: str) -> bool:
    """Whether the cell was drawn by a fair lottery under balance targets, which
    its alternates do not follow (draw/ordering.py)."""
    if draw is None or not cell:
        return False
    cells = (draw.report or {}).get("cells", [])
    return any(row.get("key") == cell and row.get("fair") for row in cells)


def alternates_left(*, draw: Draw | None, cell: str) -> int:
    if draw is None or not cell:
        return 0
    used = Representative.objects.filter(
        campaign_id=draw.campaign_id, roster=PUBLIC, candidate__isnull=False
    ).values("candidate_id")
    return (
        draw.entries.filter(cell=cell, role=DrawEntry.Role.ALTERNATE)
        .exclude(candidate_id__in=used)
        .count()
    )


@dataclass(frozen=True)
class CountRow:
    label: str
    key: str
    active: int
    confirmed: int
    seats: int | None = None  # the quota table's seats (categories only)

    @property
    def short(self) -> int:
        return max((self.seats or 0) - self.active, 0)


@dataclass
class RosterCounts:
    """What the freeze looks at: serving representatives (selected + confirmed) of
    the public roster, by status, category and district."""

    minimum: int
    by_status: dict[str, int] = field(default_factory=dict)
    by_category: list[CountRow] = field(default_factory=list)
    by_district: list[CountRow] = field(default_factory=list)

    @property
    def active(self) -> int:
        return sum(self.by_status.get(s, 0) for s in ACTIVE_STATUSES)

    @property
    def confirmed(self) -> int:
        return self.by_status.get(Status.CONFIRMED, 0)

    @property
    def shortfall(self) -> int:
        return max(self.minimum - self.active, 0)

    def as_json(self) -> dict[str, Any]:
        return {
            "active": self.active,
            "confirmed": self.confirmed,
            "minimum": self.minimum,
            "by_status": dict(self.by_status),
            "by_category": {row.key: row.active for row in self.by_category},
            "by_district": {row.key: row.active for row in self.by_district},
        }


def roster_counts(*, campaign: Campaign) -> RosterCounts:
    entries = Representative.objects.filter(campaign=campaign, roster=PUBLIC)
    counts = RosterCounts(minimum=campaign.min_representatives)
    counts.by_status = {
        status: n
        for status, n in entries.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    }
    active = entries.filter(status__in=ACTIVE_STATUSES).order_by()
    confirmed = Count("pk", filter=Q(status=Status.CONFIRMED))
    by_category = {
        row["category"]: row
        for row in active.values("category").annotate(n=Count("pk"), c=confirmed)
    }
    for category in roster_categories(campaign=campaign):
        row = by_category.pop(category.pk, None)
        counts.by_category.append(
            CountRow(
                label=category.name,
                key=category.code,
                active=row["n"] if row else 0,
                confirmed=row["c"] if row else 0,
                seats=category.seats,
            )
        )
    other = by_category.pop(None, None)
    if other:
        counts.by_category.append(CountRow("未分类", "", other["n"], other["c"]))
    by_district = {
        row["district"]: row
        for row in active.values("district").annotate(n=Count("pk"), c=confirmed)
    }
    for district in roster_districts():
        row = by_district.pop(district.pk, None)
        counts.by_district.append(
            CountRow(
                label=district.name,
                key=district.code,
                active=row["n"] if row else 0,
                confirmed=row["c"] if row else 0,
            )
        )
    other = by_district.pop(None, None)
    if other:
        counts.by_district.append(
            CountRow("未分区（市级）", "", other["n"], other["c"])
        )
    return counts


# The representative's own page ---------------------------------------------------------


def citizen_roster_entry(*, user: Any, campaign: Campaign) -> Representative | None:
    """The signed-in citizen's entry on the campaign's public roster (by the keyed
    ID hash), the latest if a replacement chain ever came back to them."""
    id_hash = getattr(user, "id_hash", "")
    if not id_hash:
        return None
    return (
        Representative.objects.filter(campaign=campaign, roster=PUBLIC, id_hash=id_hash)
        .select_related("category", "district", "venue")
        .order_by("-pk")
        .first()
    )


# Export --------------------------------------------------------------------------------

EXPORT_HEADERS = (
    "序号",
    "区（市）",
    "选聘层级",
    "代表类别",
    "抽取单元",
    "姓名",
    "身份证号",
    "手机号码",
    "工作单位",
    "状态",
    "状态说明",
    "确认方式",
    "确认时间",
    "选聘通知",
    "完成培训",
    "参会会场",
    "替补对象编号",
    "编号",
)


def _local(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def roster_workbook(
    *, campaign: Campaign, district: District | None, unmasked: bool
) -> tuple[bytes, int]:
    """The roster (of `district`, None: all) as an .xlsx, and its row count.

    Names, ID numbers and phones are masked unless `unmasked` (names and phones in
    full; ID numbers are always masked: nobody's work needs them).
    """
    entries = Representative.objects.filter(campaign=campaign, roster=PUBLIC)
    if district is not None:
        entries = entries.filter(district=district)
    entries = entries.select_related("district", "category", "venue", "candidate")
    entries = entries.order_by(
        "district__order", "category__level", "category__order", "cell", "pk"
    )
    book = Workbook(write_only=True)
    sheet = book.create_sheet("市民代表名单")
    header = []
    for title in EXPORT_HEADERS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    rows = 0
    for number, rep in enumerate(entries.iterator(chunk_size=1000), start=1):
        name = _decrypt(rep.name_cipher)
        phone = _decrypt(rep.phone_cipher)
        id_number = _decrypt(rep.candidate.id_cipher) if rep.candidate else ""
        sheet.append(
            [
                number,
                rep.district.name if rep.district else "",
                rep.category.get_level_display() if rep.category else "",
                rep.category.name if rep.category else "",
                rep.cell,
                name if unmasked else mask_name(name),
                mask_id(id_number) if id_number else "",
                phone if unmasked else (mask_phone(phone) if phone else ""),
                rep.unit,
                rep.get_status_display(),
                rep.status_reason,
                rep.get_confirmed_via_display() if rep.confirmed_via else "",
                _local(rep.confirmed_at),
                _local(rep.notified_at),
                _local(rep.trained_at),
                rep.venue.name if rep.venue else "",
                rep.replaces_id or "",
                rep.pk,
            ]
        )
        rows = number
    notes = book.create_sheet("说明")
    notes.append(["活动", campaign.title])
    notes.append(["范围", district.name if district else "全市"])
    notes.append(
        [
            "个人信息",
            "姓名、手机号码为完整信息（已记入审计日志），请妥善保管，用后删除"
            if unmasked
            else "姓名、身份证号、手机号码均已打码",
        ]
    )
    notes.append(["注意", "《工作纪律》：不得泄露市民代表名单"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), rows
