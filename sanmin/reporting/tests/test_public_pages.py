from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from sanmin.accounts.models import Role, User
from sanmin.campaigns.models import Campaign, Session
from sanmin.campaigns.services import campaign_clone
from sanmin.reporting.models import DisclosureRevision, RepresentativeQuestion
from sanmin.reporting.tests.public_factories import (
    announcement,
    campaign_2024,
    citizen,
    hot_topic,
    participant,
    question,
    revision,
)

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))
INTERNAL = ("市国动办", "市政府研究室", "市信访局")


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def department_url(campaign: Campaign, name: str) -> str:
    return reverse("reporting:department", args=[participant(campaign, name).pk])


def test_it_shows_the_current_campaign_and_its_schedule(client: Client) -> None:
    campaign = campaign_2024()
    html = page(client, "/")
    assert campaign.title in html
    assert "青政办字〔2024〕47号" in html
    assert "市级" in html
    for phase in ("启动筹备", "报告评议", "办理总结"):
        assert phase in html
    for session in campaign.sessions.all():
        assert session.title in html
    internal = campaign.sessions.get(kind=Session.Kind.INTERNAL)
    assert "内部述职" in html
    assert reverse("reporting:session", args=[internal.pk]) not in html
    public = campaign.sessions.filter(kind=Session.Kind.PUBLIC)
    for session in public:
        assert reverse("reporting:session", args=[session.pk]) in html
    for group in ("经济建设一组", "经济建设二组", "政务服务组", "管理执法组"):
        assert group in html


def test_it_prefers_the_latest_active_campaign(client: Client) -> None:
    campaign = campaign_2024()
    campaign_clone(source=campaign, year=2025, slug="qingdao-2025")
    assert "2025年市政府部门" in page(client, "/")
    Campaign.objects.filter(slug="qingdao-2024").update(status=Campaign.Status.ACTIVE)
    assert "2024年市政府部门" in page(client, "/")


def test_it_says_so_when_there_is_no_campaign(client: Client) -> None:
    assert "暂无活动信息" in page(client, "/")


@time_machine.travel(dt.datetime(2024, 12, 17, 9, 0, tzinfo=CST), tick=False)
def test_it_shows_what_is_live_now(client: Client) -> None:
    campaign = campaign_2024()
    first = campaign.sessions.get(title="第一场：经济建设一组")
    html = page(client, "/")
    live = html.split('id="live-title"')[1].split("</section>")[0]
    assert "进行中" in live
    assert "第一场：经济建设一组" in live
    assert reverse("reporting:session", args=[first.pk]) in live
    assert "第二场" not in live


@time_machine.travel(dt.datetime(2024, 12, 16, 9, 0, tzinfo=CST), tick=False)
def test_it_names_the_next_session_when_nothing_is_live(client: Client) -> None:
    campaign_2024()
    html = page(client, "/")
    live = html.split('id="live-title"')[1].split("</section>")[0]
    assert "当前没有正在进行的述职场次" in live
    assert "第一场：经济建设一组" in live


def test_it_lists_published_announcements_pinned_first(client: Client) -> None:
    campaign = campaign_2024()
    announcement(campaign, "较新的公告", age=dt.timedelta(hours=1))
    announcement(campaign, "置顶的旧公告", pinned=True, age=dt.timedelta(days=3))
    announcement(campaign, "未发布的公告", published=False)
    announcement(campaign, "已撤回的公告", withdrawn=True)
    html = page(client, "/")
    assert html.index("置顶的旧公告") < html.index("较新的公告")
    assert "未发布的公告" not in html
    assert "已撤回的公告" not in html


def test_it_shows_a_published_announcement(client: Client) -> None:
    campaign = campaign_2024()
    item = announcement(campaign, "云述职报告会通知", body="第一段\n\n<b>第二段</b>")
    html = page(client, reverse("reporting:announcement", args=[item.pk]))
    assert "云述职报告会通知" in html
    assert "<p>第一段</p>" in html
    assert "&lt;b&gt;第二段&lt;/b&gt;" in html


