"""Small factories for the public-site tests: the 2024 campaign from the shipped data,
and revisions, announcements and questions in a given state (made directly, since
the services that normally make them are not what these tests are about)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from sanmin.accounts.models import Role, User
from sanmin.campaigns.models import Campaign, Participant
from sanmin.campaigns.services import campaign_load_file
from sanmin.reporting.media import demo_clip
from sanmin.reporting.models import (
    Announcement,
    DisclosureRevision,
    HotTopic,
    RepresentativeQuestion,
)

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def campaign_2024() -> Campaign:
    return campaign_load_file()


def participant(campaign: Campaign, name: str) -> Participant:
    return Participant.objects.select_related("department", "group").get(
        campaign=campaign, department__name=name
    )


def revision(
    who: Participant,
    *,
    status: str = DisclosureRevision.Status.PUBLISHED,
    number: int = 1,
    videos: bool = False,
    pdf: bool = False,
    **fields: Any,
) -> DisclosureRevision:
    defaults = {
        "duties": f"{who.department.name}的工作职责",
        "work_points": f"{who.department.name}的年度工作要点",
        "report_text": f"{who.department.name}的述职报告",
    }
    item = DisclosureRevision(
        participant=who, number=number, status=status, **{**defaults, **fields}
    )
    if status in (
        DisclosureRevision.Status.PUBLISHED,
        DisclosureRevision.Status.SUPERSEDED,
    ):
        item.published_at = timezone.now()
    if videos:
        with demo_clip(kind="report") as clip:
            item.report_video.save("report.mp4", clip, save=False)
        with demo_clip(kind="interview") as clip:
            item.interview_video.save("interview.mp4", clip, save=False)
    if pdf:
        item.report_pdf.save("report.pdf", ContentFile(MINIMAL_PDF), save=False)
    item.save()
    return item


def announcement(
    campaign: Campaign,
    title: str,
    *,
    published: bool = True,
    withdrawn: bool = False,
    pinned: bool = False,
    age: dt.timedelta = dt.timedelta(hours=1),
    body: str = "公告正文",
) -> Announcement:
    now = timezone.now()
    return Announcement.objects.create(
        campaign=campaign,
        kind=Announcement.Kind.ACTIVITY,
        title=title,
        body=body,
        pinned=pinned,
        published_at=now - age if published or withdrawn else None,
        withdrawn_at=now if withdrawn else None,
    )


def citizen(username: str = "citizen-wang", name: str = "王秀英") -> User:
    return User.objects.create_user(
        username=username, role=Role.CITIZEN, display_name=name
    )


def question(
    who: Participant,
    text: str,
    *,
    asker: User,
    status: str = RepresentativeQuestion.Status.LISTED,
) -> RepresentativeQuestion:
    moderated = status != RepresentativeQuestion.Status.PENDING
    return RepresentativeQuestion.objects.create(
        participant=who,
        text=text,
        status=status,
        asker=asker,
        moderated_at=timezone.now() if moderated else None,
    )


def hot_topic(who: Participant, title: str, *, rank: int = 1) -> HotTopic:
    return HotTopic.objects.create(participant=who, rank=rank, title=title, calls=321)
