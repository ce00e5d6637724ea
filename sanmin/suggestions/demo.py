"""Demo data of 云征集: cases in every state of the closed loop, made through the
services, so that `make run` shows the office, a department and a citizen a living
queue. Every person and text is synthetic (marked 演示)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from sanmin.accounts.models import Role, User
from sanmin.campaigns.models import Campaign, Department, TopicArea
from sanmin.suggestions.models import (
    FollowUpMethod,
    Item,
    SatisfactionLevel,
    Source,
    Suggestion,
)
from sanmin.suggestions.services.complaints import complaint_file
from sanmin.suggestions.services.loop import (
    ItemPlan,
    follow_up_record,
    item_answer_approve,
    item_answer_return,
    item_answer_submit,
    item_note,
    items_assign,
    satisfaction_rate,
    suggestion_accept,
    suggestion_decline,
    suggestion_merge,
    suggestions_publish,
)
from sanmin.suggestions.services.submit import suggestion_submit


@dataclass(frozen=True)
class DemoCase:
    topic: str
    title: str
    text: str
    place: str = ""


CASES = (
    DemoCase(
        "urban",
        "建议在老旧小区周边增设公共停车位",
        "我所在的老旧小区建于上世纪九十年代，小区内没有规划停车位，晚上车辆只能停在"
        "道路两侧，影响消防通道和行人安全。建议利用周边闲置地块建设立体停车场，并"
        "推行错时共享停车。",
        "市南区江苏路街道",
    ),
    DemoCase(
        "urban",
        "老旧小区停车难问题亟待解决",
        "小区周边停车位严重不足，车辆乱停乱放占用消防通道。建议在小区附近闲置地块"
        "增设公共停车位，推动机关单位停车场夜间向居民错时开放。",
        "市南区",
    ),
    DemoCase(
        "livelihood",
        "建议增加社区老年食堂的覆盖范围",
        "社区老年人就餐需求很大，但老年食堂数量少、距离远。建议在每个街道至少建设"
        "一处社区老年食堂，并为高龄老人提供送餐上门服务。",
        "市北区",
    ),
    DemoCase(
        "business-env",
        "简化小微企业开办手续",
        "开办小微企业仍需多次往返窗口提交材料。建议推行企业开办全程网办，"
        "营业执照、公章刻制、税务登记一次办结，压缩办理时限。",
    ),
    DemoCase(
        "ecology",
        "加强近岸海域垃圾清理",
        "夏季部分海水浴场和礁石区垃圾较多，影响市容和海洋生态。建议增加保洁频次，"
        "在沿海步道增设分类垃圾桶，并开展志愿者净滩活动。",
        "崂山区沿海步道",
    ),
    DemoCase(
        "governance",
        "建议完善社区网格员配置",
        "部分社区网格员负责户数过多，入户走访难以到位。建议按照户数合理配置网格员，"
        "并建立网格员培训和激励机制。",
    ),
    DemoCase(
        "innovation",
        "支持高校科研成果在本地转化",
        "驻青高校科研成果不少，但在本地转化的比例不高。建议设立成果转化引导基金，"
        "建设概念验证中心，为科研团队提供中试场地。",
    ),
    DemoCase(
        "economy",
        "发展夜间经济繁荣消费市场",
        "建议在台东、中山路等商圈打造夜间消费街区，延长公交运营时间，"
        "完善夜间停车和公共厕所等配套设施。",
        "市北区台东商圈",
    ),
    DemoCase(
        "reform",
        "推进政务数据共享减少重复提交材料",
        "办理不同事项时经常需要重复提交身份证明、户籍证明等材料。建议加快部门间"
        "数据共享，能通过系统核验的材料不再要求群众提交。",
    ),
    DemoCase(
        "government",
        "12345热线答复质量有待提高",
        "部分热线工单答复内容较为笼统，没有说明具体办理措施和时限。建议建立答复质量"
        "回访评价机制，对群众不满意的工单进行复核。",
    ),
    DemoCase(
        "livelihood",
        "增加中小学课后服务的内容",
        "目前课后服务以作业辅导为主，内容比较单一。建议引入体育、艺术、科技等社会"
        "资源，丰富课后服务项目，减轻家长接送压力。",
    ),
    DemoCase(
        "urban",
        "优化地铁站周边公交接驳线路",
        "部分地铁站出站后距离居住区较远，公交接驳班次少。建议优化接驳线路，"
        "增加早晚高峰班次，并完善共享单车停放点。",
        "李沧区",
    ),
)

ANSWERS = {
    "停车": (
        "经研究，我委已会同相关部门将该区域纳入明年停车设施建设计划，拟利用周边"
        "闲置地块建设公共停车场，并推动周边机关单位停车场夜间错时共享。"
    ),
    "default": (
        "感谢您对我市工作的关心和支持。我单位已认真研究您的建议，将结合年度工作"
        "安排予以落实，并在后续工作中持续跟进办理情况。"
    ),
}


def _citizen(serial: int, *, name: str, id_number: str, phone: str) -> User:
    """A demo citizen as 爱山东 sign-in would create them (matched by ID hash)."""
    user = User(
        username=f"demo-suggester-{serial}",
        role=Role.CITIZEN,
        display_name=name,
        verification_level=3,
        synthetic=True,
    )
    user.set_unusable_password()
    user.set_id_number(id_number)
    user.set_phone(phone)
    user.save()
    return user


def _submit(
    campaign: Campaign, user: User, case: DemoCase, **extra: object
) -> Suggestion:
    topic = TopicArea.objects.get(campaign=campaign, code=case.topic)
    return suggestion_submit(
        user=user,
        campaign=campaign,
        source=str(extra.pop("source", Source.CITIZEN)),
        topic=topic,
        title=case.title,
        text=case.text,
        place=case.place,
        show_name=bool(extra.pop("show_name", False)),
        **extra,  # type: ignore[arg-type]
    )


def _answer(case: Suggestion) -> str:
    return ANSWERS["停车"] if "停车" in case.title else ANSWERS["default"]


def suggestions_demo_seed(
    *,
    campaign: Campaign,
    citizens: list[tuple[str, str, str]],
) -> None:
    """Cases in each state of the loop, from the demo's citizens (name, ID, phone).

    1. Twelve synthetic suggestions (two near-duplicates about parking) and one
       policy proposal of a research institute.
    2. The office accepts, declines, merges and assigns; 市发展改革委's demo account
       handles, answers; the office returns one answer and approves the others;
       follow-ups, satisfaction, and publications (two cases answered together).
    3. Two items are moved to an overdue and a due-soon deadline (the only writes
       outside the services: a demo needs time to have passed).
    4. One discipline complaint for the supervision role.
    """
    office = User.objects.get(username="office")
    fgw_staff = User.objects.get(username="dept-fgw")
    fgw = fgw_staff.department
    assert fgw is not None
    others = list(Department.objects.exclude(pk=fgw.pk).order_by("code")[:3])
    people = [
        _citizen(serial, name=name, id_number=id_number, phone=phone)
        for serial, (name, id_number, phone) in enumerate(citizens, start=1)
    ]
    cases = [
        _submit(
            campaign,
            people[index % len(people)],
            case,
            show_name=index % 3 == 0,
        )
        for index, case in enumerate(CASES)
    ]
    proposal = _submit(
        campaign,
        people[0],
        DemoCase(
            "innovation",
            "关于建设海洋科技成果中试基地的对策建议",
            "建议依托驻青海洋科研院所，建设海洋科技成果中试基地，完善中试设备共享"
            "和知识产权运营服务，加快海洋科技成果在本地产业化。",
        ),
        source=Source.ORGANISATION,
        org_name="青岛海洋经济研究会（演示）",
        org_kind="research",
    )
    # The last four cases are left waiting for the office.
    parking, parking_twin, canteen, business, sea, grid, research, night = cases[:8]

    # 受理: one merged, one declined; a few left waiting for the office.
    suggestion_merge(suggestion=parking_twin, into=parking, actor=office)
    suggestion_decline(
        suggestion=grid,
        actor=office,
        reason="该事项属于社区日常管理，已转属地街道按职责办理（演示）",
    )
    for case in (parking, canteen, business, sea, research, night, proposal):
        suggestion_accept(suggestion=case, actor=office)

    # 交办 and 办理.
    def assign(case: Suggestion, lead: Department, *partners: Department) -> Item:
        [item] = items_assign(
            suggestion=case,
            actor=office,
            plans=[
                ItemPlan(
                    summary=f"研究办理：{case.title}"[:200],
                    lead=lead,
                    partners=partners,
                )
            ],
        )
        return item

    answered = []
    for case in (parking, canteen, business, research):
        item = assign(case, fgw, others[0])
        item_note(item=item, actor=fgw_staff, note="已会同协办单位现场调研（演示）")
        item_answer_submit(item=item, actor=fgw_staff, answer=_answer(case))
        answered.append((case, item))
    overdue = assign(sea, others[0])
    due_soon = assign(night, others[1], fgw)
    awaiting = assign(proposal, fgw)
    item_answer_submit(item=awaiting, actor=fgw_staff, answer=ANSWERS["default"])
    now = timezone.now()
    Item.objects.filter(pk=overdue.pk).update(
        assigned_at=now - dt.timedelta(days=20), deadline=now - dt.timedelta(days=2)
    )
    Item.objects.filter(pk=due_soon.pk).update(deadline=now + dt.timedelta(days=1))

    # 答复: one sent back for more detail, the others approved.
    (_, returned_item), *approved = answered
    item_answer_return(
        item=returned_item,
        actor=office,
        comment="请补充具体建设地点和完成时限（演示）",
    )
    for _, item in approved:
        item_answer_approve(item=item, actor=office)

    # 反馈, satisfaction and 公开 (the two parking cases answered together).
    (canteen_case, _), (business_case, _), (research_case, _) = approved
    follow_up_record(
        suggestion=canteen_case,
        actor=office,
        method=FollowUpMethod.PHONE,
        held_on=timezone.localdate(),
        outcome="已电话告知办理情况，市民表示认可（演示）",
        level=SatisfactionLevel.SATISFIED,
    )
    satisfaction_rate(
        suggestion=business_case,
        user=business_case.submitter,
        level=SatisfactionLevel.BASIC,
        comment="希望尽快落实（演示）",
    )
    suggestions_publish(
        suggestions=[canteen_case],
        actor=office,
        title="关于增加社区老年食堂覆盖范围的答复",
        answer=ANSWERS["default"],
    )
    suggestions_publish(
        suggestions=[business_case, research_case],
        actor=office,
        title="关于优化营商环境和科研成果转化的答复",
        answer=ANSWERS["default"],
    )

    complaint_file(
        user=people[-1],
        campaign=campaign,
        department=others[2],
        subject="某工作人员在社区会场诱导代表评议（演示）",
        text="评议当天有工作人员在社区会场提示代表如何打分，违反评议纪律（演示数据）。",
    )


def suggestions_demo_lines() -> list[str]:
    """What `sanmin demo seed` prints about 云征集, read back from the database."""
    cases = Suggestion.objects.filter(submitter__synthetic=True)
    if not cases.exists():
        return []
    waiting = cases.filter(status="submitted").count()
    published = cases.filter(status="published").count()
    return [
        f"云征集：演示建议 {cases.count()} 件，其中待受理 {waiting} 件、已公开 {published} 件。",
        "    受理交办与答复审核 office；承办答复 dept-fgw（市发展改革委）；"
        "违纪举报 supervisor；统计导出 statistics。",
        "    普通市民可在模拟登录页选择后打开“我的建议”查看办理进度。",
    ]