@pytest.mark.parametrize("state", ["draft", "withdrawn"])
def test_it_hides_unpublished_announcements(client: Client, state: str) -> None:
    campaign = campaign_2024()
    item = announcement(
        campaign, "不公开", published=False, withdrawn=state == "withdrawn"
    )
    response = client.get(reverse("reporting:announcement", args=[item.pk]))
    assert response.status_code == 404


def test_it_lists_the_four_groups_with_their_departments_in_order(
    client: Client,
) -> None:
    campaign = campaign_2024()
    html = page(client, reverse("reporting:departments"))
    groups = [g for g in re.findall(r'id="group-title-\d+">([^<]+)<', html)]
    assert groups == ["经济建设一组", "经济建设二组", "政务服务组", "管理执法组"]
    first_group = ["市发展改革委", "市科技局", "市工业和信息化局", "市交通运输局"]
    positions = [
        html.index(f'<span class="name">{name}</span>') for name in first_group
    ]
    assert positions == sorted(positions)
    assert html.count('class="name"') == 36
    for name in INTERNAL:
        assert name not in html
    assert department_url(campaign, "青岛仲裁办") in html


def test_it_says_not_yet_published_before_publication(client: Client) -> None:
    campaign = campaign_2024()
    who = participant(campaign, "市科技局")
    revision(who, status=DisclosureRevision.Status.SUBMITTED, duties="草稿中的职责")
    html = page(client, department_url(campaign, "市科技局"))
    assert "尚未发布" in html
    assert "草稿中的职责" not in html
    assert "<video" not in html


def test_it_shows_the_published_revision_and_not_the_newer_draft(
    client: Client,
) -> None:
    campaign = campaign_2024()
    who = participant(campaign, "市科技局")
    published = revision(
        who,
        duties="负责科技创新",
        work_points="建设创新平台",
        report_text="第一段\n\n第二段",
        videos=True,
        pdf=True,
    )
    revision(who, number=2, status=DisclosureRevision.Status.DRAFT, duties="新草稿")
    html = page(client, department_url(campaign, "市科技局"))
    assert "尚未发布" not in html
    assert "负责科技创新" in html
    assert "建设创新平台" in html
    assert "<p>第一段</p>" in html and "<p>第二段</p>" in html
    assert "新草稿" not in html
    for kind in ("report-video", "interview-video", "report-pdf"):
        assert reverse("reporting:revision-file", args=[published.pk, kind]) in html
    assert html.count("<video") == 2
    assert "js/player.js" in html


def test_it_plays_a_stream_url_through_the_hls_player(client: Client) -> None:
    campaign = campaign_2024()
    who = participant(campaign, "市科技局")
    revision(who, report_stream_url="https://video.example.cn/kjj/index.m3u8")
    html = page(client, department_url(campaign, "市科技局"))
    assert 'data-hls="https://video.example.cn/kjj/index.m3u8"' in html
    assert "vendor/hls.min.js" in html


def test_it_escapes_script_in_disclosure_texts(client: Client) -> None:
    campaign = campaign_2024()
    revision(
        participant(campaign, "市科技局"),
        duties="<script>alert('duties')</script>",
        report_text='<img src=x onerror="alert(1)">',
    )
    html = page(client, department_url(campaign, "市科技局"))
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;duties&#x27;)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


@pytest.mark.parametrize("name", INTERNAL)
def test_it_hides_internal_departments(client: Client, name: str) -> None:
    campaign = campaign_2024()
    revision(participant(campaign, name), duties="内部材料")
    response = client.get(department_url(campaign, name))
    assert response.status_code == 404
    assert "内部材料" not in response.content.decode()


def test_it_lists_listed_questions_without_the_asker(client: Client) -> None:
    campaign = campaign_2024()
    who = participant(campaign, "市科技局")
    asker = citizen(username="wang-xiuying-7788", name="王秀英")
    question(who, "科技企业融资难怎么解决？", asker=asker)
    question(
        who, "待审核的问题", asker=asker, status=RepresentativeQuestion.Status.PENDING
    )
    question(
        who, "未采纳的问题", asker=asker, status=RepresentativeQuestion.Status.DECLINED
    )
    hot_topic(who, "高新区停车难")
    html = page(client, department_url(campaign, "市科技局"))
    assert "科技企业融资难怎么解决？" in html
    assert "待审核的问题" not in html
    assert "未采纳的问题" not in html
    assert "王秀英" not in html
    assert "wang-xiuying-7788" not in html
    assert "高新区停车难" in html


