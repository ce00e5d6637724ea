"""The cells of the quota table: the units the draw fills exactly.

Annex 3: a municipal-level category is one cell (its volunteers are attributed to the
district they live in, but drawn citywide); a district-level category is split evenly
over the districts, one cell per category × district. Alternates (≈5.5%) belong to
district-level cells only (Annex 3, note 2).
"""

from __future__ import annotations

from dataclasses import dataclass

from sanmin.campaigns.models import Campaign, District, QuotaCategory


@dataclass(frozen=True)
class Cell:
    key: str
    category_code: str
    district_code: str  # "" for a municipal-level cell
    seats: int

    @property
    def district_level(self) -> bool:
        return bool(self.district_code)


def cell_key(category_code: str, district_code: str = "") -> str:
    return f"{category_code}@{district_code}" if district_code else category_code


def candidate_cell_key(category: QuotaCategory, district: District | None) -> str:
    """The cell a candidate of `category` living/working in `district` competes in."""
    if category.level == QuotaCategory.Level.DISTRICT:
        if district is None:
            raise ValueError("district-level candidates need a district")
        return cell_key(category.code, district.code)
    return cell_key(category.code)


def campaign_cells(campaign: Campaign) -> list[Cell]:
    """Every cell of the campaign's quota table, in table and district order.

    The table must add up (campaigns.services.quota_table_errors): a district-level
    category's seats divide evenly over the districts.
    """
    districts = list(District.objects.order_by("order", "code"))
    cells = []
    for category in campaign.quotas.order_by("level", "order"):
        if category.level == QuotaCategory.Level.DISTRICT:
            share = category.seats // len(districts)
            cells += [
                Cell(cell_key(category.code, d.code), category.code, d.code, share)
                for d in districts
            ]
        else:
            cells.append(
                Cell(cell_key(category.code), category.code, "", category.seats)
            )
    return cells
