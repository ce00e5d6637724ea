"""The back office: campaign configuration in the admin, 云述职 read only there."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.campaigns.models import District, Venue
from sanmin.campaigns.selectors import venue_coverage
from sanmin.reporting.models import DisclosureRevision
from sanmin.reporting.tests.conftest import staff_client

pytestmark = pytest.mark.django_db

CONFIG_PAGES = [
    "campaign",
    "session",
    "participant",
    "venue",
    "district",
    "department",
    "quotacategory",
]
REPORTING_PAGES = [
    "disclosurerevision",
    "announcement",
    "hottopic",
    "representativequestion",
]


@pytest.fixture
def revision(participant, office_staff) -> DisclosureRevision:
    return DisclosureRevision.objects.create(
        participant=participant, number=1, duties="职责", author=office_staff
    )


def test_it_opens_every_configuration_page_to_the_office(
    office_staff, campaign
) -> None:
    client = staff_client(office_staff)
    for model in CONFIG_PAGES:
        url = reverse(f"admin:campaigns_{model}_changelist")
        assert client.get(url).status_code == 200, model
    page = client.get(reverse("admin:campaigns_campaign_change", args=[campaign.pk]))
    assert page.status_code == 200
    for inline in ("实施步骤", "述职分组", "评议选项", "意见建议领域"):
        assert inline in page.text


def test_it_shows_revisions_read_only(office_staff, revision) -> None:
    client = staff_client(office_staff)
    for model in REPORTING_PAGES:
        url = reverse(f"admin:reporting_{model}_changelist")
        assert client.get(url).status_code == 200, model
    change = reverse("admin:reporting_disclosurerevision_change", args=[revision.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert (
        client.get(reverse("admin:reporting_disclosurerevision_add")).status_code == 403
    )
    delete = reverse("admin:reporting_disclosurerevision_delete", args=[revision.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    client.post(change, {"duties": "在后台改"})
    revision.refresh_from_db()
    assert revision.duties == "职责"


def test_it_keeps_the_admin_from_departments_and_anonymous(
    department_staff, campaign
) -> None:
    url = reverse("admin:campaigns_venue_changelist")
    assert staff_client(department_staff).get(url).status_code in (302, 403)
    response = Client().get(url)
    assert response.status_code == 302


def test_it_warns_about_districts_without_or_with_too_many_venues(
    office_staff, campaign
) -> None:
    districts = list(District.objects.order_by("order"))
    for district in districts[1:]:
        Venue.objects.create(
            campaign=campaign,
            district=district,
            name=f"{district.name}会场",
            address="某路1号",
            capacity=100,
        )
    for number in range(2):
        Venue.objects.create(
            campaign=campaign,
            district=districts[1],
            name=f"加设会场{number}",
            address="某路2号",
            capacity=50,
        )
    gaps = venue_coverage(campaign=campaign)
    assert [(gap.district, gap.venues) for gap in gaps] == [
        (districts[0], 0),
        (districts[1], 3),
    ]
    page = staff_client(office_staff).get(
        reverse("admin:campaigns_venue_changelist"),
        {"campaign__id__exact": campaign.pk},
    )
    assert f"{districts[0].name}尚未设置社区会场" in page.text
    assert f"{districts[1].name}设置了 3 处社区会场" in page.text


def test_it_refuses_a_third_venue_in_a_district_and_audits_changes(
    office_staff, campaign
) -> None:
    district = District.objects.order_by("order")[0]
    client = staff_client(office_staff)
    url = reverse("admin:campaigns_venue_add")
    for number in range(3):
        response = client.post(
            url,
            {
                "campaign": campaign.pk,
                "district": district.pk,
                "name": f"会场{number}",
                "address": "香港中路1号",
                "capacity": 200,
            },
        )
    assert response.status_code == 200
    assert "已有2处社区会场" in response.text
    assert Venue.objects.filter(district=district).count() == 2
    assert AuditEvent.objects.filter(action="admin.add").count() == 2
