"""Bad input to `suggestion_submit` is refused in Chinese and stores nothing: no
case, no step, no audit event, no SMS, no attachment, no tracking number used."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sanmin.campaigns.models import Campaign, TopicArea
from sanmin.suggestions.models import Attachment, Source
from sanmin.suggestions.models.cases import TrackingCounter
from sanmin.suggestions.tests.suggestion_helpers import make_suggestion, refused

PDF = b"%PDF-1.4\n%test\n"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "   "}, "请填写建议标题"),
        ({"title": "题" * 61}, "不能超过 60"),
        ({"text": " 太短了 "}, "不能少于 10"),
        ({"text": "字" * 3001}, "不能超过 3000"),
        ({"text": "  " + "字" * 9 + "  "}, "不能少于 10"),
        ({"place": "地" * 101}, "不能超过 100"),
        ({"topic": None}, "建议领域"),
        ({"source": "anonymous"}, "建议来源"),
        ({"source": Source.ORGANISATION, "org_kind": "social"}, "单位名称"),
        ({"source": Source.ORGANISATION, "org_name": "某协会"}, "单位类型"),
        (
            {"source": Source.ORGANISATION, "org_name": "某协会", "org_kind": "x"},
            "单位类型",
        ),
        ({"source": Source.REPRESENTATIVE}, "市民代表名单"),
    ],
)
def test_it_refuses_bad_input(campaign, citizen_user, overrides, message):
    with refused(match=message):
        make_suggestion(campaign, citizen_user, **overrides)
    assert not TrackingCounter.objects.exists()


def test_it_refuses_a_topic_of_another_campaign(campaign, citizen_user):
    other = Campaign.objects.create(year=2025, title="2025年活动", slug="other-2025")
    topic = TopicArea.objects.create(campaign=other, code="economy", name="经济发展")

    with refused(match="本次活动的建议领域"):
        make_suggestion(campaign, citizen_user, topic=topic)


def test_it_refuses_staff(campaign, office_user):
    with refused(match="爱山东登录"):
        make_suggestion(campaign, office_user)


def test_it_refuses_a_closed_campaign(campaign, citizen_user):
    campaign.status = Campaign.Status.CLOSED
    campaign.save(update_fields=["status"])

    with refused(match="征集已结束"):
        make_suggestion(campaign, citizen_user)


def test_it_checks_attachments_before_storing_anything(campaign, citizen_user):
    good = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")
    fake = SimpleUploadedFile("photo.jpg", b"<html>not a photo</html>")

    with refused(match="photo.jpg"):
        make_suggestion(campaign, citizen_user, files=[good, fake])
    assert not Attachment.objects.exists()


def test_it_stores_checked_attachments(campaign, citizen_user):
    good = SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf")

    case = make_suggestion(campaign, citizen_user, files=[good])

    assert [a.name for a in case.attachments.all()] == ["scan.pdf"]
