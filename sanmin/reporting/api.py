"""Public JSON API of 云述职 (mounted at /api/reporting/, documented at /api/docs).

Only what the public site shows: campaigns with their phases, sessions and groups,
publicly reporting departments, published disclosures and announcements. Internal
departments, unpublished revisions and the askers of questions never appear.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from sanmin.campaigns import selectors as campaigns
from sanmin.campaigns.models import Campaign, Participant, Session
from sanmin.reporting import selectors
from sanmin.reporting.media import VideoSource, revision_file_url, revision_video
from sanmin.reporting.models import Announcement, DisclosureRevision

router = Router(tags=["云述职（公开）"])


class ErrorOut(Schema):
    detail: str = Field(description="错误说明")


class CampaignOut(Schema):
    slug: str = Field(description="活动标识，如 qingdao-2024")
    year: int = Field(description="年度")
    title: str = Field(description="活动名称")
    level: str = Field(description="举办层级：市级，或区（市）名称")
    status: str = Field(
        description="状态代码：draft 筹备中 / active 进行中 / closed 已结束"
    )
    status_label: str = Field(description="状态名称")
    document: str = Field(description="依据文件文号")


class PhaseOut(Schema):
    kind: str = Field(
        description="阶段代码：preparation 启动筹备 / reporting 报告评议 / wrap_up 办理总结"
    )
    name: str = Field(description="阶段名称")
    starts_on: dt.date = Field(description="开始日期")
    ends_on: dt.date = Field(description="结束日期")
    description: str = Field(description="主要工作")


class SessionOut(Schema):
    id: int = Field(description="场次编号")
    kind: str = Field(
        description="类型：public 公开述职 / internal 内部述职（不公开直播）"
    )
    title: str = Field(description="场次名称")
    starts_at: dt.datetime = Field(description="开始时间")
    ends_at: dt.datetime = Field(description="结束时间")
    group: str | None = Field(description="述职分组名称（内部述职为空）")
    live_now: bool = Field(description="当前时间是否在本场时段内")
    page_url: str | None = Field(description="场次页面地址（内部述职为空）")
    live_url: str | None = Field(description="直播流地址（HLS），未设置或内部述职为空")


class DepartmentOut(Schema):
    id: int = Field(description="述职部门编号（本活动内）")
    code: str = Field(description="部门代码")
    name: str = Field(description="部门名称")
    group: str = Field(description="述职分组")
    order: int = Field(description="组内述职顺序，从 1 开始")
    published: bool = Field(description="述职材料是否已公开")
    page_url: str = Field(description="部门页面地址")


class GroupOut(Schema):
    id: int = Field(description="分组编号")
    name: str = Field(description="组别名称")
    order: int = Field(description="分组顺序，从 1 开始")
    session_id: int | None = Field(description="本组述职场次编号")
    departments: list[DepartmentOut] = Field(description="本组部门，按述职顺序")


class CampaignDetailOut(CampaignOut):
    report_minutes: int = Field(description="每个部门述职报告时长（分钟）")
    interview_minutes: int = Field(description="每个部门局长访谈时长（分钟）")
    phases: list[PhaseOut] = Field(description="实施步骤")
    sessions: list[SessionOut] = Field(description="述职场次，按时间顺序")
    groups: list[GroupOut] = Field(description="公开述职分组（附件2）")


class VideoOut(Schema):
    file_url: str | None = Field(description="上传的视频文件地址（MP4，支持分段请求）")
    stream_url: str | None = Field(description="视频流地址（HLS）")


class DisclosureOut(Schema):
    revision: int = Field(description="版本号")
    published_at: dt.datetime | None = Field(description="公开时间")
    duties: str = Field(description="工作职责（纯文本）")
    work_points: str = Field(description="年度工作要点（纯文本）")
    report_text: str = Field(description="述职报告（纯文本）")
    report_pdf_url: str | None = Field(description="述职报告 PDF 地址")
    report_video: VideoOut | None = Field(description="述职报告视频")
    interview_video: VideoOut | None = Field(description="局长访谈视频")


class HotTopicOut(Schema):
    rank: int = Field(description="排序")
    title: str = Field(description="热点问题")
    detail: str = Field(description="说明")
    calls: int | None = Field(description="热线诉求量")
    source: str = Field(description="来源")


class QuestionOut(Schema):
    text: str = Field(description="市民代表提问内容（不含提问人信息）")
    asked_at: dt.datetime = Field(description="提问时间")


class DepartmentDetailOut(DepartmentOut):
    campaign: str = Field(description="所属活动标识")
    disclosure: DisclosureOut | None = Field(
        description="已公开的述职材料，未发布时为空"
    )
    hot_topics: list[HotTopicOut] = Field(description="12345热线热点问题")
    questions: list[QuestionOut] = Field(description="已采纳的市民代表提问")


class AnnouncementOut(Schema):
    id: int = Field(description="公告编号")
    campaign: str = Field(description="所属活动标识")
    kind: str = Field(
        description="类别代码：activity 活动公告 / call_representatives 市民代表招募 / "
        "call_suggestions 意见建议征集 / results 结果公告"
    )
    kind_label: str = Field(description="类别名称")
    title: str = Field(description="标题")
    body: str = Field(description="正文（纯文本）")
    pinned: bool = Field(description="是否置顶")
    published_at: dt.datetime | None = Field(description="发布时间")
    page_url: str = Field(description="公告页面地址")


# Converters: model rows → schema payloads.


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _campaign(campaign: Campaign) -> CampaignOut:
    return CampaignOut(
        slug=campaign.slug,
        year=campaign.year,
        title=campaign.title,
        level=campaign.level_label,
        status=campaign.status,
        status_label=campaign.get_status_display(),
        document=campaign.document,
    )


def _session(request: HttpRequest, session: Session, now: dt.datetime) -> SessionOut:
    public = session.kind == Session.Kind.PUBLIC
    return SessionOut(
        id=session.pk,
        kind=session.kind,
        title=session.title,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        group=session.group.name if session.group else None,
        live_now=campaigns.session_is_live(session=session, now=now),
        page_url=_absolute(request, reverse("reporting:session", args=[session.pk]))
        if public
        else None,
        live_url=(session.live_url or None) if public else None,
    )


def _department(
    request: HttpRequest, participant: Participant, *, order: int, published: bool
) -> DepartmentOut:
    return DepartmentOut(
        id=participant.pk,
        code=participant.department.code,
        name=participant.department.name,
        group=participant.group.name if participant.group else "",
        order=order,
        published=published,
        page_url=_absolute(
            request, reverse("reporting:department", args=[participant.pk])
        ),
    )


def _departments(
    request: HttpRequest, participants: list[Participant]
) -> list[DepartmentOut]:
    published = selectors.revisions_published(participants=participants)
    positions: dict[int, int] = {}
    rows = []
    for participant in participants:
        group_id = participant.group_id or 0
        positions[group_id] = positions.get(group_id, 0) + 1
        rows.append(
            _department(
                request,
                participant,
                order=positions[group_id],
                published=participant.pk in published,
            )
        )
    return rows


def _campaign_detail(request: HttpRequest, campaign: Campaign) -> CampaignDetailOut:
    now = timezone.now()
    listings = campaigns.campaign_groups_public(campaign=campaign)
    groups = [
        GroupOut(
            id=listing.group.pk,
            name=listing.group.name,
            order=position,
            session_id=listing.session.pk if listing.session else None,
            departments=_departments(request, listing.participants),
        )
        for position, listing in enumerate(listings, start=1)
    ]
    return CampaignDetailOut(
        **_campaign(campaign).model_dump(),
        report_minutes=campaign.report_minutes,
        interview_minutes=campaign.interview_minutes,
        phases=[
            PhaseOut(
                kind=phase.kind,
                name=phase.get_kind_display(),
                starts_on=phase.starts_on,
                ends_on=phase.ends_on,
                description=phase.description,
            )
            for phase in campaigns.campaign_phases(campaign=campaign)
        ],
        sessions=[
            _session(request, session, now)
            for session in campaigns.campaign_sessions(campaign=campaign)
        ],
        groups=groups,
    )


def _video(request: HttpRequest, video: VideoSource) -> VideoOut | None:
    if not video:
        return None
    return VideoOut(
        file_url=_absolute(request, video.file_url) if video.file_url else None,
        stream_url=video.stream_url or None,
    )


def _disclosure(request: HttpRequest, revision: DisclosureRevision) -> DisclosureOut:
    pdf = revision.report_pdf and revision_file_url(
        revision=revision, kind="report-pdf"
    )
    return DisclosureOut(
        revision=revision.number,
        published_at=revision.published_at,
        duties=revision.duties,
        work_points=revision.work_points,
        report_text=revision.report_text,
        report_pdf_url=_absolute(request, pdf) if pdf else None,
        report_video=_video(
            request, revision_video(revision=revision, kind="report-video")
        ),
        interview_video=_video(
            request, revision_video(revision=revision, kind="interview-video")
        ),
    )


def _announcement(request: HttpRequest, announcement: Announcement) -> AnnouncementOut:
    return AnnouncementOut(
        id=announcement.pk,
        campaign=announcement.campaign.slug,
        kind=announcement.kind,
        kind_label=announcement.get_kind_display(),
        title=announcement.title,
        body=announcement.body,
        pinned=announcement.pinned,
        published_at=announcement.published_at,
        page_url=_absolute(
            request, reverse("reporting:announcement", args=[announcement.pk])
        ),
    )


def _campaign_or_404(slug: str) -> Campaign:
    campaign = campaigns.campaign_get(slug=slug)
    if campaign is None:
        raise HttpError(404, "没有该活动")
    return campaign


# Endpoints.


@router.get("/campaigns", response=list[CampaignOut], summary="活动列表")
def campaign_list(request: HttpRequest) -> list[CampaignOut]:
    return [_campaign(campaign) for campaign in campaigns.campaign_list()]


@router.get(
    "/campaigns/current",
    response={200: CampaignDetailOut, 404: ErrorOut},
    summary="当前活动（进行中的最新活动，否则最新活动）",
)
def campaign_current(request: HttpRequest) -> CampaignDetailOut:
    campaign = campaigns.campaign_current()
    if campaign is None:
        raise HttpError(404, "暂无活动")
    return _campaign_detail(request, campaign)


@router.get(
    "/campaigns/{slug}",
    response={200: CampaignDetailOut, 404: ErrorOut},
    summary="活动详情：实施步骤、场次、分组",
)
def campaign_detail(request: HttpRequest, slug: str) -> CampaignDetailOut:
    return _campaign_detail(request, _campaign_or_404(slug))


@router.get(
    "/campaigns/{slug}/departments",
    response={200: list[DepartmentOut], 404: ErrorOut},
    summary="活动的公开述职部门",
)
def campaign_departments(request: HttpRequest, slug: str) -> list[DepartmentOut]:
    campaign = _campaign_or_404(slug)
    return _departments(
        request, campaigns.campaign_participants_public(campaign=campaign)
    )


@router.get(
    "/campaigns/{slug}/announcements",
    response={200: list[AnnouncementOut], 404: ErrorOut},
    summary="活动的通知公告（置顶在前）",
)
def campaign_announcements(request: HttpRequest, slug: str) -> list[AnnouncementOut]:
    campaign = _campaign_or_404(slug)
    return [
        _announcement(request, announcement)
        for announcement in selectors.announcement_list_public(campaign=campaign)
    ]


@router.get(
    "/departments/{participant_id}",
    response={200: DepartmentDetailOut, 404: ErrorOut},
    summary="述职部门详情：已公开的述职材料、热点问题、市民代表提问",
)
def department_detail(request: HttpRequest, participant_id: int) -> DepartmentDetailOut:
    participant = campaigns.participant_get_public(participant_id=participant_id)
    if participant is None or participant.group is None:
        raise HttpError(404, "没有该述职部门")
    revision = selectors.revision_published(participant=participant)
    siblings = campaigns.group_participants_public(group=participant.group)
    order = [sibling.pk for sibling in siblings].index(participant.pk) + 1
    return DepartmentDetailOut(
        **_department(
            request, participant, order=order, published=revision is not None
        ).model_dump(),
        campaign=participant.campaign.slug,
        disclosure=_disclosure(request, revision) if revision else None,
        hot_topics=[
            HotTopicOut(
                rank=topic.rank,
                title=topic.title,
                detail=topic.detail,
                calls=topic.calls,
                source=topic.source,
            )
            for topic in selectors.hot_topic_list(participant=participant)
        ],
        questions=[
            QuestionOut(text=question.text, asked_at=question.asked_at)
            for question in selectors.question_list_public(participant=participant)
        ],
    )


@router.get(
    "/announcements/{announcement_id}",
    response={200: AnnouncementOut, 404: ErrorOut},
    summary="公告详情",
)
def announcement_detail(request: HttpRequest, announcement_id: int) -> AnnouncementOut:
    announcement = selectors.announcement_get_public(announcement_id=announcement_id)
    if announcement is None:
        raise HttpError(404, "没有该公告")
    return _announcement(request, announcement)