@time_machine.travel(dt.datetime(2024, 12, 17, 9, 0, tzinfo=CST), tick=False)
def test_a_live_session_plays_its_stream(client: Client) -> None:
    campaign = campaign_2024()
    first = campaign.sessions.get(title="第一场：经济建设一组")
    first.live_url = "https://live.example.cn/sanmin/index.m3u8"
    first.save()
    html = page(client, reverse("reporting:session", args=[first.pk]))
    assert 'data-hls="https://live.example.cn/sanmin/index.m3u8"' in html
    assert "进行中" in html
    assert "述职报告 7 分钟" in html and "局长访谈 3 分钟" in html


@time_machine.travel(dt.datetime(2024, 12, 17, 20, 0, tzinfo=CST), tick=False)
def test_a_finished_session_plays_the_recordings_in_order(client: Client) -> None:
    campaign = campaign_2024()
    first = campaign.sessions.get(title="第一场：经济建设一组")
    first.live_url = "https://live.example.cn/sanmin/index.m3u8"
    first.save()
    fgw = revision(participant(campaign, "市发展改革委"), videos=True)
    kjj = revision(participant(campaign, "市科技局"), videos=True)
    html = page(client, reverse("reporting:session", args=[first.pk]))
    assert "live.example.cn" not in html
    sources = re.findall(r'data-src="([^"]+)"', html)
    assert sources == [
        reverse("reporting:revision-file", args=[fgw.pk, "report-video"]),
        reverse("reporting:revision-file", args=[fgw.pk, "interview-video"]),
        reverse("reporting:revision-file", args=[kjj.pk, "report-video"]),
        reverse("reporting:revision-file", args=[kjj.pk, "interview-video"]),
    ]
    assert '市工业和信息化局<span class="clip-kind">述职报告' in html
    assert html.count("尚未发布") == 12  # 6 departments without videos, 2 each
    assert "data-playlist" in html


@time_machine.travel(dt.datetime(2024, 12, 17, 9, 0, tzinfo=CST), tick=False)
def test_a_live_session_without_stream_plays_the_recordings(client: Client) -> None:
    campaign = campaign_2024()
    first = campaign.sessions.get(title="第一场：经济建设一组")
    revision(participant(campaign, "市发展改革委"), videos=True)
    html = page(client, reverse("reporting:session", args=[first.pk]))
    assert "data-playlist" in html
    assert "直播信号暂未接入" in html


def test_a_session_without_videos_says_so(client: Client) -> None:
    campaign = campaign_2024()
    second = campaign.sessions.get(title="第二场：经济建设二组")
    html = page(client, reverse("reporting:session", args=[second.pk]))
    assert "<video" not in html
    assert "市财政局" in html


def test_the_internal_session_is_not_public(client: Client) -> None:
    campaign = campaign_2024()
    internal = campaign.sessions.get(kind=Session.Kind.INTERNAL)
    response = client.get(reverse("reporting:session", args=[internal.pk]))
    assert response.status_code == 404


def test_a_missing_page_is_explained_in_chinese(client: Client) -> None:
    response = client.get("/departments/999999/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_the_header_offers_sign_in_then_sign_out(client: Client) -> None:
    campaign_2024()
    html = page(client, "/")
    assert f'href="{reverse("identity:start")}">登录' in html
    assert f'href="{reverse("accounts:login")}">工作人员登录' in html

    client.force_login(citizen())
    html = page(client, "/")
    assert f'action="{reverse("identity:logout")}"' in html
    assert "工作台" not in html
    assert "工作人员登录" not in html and "市民登录（爱山东）" not in html  # footer

    client.force_login(User.objects.create_user(username="office", role=Role.OFFICE))
    html = page(client, "/")
    assert f'action="{reverse("accounts:logout")}"' in html
    assert f'href="{reverse("accounts:home")}">工作台' in html
