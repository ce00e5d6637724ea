"""The demo seed publishes every participant's disclosures once."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.reporting.demo import demo_texts, department_area, reporting_demo_seed
from sanmin.reporting.models import Announcement, DisclosureRevision, HotTopic

pytestmark = pytest.mark.django_db


def test_it_publishes_every_participant_with_one_stored_clip(
    campaign, office_staff, media_root
) -> None:
    result = reporting_demo_seed(campaign=campaign, office_user=office_staff)
    participants = campaign.participants.count()
    assert result.published == participants == 39
    published = DisclosureRevision.objects.filter(
        status=DisclosureRevision.Status.PUBLISHED
    )
    assert published.count() == participants
    assert published.filter(participant__internal=True).count() == 3
    assert {revision.report_video.name for revision in published} == {
        "disclosures/demo/report.mp4"
    }
    assert len(list((media_root / "disclosures" / "demo").iterdir())) == 2
    for revision in published:
        assert revision.missing_for_submission() == []
        assert "（演示数据）" in revision.duties
    assert HotTopic.objects.count() == 3 * participants
    assert Announcement.objects.filter(published_at__isnull=False).count() == 2


def test_it_skips_what_is_already_seeded(campaign, office_staff, media_root) -> None:
    reporting_demo_seed(campaign=campaign, office_user=office_staff)
    again = reporting_demo_seed(campaign=campaign, office_user=office_staff)
    assert again.published == 0
    assert again.skipped == 39
    assert again.hot_topics == 0
    assert again.announcements == 0
    assert DisclosureRevision.objects.count() == 39


def test_it_plays_on_the_public_department_page(
    campaign, office_staff, media_root
) -> None:
    reporting_demo_seed(campaign=campaign, office_user=office_staff)
    participant = campaign.participants.filter(internal=False).first()
    page = Client().get(reverse("reporting:department", args=[participant.pk]))
    assert "（演示数据）" in page.text
    revision = participant.revisions.get()
    video = Client().get(
        reverse("reporting:revision-file", args=[revision.pk, "report-video"])
    )
    assert video.status_code == 200
    assert video.getvalue()[4:8] == b"ftyp"


def test_it_writes_texts_from_the_department_name() -> None:
    assert department_area("市教育局") == "教育"
    assert department_area("市住房公积金管理中心") == "住房公积金"
    assert department_area("市国动办") == "人民防空和国防动员"
    texts = demo_texts("市教育局")
    assert "全市教育工作" in texts["duties"]
    assert all("（演示数据）" in text for text in texts.values())
    assert "lorem" not in " ".join(texts.values()).lower()
