"""Next year's quota table is edited in the back office; a table that does not add
up is refused row by row where it can be, and when the campaign is opened."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sanmin.accounts.models import User
from sanmin.accounts.tests.fixtures import verified_client
from sanmin.audit.models import AuditEvent
from sanmin.campaigns.models import Campaign, QuotaCategory
from sanmin.campaigns.services import campaign_clone, campaign_set_status

pytestmark = pytest.mark.django_db


def _next_year(campaign: Campaign) -> Campaign:
    return campaign_clone(source=campaign, year=2025, slug="qingdao-2025")


def _shrink_first_city_quota(campaign: Campaign) -> QuotaCategory:
    quota = campaign.quotas.filter(level=QuotaCategory.Level.CITY).first()
    assert quota is not None
    quota.seats -= 5
    quota.save(update_fields=["seats"])
    return quota


def test_it_refuses_to_open_a_campaign_whose_table_falls_short(
    campaign: Campaign,
) -> None:
    following = _next_year(campaign)
    _shrink_first_city_quota(following)
    events = AuditEvent.objects.count()

    with pytest.raises(ValidationError) as refusal:
        campaign_set_status(
            campaign=following, status=Campaign.Status.ACTIVE, actor="测试"
        )

    assert "少于每场最少市民代表" in " ".join(refusal.value.messages)
    following.refresh_from_db()
    assert following.status != Campaign.Status.ACTIVE
    assert AuditEvent.objects.count() == events


def test_it_opens_a_campaign_whose_table_adds_up(campaign: Campaign) -> None:
    following = _next_year(campaign)

    campaign_set_status(campaign=following, status=Campaign.Status.ACTIVE, actor="测试")

    following.refresh_from_db()
    assert following.status == Campaign.Status.ACTIVE


def test_it_refuses_district_seats_that_do_not_split_evenly_in_the_admin(
    campaign: Campaign, office_user: User
) -> None:
    quota = campaign.quotas.filter(level=QuotaCategory.Level.DISTRICT).first()
    assert quota is not None
    client = verified_client(office_user)
    url = reverse("admin:campaigns_quotacategory_change", args=[quota.pk])
    data = {
        "campaign": campaign.pk,
        "level": quota.level,
        "section": quota.section,
        "code": quota.code,
        "name": quota.name,
        "note": quota.note,
        "seats": quota.seats + 3,
        "method": quota.method,
        "order": quota.order,
    }

    response = client.post(url, data)

    assert response.status_code == 200
    assert "不能被" in response.content.decode()
    quota.refresh_from_db()
    assert quota.seats + 3 == data["seats"]


def test_it_refuses_opening_an_unbalanced_campaign_in_the_admin(
    campaign: Campaign, office_user: User
) -> None:
    following = _next_year(campaign)
    _shrink_first_city_quota(following)
    client = verified_client(office_user)
    change = client.get(reverse("admin:campaigns_campaign_change", args=[following.pk]))
    form = change.context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data["status"] = Campaign.Status.ACTIVE
    # The inlines are posted back unchanged.
    for inline in change.context["inline_admin_formsets"]:
        formset, prefix = inline.formset, inline.formset.prefix
        for key, value in formset.management_form.initial.items():
            data[f"{prefix}-{key}"] = value
        for index, inline_form in enumerate(formset.forms):
            for name, value in inline_form.initial.items():
                if value is not None:
                    data[f"{prefix}-{index}-{name}"] = value

    response = client.post(
        reverse("admin:campaigns_campaign_change", args=[following.pk]), data
    )

    assert response.status_code == 200
    assert "代表名额表不平衡" in response.content.decode()
    following.refresh_from_db()
    assert following.status != Campaign.Status.ACTIVE


def test_it_warns_of_an_unbalanced_table_on_the_quota_list(
    campaign: Campaign, office_user: User
) -> None:
    following = _next_year(campaign)
    _shrink_first_city_quota(following)

    response = verified_client(office_user).get(
        reverse("admin:campaigns_quotacategory_changelist")
    )

    warnings = [str(message) for message in response.context["messages"]]
    assert any("少于每场最少市民代表" in text for text in warnings)
