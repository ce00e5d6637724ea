"""Creating campaigns: from the shipped data of a plan, or from last year's campaign."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_datetime

from sanmin.audit.services import audit_record
from sanmin.campaigns.models import (
    Campaign,
    Department,
    District,
    Participant,
    Phase,
    QuotaCategory,
    RatingChoice,
    ReportGroup,
    Session,
    TopicArea,
    Venue,
)
from sanmin.campaigns.selectors import VENUES_MAX

DATA_DIR = Path(__file__).resolve().parent / "data"
QINGDAO_2024 = DATA_DIR / "qingdao-2024.json"


def quota_table_errors(campaign: Campaign) -> list[str]:
    """Why the campaign's quota table does not add up (empty when it does)."""
    errors = []
    quotas = list(campaign.quotas.all())
    total = sum(q.seats for q in quotas)
    if total < campaign.min_representatives:
        errors.append(
            f"代表名额合计 {total} 名，少于每场最少市民代表 {campaign.min_representatives} 名"
        )
    districts = District.objects.count()
    for quota in quotas:
        if (
            quota.level == QuotaCategory.Level.DISTRICT
            and districts
            and quota.seats % districts
        ):
            errors.append(
                f"“{quota.name}”名额 {quota.seats} 不能平均分配到 {districts} 个区（市）"
            )
    return errors


def _aware(value: str) -> dt.datetime:
    parsed = parse_datetime(value)
    if parsed is None or parsed.tzinfo is None:
        raise ValidationError(f"时间格式无效：{value}")
    return parsed


@transaction.atomic
def campaign_load(*, data: dict[str, Any], actor: Any = None) -> Campaign:
    """Create a city campaign from plan data (the shape of qingdao-2024.json).

    1. Districts and departments are standing organisations: created when missing,
       reused when present (matched by code).
    2. The campaign, its phases, groups, participants, sessions, scale, topics and
       quota table are created; a campaign with the same slug must not exist.
    3. The quota table must add up, or nothing is stored.
    """
    head = data["campaign"]
    if Campaign.objects.filter(slug=head["slug"]).exists():
        raise ValidationError(f"活动“{head['slug']}”已存在")
    for order, row in enumerate(data["districts"]):
        District.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "alias": row["alias"], "order": order},
        )
    campaign = Campaign.objects.create(
        year=head["year"],
        slug=head["slug"],
        title=head["title"],
        document=head.get("document", ""),
        report_minutes=head["report_minutes"],
        interview_minutes=head["interview_minutes"],
        min_representatives=head["min_representatives"],
        alternate_rate=Decimal(head["alternate_rate"]),
        rotation_min_new=Decimal(head["rotation_min_new"]),
        max_consecutive_years=head["max_consecutive_years"],
    )
    for row in data["phases"]:
        Phase.objects.create(
            campaign=campaign,
            kind=row["kind"],
            starts_on=row["starts_on"],
            ends_on=row["ends_on"],
            description=row.get("description", ""),
        )
    groups = {}
    for order, row in enumerate(data["groups"]):
        group = ReportGroup.objects.create(
            campaign=campaign, name=row["name"], order=order
        )
        groups[row["name"]] = group
        for position, item in enumerate(row["departments"]):
            department = _department(item)
            Participant.objects.create(
                campaign=campaign, department=department, group=group, order=position
            )
    for position, item in enumerate(data["internal_departments"]):
        Participant.objects.create(
            campaign=campaign,
            department=_department(item),
            internal=True,
            order=position,
        )
    internal = data.get("internal_session")
    if internal:
        Session.objects.create(
            campaign=campaign,
            kind=Session.Kind.INTERNAL,
            title=internal["title"],
            starts_at=_aware(internal["starts_at"]),
            ends_at=_aware(internal["ends_at"]),
        )
    for row in data["sessions"]:
        Session.objects.create(
            campaign=campaign,
            group=groups[row["group"]],
            title=row["title"],
            starts_at=_aware(row["starts_at"]),
            ends_at=_aware(row["ends_at"]),
            live_url=row.get("live_url", ""),
        )
    for order, row in enumerate(data["rating_choices"]):
        RatingChoice.objects.create(
            campaign=campaign,
            code=row["code"],
            label=row["label"],
            points=Decimal(row["points"]),
            counted=row["counted"],
            order=order,
        )
    for order, row in enumerate(data["topics"]):
        TopicArea.objects.create(
            campaign=campaign, code=row["code"], name=row["name"], order=order
        )
    for order, row in enumerate(data["quotas"]):
        QuotaCategory.objects.create(campaign=campaign, order=order, **row)
    errors = quota_table_errors(campaign)
    if errors:
        raise ValidationError(errors)
    audit_record(
        actor=actor,
        action="campaign.load",
        target=campaign,
        detail={"slug": campaign.slug},
    )
    return campaign


def _department(item: dict[str, str]) -> Department:
    department, _ = Department.objects.update_or_create(
        code=item["code"], defaults={"name": item["name"]}
    )
    return department


def campaign_load_file(*, path: Path = QINGDAO_2024, actor: Any = None) -> Campaign:
    return campaign_load(data=json.loads(path.read_text(encoding="utf-8")), actor=actor)


def _copy_rows(source: Campaign, target: Campaign, *models: type[Any]) -> None:
    """Copy a campaign's rows of simple per-campaign models to another campaign."""
    for model in models:
        for row in model.objects.filter(campaign=source):
            row.pk = None
            row.campaign = target
            row.save()


def _next_year(value: dt.date | dt.datetime, years: int) -> Any:
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February
        return value.replace(year=value.year + years, day=28)


