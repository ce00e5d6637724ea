"""Counts per category × channel × review status: district staff for their own
district, the office and statistics citywide (or one district); names only on the
district's own masked list; batches listed to whoever may see them."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sanmin.campaigns.models import District
from sanmin.core.personal import mask_id, mask_phone
from sanmin.representatives.models import Candidate
from sanmin.representatives.selectors.intake import intake_counts
from sanmin.representatives.tests.intake_helpers import (
    HEADER,
    RECOMMENDED_DISTRICT,
    id_number,
    make_candidates,
    person,
    phone,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db
OVERVIEW = reverse("representatives:intake")
LIST = reverse("representatives:intake-candidates")


@pytest.fixture
def pool(cast: Any) -> list[Candidate]:
    """Two candidates in 市南区 (one passed by both bodies, one rejected) and one in
    市北区."""
    actor = cast.user("statistics")
    south = make_candidates(campaign=cast.campaign, actor=actor, count=2)
    north = make_candidates(
        campaign=cast.campaign,
        actor=actor,
        count=1,
        start=2,
        district=District.objects.get(name="市北区"),
    )
    Candidate.objects.filter(pk=south[0].pk).update(
        police_review="passed", petition_review="passed"
    )
    Candidate.objects.filter(pk=south[1].pk).update(
        police_review="passed",
        petition_review="rejected",
        petition_reason="信访不予通过的说明",
    )
    return [*south, *north]


def test_counts_by_category_channel_and_status(cast: Any, pool: Any) -> None:
    counts = intake_counts(campaign=cast.campaign)
    (row,) = counts.rows
    assert (row.category.code, row.channel) == ("d-residents", "random")
    assert (row.pending, row.passed, row.rejected, row.total) == (1, 1, 1, 3)
    south = intake_counts(campaign=cast.campaign, district=cast.district)
    assert (south.pending, south.passed, south.rejected) == (0, 1, 1)


def test_district_staff_see_their_district_only(cast: Any, pool: Any) -> None:
    text = cast.client("district").get(OVERVIEW).content.decode()
    assert "市民代表候选人 · 市南区" in text
    assert '<td class="num"><strong>2</strong></td>' in text
    listing = cast.client("district").get(LIST).content.decode()
    assert "候选人0" in listing and "候选人1" in listing
    assert "候选人2" not in listing  # 市北区
    assert mask_id(id_number(0)) in listing
    assert mask_phone(phone(0)) in listing
    for secret in (id_number(0), phone(0), "信访不予通过的说明"):
        assert secret not in listing
    assert "通过" in listing and "不通过" in listing


def test_district_staff_ignore_a_district_parameter(cast: Any, pool: Any) -> None:
    north = District.objects.get(name="市北区")
    text = cast.client("district").get(OVERVIEW, {"district": north.pk})
    assert '<td class="num"><strong>2</strong></td>' in text.content.decode()


def test_the_office_sees_counts_citywide_or_per_district(cast: Any, pool: Any) -> None:
    client = cast.client("office")
    text = client.get(OVERVIEW).content.decode()
    assert '<td class="num"><strong>3</strong></td>' in text
    north = District.objects.get(name="市北区")
    one = client.get(OVERVIEW, {"district": north.pk}).content.decode()
    assert '<td class="num"><strong>1</strong></td>' in one
    for secret in ("候选人0", mask_id(id_number(0))):
        assert secret not in text
    assert client.get(LIST).status_code == 403


def test_batches_are_listed_to_their_side(cast: Any) -> None:
    upload(cast.client("statistics"), xlsx_bytes([HEADER, person(1)]), "pool.xlsx")
    upload(
        cast.client("district"),
        xlsx_bytes([HEADER, person(2, category=RECOMMENDED_DISTRICT)]),
        "recommended.xlsx",
    )
    statistics = cast.client("statistics").get(OVERVIEW).content.decode()
    district = cast.client("district").get(OVERVIEW).content.decode()
    office = cast.client("office").get(OVERVIEW).content.decode()
    assert ("pool.xlsx" in statistics, "recommended.xlsx" in statistics) == (
        True,
        False,
    )
    assert ("pool.xlsx" in district, "recommended.xlsx" in district) == (False, True)
    assert "pool.xlsx" not in office and "recommended.xlsx" not in office


def test_the_template_has_the_columns(cast: Any) -> None:
    import io

    import openpyxl

    response = cast.client("statistics").get(reverse("representatives:intake-template"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in book.worksheets[0][1]] == HEADER
    as_csv = cast.client("district").get(
        reverse("representatives:intake-template"), {"format": "csv"}
    )
    assert as_csv.content.decode("utf-8-sig").strip() == ",".join(HEADER)
