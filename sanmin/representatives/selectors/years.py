"""Years of service and the rotation report (轮换情况).

The plan (§二(三)): at least 30% of the representatives are new each year
(`Campaign.rotation_min_new`), nobody serves more than three years in a row
(`max_consecutive_years`), and "三年基本实现市民代表全轮换" — within three years the
roster is (basically) entirely renewed. The report gives, for each year Y with
roster R(Y) (a frozen campaign's or an imported one's ServiceYear rows; the current
campaign's serving representatives while its roster is not frozen yet):

- 新增 / 新增比例: |R(Y) − R(Y−1)| and its share of |R(Y)|, against the target; also
  per cell (category, × district for district-level categories);
- 三年轮换率: the share of R(Y−3) that is no longer on R(Y) — of the people who
  served three years earlier, how many have been rotated out (full rotation: 100%);
- 三年内新人比例: the share of R(Y) that served in none of Y−1, Y−2, Y−3 (computed
  over the earlier years that are known; marked when one is missing);
- 超过连任上限: people on R(Y) whose consecutive years up to Y exceed the limit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from sanmin.campaigns.models import Campaign, District, QuotaCategory
from sanmin.representatives.cells import cell_key
from sanmin.representatives.models import Representative, ServiceYear
from sanmin.representatives.selectors.entries import ACTIVE_STATUSES

CHUNK = 5000
LOOK_BACK = 30


def service_years_for(*, id_hash: str) -> list[int]:
    """The years a person (by keyed ID hash) served, in order."""
    if not id_hash:
        return []
    return list(
        ServiceYear.objects.filter(id_hash=id_hash)
        .order_by("year")
        .values_list("year", flat=True)
    )


def consecutive_years(*, id_hashes: Iterable[str], up_to: int) -> dict[str, int]:
    """For each person, how many years in a row they served, ending with `up_to`
    (0 if they did not serve in `up_to`)."""
    hashes = sorted(set(id_hashes))
    served: dict[str, set[int]] = {h: set() for h in hashes}
    for start in range(0, len(hashes), CHUNK):
        for id_hash, year in ServiceYear.objects.filter(
            id_hash__in=hashes[start : start + CHUNK],
            year__gt=up_to - LOOK_BACK,
            year__lte=up_to,
        ).values_list("id_hash", "year"):
            served[id_hash].add(year)
    return {h: _run_length(years, up_to) for h, years in served.items()}


def _run_length(years: set[int], up_to: int) -> int:
    run = 0
    while up_to - run in years:
        run += 1
    return run


@dataclass(frozen=True)
class YearSummary:
    year: int
    total: int
    imported: int
    platform: int


def years_summary() -> list[YearSummary]:
    """The years on record, newest first: how many rows, imported or written by a
    roster freeze."""
    rows = (
        ServiceYear.objects.order_by()
        .values("year")
        .annotate(
            total=Count("pk"),
            imported=Count("pk", filter=Q(imported=True)),
        )
        .order_by("-year")
    )
    return [
        YearSummary(
            year=row["year"],
            total=row["total"],
            imported=row["imported"],
            platform=row["total"] - row["imported"],
        )
        for row in rows
    ]


# The rotation report -------------------------------------------------------------------


@dataclass(frozen=True)
class RotationYear:
    year: int
    size: int
    provisional: bool
    new: int | None
    returning: int | None
    new_share: Decimal | None
    meets_target: bool | None
    turnover3: Decimal | None
    fresh3: Decimal | None
    fresh3_partial: bool
    over_limit: int

    @property
    def new_percent(self) -> Decimal | None:
        return _percent(self.new_share) if self.new_share is not None else None

    @property
    def turnover3_percent(self) -> Decimal | None:
        return _percent(self.turnover3) if self.turnover3 is not None else None

    @property
    def fresh3_percent(self) -> Decimal | None:
        return _percent(self.fresh3) if self.fresh3 is not None else None


@dataclass(frozen=True)
class RotationCell:
    key: str
    label: str
    size: int
    new: int
    new_share: Decimal
    meets_target: bool

    @property
    def new_percent(self) -> Decimal:
        return _percent(self.new_share)


@dataclass
class RotationReport:
    target: Decimal
    max_years: int
    years: list[RotationYear] = field(default_factory=list)
    cell_year: int | None = None
    cells: list[RotationCell] = field(default_factory=list)

    @property
    def cells_below(self) -> list[RotationCell]:
        return [cell for cell in self.cells if not cell.meets_target]

    @property
    def target_percent(self) -> Decimal:
        return _percent(self.target)

    def chart(self) -> dict[str, Any]:
        """The figures of the chart beside the table (the table has them all)."""
        return {
            "years": [str(row.year) for row in self.years],
            "new": [row.new for row in self.years],
            "returning": [row.returning for row in self.years],
            "size": [row.size for row in self.years],
            "new_percent": [
                float(row.new_percent) if row.new_percent is not None else None
                for row in self.years
            ],
            "target_percent": float(self.target_percent),
        }


def _percent(share: Decimal) -> Decimal:
    return (share * 100).quantize(Decimal("0.1"))


def _share(part: int, whole: int) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001"))


# id_hash → (category code, district id) of one year's roster.
Roster = dict[str, tuple[str, int | None]]


def _rosters() -> dict[int, Roster]:
    rosters: dict[int, Roster] = {}
    for id_hash, year, code, district_id in ServiceYear.objects.values_list(
        "id_hash", "year", "category_code", "district_id"
    ).iterator(chunk_size=CHUNK):
        rosters.setdefault(year, {})[id_hash] = (code, district_id)
    return rosters


def _current_roster(campaign: Campaign) -> Roster:
    return {
        id_hash: (code or "", district_id)
        for id_hash, code, district_id in Representative.objects.filter(
            campaign=campaign,
            roster=Representative.Roster.PUBLIC,
            status__in=ACTIVE_STATUSES,
        ).values_list("id_hash", "category__code", "district_id")
    }


def rotation_report(*, campaign: Campaign | None) -> RotationReport:
    """Every year on record (and the campaign's unfrozen roster), with the figures
    described in the module docstring, and the cells of the latest year that has a
    previous one."""
    target = campaign.rotation_min_new if campaign else Decimal("0.30")
    max_years = campaign.max_consecutive_years if campaign else 3
    report = RotationReport(target=target, max_years=max_years)
    rosters = _rosters()
    provisional: set[int] = set()
    if campaign is not None and campaign.year not in rosters:
        current = _current_roster(campaign)
        if current:
            rosters[campaign.year] = current
            provisional.add(campaign.year)
    for year in sorted(rosters):
        report.years.append(
            _year_row(
                year,
                rosters,
                provisional=year in provisional,
                limit=max_years,
                target=target,
            )
        )
    with_previous = [row.year for row in report.years if row.new is not None]
    if with_previous:
        year = with_previous[-1]
        report.cell_year = year
        report.cells = _cells(
            rosters[year], rosters[year - 1], campaign=campaign, target=target
        )
    return report


def _year_row(
    year: int,
    rosters: dict[int, Roster],
    *,
    provisional: bool,
    limit: int,
    target: Decimal,
) -> RotationYear:
    roster = set(rosters[year])
    size = len(roster)
    previous = rosters.get(year - 1)
    new = returning = None
    new_share = None
    if previous is not None:
        returning = len(roster & set(previous))
        new = size - returning
        new_share = _share(new, size) if size else None
    before3 = rosters.get(year - 3)
    turnover3 = _share(len(set(before3) - roster), len(before3)) if before3 else None
    earlier = [rosters[y] for y in (year - 1, year - 2, year - 3) if y in rosters]
    fresh3 = None
    if earlier and size:
        seen = set().union(*(set(r) for r in earlier))
        fresh3 = _share(len(roster - seen), size)
    over_limit = sum(
        1
        for id_hash in roster
        if all(id_hash in rosters.get(year - k, {}) for k in range(1, limit + 1))
    )
    return RotationYear(
        year=year,
        size=size,
        provisional=provisional,
        new=new,
        returning=returning,
        new_share=new_share,
        meets_target=new_share >= target if new_share is not None else None,
        turnover3=turnover3,
        fresh3=fresh3,
        fresh3_partial=fresh3 is not None and len(earlier) < 3,
        over_limit=over_limit,
    )


def _cells(
    roster: Roster,
    previous: Roster,
    *,
    campaign: Campaign | None,
    target: Decimal,
) -> list[RotationCell]:
    """Per cell of `roster`: its size and how many were not on `previous` at all."""
    # The campaign's own table decides; codes it lacks come from other years.
    levels: dict[str, QuotaCategory] = {}
    for known in QuotaCategory.objects.order_by("campaign__year", "pk"):
        if campaign is None or known.campaign_id != campaign.pk:
            levels[known.code] = known
    if campaign is not None:
        levels.update({c.code: c for c in campaign.quotas.all()})
    districts = {d.pk: d for d in District.objects.all()}
    sizes: dict[str, int] = {}
    news: dict[str, int] = {}
    labels: dict[str, tuple[tuple[int, int, int], str]] = {}
    for id_hash, (code, district_id) in roster.items():
        category = levels.get(code)
        district = districts.get(district_id) if district_id else None
        district_level = (
            category is not None
            and category.level == QuotaCategory.Level.DISTRICT
            and district is not None
        )
        key = cell_key(code, district.code) if district_level and district else code
        if key not in labels:
            name = category.name if category else (code or "未分类")
            order = (
                1 if district_level else 0,
                category.order if category else 999,
                district.order if district_level and district else 0,
            )
            label = f"{district.name} · {name}" if district_level and district else name
            labels[key] = (order, label)
        sizes[key] = sizes.get(key, 0) + 1
        if id_hash not in previous:
            news[key] = news.get(key, 0) + 1
    cells = []
    for key in sorted(labels, key=lambda k: (labels[k][0], k)):
        share = _share(news.get(key, 0), sizes[key])
        cells.append(
            RotationCell(
                key=key,
                label=labels[key][1],
                size=sizes[key],
                new=news.get(key, 0),
                new_share=share,
                meets_target=share >= target,
            )
        )
    return cells
