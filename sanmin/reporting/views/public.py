"""The public site of 云述职: home, groups, department pages, sessions, files.

Everything here is readable by anyone; what is not public (unpublished revisions,
internal departments and the internal session, withdrawn announcements) is a 404.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_safe

from sanmin.campaigns import selectors as campaigns
from sanmin.reporting import selectors
from sanmin.reporting.media import (
    PUBLIC_CACHE,
    demo_media_response,
    revision_file_response,
    revision_file_url,
    revision_video,
)
from sanmin.representatives.selectors.intake import pool_frozen


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    campaign = campaigns.campaign_current()
    context: dict[str, object] = {"campaign": campaign}
    if campaign is not None:
        now = timezone.now()
        context.update(
            now=now,
            today=timezone.localdate(now),
            phases=campaigns.campaign_phases(campaign=campaign),
            sessions=campaigns.campaign_sessions(campaign=campaign),
            live=campaigns.sessions_live(campaign=campaign, now=now),
            next_session=campaigns.session_next(campaign=campaign, now=now),
            announcements=selectors.announcement_list_public(campaign=campaign),
            groups=campaigns.campaign_groups_public(campaign=campaign),
            signup_open=not pool_frozen(campaign=campaign),
        )
    return render(request, "reporting/public/home.html", context)


@require_safe
def departments(request: HttpRequest) -> HttpResponse:
    campaign = campaigns.campaign_current()
    groups = campaigns.campaign_groups_public(campaign=campaign) if campaign else []
    participants = [p for listing in groups for p in listing.participants]
    published = selectors.revisions_published(participants=participants)
    return render(
        request,
        "reporting/public/departments.html",
        {"campaign": campaign, "groups": groups, "published": set(published)},
    )


@require_safe
def department(request: HttpRequest, participant_id: int) -> HttpResponse:
    participant = campaigns.participant_get_public(participant_id=participant_id)
    if participant is None:
        raise Http404("没有该述职部门")
    revision = selectors.revision_published(participant=participant)
    group = participant.group
    context: dict[str, object] = {
        "participant": participant,
        "campaign": participant.campaign,
        "revision": revision,
        "session": campaigns.session_for_group(group=group) if group else None,
        "hot_topics": selectors.hot_topic_list(participant=participant),
        "questions": selectors.question_list_public(participant=participant),
    }
    if revision is not None:
        context.update(
            report_video=revision_video(revision=revision, kind="report-video"),
            interview_video=revision_video(revision=revision, kind="interview-video"),
            pdf_url=revision_file_url(revision=revision, kind="report-pdf")
            if revision.report_pdf
            else "",
        )
    return render(request, "reporting/public/department.html", context)


@require_safe
def session(request: HttpRequest, session_id: int) -> HttpResponse:
    found = campaigns.session_get_public(session_id=session_id)
    if found is None:
        raise Http404("没有该场次")
    now = timezone.now()
    is_live = campaigns.session_is_live(session=found, now=now)
    playlist = selectors.session_playlist(session=found)
    return render(
        request,
        "reporting/public/session.html",
        {
            "session": found,
            "campaign": found.campaign,
            "now": now,
            "is_live": is_live,
            "is_over": found.ends_at <= now,
            "play_live": is_live and bool(found.live_url),
            "playlist": playlist,
            "playable": [item for item in playlist if item.video],
            "participants": list(dict.fromkeys(item.participant for item in playlist)),
        },
    )


@require_safe
def announcement(request: HttpRequest, announcement_id: int) -> HttpResponse:
    found = selectors.announcement_get_public(announcement_id=announcement_id)
    if found is None:
        raise Http404("没有该公告")
    return render(
        request,
        "reporting/public/announcement.html",
        {"announcement": found, "campaign": found.campaign},
    )


@require_safe
def revision_file(
    request: HttpRequest, revision_id: int, kind: str
) -> HttpResponseBase:
    revision = selectors.revision_get_published(revision_id=revision_id)
    if revision is None:
        raise Http404("文件未公开")
    return revision_file_response(
        request, revision=revision, kind=kind, cache_control=PUBLIC_CACHE
    )


@require_safe
def demo_media(request: HttpRequest, name: str) -> HttpResponseBase:
    return demo_media_response(request, name=name)


urlpatterns = [
    path("", home, name="home"),
    path("departments/", departments, name="departments"),
    path("departments/<int:participant_id>/", department, name="department"),
    path("sessions/<int:session_id>/", session, name="session"),
    path("announcements/<int:announcement_id>/", announcement, name="announcement"),
    path(
        "files/disclosures/<int:revision_id>/<slug:kind>/",
        revision_file,
        name="revision-file",
    ),
    path("demo-media/<path:name>", demo_media, name="demo-media"),
]
