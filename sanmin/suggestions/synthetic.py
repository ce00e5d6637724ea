"""Synthetic suggestions for benchmarks and demos: realistic Chinese texts drawn from
phrase banks per topic and issue (so that near-duplicates exist, as they do in a real
campaign), mixed statuses, items led by the departments that handle each issue, some
cases merged and some published, and their term index.

`synthetic_suggestions(campaign=..., count=100_000, seed=1)` writes in chunks (constant
memory), with COPY on PostgreSQL for the largest tables. Synthetic numbers are "SJ" +
year + seven digits, apart from the real "JY" numbers; every account it makes is
marked synthetic and has no personal data.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from sanmin.suggestions.models import (
    Item,
    ItemStatus,
    Publication,
    Source,
    Status,
    Step,
    Suggestion,
    SuggestionTerm,
)
from sanmin.suggestions.services.text import terms_weigh

if TYPE_CHECKING:
    from sanmin.accounts.models import User
    from sanmin.campaigns.models import Campaign, Department

CHUNK = 5000
CITIZENS = 40
OFFICE_LABEL = "市政府办公厅"
WORKED = dt.timedelta(days=6)  # when a still open item's answer was submitted


@dataclass(frozen=True)
class Issue:
    topic: str  # TopicArea.code
    subject: str  # used in titles and item summaries
    titles: tuple[str, ...]
    clauses: tuple[str, ...]
    departments: tuple[str, ...]  # lead departments, most frequent first


# {place} is filled with a place name. Each clause ends with punctuation, as a
# sentence would.
ISSUES: tuple[Issue, ...] = (
    Issue(
        "livelihood",
        "冬季供暖",
        ("关于{place}小区供暖温度不达标的建议", "{place}暖气不热问题亟待解决"),
        (
            "入冬以来小区暖气一直不热，室温只有十四五度。",
            "老人和孩子在家只能穿着棉衣，晚上冻得睡不着觉。",
            "多次拨打热力公司服务热线，答复正在排查但始终没有改善。",
            "建议主管部门督促供热企业排查管网，及时调整供热参数。",
            "希望对供暖不达标的住户按规定退还部分供暖费。",
            "顶楼和边户温度明显偏低，建议加装测温设备公开室温数据。",
            "供热管道老化严重，每年冬天都有跑冒滴漏。",
            "建议将老旧供热管网改造纳入今年民生实事项目。",
        ),
        ("市城市管理局", "市住房城乡建设局"),
    ),
    Issue(
        "livelihood",
        "养老服务",
        ("关于在{place}增设社区养老服务站的建议", "{place}老年人助餐服务不足"),
        (
            "社区里独居老人越来越多，日常吃饭和看病都不方便。",
            "建议在社区增设老年食堂，提供价格实惠的助餐服务。",
            "现有的日间照料中心床位紧张，排队要等几个月。",
            "希望推广家庭养老床位和上门护理服务。",
            "建议对高龄失能老人给予护理补贴。",
            "养老护理员待遇偏低，人员流动大，服务质量难以保证。",
            "社区卫生服务中心可以和养老机构签约，提供医养结合服务。",
        ),
        ("市民政局", "市卫生健康委"),
    ),
    Issue(
        "livelihood",
        "入学学位",
        ("{place}新建小区配套学校学位紧张", "关于解决{place}适龄儿童入学难的建议"),
        (
            "小区入住户数增长很快，配套小学的学位明显不够。",
            "很多孩子被分流到较远的学校，每天接送非常辛苦。",
            "建议加快配套中小学和幼儿园的建设进度。",
            "希望教育部门提前公布学区划分和招生计划。",
            "课后延时服务时间太短，双职工家庭接孩子困难。",
            "建议增加公办幼儿园学位，减轻家庭的托育负担。",
        ),
        ("市教育局", "市自然资源和规划局"),
    ),
    Issue(
        "urban",
        "停车难",
        ("关于缓解{place}停车难的建议", "{place}周边停车位严重不足"),
        (
            "老旧小区没有规划停车位，车辆只能停在消防通道上。",
            "晚上下班回家经常找不到车位，只能绕好几圈。",
            "建议利用边角空地建设立体停车场。",
            "周边机关单位的停车场夜间可以向居民错时开放。",
            "路边停车收费标准不透明，希望统一公示收费规则。",
            "建议在小区周边道路施划夜间临时停车泊位。",
            "新能源汽车充电桩太少，充电排队时间很长。",
        ),
        ("市城市管理局", "市公安局"),
    ),
    Issue(
        "urban",
        "道路交通",
        ("关于优化{place}路口交通组织的建议", "{place}早高峰交通拥堵严重"),
        (
            "每天早高峰路口堵得水泄不通，通过一个路口要等三四个红绿灯。",
            "信号灯配时不合理，左转车道太短，车辆排队占用直行车道。",
            "建议交警部门优化信号灯配时，增设左转待转区。",
            "希望加密早晚高峰公交班次，开通社区微循环公交线路。",
            "地铁站出口到公交站距离太远，换乘很不方便。",
            "路面坑洼不平，雨天积水严重，建议尽快维修。",
            "学校门口接送车辆乱停乱放，存在安全隐患。",
        ),
        ("市公安局", "市交通运输局"),
    ),
    Issue(
        "urban",
        "老旧小区改造",
        ("关于将{place}纳入老旧小区改造计划的建议", "{place}楼道破旧外墙渗水"),
        (
            "小区建成三十多年，楼道墙皮脱落，外墙渗水严重。",
            "雨污管道经常堵塞，一楼住户家里返水。",
            "希望尽快将小区纳入老旧小区改造计划。",
            "建议改造时同步加装电梯，方便老年人上下楼。",
            "小区没有物业管理，垃圾堆放无人清理。",
            "建议改造方案公开征求居民意见，施工期间做好安全防护。",
        ),
        ("市住房城乡建设局", "市城市管理局"),
    ),
    Issue(
        "ecology",
        "噪声扰民",
        ("关于治理{place}夜间施工噪声的建议", "{place}烧烤店油烟噪声扰民"),
        (
            "附近工地经常夜间施工，噪声吵得居民无法休息。",
            "沿街烧烤店油烟直排，夏天窗户都不敢打开。",
            "多次向有关部门反映，处理之后没过几天又恢复原样。",
            "建议加强夜间施工审批管理，严查违规施工。",
            "希望对餐饮油烟净化设施开展专项检查。",
            "建议在居民区周边设置噪声监测点并公开监测数据。",
        ),
        ("市生态环境局", "市城市管理局"),
    ),
    Issue(
        "ecology",
        "河道治理",
        ("关于整治{place}河道黑臭水体的建议", "{place}河道垃圾漂浮异味明显"),
        (
            "河道里垃圾漂浮，夏季散发异味，影响周边居民生活。",
            "雨季有污水直排入河，河水发黑发臭。",
            "建议排查沿河排污口，实施截污纳管。",
            "希望定期清理河道，落实河长制日常巡查。",
            "河岸绿化可以提升为滨河步道，方便市民休闲健身。",
            "建议公开河道水质监测结果，接受群众监督。",
        ),
        ("市水务管理局", "市生态环境局"),
    ),
    Issue(
        "ecology",
        "垃圾分类",
        ("关于完善{place}垃圾分类设施的建议", "{place}垃圾分类投放点设置不合理"),
        (
            "小区垃圾分类投放点太少，定时定点投放时间不合理。",
            "分好类的垃圾被混装运走，居民分类积极性受挫。",
            "建议增加分类投放点并配备洗手设施。",
            "希望加强垃圾分类宣传，引导居民养成分类习惯。",
            "大件垃圾和装修垃圾没有固定的清运渠道。",
            "建议对分类收运全过程进行监督，杜绝混装混运。",
        ),
        ("市城市管理局",),
    ),
    Issue(
        "business-env",
        "审批服务",
        ("关于压缩{place}企业开办审批时限的建议", "优化政务服务减少企业跑腿"),
        (
            "企业办理变更登记需要跑好几个窗口，提交材料重复。",
            "建议推行一网通办，实现企业开办全程网上办理。",
            "部分事项线上申报后还要到现场提交纸质材料。",
            "希望进一步压缩审批时限，推行告知承诺制。",
            "政务服务中心窗口排队时间长，午休时间不能办理业务。",
            "建议建立企业诉求快速响应机制，限时办结。",
        ),
        ("市行政审批局", "市大数据局"),
    ),
    Issue(
        "business-env",
        "中小企业融资",
        ("关于缓解中小企业融资难的建议", "{place}民营企业贷款难贷款贵"),
        (
            "中小企业缺少抵押物，向银行申请贷款很难获批。",
            "建议扩大政府性融资担保规模，降低担保费率。",
            "希望设立中小企业应急转贷资金，缓解资金周转压力。",
            "部分惠企政策申报程序复杂，企业不知道如何享受。",
            "建议推行惠企政策免申即享，资金直达企业。",
            "拖欠中小企业账款问题突出，希望加大清欠力度。",
        ),
        ("市民营经济局", "市财政局"),
    ),
    Issue(
        "economy",
        "夜间经济",
        ("关于发展{place}夜间经济的建议", "打造{place}特色消费街区"),
        (
            "建议在{place}打造夜间消费街区，延长商户营业时间。",
            "可以结合啤酒节和海洋节举办夜市和文化演出活动。",
            "希望增加夜间公交线路，方便游客和市民夜间出行。",
            "特色街区业态同质化严重，缺少本地特色品牌。",
            "建议发放消费券，带动餐饮住宿和文旅消费。",
            "希望完善街区停车和公共厕所等配套设施。",
        ),
        ("市商务局", "市文化和旅游局"),
    ),
    Issue(
        "economy",
        "海洋经济",
        ("关于加快发展海洋经济的建议", "支持{place}海洋产业园区建设"),
        (
            "建议加大对海洋生物医药和海洋装备产业的扶持力度。",
            "希望完善海洋产业园区的配套设施，吸引龙头企业落户。",
            "港口物流成本偏高，建议优化集疏运体系。",
            "渔民转产转业缺少技能培训和资金支持。",
            "建议推动海洋科研成果在本地转化落地。",
            "希望支持海水养殖企业开展深远海养殖。",
        ),
        ("市海洋发展局", "市发展改革委"),
    ),
    Issue(
        "innovation",
        "科技成果转化",
        ("关于促进高校科技成果转化的建议", "支持{place}科技型中小企业创新"),
        (
            "高校和科研院所的科技成果在本地转化比例不高。",
            "建议建设概念验证中心和中试基地，打通转化的关键环节。",
            "科技型中小企业研发投入大，希望提高研发费用补助。",
            "建议完善科技人才住房和子女入学等配套政策。",
            "专精特新企业申报认定流程复杂，希望简化材料。",
            "希望设立天使投资基金，支持初创科技企业。",
        ),
        ("市科技局", "市工业和信息化局"),
    ),
    Issue(
        "reform",
        "对外开放",
        ("关于扩大对日韩经贸合作的建议", "提升{place}自贸片区开放水平"),
        (
            "建议发挥上合示范区和自贸片区的平台作用，扩大对外贸易。",
            "跨境电商企业通关时间长，希望优化监管流程。",
            "外贸企业面临订单下降和汇率波动的压力。",
            "建议组织企业参加境外展会，开拓国际市场。",
            "希望为外籍人才办理工作许可和居留提供便利。",
            "建议复制推广自贸试验区改革创新经验。",
        ),
        ("市商务局", "市发展改革委"),
    ),
    Issue(
        "governance",
        "物业管理",
        ("关于规范{place}物业服务的建议", "{place}物业公司服务质量差"),
        (
            "物业公司收费不少，但小区卫生和绿化长期没人管。",
            "业主委员会成立困难，业主的意见没有渠道表达。",
            "公共收益去向不明，希望定期公示物业费收支情况。",
            "建议街道社区加强对物业企业的监督考核。",
            "电梯经常故障，维修基金使用申请手续繁琐。",
            "希望建立物业服务质量评价和退出机制。",
        ),
        ("市住房城乡建设局", "市民政局"),
    ),
    Issue(
        "governance",
        "电动自行车安全",
        ("关于治理电动自行车楼道充电的建议", "{place}电动车充电设施不足"),
        (
            "很多居民把电动自行车推进楼道和家里充电，存在火灾隐患。",
            "小区缺少电动自行车集中充电设施，居民只能飞线充电。",
            "建议在小区内建设智能充电桩和集中停放棚。",
            "希望加强消防安全宣传，开展楼道堆物清理。",
            "电动自行车闯红灯逆行现象普遍，需要加强交通执法。",
            "建议对违规改装电动车的商户开展专项整治。",
        ),
        ("市应急局", "市公安局"),
    ),
    Issue(
        "government",
        "热线办理",
        ("关于提升12345热线办理质量的建议", "政务热线反映问题回复敷衍"),
        (
            "拨打政务服务热线反映问题，承办部门回复敷衍，问题没有解决。",
            "工单办结后没有回访，群众满意度无人关心。",
            "建议对热线工单实行限时办理和满意度考核。",
            "希望公开热线工单的办理进度，方便群众查询。",
            "部分部门之间互相推诿，问题转来转去无人负责。",
            "建议建立热线反映问题的督办和问责机制。",
        ),
        ("市政府办公厅",),
    ),
    Issue(
        "government",
        "政务公开",
        ("关于加强重大民生决策公开的建议", "政府信息公开不及时"),
        (
            "涉及群众切身利益的重大决策，事前征求意见的时间太短。",
            "政府网站上有些信息更新不及时，查找也不方便。",
            "建议召开重大民生决策听证会，邀请市民代表参加。",
            "希望对财政资金的使用情况进行更详细的公开。",
            "建议用群众看得懂的语言解读政策文件。",
            "希望建立政务公开的考核评价机制。",
        ),
        ("市政府办公厅", "市财政局"),
    ),
)

PLACES = (
    "市南区香港中路",
    "市南区湛山街道",
    "市北区辽宁路",
    "市北区台东",
    "李沧区李村",
    "李沧区九水路",
    "崂山区中韩街道",
    "崂山区沙子口",
    "黄岛区长江路",
    "黄岛区薛家岛",
    "城阳区正阳路",
    "城阳区流亭",
    "即墨区鹤山路",
    "胶州市北关",
    "平度市人民路",
    "莱西市水集",
    "浮山后社区",
    "延安三路",
    "宁夏路",
    "金水路",
)

OPENINGS = (
    "我是{place}的居民，",
    "我家住在{place}附近，",
    "作为在{place}工作多年的上班族，",
    "",
    "",
)

STATUS_MIX = (
    (Status.SUBMITTED, 24),
    (Status.ACCEPTED, 10),
    (Status.ASSIGNED, 25),
    (Status.ANSWERED, 14),
    (Status.FOLLOWED_UP, 6),
    (Status.PUBLISHED, 11),
    (Status.DECLINED, 5),
    (Status.MERGED, 5),
)
ITEM_STATES = (ItemStatus.ASSIGNED, ItemStatus.HANDLING, ItemStatus.SUBMITTED)
ANSWERED = {Status.ANSWERED, Status.FOLLOWED_UP, Status.PUBLISHED}
ASSIGNED = {Status.ASSIGNED} | ANSWERED
ACCEPTED = {Status.ACCEPTED} | ASSIGNED


def _write(model: Any, fields: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Append rows: COPY on PostgreSQL, bulk_create elsewhere."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        columns = ", ".join(model._meta.get_field(name).column for name in fields)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY {model._meta.db_table} ({columns}) FROM STDIN"
            ) as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    model.objects.bulk_create(
        [model(**dict(zip(fields, row, strict=True))) for row in rows],
        batch_size=2000,
    )


def _people() -> tuple[list[User], User]:
    from sanmin.accounts.models import Role, User

    citizens = []
    for serial in range(CITIZENS):
        user, _ = User.objects.get_or_create(
            username=f"synthetic-citizen-{serial}",
            defaults={
                "role": Role.CITIZEN,
                "display_name": f"演示市民{serial}",
                "synthetic": True,
                "password": "!",
            },
        )
        citizens.append(user)
    office, _ = User.objects.get_or_create(
        username="synthetic-office",
        defaults={
            "role": Role.OFFICE,
            "display_name": "演示办公厅",
            "synthetic": True,
            "password": "!",
        },
    )
    return citizens, office


def _departments(campaign: Campaign) -> dict[str, Department]:
    from sanmin.campaigns.models import Department

    by_name = {d.name: d for d in Department.objects.filter(district__isnull=True)}
    fallback = list(by_name.values()) or list(Department.objects.all()[:10])
    if not fallback:
        raise ValueError("没有可交办的部门")
    return {
        name: by_name.get(name) or fallback[hash(name) % len(fallback)]
        for issue in ISSUES
        for name in issue.departments
    }


def _text(rng: random.Random, issue: Issue, place: str) -> str:
    clauses = rng.sample(issue.clauses, k=rng.randint(3, min(5, len(issue.clauses))))
    opening = rng.choice(OPENINGS).format(place=place)
    return opening + "".join(clauses).format(place=place)


def synthetic_suggestions(*, campaign: Campaign, count: int, seed: int) -> None:
    """Bulk-create `count` synthetic cases of `campaign` with their steps, items and
    term index, in chunks of CHUNK (see the module docstring)."""
    from sanmin.campaigns.models import District, TopicArea

    rng = random.Random(seed)
    topics = {t.code: t for t in TopicArea.objects.filter(campaign=campaign)}
    fallback_topic = next(iter(topics.values()))
    districts = {d.name: d for d in District.objects.all()}
    departments = _departments(campaign)
    citizens, office = _people()
    year = campaign.year
    prefix = f"SJ{year}"
    last = (
        Suggestion.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    serial = int(last[len(prefix) :]) if last else 0
    start = timezone.make_aware(dt.datetime(year, 11, 15, 8))
    span = dt.timedelta(days=45).total_seconds()
    statuses = [status for status, _ in STATUS_MIX]
    shares = [share for _, share in STATUS_MIX]
    publications: dict[int, Publication] = {}
    # Per issue: the last texts written (for near-copies) and the last open cases
    # (to merge into).
    texts: dict[int, list[tuple[str, str]]] = defaultdict(list)
    targets: dict[int, list[int]] = defaultdict(list)
    done = 0
    while done < count:
        size = min(CHUNK, count - done)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                # Generated data: a crash loses only what can be generated again.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
            cases: list[Suggestion] = []
            plan: list[tuple[int, Status]] = []
            for _ in range(size):
                serial += 1
                index = rng.randrange(len(ISSUES))
                issue = ISSUES[index]
                place = rng.choice(PLACES)
                status = rng.choices(statuses, shares)[0]
                earlier = texts[index]
                if status == Status.MERGED and not earlier:
                    status = Status.SUBMITTED
                if earlier and rng.random() < 0.08:
                    # A near-copy of an earlier case: the same text, a new opening.
                    title, body = rng.choice(earlier)
                    text = rng.choice(OPENINGS).format(place=place) + body
                else:
                    title = rng.choice(issue.titles).format(place=place)
                    text = _text(rng, issue, place)
                submitted = start + dt.timedelta(seconds=rng.random() * span)
                later = submitted + dt.timedelta(days=rng.randint(1, 5))
                answered = later + dt.timedelta(days=rng.randint(3, 14))
                case = Suggestion(
                    campaign=campaign,
                    number=f"{prefix}{serial:07d}",
                    source=Source.CITIZEN,
                    topic=topics.get(issue.topic, fallback_topic),
                    title=title[:60],
                    text=text,
                    place=place,
                    district=districts.get(place[:3]),
                    submitter=citizens[serial % len(citizens)],
                    show_name=rng.random() < 0.3,
                    status=status,
                    decline_reason="不属于本次征集范围"
                    if status == Status.DECLINED
                    else "",
                    submitted_at=submitted,
                    accepted_at=later if status in ACCEPTED else None,
                    answered_at=answered if status in ANSWERED else None,
                )
                if status == Status.PUBLISHED:
                    if index not in publications:
                        publications[index] = Publication.objects.create(
                            campaign=campaign,
                            title=f"关于{issue.subject}问题的答复",
                            answer=f"有关部门已对{issue.subject}问题研究办理，现统一答复如下。",
                            published_by=office,
                            published_at=answered + dt.timedelta(days=2),
                        )
                    case.publication = publications[index]
                    case.published_at = answered + dt.timedelta(days=2)
                if status != Status.MERGED:
                    earlier.append((case.title, case.text))
                    del earlier[:-50]
                cases.append(case)
                plan.append((index, status))
            # Open cases first, so that every merged case has a target with an id.
            Suggestion.objects.bulk_create(
                [c for c in cases if c.status != Status.MERGED], batch_size=1000
            )
            for case, (index, status) in zip(cases, plan, strict=True):
                if status != Status.MERGED:
                    targets[index].append(case.pk)
                    del targets[index][:-50]
            for case, (index, status) in zip(cases, plan, strict=True):
                if status == Status.MERGED:
                    case.merged_into_id = rng.choice(targets[index])
            Suggestion.objects.bulk_create(
                [c for c in cases if c.status == Status.MERGED], batch_size=1000
            )
            steps: list[tuple[Any, ...]] = []
            items: list[tuple[Any, ...]] = []
            terms: list[tuple[Any, ...]] = []
            for case, (index, status) in zip(cases, plan, strict=True):
                issue = ISSUES[index]
                steps.append(
                    (case.pk, "submit", "提交建议", "", True, "", case.submitted_at)
                )
                if status != Status.SUBMITTED:
                    action, label = {
                        Status.DECLINED: ("decline", "不予受理"),
                        Status.MERGED: ("merge", "合并办理"),
                    }.get(status, ("accept", "已受理"))
                    decided = case.submitted_at + dt.timedelta(days=1)
                    at = case.accepted_at or decided
                    steps.append((case.pk, action, label, "", True, OFFICE_LABEL, at))
                for action, label, when, reached in (
                    ("assign", "已交办", case.accepted_at, ASSIGNED),
                    ("answer", "已答复", case.answered_at, ANSWERED),
                    ("publish", "已公开", case.published_at, {Status.PUBLISHED}),
                ):
                    if status in reached:
                        steps.append(
                            (case.pk, action, label, "", True, OFFICE_LABEL, when)
                        )
                if status in ASSIGNED:
                    assert case.accepted_at is not None
                    names = issue.departments
                    lead = departments[
                        names[0] if len(names) == 1 or rng.random() < 0.8 else names[1]
                    ]
                    approved = status in ANSWERED
                    state = ItemStatus.APPROVED if approved else rng.choice(ITEM_STATES)
                    # An item with an answer submitted or approved carries its text.
                    answer = (
                        f"经研究，{issue.subject}问题已列入年度工作计划，正在推进。"
                        if state in (ItemStatus.APPROVED, ItemStatus.SUBMITTED)
                        else ""
                    )
                    items.append(
                        (
                            case.pk,
                            1,
                            f"{issue.subject}：{case.title}"[:200],
                            lead.pk,
                            case.accepted_at + dt.timedelta(days=15),
                            state,
                            case.accepted_at,
                            answer,
                            (case.answered_at or case.accepted_at + WORKED)
                            if answer
                            else None,
                            case.answered_at if approved else None,
                            "",
                            "",
                        )
                    )
                weights = terms_weigh(title=case.title, text=case.text)
                terms.extend(
                    (case.pk, term, weight) for term, weight in weights.items()
                )
            _write(
                Step,
                [
                    "suggestion_id",
                    "action",
                    "label",
                    "note",
                    "public",
                    "actor_label",
                    "at",
                ],
                steps,
            )
            _write(
                Item,
                [
                    "suggestion_id",
                    "seq",
                    "summary",
                    "lead_id",
                    "deadline",
                    "status",
                    "assigned_at",
                    "answer",
                    "answered_at",
                    "approved_at",
                    "review_comment",
                    "reassign_reason",
                ],
                items,
            )
            _write(SuggestionTerm, ["suggestion_id", "term", "weight"], terms)
        done += size
