"""Reading what the public may see of 云述职.

Only a revision with status "published" is public; an announcement is public once
published and until withdrawn; a representative's question only when listed, and
never with its asker (the selectors do not even load the asker).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from sanmin.campaigns.models import Campaign, Participant, Session
from sanmin.campaigns.selectors import group_participants_public
from sanmin.reporting.media import VideoSource, revision_video
from sanmin.reporting.models import (
    Announcement,
    DisclosureRevision,
    HotTopic,
    RepresentativeQuestion,
)


def revision_published(*, participant: Participant) -> DisclosureRevision | None:
    """The revision the public sees for a department, or None before publication."""
    return (
        DisclosureRevision.objects.select_related("participant__department")
        .filter(participant=participant, status=DisclosureRevision.Status.PUBLISHED)
        .first()
    )


def revisions_published(
    *, participants: list[Participant]
) -> dict[int, DisclosureRevision]:
    """Published revisions by participant id (one query for a list of departments)."""
    revisions = DisclosureRevision.objects.select_related(
        "participant__department"
    ).filter(participant__in=participants, status=DisclosureRevision.Status.PUBLISHED)
    return {revision.participant_id: revision for revision in revisions}


def revision_get_published(*, revision_id: int) -> DisclosureRevision | None:
    """A published revision of a publicly reporting department (for its files)."""
    return (
        DisclosureRevision.objects.select_related("participant__department")
        .filter(
            pk=revision_id,
            status=DisclosureRevision.Status.PUBLISHED,
            participant__internal=False,
        )
        .first()
    )


def _announcements_public(now: dt.datetime | None = None) -> QuerySet[Announcement]:
    now = now or timezone.now()
    return Announcement.objects.filter(
        published_at__isnull=False, published_at__lte=now, withdrawn_at__isnull=True
    ).order_by("-pinned", "-published_at", "-pk")


def announcement_list_public(
    *, campaign: Campaign, limit: int | None = None
) -> list[Announcement]:
    """Published, not withdrawn announcements of a campaign, pinned ones first."""
    announcements = _announcements_public().filter(campaign=campaign)
    return list(announcements[:limit] if limit else announcements)


def announcement_get_public(*, announcement_id: int) -> Announcement | None:
    return (
        _announcements_public()
        .select_related("campaign")
        .filter(pk=announcement_id)
        .first()
    )


def hot_topic_list(*, participant: Participant) -> list[HotTopic]:
    return list(HotTopic.objects.filter(participant=participant).order_by("rank"))


@dataclass(frozen=True)
class PublicQuestion:
    """A listed question as the public sees it: the text, never the asker."""

    text: str
    asked_at: dt.datetime


def question_list_public(*, participant: Participant) -> list[PublicQuestion]:
    rows = (
        RepresentativeQuestion.objects.filter(
            participant=participant, status=RepresentativeQuestion.Status.LISTED
        )
        .order_by("asked_at", "pk")
        .values_list("text", "asked_at")
    )
    return [PublicQuestion(text=text, asked_at=asked_at) for text, asked_at in rows]


@dataclass(frozen=True)
class PlaylistItem:
    participant: Participant
    label: str  # 述职报告 or 局长访谈
    minutes: int
    video: VideoSource

    @property
    def title(self) -> str:
        return f"{self.participant.department.name} · {self.label}"


def session_playlist(*, session: Session) -> list[PlaylistItem]:
    """The recordings of a session in order: each department's report, then its
    interview. Items whose video is not published yet carry an empty VideoSource."""
    if session.group is None:
        return []
    campaign = session.campaign
    participants = group_participants_public(group=session.group)
    revisions = revisions_published(participants=participants)
    items = []
    for participant in participants:
        revision = revisions.get(participant.pk)
        for kind, label, minutes in (
            ("report-video", "述职报告", campaign.report_minutes),
            ("interview-video", "局长访谈", campaign.interview_minutes),
        ):
            video = (
                revision_video(revision=revision, kind=kind)
                if revision
                else VideoSource()
            )
            items.append(
                PlaylistItem(
                    participant=participant, label=label, minutes=minutes, video=video
                )
            )
    return items
