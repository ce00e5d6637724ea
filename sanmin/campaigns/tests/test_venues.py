from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from sanmin.campaigns.models import Campaign, District, Venue
from sanmin.campaigns.selectors import venue_coverage
from sanmin.campaigns.services import campaign_clone, venue_add

pytestmark = pytest.mark.django_db


def _add(campaign: Campaign, district: District, number: int) -> Venue:
    return venue_add(
        campaign=campaign,
        district=district,
        name=f"{district.name}会场{number}",
        address="香港中路1号",
        capacity=100,
        actor="测试",
    )


def test_it_lists_districts_with_no_venue_or_more_than_two(
    campaign: Campaign,
) -> None:
    empty, one, two, three, *others = District.objects.order_by("order", "code")
    _add(campaign, one, 1)
    for number in range(2):
        _add(campaign, two, number)
        _add(campaign, three, number)
    # venue_add refuses a third venue, as the admin does; one made anyway is reported.
    with pytest.raises(ValidationError):
        _add(campaign, three, 2)
    Venue.objects.create(
        campaign=campaign,
        district=three,
        name="加设会场",
        address="香港中路2号",
        capacity=50,
    )
    for district in others:
        _add(campaign, district, 1)

    gaps = venue_coverage(campaign=campaign)

    assert [(gap.district, gap.venues) for gap in gaps] == [(empty, 0), (three, 3)]
    assert [str(gap) for gap in gaps] == [
        f"{empty.name}尚未设置社区会场",
        f"{three.name}设置了 3 处社区会场，超过方案要求的 2 处",
    ]


def test_it_counts_only_the_venues_of_the_campaign(campaign: Campaign) -> None:
    district = District.objects.order_by("order", "code").first()
    assert district is not None
    other = campaign_clone(source=campaign, year=2025, slug="qingdao-2025")
    _add(other, district, 1)

    gaps = venue_coverage(campaign=campaign)

    assert (district, 0) in [(gap.district, gap.venues) for gap in gaps]
