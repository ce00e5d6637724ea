"""Each uploader takes in only their channel's categories: district staff the
district-level recommended ones for their own district, the office the municipal
recommended ones, statistics the random-sample pools."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from sanmin.accounts.tests.fixtures import verified_client
from sanmin.representatives.models import Candidate, Channel
from sanmin.representatives.tests.intake_helpers import (
    HEADER,
    RANDOM_DISTRICT,
    RECOMMENDED_CITY,
    RECOMMENDED_DISTRICT,
    VOLUNTEER_CITY,
    person,
    upload,
    xlsx_bytes,
)
from sanmin.representatives.tests.test_intake_import_refusals import refused

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "category", "message"),
    [
        (
            "district",
            RECOMMENDED_CITY,
            "“市属企业代表”为市级选聘、组织推荐类别，不能通过市南区组织推荐导入",
        ),
        (
            "district",
            RANDOM_DISTRICT,
            "“社区(村)居民代表”为区（市）选聘、随机抽取类别，不能通过市南区组织推荐导入",
        ),
        (
            "office",
            RECOMMENDED_DISTRICT,
            "“企业代表”为区（市）选聘、组织推荐类别，不能通过市级组织推荐导入",
        ),
        (
            "statistics",
            RECOMMENDED_DISTRICT,
            "“企业代表”为区（市）选聘、组织推荐类别，不能通过随机抽取候选池导入",
        ),
        (
            "statistics",
            VOLUNTEER_CITY,
            "“自愿报名市民代表”为市级选聘、自愿报名类别，不能通过随机抽取候选池导入",
        ),
    ],
)
def test_a_category_of_another_channel_is_refused(
    cast: Any, role: str, category: str, message: str
) -> None:
    content = xlsx_bytes([HEADER, person(1, category=category)])
    refused(upload(cast.client(role), content), f"第2行“代表类别”：{message}")


def test_district_staff_cannot_upload_another_district(cast: Any) -> None:
    content = xlsx_bytes(
        [
            HEADER,
            person(1, category=RECOMMENDED_DISTRICT),
            person(2, category=RECOMMENDED_DISTRICT, district="市北区"),
        ]
    )
    refused(
        upload(cast.client("district"), content),
        "第3行“区（市）”：只能导入市南区的候选人（此行为市北区）",
    )


def test_district_staff_store_their_recommendations(cast: Any) -> None:
    content = xlsx_bytes([HEADER, person(1, category=RECOMMENDED_DISTRICT)])
    response = upload(cast.client("district"), content)
    assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert candidate.channel == Channel.RECOMMENDED
    assert candidate.district == cast.district
    assert candidate.batch is not None
    assert candidate.batch.district == cast.district


def test_the_office_may_leave_the_district_of_a_city_category_empty(
    campaign: Any, office_user: Any
) -> None:
    content = xlsx_bytes([HEADER, person(1, category=RECOMMENDED_CITY, district="")])
    response = upload(verified_client(office_user), content)
    assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert candidate.district is None
    assert candidate.category.code == "city-soe"


def test_codes_aliases_and_full_width_brackets_are_accepted(
    campaign: Any, statistics_user: Any
) -> None:
    content = xlsx_bytes(
        [
            HEADER,
            person(1, category="社区（村）居民代表", district="西海岸新区"),
            person(2, category="d-self-employed", district="370202"),
        ]
    )
    response = upload(verified_client(statistics_user), content)
    assert response.status_code == 302
    codes = sorted(Candidate.objects.values_list("category__code", "district__name"))
    assert codes == [("d-residents", "黄岛区"), ("d-self-employed", "市南区")]


@pytest.mark.parametrize("role", ["reviewer", "department", "supervisor", "operator"])
def test_other_staff_cannot_import(cast: Any, role: str) -> None:
    content = xlsx_bytes([HEADER, person(1)])
    response: Any = upload(cast.client(role), content)
    assert response.status_code == 403
    assert not Candidate.objects.exists()


def test_a_citizen_cannot_import(cast: Any) -> None:
    response: Any = upload(cast.client("citizen"), xlsx_bytes([HEADER, person(1)]))
    assert response.status_code == 403
    assert not Candidate.objects.exists()


def test_the_import_page_lists_the_uploaders_categories(cast: Any) -> None:
    from django.urls import reverse

    page = cast.client("district").get(reverse("representatives:intake-import"))
    text = page.content.decode()
    assert "市南区组织推荐" in text
    assert RECOMMENDED_DISTRICT in text
    assert RANDOM_DISTRICT not in text
    assert RECOMMENDED_CITY not in text
    unused = Client()
    assert unused.get(reverse("representatives:intake-import")).status_code == 302