@transaction.atomic
def campaign_clone(
    *, source: Campaign, year: int, slug: str, actor: Any = None
) -> Campaign:
    """Create next year's campaign from `source`, dates moved by the year difference.

    Groups, participants, sessions, venues, scale, topics and quota table are copied;
    disclosures, ballots and rosters are not (they belong to their year).
    """
    if Campaign.objects.filter(slug=slug).exists():
        raise ValidationError(f"活动“{slug}”已存在")
    if Campaign.objects.filter(year=year, district=source.district).exists():
        raise ValidationError(f"{source.level_label}{year}年度活动已存在")
    shift = year - source.year
    title = source.title.replace(str(source.year), str(year), 1)
    campaign = Campaign.objects.create(
        year=year,
        slug=slug,
        title=title,
        district=source.district,
        document="",
        report_minutes=source.report_minutes,
        interview_minutes=source.interview_minutes,
        min_representatives=source.min_representatives,
        alternate_rate=source.alternate_rate,
        rotation_min_new=source.rotation_min_new,
        max_consecutive_years=source.max_consecutive_years,
    )
    for phase in source.phases.all():
        Phase.objects.create(
            campaign=campaign,
            kind=phase.kind,
            description=phase.description,
            starts_on=_next_year(phase.starts_on, shift),
            ends_on=_next_year(phase.ends_on, shift),
        )
    groups = {}
    for group in source.groups.all():
        groups[group.pk] = ReportGroup.objects.create(
            campaign=campaign, name=group.name, order=group.order
        )
    for participant in source.participants.all():
        Participant.objects.create(
            campaign=campaign,
            department_id=participant.department_id,
            group=groups.get(participant.group_id or 0),
            internal=participant.internal,
            order=participant.order,
        )
    for session in source.sessions.all():
        Session.objects.create(
            campaign=campaign,
            kind=session.kind,
            group=groups.get(session.group_id or 0),
            title=session.title,
            starts_at=_next_year(session.starts_at, shift),
            ends_at=_next_year(session.ends_at, shift),
        )
    for venue in source.venues.all():
        venue.pk = None
        venue.campaign = campaign
        venue.save()
    _copy_rows(source, campaign, RatingChoice, TopicArea, QuotaCategory)
    audit_record(
        actor=actor,
        action="campaign.clone",
        target=campaign,
        detail={"source": source.slug, "year": year},
    )
    return campaign


def venue_add(
    *,
    campaign: Campaign,
    district: District,
    name: str,
    address: str,
    capacity: int,
    actor: Any = None,
) -> Venue:
    """Add a community venue; the plan calls for one or two in each district."""
    if capacity <= 0:
        raise ValidationError("容纳人数必须大于0")
    if Venue.objects.filter(campaign=campaign, district=district).count() >= VENUES_MAX:
        raise ValidationError(
            f"{district.name}已有{VENUES_MAX}处社区会场，方案要求每个区（市）设置1—{VENUES_MAX}处"
        )
    with transaction.atomic():
        venue = Venue.objects.create(
            campaign=campaign,
            district=district,
            name=name,
            address=address,
            capacity=capacity,
        )
        audit_record(
            actor=actor,
            action="venue.add",
            target=venue,
            detail={"district": district.name},
        )
    return venue


def campaign_set_status(
    *, campaign: Campaign, status: str, actor: Any = None
) -> Campaign:
    """Move a campaign between 筹备中, 进行中 and 已结束 (audited).

    A campaign whose quota table (edited in the back office for the next year) does
    not add up is refused when it is opened: the draw would have nothing sound to
    meet. A campaign without a quota table (a district's own, still being set up)
    has nothing to check.
    """
    if status not in Campaign.Status.values:
        raise ValidationError("未知的活动状态")
    if status == Campaign.Status.ACTIVE and campaign.quotas.exists():
        errors = quota_table_errors(campaign)
        if errors:
            raise ValidationError(["代表名额表不平衡，活动不能开始：", *errors])
    with transaction.atomic():
        previous = campaign.status
        campaign.status = status
        campaign.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="campaign.status",
            target=campaign,
            detail={"from": previous, "to": status},
        )
    return campaign


@transaction.atomic
def campaign_for_district(
    *, source: Campaign, district: District, slug: str, actor: Any = None
) -> Campaign:
    """Open a district's own activity after the city's (§六(一)).

    The district campaign takes the year, phases, rating scale and topic areas of the
    city campaign; its departments, groups, sessions, venues and quota table are the
    district's own, added afterwards in the back office.
    """
    if source.district_id is not None:
        raise ValidationError("只能以市级活动为参照开展区（市）活动")
    if Campaign.objects.filter(slug=slug).exists():
        raise ValidationError(f"活动“{slug}”已存在")
    if Campaign.objects.filter(year=source.year, district=district).exists():
        raise ValidationError(f"{district.name}{source.year}年度活动已存在")
    campaign = Campaign.objects.create(
        year=source.year,
        slug=slug,
        title=f"{source.year}年{district.name}政府部门向市民报告听市民意见请市民评议活动",
        district=district,
        report_minutes=source.report_minutes,
        interview_minutes=source.interview_minutes,
        min_representatives=0,
        alternate_rate=source.alternate_rate,
        rotation_min_new=source.rotation_min_new,
        max_consecutive_years=source.max_consecutive_years,
    )
    _copy_rows(source, campaign, Phase, RatingChoice, TopicArea)
    audit_record(
        actor=actor,
        action="campaign.district",
        target=campaign,
        detail={"source": source.slug, "district": district.name},
    )
    return campaign
