from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from sanmin.audit.models import AuditEvent
from sanmin.campaigns.models import Campaign, Participant, QuotaCategory, Session
from sanmin.campaigns.services import (
    QINGDAO_2024,
    campaign_clone,
    campaign_load,
    campaign_load_file,
)

pytestmark = pytest.mark.django_db


def test_it_loads_the_2024_plan() -> None:
    campaign = campaign_load_file()
    public = Participant.objects.filter(campaign=campaign, internal=False)
    internal = Participant.objects.filter(campaign=campaign, internal=True)
    assert public.count() == 36
    assert sorted(p.department.name for p in internal) == [
        "市信访局",
        "市国动办",
        "市政府研究室",
    ]
    assert [g.name for g in campaign.groups.all()] == [
        "经济建设一组",
        "经济建设二组",
        "政务服务组",
        "管理执法组",
    ]
    assert [g.participants.count() for g in campaign.groups.all()] == [8, 8, 11, 9]
    sessions = Session.objects.filter(campaign=campaign)
    assert sessions.filter(kind="public").count() == 4
    internal_session = sessions.get(kind="internal")
    first_public = sessions.filter(kind="public").first()
    assert first_public is not None
    assert (first_public.starts_at.date() - internal_session.starts_at.date()).days == 7
    assert [c.label for c in campaign.rating_choices.all()] == [
        "满意",
        "比较满意",
        "基本满意",
        "不满意",
        "不了解",
    ]
    assert campaign.topics.count() == 9
    quotas = QuotaCategory.objects.filter(campaign=campaign)
    assert sum(q.seats for q in quotas.filter(level="city")) == 170
    assert sum(q.seats for q in quotas.filter(level="district")) == 2830
    assert AuditEvent.objects.filter(action="campaign.load").count() == 1


def test_it_refuses_a_quota_table_that_does_not_add_up() -> None:
    data = json.loads(QINGDAO_2024.read_text(encoding="utf-8"))
    data["quotas"][-1]["seats"] = 95  # no longer divisible by ten districts
    with pytest.raises(ValidationError) as error:
        campaign_load(data=data)
    assert "不能平均分配" in str(error.value)
    assert not Campaign.objects.exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_loading_the_same_campaign_twice() -> None:
    campaign_load_file()
    with pytest.raises(ValidationError):
        campaign_load_file()
    assert Campaign.objects.count() == 1


def test_it_creates_next_years_campaign_from_this_one() -> None:
    source = campaign_load_file()
    nxt = campaign_clone(source=source, year=2025, slug="qingdao-2025")
    assert nxt.title.startswith("2025年")
    assert nxt.participants.count() == 39
    assert nxt.quotas.count() == source.quotas.count()
    first = nxt.sessions.order_by("starts_at").first()
    assert first is not None and first.starts_at.year == 2025
    assert [g.name for g in nxt.groups.all()] == [g.name for g in source.groups.all()]
    with pytest.raises(ValidationError):
        campaign_clone(source=source, year=2025, slug="qingdao-2025b")


def test_the_command_reports_errors_in_chinese() -> None:
    call_command("campaign", "load")
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="已存在"):
        call_command("campaign", "load")


def test_the_database_allows_one_city_campaign_a_year() -> None:
    from django.db import IntegrityError, transaction

    campaign_load_file()
    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.create(year=2024, slug="again", title="重复")


def test_the_database_allows_one_city_department_of_a_name() -> None:
    from django.db import IntegrityError, transaction

    from sanmin.campaigns.models import Department

    campaign_load_file()
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(code="dup", name="市统计局")


def test_a_district_runs_its_own_activity_after_the_citys() -> None:
    from sanmin.campaigns.models import Department, District, Participant
    from sanmin.campaigns.services import campaign_for_district

    city = campaign_load_file()
    shinan = District.objects.get(name="市南区")
    own = campaign_for_district(source=city, district=shinan, slug="shinan-2024")
    assert own.level_label == "市南区"
    assert own.rating_choices.count() == 5
    assert own.topics.count() == 9
    assert own.participants.count() == 0
    # The district adds its own departments, named like the city's without clashing.
    department = Department.objects.create(
        code="370202-001", name="市统计局", district=shinan
    )
    Participant.objects.create(campaign=own, department=department, internal=True)
    with pytest.raises(ValidationError, match="已存在"):
        campaign_for_district(source=city, district=shinan, slug="shinan-2024b")
    with pytest.raises(ValidationError, match="市级活动"):
        campaign_for_district(source=own, district=shinan, slug="x")


def test_the_district_command_names_an_unknown_district() -> None:
    from django.core.management import CommandError

    call_command("campaign", "load")
    with pytest.raises(CommandError, match="找不到区"):
        call_command(
            "campaign",
            "district",
            "qingdao-2024",
            "--district",
            "无此区",
            "--slug",
            "x",
        )
    call_command(
        "campaign",
        "district",
        "qingdao-2024",
        "--district",
        "崂山区",
        "--slug",
        "ls-2024",
    )
    assert Campaign.objects.filter(slug="ls-2024", district__name="崂山区").exists()
