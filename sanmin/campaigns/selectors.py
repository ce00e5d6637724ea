"""Reading campaigns: the current one, its schedule, what the public may see, and
which districts lack community venues or have too many.

Internal departments (市国动办, 市政府研究室, 市信访局) and the internal session take
part in a campaign but are never listed or shown to the public; the `*_public`
selectors leave them out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from sanmin.campaigns.models import (
    Campaign,
    District,
    Participant,
    Phase,
    ReportGroup,
    Session,
)


def campaign_current() -> Campaign | None:
    """The campaign the site is about: the latest active one, else the latest one."""
    campaigns = Campaign.objects.select_related("district").order_by(
        "-year", "-created_at"
    )
    active = campaigns.filter(status=Campaign.Status.ACTIVE).first()
    return active or campaigns.first()


def campaign_list() -> QuerySet[Campaign]:
    return Campaign.objects.select_related("district").order_by("-year", "slug")


def campaign_get(*, slug: str) -> Campaign | None:
    return campaign_list().filter(slug=slug).first()


def campaign_phases(*, campaign: Campaign) -> list[Phase]:
    return list(campaign.phases.order_by("starts_on"))


def campaign_sessions(*, campaign: Campaign) -> list[Session]:
    """Every session in time order, the internal one included (it is labelled)."""
    return list(campaign.sessions.select_related("group").order_by("starts_at"))


def session_is_live(*, session: Session, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return session.starts_at <= now < session.ends_at


def sessions_live(
    *, campaign: Campaign, now: dt.datetime | None = None
) -> list[Session]:
    """Sessions whose time window contains `now`."""
    now = now or timezone.now()
    return list(
        campaign.sessions.select_related("group")
        .filter(starts_at__lte=now, ends_at__gt=now)
        .order_by("starts_at")
    )


def session_next(
    *, campaign: Campaign, now: dt.datetime | None = None
) -> Session | None:
    now = now or timezone.now()
    return (
        campaign.sessions.select_related("group")
        .filter(starts_at__gt=now)
        .order_by("starts_at")
        .first()
    )


def session_get_public(*, session_id: int) -> Session | None:
    """A public session with its campaign and group; None for the internal one."""
    return (
        Session.objects.select_related("campaign", "campaign__district", "group")
        .filter(pk=session_id, kind=Session.Kind.PUBLIC)
        .first()
    )


def session_for_group(*, group: ReportGroup) -> Session | None:
    return Session.objects.filter(group=group).first()


def _public_participants() -> QuerySet[Participant]:
    return (
        Participant.objects.filter(internal=False, group__isnull=False)
        .select_related("department", "group")
        .order_by("group__order", "order")
    )


@dataclass(frozen=True)
class GroupListing:
    group: ReportGroup
    participants: list[Participant]
    session: Session | None


def campaign_groups_public(*, campaign: Campaign) -> list[GroupListing]:
    """The report groups (Annex 2) in order, each with its departments in order."""
    groups = campaign.groups.order_by("order").prefetch_related(
        Prefetch("participants", queryset=_public_participants(), to_attr="listed")
    )
    sessions = {
        session.group_id: session
        for session in campaign.sessions.filter(kind=Session.Kind.PUBLIC)
    }
    return [
        GroupListing(
            group=group,
            participants=list(group.listed),  # type: ignore[attr-defined]
            session=sessions.get(group.pk),
        )
        for group in groups
    ]


def campaign_participants_public(*, campaign: Campaign) -> list[Participant]:
    """The publicly reporting departments of a campaign, group by group."""
    return list(_public_participants().filter(campaign=campaign))


def group_participants_public(*, group: ReportGroup) -> list[Participant]:
    return list(_public_participants().filter(group=group))


def participant_get_public(*, participant_id: int) -> Participant | None:
    """A publicly reporting department; None for an internal one."""
    return (
        _public_participants()
        .select_related("campaign", "campaign__district")
        .filter(pk=participant_id)
        .first()
    )


# Community venues: the plan (§三) asks for one or two in each district.
VENUES_MIN = 1
VENUES_MAX = 2


@dataclass(frozen=True)
class VenueGap:
    district: District
    venues: int

    def __str__(self) -> str:
        if self.venues == 0:
            return f"{self.district.name}尚未设置社区会场"
        return f"{self.district.name}设置了 {self.venues} 处社区会场，超过方案要求的 {VENUES_MAX} 处"


def venue_coverage(*, campaign: Campaign) -> list[VenueGap]:
    """Districts whose venue count for `campaign` is outside 1–2 (the plan's §三)."""
    districts = District.objects.annotate(
        venues=Count("venue", filter=Q(venue__campaign=campaign))
    ).order_by("order", "code")
    if campaign.district_id:
        districts = districts.filter(pk=campaign.district_id)
    return [
        VenueGap(district=district, venues=district.venues)  # type: ignore[attr-defined]
        for district in districts
        if not VENUES_MIN <= district.venues <= VENUES_MAX  # type: ignore[attr-defined]
    ]
