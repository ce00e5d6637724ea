"""Reads of candidate intake: who may take in which categories, which people are
candidates already, counts per category × channel × review status, and the masked
candidate list of a district.

Scopes (PRODUCT.md): district staff take in candidates of their own district and see
them with masked numbers; the office (municipal recommended categories) and the
statistics bureau (random-sample pools) see counts and the batches they imported;
departments see nothing of this.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from sanmin.accounts.models import Role
from sanmin.campaigns.models import Campaign, District, QuotaCategory
from sanmin.core import crypto
from sanmin.core.personal import mask_id, mask_phone
from sanmin.representatives.models import (
    Candidate,
    Channel,
    Draw,
    ImportBatch,
    Review,
)

# SQLite allows 32,766 bound parameters; PostgreSQL far more. One chunk is one query.
HASH_CHUNK = 5000

REJECTED = Q(police_review=Review.REJECTED) | Q(petition_review=Review.REJECTED)
PASSED = Q(police_review=Review.PASSED, petition_review=Review.PASSED)


@dataclass(frozen=True)
class IntakeScope:
    """What an uploader may take in: one channel, some category levels, and (district
    staff) one district that every row must name."""

    channel: str
    levels: tuple[str, ...]
    district: District | None
    label: str

    def allows(self, category: QuotaCategory) -> bool:
        return category.method == self.channel and category.level in self.levels


def intake_scope_for(user: Any) -> IntakeScope | None:
    """The import scope of a staff user, or None when the role imports nothing."""
    role = getattr(user, "role", "")
    if role == Role.DISTRICT and user.district_id:
        return IntakeScope(
            channel=Channel.RECOMMENDED,
            levels=(QuotaCategory.Level.DISTRICT,),
            district=user.district,
            label=f"{user.district.name}组织推荐",
        )
    if role == Role.OFFICE:
        return IntakeScope(
            channel=Channel.RECOMMENDED,
            levels=(QuotaCategory.Level.CITY,),
            district=None,
            label="市级组织推荐",
        )
    if role == Role.STATISTICS:
        return IntakeScope(
            channel=Channel.RANDOM,
            levels=(QuotaCategory.Level.CITY, QuotaCategory.Level.DISTRICT),
            district=None,
            label="随机抽取候选池",
        )
    return None


def name_key(value: str) -> str:
    """A name as compared on import: NFKC (full-width brackets become half-width),
    no whitespace."""
    return "".join(unicodedata.normalize("NFKC", value).split())


def scope_categories(*, campaign: Campaign, scope: IntakeScope) -> list[QuotaCategory]:
    return list(
        campaign.quotas.filter(method=scope.channel, level__in=scope.levels).order_by(
            "level", "order"
        )
    )


def category_lookup(*, campaign: Campaign) -> dict[str, QuotaCategory]:
    """Every category of the campaign by its name and by its code (normalised)."""
    found: dict[str, QuotaCategory] = {}
    for category in campaign.quotas.all():
        found[name_key(category.code)] = category
        found[name_key(category.name)] = category
    return found


def campaign_districts(*, campaign: Campaign) -> list[District]:
    """The districts candidates of the campaign may come from."""
    districts = District.objects.order_by("order", "code")
    if campaign.district_id:
        districts = districts.filter(pk=campaign.district_id)
    return list(districts)


def district_lookup(*, campaign: Campaign) -> dict[str, District]:
    """Districts by name, alias and code (normalised)."""
    found: dict[str, District] = {}
    for district in campaign_districts(campaign=campaign):
        for key in (district.name, district.alias, district.code):
            if key:
                found[name_key(key)] = district
    return found


def volunteer_category(*, campaign: Campaign) -> QuotaCategory | None:
    return (
        campaign.quotas.filter(method=QuotaCategory.Method.VOLUNTEER)
        .order_by("level", "order")
        .first()
    )


def pool_frozen(*, campaign: Campaign) -> bool:
    """Whether a draw has committed to the pool (no candidate or decision may change
    it any more)."""
    return (
        Draw.objects.filter(campaign=campaign).exclude(state=Draw.State.VOID).exists()
    )


def candidacies_of(*, campaign: Campaign, id_hashes: Iterable[str]) -> dict[str, str]:
    """Which of these keyed ID hashes are candidates of the campaign already, with
    their channel; one query per HASH_CHUNK hashes."""
    wanted = list(id_hashes)
    found: dict[str, str] = {}
    for start in range(0, len(wanted), HASH_CHUNK):
        chunk = wanted[start : start + HASH_CHUNK]
        found.update(
            Candidate.objects.filter(campaign=campaign, id_hash__in=chunk).values_list(
                "id_hash", "channel"
            )
        )
    return found


def candidate_of_citizen(*, campaign: Campaign, user: Any) -> Candidate | None:
    """The citizen's candidacy in the campaign (by any channel), matched by ID hash."""
    id_hash = getattr(user, "id_hash", "")
    if not id_hash:
        return None
    return (
        Candidate.objects.select_related("category", "district")
        .filter(campaign=campaign, id_hash=id_hash)
        .first()
    )


