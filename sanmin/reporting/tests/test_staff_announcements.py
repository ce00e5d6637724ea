"""The office writes, edits, publishes and withdraws announcements."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.reporting.models import Announcement
from sanmin.reporting.tests.conftest import audit_actions, staff_client

pytestmark = pytest.mark.django_db


def _form(campaign, **overrides):
    data = {
        "campaign": campaign.pk,
        "kind": Announcement.Kind.CALL_REPRESENTATIVES,
        "title": "2024年市民代表招募公告",
        "body": "欢迎广大市民报名参加。",
    }
    data.update(overrides)
    return data


@pytest.fixture
def draft(office_staff, campaign) -> Announcement:
    staff_client(office_staff).post(
        reverse("reporting:manage-announcement-create"), _form(campaign)
    )
    return Announcement.objects.get()


def test_it_offers_the_four_kinds(office_staff, campaign) -> None:
    response = staff_client(office_staff).get(
        reverse("reporting:manage-announcement-create")
    )
    assert response.status_code == 200
    for label in ("活动公告", "市民代表招募", "意见建议征集", "结果公告"):
        assert label in response.text


def test_it_creates_an_unpublished_announcement(office_staff, draft) -> None:
    assert draft.status == Announcement.Status.DRAFT
    assert draft.author == office_staff
    assert draft.published_at is None
    assert len(audit_actions("announcement.create")) == 1
    home = Client().get(reverse("reporting:home"))
    assert "2024年市民代表招募公告" not in home.text


def test_it_refuses_an_empty_title_in_chinese(office_staff, campaign) -> None:
    response = staff_client(office_staff).post(
        reverse("reporting:manage-announcement-create"), _form(campaign, title="")
    )
    assert response.status_code == 400
    assert "这个字段是必填项" in response.text
    assert not Announcement.objects.exists()


def test_it_publishes_then_withdraws(office_staff, draft) -> None:
    client = staff_client(office_staff)
    client.post(reverse("reporting:manage-announcement-publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Announcement.Status.PUBLISHED
    home = Client().get(reverse("reporting:home"))
    assert "2024年市民代表招募公告" in home.text

    client.post(reverse("reporting:manage-announcement-withdraw", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == Announcement.Status.WITHDRAWN
    home = Client().get(reverse("reporting:home"))
    assert "2024年市民代表招募公告" not in home.text
    assert len(audit_actions("announcement.publish")) == 1
    assert len(audit_actions("announcement.withdraw")) == 1


def test_it_refuses_to_withdraw_an_unpublished_one(office_staff, draft) -> None:
    response = staff_client(office_staff).post(
        reverse("reporting:manage-announcement-withdraw", args=[draft.pk]),
        follow=True,
    )
    assert "只有已发布的公告可以撤回" in response.text
    draft.refresh_from_db()
    assert draft.withdrawn_at is None
    assert audit_actions("announcement.withdraw") == []


def test_it_refuses_to_publish_twice(office_staff, draft) -> None:
    client = staff_client(office_staff)
    url = reverse("reporting:manage-announcement-publish", args=[draft.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "该公告已发布" in response.text
    assert len(audit_actions("announcement.publish")) == 1


def test_it_edits_and_records_it(office_staff, campaign, draft) -> None:
    response = staff_client(office_staff).post(
        reverse("reporting:manage-announcement-edit", args=[draft.pk]),
        _form(campaign, title="市民代表招募（更正）", kind=Announcement.Kind.RESULTS),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "市民代表招募（更正）"
    assert draft.kind == Announcement.Kind.RESULTS
    assert audit_actions("announcement.update")[0].detail["title"] == (
        "市民代表招募（更正）"
    )


def test_it_refuses_announcements_to_other_roles(
    department_staff, statistics_staff, draft
) -> None:
    for user in (department_staff, statistics_staff):
        client = staff_client(user)
        assert client.get(reverse("reporting:manage-announcements")).status_code == 403
        assert (
            client.post(
                reverse("reporting:manage-announcement-publish", args=[draft.pk])
            ).status_code
            == 403
        )
    draft.refresh_from_db()
    assert draft.published_at is None


def test_it_lists_announcements_with_their_state(office_staff, draft) -> None:
    client = staff_client(office_staff)
    page = client.get(reverse("reporting:manage-announcements"))
    assert page.status_code == 200
    assert "2024年市民代表招募公告" in page.text
    assert "未发布" in page.text
    assert reverse("reporting:manage-announcement-publish", args=[draft.pk]) in (
        page.text
    )
    edit = client.get(reverse("reporting:manage-announcement-edit", args=[draft.pk]))
    assert edit.status_code == 200
    assert 'value="2024年市民代表招募公告"' in edit.text
