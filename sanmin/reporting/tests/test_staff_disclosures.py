"""Department staff fill in, save and submit their disclosures; others may not."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from sanmin.audit.models import AuditEvent, Outcome
from sanmin.campaigns.models import Participant
from sanmin.reporting.models import DisclosureRevision
from sanmin.reporting.tests.conftest import (
    audit_actions,
    citizen_client,
    complete_form,
    pdf,
    staff_client,
)

pytestmark = pytest.mark.django_db


def _edit_url(participant: Participant) -> str:
    return reverse("reporting:manage-disclosure", args=[participant.pk])


def _submit_url(participant: Participant) -> str:
    return reverse("reporting:manage-disclosure-submit", args=[participant.pk])


def test_it_shows_the_department_its_own_disclosure_form(
    department_staff, participant
) -> None:
    response = staff_client(department_staff).get(_edit_url(participant))
    assert response.status_code == 200
    assert "工作职责" in response.text
    assert participant.department.name in response.text


def test_it_lists_only_the_departments_own_participations(
    department_staff, participant, other_participant
) -> None:
    response = staff_client(department_staff).get(reverse("reporting:manage-home"))
    assert response.status_code == 200
    assert participant.department.name in response.text
    assert other_participant.department.name not in response.text


def test_it_saves_a_draft_with_files_and_records_it(
    department_staff, participant, media_root: Path
) -> None:
    response = staff_client(department_staff).post(
        _edit_url(participant), complete_form(report_pdf=pdf())
    )
    assert response.status_code == 302
    revision = DisclosureRevision.objects.get(participant=participant)
    assert revision.status == DisclosureRevision.Status.DRAFT
    assert revision.number == 1
    assert revision.duties == "负责全市发展规划"
    assert revision.report_video.name.endswith(".mp4")
    assert revision.report_pdf.name.endswith(".pdf")
    assert revision.interview_stream_url.endswith("index.m3u8")
    assert (media_root / revision.report_video.name).read_bytes()[4:8] == b"ftyp"
    [event] = audit_actions("disclosure.save_draft")
    assert event.actor == department_staff
    assert event.object_id == str(revision.pk)


def test_it_submits_a_complete_draft(department_staff, participant, media_root) -> None:
    client = staff_client(department_staff)
    client.post(_edit_url(participant), complete_form())
    response = client.post(_submit_url(participant), follow=True)
    revision = DisclosureRevision.objects.get(participant=participant)
    assert revision.status == DisclosureRevision.Status.SUBMITTED
    assert revision.submitted_at is not None
    assert "等待市政府办公厅审核" in response.text
    assert len(audit_actions("disclosure.submit")) == 1


def test_it_refuses_to_submit_an_incomplete_draft(
    department_staff, participant, media_root
) -> None:
    client = staff_client(department_staff)
    client.post(_edit_url(participant), {"duties": "只填了职责"})
    response = client.post(_submit_url(participant), follow=True)
    revision = DisclosureRevision.objects.get(participant=participant)
    assert revision.status == DisclosureRevision.Status.DRAFT
    assert "提交审核前请补充：年度工作要点、述职报告、述职视频、访谈视频" in (
        response.text
    )
    assert audit_actions("disclosure.submit") == []


def test_it_refuses_to_submit_without_a_draft(department_staff, participant) -> None:
    response = staff_client(department_staff).post(
        _submit_url(participant), follow=True
    )
    assert "没有可提交的草稿" in response.text
    assert not DisclosureRevision.objects.exists()


def test_it_refuses_to_submit_twice(department_staff, participant, media_root) -> None:
    client = staff_client(department_staff)
    client.post(_edit_url(participant), complete_form())
    client.post(_submit_url(participant))
    response = client.post(_submit_url(participant), follow=True)
    assert "当前状态为“待审核”，不能提交审核" in response.text
    assert len(audit_actions("disclosure.submit")) == 1


def test_it_refuses_to_edit_a_submitted_revision(
    department_staff, participant, media_root
) -> None:
    client = staff_client(department_staff)
    client.post(_edit_url(participant), complete_form())
    client.post(_submit_url(participant))
    response = client.post(_edit_url(participant), complete_form(duties="偷偷改"))
    assert response.status_code == 400
    assert "不能修改" in response.text
    revision = DisclosureRevision.objects.get(participant=participant)
    assert revision.duties == "负责全市发展规划"
    assert revision.status == DisclosureRevision.Status.SUBMITTED


def test_it_refuses_another_departments_disclosure_and_records_it(
    department_staff, other_participant
) -> None:
    client = staff_client(department_staff)
    assert client.get(_edit_url(other_participant)).status_code == 403
    assert client.post(_edit_url(other_participant), {"duties": "x"}).status_code == 403
    assert client.post(_submit_url(other_participant)).status_code == 403
    assert not DisclosureRevision.objects.exists()
    denials = AuditEvent.objects.filter(
        action="access.denied", outcome=Outcome.DENIED, actor=department_staff
    )
    assert denials.count() == 3
    assert {denial.detail["reason"] for denial in denials} == {"other-department"}


def test_it_refuses_other_roles_on_the_department_form(
    office_staff, statistics_staff, citizen, participant
) -> None:
    url = _edit_url(participant)
    assert staff_client(office_staff).get(url).status_code == 403
    assert staff_client(statistics_staff).get(url).status_code == 403
    assert citizen_client(citizen).get(url).status_code == 403


def test_it_sends_anonymous_visitors_to_the_sign_in(participant) -> None:
    from django.test import Client

    response = Client().get(_edit_url(participant))
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_it_requires_a_verified_second_factor(department_staff, participant) -> None:
    client = citizen_client(department_staff)  # signed in, but no OTP in session
    response = client.get(_edit_url(participant))
    assert response.status_code == 302


def test_it_returns_a_returned_revision_to_draft_when_edited(
    department_staff, office_staff, participant, media_root
) -> None:
    client = staff_client(department_staff)
    client.post(_edit_url(participant), complete_form())
    client.post(_submit_url(participant))
    revision = DisclosureRevision.objects.get(participant=participant)
    staff_client(office_staff).post(
        reverse("reporting:manage-review-return", args=[revision.pk]),
        {"comment": "请补充民生实事的数据"},
    )
    page = client.get(_edit_url(participant))
    assert "请补充民生实事的数据" in page.text
    client.post(_edit_url(participant), complete_form(report_video=None))
    revision.refresh_from_db()
    assert revision.status == DisclosureRevision.Status.DRAFT
    assert revision.report_video  # kept: no new upload and not removed
    client.post(_submit_url(participant))
    revision.refresh_from_db()
    assert revision.status == DisclosureRevision.Status.SUBMITTED
    assert revision.review_comment == ""


def test_it_starts_a_new_revision_after_publication_and_keeps_the_public_one(
    department_staff, office_staff, participant, media_root
) -> None:
    client = staff_client(department_staff)
    client.post(_edit_url(participant), complete_form())
    client.post(_submit_url(participant))
    first = DisclosureRevision.objects.get(participant=participant)
    staff_client(office_staff).post(
        reverse("reporting:manage-review-publish", args=[first.pk])
    )

    client.post(
        _edit_url(participant),
        complete_form(report_video=None, duties="新的职责表述"),
    )
    first.refresh_from_db()
    second = DisclosureRevision.objects.get(participant=participant, number=2)
    assert first.status == DisclosureRevision.Status.PUBLISHED
    assert first.duties == "负责全市发展规划"
    assert second.status == DisclosureRevision.Status.DRAFT
    assert second.duties == "新的职责表述"
    # The published video is carried over by reference, not copied.
    assert second.report_video.name == first.report_video.name
    public = client.get(reverse("reporting:department", args=[participant.pk]))
    assert "负责全市发展规划" in public.text
    assert "新的职责表述" not in public.text


def test_it_removes_an_uploaded_video_when_asked(
    department_staff, participant, media_root
) -> None:
    client = staff_client(department_staff)
    client.post(_edit_url(participant), complete_form())
    client.post(
        _edit_url(participant),
        complete_form(report_video=None, remove_report_video="on"),
    )
    revision = DisclosureRevision.objects.get(participant=participant)
    assert not revision.report_video
    assert revision.missing_for_submission() == ["述职视频"]


def test_it_replaces_an_uploaded_video_by_a_stream(
    department_staff, participant, media_root
) -> None:
    client = staff_client(department_staff)
    client.post(_edit_url(participant), complete_form())
    client.post(
        _edit_url(participant),
        complete_form(
            report_video=None,
            report_stream_url="https://live.example.cn/report/index.m3u8",
        ),
    )
    revision = DisclosureRevision.objects.get(participant=participant)
    assert not revision.report_video
    assert revision.report_stream_url == "https://live.example.cn/report/index.m3u8"


def test_it_serves_the_department_its_unpublished_file_but_not_others(
    department_staff, other_department_staff, participant, media_root
) -> None:
    client = staff_client(department_staff)
    client.post(_edit_url(participant), complete_form())
    revision = DisclosureRevision.objects.get(participant=participant)
    url = reverse("reporting:manage-revision-file", args=[revision.pk, "report-video"])
    response = client.get(url)
    assert response.status_code == 200
    assert response.getvalue()[4:8] == b"ftyp"
    assert staff_client(other_department_staff).get(url).status_code == 403
    public = reverse("reporting:revision-file", args=[revision.pk, "report-video"])
    assert client.get(public).status_code == 404