def candidate_status(candidate: Candidate) -> str:
    """The combined review status: rejected by either body, passed by both, or
    pending."""
    if Review.REJECTED in (candidate.police_review, candidate.petition_review):
        return Review.REJECTED
    if candidate.eligible:
        return Review.PASSED
    return Review.PENDING


# Counts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    category: QuotaCategory
    channel: str
    pending: int
    passed: int
    rejected: int

    @property
    def total(self) -> int:
        return self.pending + self.passed + self.rejected

    @property
    def channel_label(self) -> str:
        return Channel(self.channel).label


@dataclass(frozen=True)
class Counts:
    rows: list[CountRow]

    @property
    def pending(self) -> int:
        return sum(row.pending for row in self.rows)

    @property
    def passed(self) -> int:
        return sum(row.passed for row in self.rows)

    @property
    def rejected(self) -> int:
        return sum(row.rejected for row in self.rows)

    @property
    def total(self) -> int:
        return sum(row.total for row in self.rows)


def intake_counts(*, campaign: Campaign, district: District | None = None) -> Counts:
    """Candidates per category × channel × combined review status (one query)."""
    candidates = Candidate.objects.filter(campaign=campaign)
    if district is not None:
        candidates = candidates.filter(district=district)
    grouped = (
        candidates.values("category", "channel")
        .annotate(
            total=Count("id"),
            passed=Count("id", filter=PASSED),
            rejected=Count("id", filter=REJECTED),
        )
        .order_by()
    )
    categories = {category.pk: category for category in campaign.quotas.all()}
    rows = [
        CountRow(
            category=categories[item["category"]],
            channel=item["channel"],
            pending=item["total"] - item["passed"] - item["rejected"],
            passed=item["passed"],
            rejected=item["rejected"],
        )
        for item in grouped
    ]
    rows.sort(key=lambda row: (row.category.level, row.category.order, row.channel))
    return Counts(rows=rows)


def intake_batches(*, campaign: Campaign, user: Any) -> QuerySet[ImportBatch]:
    """The import batches a staff user may list: district staff their district's,
    the office the municipal recommendations, statistics the random pools."""
    batches = ImportBatch.objects.filter(campaign=campaign).select_related(
        "district", "uploaded_by"
    )
    role = getattr(user, "role", "")
    if role == Role.DISTRICT:
        return batches.filter(district_id=user.district_id)
    if role == Role.OFFICE:
        return batches.filter(channel=Channel.RECOMMENDED, district__isnull=True)
    if role == Role.STATISTICS:
        return batches.filter(channel=Channel.RANDOM)
    return batches.none()


# The district's masked list -----------------------------------------------------------


@dataclass(frozen=True)
class CandidateEntry:
    pk: int
    name: str
    id_masked: str
    phone_masked: str
    category: str
    channel: str
    status: str
    status_label: str


def district_candidates(
    *,
    campaign: Campaign,
    district: District,
    category: QuotaCategory | None = None,
    channel: str = "",
) -> QuerySet[Candidate]:
    candidates = Candidate.objects.filter(
        campaign=campaign, district=district
    ).select_related("category")
    if category is not None:
        candidates = candidates.filter(category=category)
    if channel:
        candidates = candidates.filter(channel=channel)
    return candidates.order_by("id")


def _plain(token: str) -> str:
    return crypto.cipher().decrypt(token) if token else ""


def candidate_entries(candidates: Iterable[Candidate]) -> list[CandidateEntry]:
    """Names in clear, ID and phone numbers masked (one page of them)."""
    entries = []
    for candidate in candidates:
        status = candidate_status(candidate)
        phone = _plain(candidate.phone_cipher)
        entries.append(
            CandidateEntry(
                pk=candidate.pk,
                name=_plain(candidate.name_cipher),
                id_masked=mask_id(_plain(candidate.id_cipher)),
                phone_masked=mask_phone(phone) if phone else "",
                category=candidate.category.name,
                channel=candidate.get_channel_display(),
                status=status,
                status_label=Review(status).label,
            )
        )
    return entries
