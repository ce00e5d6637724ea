"""Demo content for 云述职: published disclosures, hot topics and announcements.

Every text made here says （演示数据） and is written from the department's name; the
clips are the synthetic ones of demo_media/. Nothing here is a real department's
report. Seeding again skips what is already there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign, Participant
from sanmin.reporting.media import demo_clip
from sanmin.reporting.models import (
    Announcement,
    DisclosureRevision,
    HotTopic,
)

DEMO_MARK = "（演示数据）"
DEMO_VIDEO_DIR = "disclosures/demo"

# Work areas the name alone does not say well.
AREAS = {
    "市国动办": "人民防空和国防动员",
    "市政府研究室": "政策研究和决策咨询",
    "市信访局": "信访",
    "市政府办公厅": "政务运转、督查和政务公开",
    "市大数据局": "大数据发展和数字政府建设",
    "市发展改革委": "国民经济和社会发展规划",
    "市国资委": "国有资产监督管理",
    "市供销社": "供销合作",
    "青岛仲裁办": "商事仲裁",
}

# Hot topics by a key word of the department's name; the fallback fits any.
TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("教育", ("中小学学位供给", "课后服务时间安排", "校外培训监管")),
    ("卫生健康", ("医院预约挂号", "社区卫生服务", "儿科就诊排队")),
    ("医保", ("异地就医直接结算", "门诊报销比例", "医保关系转移")),
    ("交通运输", ("公交线路调整", "出租车服务质量", "农村公路养护")),
    ("公安", ("户籍业务办理", "交通拥堵治理", "电信诈骗防范")),
    ("住房", ("老旧小区改造", "物业服务管理", "商品房交付质量")),
    ("城市管理", ("占道经营整治", "生活垃圾分类", "路灯维修")),
    ("水务", ("供水水压不足", "排水管网改造", "汛期积水")),
    ("生态环境", ("施工噪声扰民", "餐饮油烟污染", "河道水质")),
    ("市场监管", ("食品安全监管", "预付卡消费纠纷", "电梯安全")),
    ("人力资源", ("高校毕业生就业", "拖欠工资投诉", "社保待遇")),
    ("民政", ("居家养老服务", "社区养老设施", "低保救助")),
    ("园林", ("公园设施维护", "行道树修剪", "城市绿道建设")),
    ("文化和旅游", ("景区预约和票价", "公共文化场馆开放", "旅游投诉处理")),
    ("体育", ("健身场地开放", "全民健身活动", "体育场馆收费")),
    ("公积金", ("公积金提取办理", "公积金贷款额度", "异地转移接续")),
    ("行政审批", ("企业开办时限", "审批事项网上办理", "证照到期提醒")),
    ("自然资源", ("不动产登记办理", "历史遗留办证问题", "规划公示")),
    ("农业农村", ("农产品质量安全", "高标准农田建设", "乡村道路")),
    ("海洋", ("海水浴场管理", "渔船安全", "岸线整治")),
    ("应急", ("燃气安全隐患", "防汛准备", "消防通道占用")),
    ("退役军人", ("退役军人就业", "优抚待遇落实", "军休服务")),
    ("司法", ("法律援助申请", "人民调解", "公证办理时限")),
)
FALLBACK_TOPICS = ("政务服务事项办理时限", "政策咨询答复", "办事指南公开")


@dataclass(frozen=True)
class DemoSeedResult:
    published: int
    skipped: int
    hot_topics: int
    announcements: int


def department_area(name: str) -> str:
    """The work area a department's name speaks of: 市教育局 → 教育."""
    if name in AREAS:
        return AREAS[name]
    area = re.sub(r"^(青岛市|青岛|市)", "", name)
    area = re.sub(r"(管理局|管理中心|局|委|办公室|办|厅|中心|社)$", "", area)
    return area or name


def demo_texts(name: str) -> dict[str, str]:
    """Short, plausible texts for a department, each marked as demo data."""
    area = department_area(name)
    return {
        "duties": (
            f"{DEMO_MARK}{name}主要职责：\n\n"
            f"1. 贯彻落实国家、省和市关于{area}工作的方针政策和决策部署，"
            f"拟订全市{area}工作的政策措施并组织实施。\n"
            f"2. 统筹推进全市{area}领域重点任务，指导区（市）开展相关工作。\n"
            f"3. 负责{area}领域的监督管理和公共服务，回应市民诉求。\n"
            f"4. 完成市委、市政府交办的其他任务。"
        ),
        "work_points": (
            f"{DEMO_MARK}{name}年度工作要点：\n\n"
            f"一、围绕稳增长、提质效，推动{area}工作重点任务按期完成。\n"
            f"二、聚焦惠民生，办好{area}领域市办实事，解决市民急难愁盼问题。\n"
            f"三、深化改革创新，优化{area}领域政务服务流程，做到“一次办好”。\n"
            f"四、守牢安全底线，排查化解{area}领域风险隐患。"
        ),
        "report_text": (
            f"{DEMO_MARK}{name}年度述职报告\n\n"
            f"今年以来，{name}认真落实市委、市政府部署，{area}各项工作稳步推进。"
            f"一是重点任务完成情况良好，年度目标按计划推进；"
            f"二是民生实事落地见效，12345 热线反映的{area}领域诉求办理质效提升；"
            f"三是改革创新持续深化，服务流程进一步精简。\n\n"
            f"明年，{name}将坚持问题导向，针对市民反映集中的问题改进工作，"
            f"主动接受市民监督评议。\n\n"
            f"本文为平台演示用的合成文字，不代表{name}的真实工作情况。"
        ),
    }


