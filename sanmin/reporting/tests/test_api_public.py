from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.test import Client

from sanmin.reporting.models import DisclosureRevision
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
API = "/api/reporting"
INTERNAL = ("市国动办", "市政府研究室", "市信访局")
CST = dt.timezone(dt.timedelta(hours=8))


def get(client: Client, path: str, status: int = 200) -> Any:
    response = client.get(API + path)
    assert response.status_code == status, response.content
    return response.json()


def test_it_lists_campaigns(client: Client) -> None:
    campaign_2024()
    [row] = get(client, "/campaigns")
    assert row["slug"] == "qingdao-2024"
    assert row["year"] == 2024
    assert row["level"] == "市级"
    assert row["document"] == "青政办字〔2024〕47号"


@time_machine.travel(dt.datetime(2024, 12, 17, 9, 0, tzinfo=CST), tick=False)
def test_it_describes_a_campaign(client: Client) -> None:
    campaign_2024()
    data = get(client, "/campaigns/qingdao-2024")
    assert get(client, "/campaigns/current") == data
    assert data["report_minutes"] == 7 and data["interview_minutes"] == 3
    assert [p["name"] for p in data["phases"]] == ["启动筹备", "报告评议", "办理总结"]
    sessions = data["sessions"]
    assert len(sessions) == 5
    internal = sessions[0]
    assert internal["kind"] == "internal"
    assert internal["page_url"] is None and internal["group"] is None
    assert [s["live_now"] for s in sessions] == [False, True, False, False, False]
    assert sessions[1]["page_url"].startswith("http://testserver/sessions/")
    groups = data["groups"]
    assert [g["name"] for g in groups] == [
        "经济建设一组",
        "经济建设二组",
        "政务服务组",
        "管理执法组",
    ]
    assert [len(g["departments"]) for g in groups] == [8, 8, 11, 9]
    assert groups[0]["departments"][0]["name"] == "市发展改革委"
    assert groups[0]["departments"][0]["order"] == 1
    assert groups[3]["departments"][-1]["name"] == "青岛仲裁办"
    assert groups[1]["session_id"] == sessions[2]["id"]
    for name in INTERNAL:
        assert name not in json.dumps(groups, ensure_ascii=False)


def test_it_answers_not_found_for_an_unknown_campaign(client: Client) -> None:
    assert get(client, "/campaigns/nowhere", 404) == {"detail": "没有该活动"}
    assert get(client, "/campaigns/current", 404) == {"detail": "暂无活动"}


def test_it_lists_the_public_departments(client: Client) -> None:
    campaign = campaign_2024()
    revision(participant(campaign, "市科技局"))
    rows = get(client, "/campaigns/qingdao-2024/departments")
    assert len(rows) == 36
    names = [row["name"] for row in rows]
    assert not set(INTERNAL) & set(names)
    published = {row["name"] for row in rows if row["published"]}
    assert published == {"市科技局"}


def test_a_department_has_no_disclosure_before_publication(client: Client) -> None:
    campaign = campaign_2024()
    who = participant(campaign, "市科技局")
    revision(who, status=DisclosureRevision.Status.SUBMITTED, duties="待审核")
    data = get(client, f"/departments/{who.pk}")
    assert data["name"] == "市科技局"
    assert data["group"] == "经济建设一组"
    assert data["order"] == 2
    assert data["published"] is False
    assert data["disclosure"] is None
    assert "待审核" not in json.dumps(data, ensure_ascii=False)


def test_a_department_shows_its_published_disclosure(client: Client) -> None:
    campaign = campaign_2024()
    who = participant(campaign, "市科技局")
    item = revision(
        who,
        duties="<b>职责</b>",
        videos=True,
        pdf=True,
        interview_stream_url="https://video.example.cn/a/index.m3u8",
    )
    asker = citizen(name="李建国")
    question(who, "科技金融怎么支持小微企业？", asker=asker)
    hot_topic(who, "科创平台建设")
    data = get(client, f"/departments/{who.pk}")
    disclosure = data["disclosure"]
    assert disclosure["revision"] == item.number
    assert disclosure["duties"] == "<b>职责</b>"  # plain text; clients escape it
    base = f"http://testserver/files/disclosures/{item.pk}"
    assert disclosure["report_pdf_url"] == f"{base}/report-pdf/"
    assert disclosure["report_video"] == {
        "file_url": f"{base}/report-video/",
        "stream_url": None,
    }
    assert disclosure["interview_video"] == {
        "file_url": f"{base}/interview-video/",
        "stream_url": "https://video.example.cn/a/index.m3u8",
    }
    assert data["questions"][0]["text"] == "科技金融怎么支持小微企业？"
    assert set(data["questions"][0]) == {"text", "asked_at"}
    assert "李建国" not in json.dumps(data, ensure_ascii=False)
    assert data["hot_topics"][0]["title"] == "科创平台建设"


@pytest.mark.parametrize("name", INTERNAL)
def test_internal_departments_are_not_found(client: Client, name: str) -> None:
    campaign = campaign_2024()
    who = participant(campaign, name)
    revision(who)
    assert get(client, f"/departments/{who.pk}", 404) == {"detail": "没有该述职部门"}


def test_it_lists_public_announcements(client: Client) -> None:
    campaign = campaign_2024()
    announcement(campaign, "普通公告", age=dt.timedelta(hours=1))
    pinned = announcement(campaign, "置顶公告", pinned=True, age=dt.timedelta(days=2))
    draft = announcement(campaign, "草稿", published=False)
    withdrawn = announcement(campaign, "撤回", withdrawn=True)
    rows = get(client, "/campaigns/qingdao-2024/announcements")
    assert [row["title"] for row in rows] == ["置顶公告", "普通公告"]
    assert rows[0]["kind_label"] == "活动公告"
    assert get(client, f"/announcements/{pinned.pk}")["title"] == "置顶公告"
    get(client, f"/announcements/{draft.pk}", 404)
    get(client, f"/announcements/{withdrawn.pk}", 404)


def test_the_openapi_document_describes_the_schemas_in_chinese(
    client: Client,
) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    text = json.dumps(response.json(), ensure_ascii=False)
    assert "/api/reporting/departments/{participant_id}" in text
    assert "述职部门编号（本活动内）" in text
    assert "已公开的述职材料，未发布时为空" in text
    assert client.get("/api/docs").status_code == 200
