"""Years of service and the rotation report: new share per year and per cell against
the 30% target, the three-year turnover, newcomers over three years, and anyone
beyond the consecutive-year limit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from sanmin.core import crypto
from sanmin.representatives.models import Representative
from sanmin.representatives.selectors.years import (
    consecutive_years,
    rotation_report,
    service_years_for,
)
from sanmin.representatives.services.years import service_years_import
from sanmin.representatives.tests import roster_helpers as h

HISTORY = {
    2020: [1, 2, 3, 4, 5],
    2021: [1, 2, 6, 7, 8],
    2022: [1, 2, 6, 9, 10],
    2023: [1, 2, 6, 7, 3],
}


def person(serial):
    return crypto.keyed_hash(h.id_number(serial), purpose="id")


def served(history, *, category, district=None, actor):
    rows = [
        [h.id_number(serial), year, category.code, district.name if district else ""]
        for year, serials in history.items()
        for serial in serials
    ]
    result = service_years_import(
        upload=h.csv_upload(rows), filename="years.csv", before_year=2024, actor=actor
    )
    assert result.ok, result.errors


@pytest.fixture
def history(campaign, statistics_user):
    served(HISTORY, category=h.city_category(campaign), actor=statistics_user)


def rows_by_year(report):
    return {row.year: row for row in report.years}


def test_it_knows_each_persons_years(history):
    assert service_years_for(id_hash=person(6)) == [2021, 2022, 2023]
    assert service_years_for(id_hash="") == []


def test_it_counts_consecutive_years_up_to_a_year(history):
    runs = consecutive_years(id_hashes=[person(n) for n in (1, 6, 3, 4)], up_to=2023)

    assert runs == {person(1): 4, person(6): 3, person(3): 1, person(4): 0}
    assert consecutive_years(id_hashes=[person(7)], up_to=2021) == {person(7): 1}


def test_it_reports_the_new_share_per_year(campaign, history):
    years = rows_by_year(rotation_report(campaign=campaign))

    assert list(years) == [2020, 2021, 2022, 2023]
    assert years[2020].new is None and years[2020].meets_target is None
    assert (years[2021].new, years[2021].returning) == (3, 2)
    assert years[2021].new_percent == Decimal("60.0")
    assert (years[2022].new, years[2023].new) == (2, 2)
    assert years[2023].new_percent == Decimal("40.0")
    assert all(years[y].meets_target for y in (2021, 2022, 2023))


def test_it_reports_the_three_year_turnover(campaign, history):
    years = rows_by_year(rotation_report(campaign=campaign))

    # Of 2020's five, 4 and 5 are no longer there in 2023.
    assert years[2023].turnover3_percent == Decimal("40.0")
    assert years[2022].turnover3 is None


def test_it_reports_newcomers_over_three_years(campaign, history):
    years = rows_by_year(rotation_report(campaign=campaign))

    assert years[2023].fresh3_percent == Decimal("0.0")
    assert not years[2023].fresh3_partial
    # 2022 against 2021 and 2020 only (2019 unknown): 9 and 10 are new.
    assert years[2022].fresh3_percent == Decimal("40.0")
    assert years[2022].fresh3_partial


def test_it_counts_those_beyond_the_limit(campaign, history):
    years = rows_by_year(rotation_report(campaign=campaign))

    # 1 and 2 served 2020-2023: four years in a row; 6 served three.
    assert years[2023].over_limit == 2
    assert years[2022].over_limit == 0


def test_it_flags_cells_below_the_target(campaign, history, statistics_user):
    district = h.districts()[0]
    category = h.district_category(campaign)
    served(
        {2022: [21, 22, 23], 2023: [21, 22, 23, 24]},
        category=category,
        district=district,
        actor=statistics_user,
    )

    report = rotation_report(campaign=campaign)

    assert report.cell_year == 2023
    cells = {cell.key: cell for cell in report.cells}
    below = cells[f"{category.code}@{district.code}"]
    assert (below.size, below.new, below.new_percent) == (4, 1, Decimal("25.0"))
    assert below.label == f"{district.name} · {category.name}"
    assert report.cells_below == [below]
    assert cells[h.city_category(campaign).code].meets_target


def test_it_includes_the_unfrozen_roster(campaign, history, statistics_user):
    draw = h.built_roster(
        campaign,
        [h.CellSpec(h.city_category(campaign), None, members=4)],
        actor=statistics_user,
    )
    returner = Representative.objects.filter(campaign=draw.campaign)[0]
    Representative.objects.filter(pk=returner.pk).update(id_hash=person(6))

    years = rows_by_year(rotation_report(campaign=campaign))

    assert years[2024].provisional
    assert (years[2024].size, years[2024].new) == (4, 3)
    # 6 served 2021-2023 and is on the 2024 roster: beyond the limit of three.
    assert years[2024].over_limit == 1


def test_it_shows_the_report(campaign, history, client_as):
    response = client_as("statistics").get(reverse("representatives:years"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "60.0%" in page and "三年轮换率" in page
    # 2024: the cast's representative, on the campaign's unfrozen roster.
    assert response.context["chart"]["years"] == [
        "2020",
        "2021",
        "2022",
        "2023",
        "2024",
    ]
    assert response.context["chart"]["target_percent"] == 30.0