def demo_topics(name: str) -> tuple[str, ...]:
    for keyword, topics in TOPICS:
        if keyword in name:
            return topics
    return FALLBACK_TOPICS


def _demo_videos() -> dict[str, str]:
    """Store each demo clip once and return its storage name, shared by revisions."""
    names = {}
    for kind, field_name in (
        ("report", "report_video"),
        ("interview", "interview_video"),
    ):
        storage = DisclosureRevision._meta.get_field(field_name).storage  # type: ignore[union-attr]
        name = f"{DEMO_VIDEO_DIR}/{kind}.mp4"
        if not storage.exists(name):
            clip = demo_clip(kind=kind)
            try:
                name = storage.save(name, clip)
            finally:
                clip.close()
        names[field_name] = name
    return names


def _seed_revision(
    participant: Participant, *, office_user: Any, videos: dict[str, str]
) -> None:
    now = timezone.now()
    number = (
        DisclosureRevision.objects.filter(participant=participant)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    ) + 1
    revision = DisclosureRevision(
        participant=participant,
        number=number,
        author=office_user,
        **demo_texts(participant.department.name),
    )
    revision.report_video.name = videos["report_video"]
    revision.interview_video.name = videos["interview_video"]
    revision.submit(at=now)
    revision.publish(reviewer=office_user, at=now)
    revision.save()


def _seed_topics(participant: Participant) -> int:
    topics = [
        HotTopic(
            participant=participant,
            rank=rank,
            title=title,
            detail=f"{DEMO_MARK}市民通过 12345 热线反映的{title}相关诉求。",
            calls=(len(participant.department.name) * 37 + rank * 53) % 400 + 20,
        )
        for rank, title in enumerate(demo_topics(participant.department.name), 1)
    ]
    HotTopic.objects.bulk_create(topics)
    return len(topics)


def _seed_announcements(campaign: Campaign, *, office_user: Any) -> int:
    if Announcement.objects.filter(
        campaign=campaign, title__contains=DEMO_MARK
    ).exists():
        return 0
    now = timezone.now()
    rows = [
        (
            Announcement.Kind.ACTIVITY,
            f"{campaign.year}年“三民”活动云述职报告会即将举行{DEMO_MARK}",
            "市政府部门将分组进行公开云述职和局长访谈，市民可在本平台在线观看，"
            "也可到各区（市）社区会场现场参与。本公告为平台演示数据。",
            True,
        ),
        (
            Announcement.Kind.CALL_SUGGESTIONS,
            f"面向社会公开征集意见建议{DEMO_MARK}",
            "欢迎市民围绕政府工作提出意见建议，我们将认真研究办理并公开答复。"
            "本公告为平台演示数据。",
            False,
        ),
    ]
    for kind, title, body, pinned in rows:
        Announcement.objects.create(
            campaign=campaign,
            kind=kind,
            title=title,
            body=body,
            pinned=pinned,
            author=office_user,
            published_at=now,
        )
    return len(rows)


def reporting_demo_seed(*, campaign: Campaign, office_user: Any) -> DemoSeedResult:
    """Publish demo disclosures for every participant, public and internal.

    1. Each demo clip is stored once; every revision points at the same file.
    2. A participant that already has a published revision is skipped; one without
       gets a revision with demo texts and clips, published by `office_user`.
    3. Participants without hot topics get three; the campaign gets two published
       announcements unless it already has the demo ones.
    """
    videos = _demo_videos()
    published = skipped = topics = 0
    with transaction.atomic():
        participants = campaign.participants.select_related("department").order_by(
            "internal", "group__order", "order"
        )
        for participant in participants:
            has_published = DisclosureRevision.objects.filter(
                participant=participant, status=DisclosureRevision.Status.PUBLISHED
            ).exists()
            has_open = DisclosureRevision.objects.filter(
                participant=participant, status__in=DisclosureRevision.OPEN_STATUSES
            ).exists()
            if has_published or has_open:
                skipped += 1
            else:
                _seed_revision(participant, office_user=office_user, videos=videos)
                published += 1
            if not HotTopic.objects.filter(participant=participant).exists():
                topics += _seed_topics(participant)
        announcements = _seed_announcements(campaign, office_user=office_user)
        result = DemoSeedResult(
            published=published,
            skipped=skipped,
            hot_topics=topics,
            announcements=announcements,
        )
        audit_record(
            actor=office_user,
            action="reporting.demo_seed",
            target=campaign,
            detail={
                "published": published,
                "skipped": skipped,
                "hot_topics": topics,
                "announcements": announcements,
            },
        )
    return result
