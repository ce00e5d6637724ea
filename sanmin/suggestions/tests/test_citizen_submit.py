"""The submit page: a citizen, a representative and an organisation submit; bad
input gets a Chinese message on the form and stores nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.accounts.tests.fixtures import verified_client
from sanmin.audit.models import AuditEvent
from sanmin.suggestions.models import Attachment, Source, Status, Suggestion
from sanmin.suggestions.tests.citizen_helpers import (
    JPEG,
    PDF,
    PNG,
    private_files,
    topic,
    upload,
)

URL = "/suggestions/submit/"


def _data(campaign: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "topic": topic(campaign, 5).pk,
        "title": "建议在老旧小区加装电梯",
        "text": "老旧小区居民年纪大，上下楼困难，建议加快加装电梯的审批和补贴。",
        "place": "市南区某小区",
        "district": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_it_lives_at_the_named_url() -> None:
    assert reverse("suggestions:submit") == URL


def test_it_offers_the_nine_topic_areas(campaign: Any, citizen_user: Any) -> None:
    response = verified_client(citizen_user).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    for name in ("经济发展", "科技创新", "保障改善民生", "政府建设"):
        assert name in page
    assert page.count('<option value="') >= 9
    assert "以单位名义提交对策建议" in page
    assert 'enctype="multipart/form-data"' in page


def test_it_sends_anonymous_visitors_to_sign_in(campaign: Any) -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("identity:start"))


def test_it_stores_a_citizen_suggestion_and_shows_its_number(
    campaign: Any, citizen_user: Any
) -> None:
    client = verified_client(citizen_user)
    data = _data(
        campaign,
        show_name="on",
        attachments=[upload("照片.jpg", JPEG), upload("材料.pdf", PDF)],
    )
    response = client.post(URL, data)
    case = Suggestion.objects.get(submitter=citizen_user)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "suggestions:mine-detail", args=[case.number]
    )
    assert case.number.startswith(f"JY{campaign.year}")
    assert case.source == Source.CITIZEN
    assert case.status == Status.SUBMITTED
    assert case.show_name is True
    assert case.topic == topic(campaign, 5)
    assert case.place == "市南区某小区"
    assert sorted(a.name for a in case.attachments.all()) == ["材料.pdf", "照片.jpg"]
    page = client.get(response["Location"]).content.decode()
    assert f"您的建议编号是 {case.number}" in page


def test_it_submits_a_representative_as_representative(
    campaign: Any, representative_user: Any
) -> None:
    client = verified_client(representative_user)
    assert "市民代表" in client.get(URL).content.decode()
    client.post(URL, _data(campaign))
    case = Suggestion.objects.get(submitter=representative_user)
    assert case.source == Source.REPRESENTATIVE


def test_it_submits_an_organisation_proposal(campaign: Any, citizen_user: Any) -> None:
    client = verified_client(citizen_user)
    response = client.post(
        URL,
        _data(
            campaign, as_org="on", org_name="青岛市某行业协会", org_kind="association"
        ),
    )
    assert response.status_code == 302
    case = Suggestion.objects.get(submitter=citizen_user)
    assert case.source == Source.ORGANISATION
    assert (case.org_name, case.org_kind) == ("青岛市某行业协会", "association")


def test_it_ignores_organisation_fields_without_the_box(
    campaign: Any, citizen_user: Any
) -> None:
    verified_client(citizen_user).post(
        URL, _data(campaign, org_name="某单位", org_kind="social")
    )
    case = Suggestion.objects.get(submitter=citizen_user)
    assert (case.source, case.org_name, case.org_kind) == ("citizen", "", "")


def test_it_keeps_script_as_text_and_shows_it_escaped(
    campaign: Any, citizen_user: Any
) -> None:
    client = verified_client(citizen_user)
    script = "<script>alert('x')</script>"
    client.post(
        URL, _data(campaign, title=f"标题{script}", text=f"内容很长很长{script}")
    )
    case = Suggestion.objects.get(submitter=citizen_user)
    assert case.title == f"标题{script}"
    assert case.text == f"内容很长很长{script}"
    page = client.get(reverse("suggestions:mine-detail", args=[case.number]))
    html = page.content.decode()
    assert script not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


BAD_INPUT = [
    ({"title": ""}, "请填写标题"),
    ({"title": "   "}, "请填写标题"),
    ({"title": "长" * 61}, "标题不能超过 60 个字"),
    ({"text": ""}, "请填写建议内容"),
    ({"text": "太短了"}, "建议内容至少 10 个字"),
    ({"text": "长" * 3001}, "建议内容不能超过 3000 个字"),
    ({"topic": ""}, "请选择建议领域"),
    ({"topic": "999999"}, "请从列表中选择建议领域"),
    ({"topic": "经济发展"}, "请从列表中选择建议领域"),
    ({"place": "地" * 101}, "地点不能超过 100 个字"),
    ({"district": "999999"}, "请从列表中选择区（市）"),
    ({"as_org": "on"}, "以单位名义提交时请填写单位名称"),
    ({"as_org": "on", "org_name": "某协会"}, "以单位名义提交时请选择单位类型"),
    (
        {"as_org": "on", "org_name": "某协会", "org_kind": "gang"},
        "请从列表中选择单位类型",
    ),
]


@pytest.mark.parametrize(("changes", "message"), BAD_INPUT)
def test_it_refuses_bad_input_and_stores_nothing(
    campaign: Any, citizen_user: Any, changes: dict[str, str], message: str
) -> None:
    files_before = set(private_files())
    response = verified_client(citizen_user).post(
        URL, {**_data(campaign, **changes), "attachments": [upload("ok.png", PNG)]}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "请修改以下内容后重新提交" in response.content.decode()
    assert not Suggestion.objects.exists()
    assert not Attachment.objects.exists()
    assert set(private_files()) == files_before


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            [upload("photo.jpg", b"<html><script>alert(1)</script>")],
            "文件头与扩展名不符",
        ),
        ([upload("scan.pdf", PNG)], "文件头与扩展名不符"),
        ([upload("run.exe", b"MZ\x90\x00")], "类型不支持"),
        ([upload("big.pdf", PDF + b"0" * (1024 * 1024))], "不得超过 1 MB"),
        ([upload(f"{n}.pdf", PDF) for n in range(3)], "最多上传 2 个附件"),
    ],
)
def test_it_refuses_bad_attachments_and_stores_nothing(
    campaign: Any, citizen_user: Any, settings: Any, files: list[Any], message: str
) -> None:
    settings.UPLOAD_MAX_ATTACHMENT_MB = 1
    settings.SUGGESTION_MAX_ATTACHMENTS = 2
    files_before = set(private_files())
    events_before = AuditEvent.objects.filter(action="suggestion.submit").count()
    response = verified_client(citizen_user).post(
        URL, {**_data(campaign), "attachments": files}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Suggestion.objects.exists()
    assert not Attachment.objects.exists()
    assert set(private_files()) == files_before
    assert (
        AuditEvent.objects.filter(action="suggestion.submit").count() == events_before
    )


def test_it_refuses_staff(campaign: Any, office_user: Any) -> None:
    assert verified_client(office_user).post(URL, _data(campaign)).status_code == 403
    assert not Suggestion.objects.exists()
