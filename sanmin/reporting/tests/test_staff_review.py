"""The office reviews submitted disclosures: preview, publish, or return them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanmin.audit.models import AuditEvent
from sanmin.reporting.models import DisclosureRevision
from sanmin.reporting.tests.conftest import (
    audit_actions,
    complete_form,
    pdf,
    staff_client,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(department_staff, participant, media_root) -> DisclosureRevision:
    client = staff_client(department_staff)
    client.post(
        reverse("reporting:manage-disclosure", args=[participant.pk]),
        complete_form(report_pdf=pdf()),
    )
    client.post(reverse("reporting:manage-disclosure-submit", args=[participant.pk]))
    return DisclosureRevision.objects.get(participant=participant)


def _publish(user, revision):
    return staff_client(user).post(
        reverse("reporting:manage-review-publish", args=[revision.pk])
    )


def test_it_lists_submitted_revisions_in_the_queue(office_staff, submitted) -> None:
    response = staff_client(office_staff).get(reverse("reporting:manage-review-queue"))
    assert response.status_code == 200
    assert submitted.participant.department.name in response.text
    assert reverse("reporting:manage-review", args=[submitted.pk]) in response.text


def test_it_previews_texts_and_media(office_staff, submitted) -> None:
    client = staff_client(office_staff)
    response = client.get(reverse("reporting:manage-review", args=[submitted.pk]))
    assert response.status_code == 200
    assert "负责全市发展规划" in response.text
    video = reverse(
        "reporting:manage-revision-file", args=[submitted.pk, "report-video"]
    )
    assert video in response.text
    assert 'data-hls="https://live.example.cn/interview/index.m3u8"' in response.text
    pdf_url = reverse(
        "reporting:manage-revision-file", args=[submitted.pk, "report-pdf"]
    )
    pdf_response = client.get(pdf_url)
    assert pdf_response.status_code == 200
    assert pdf_response.getvalue().startswith(b"%PDF-")


def test_it_publishes_and_records_it(office_staff, submitted) -> None:
    response = _publish(office_staff, submitted)
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == DisclosureRevision.Status.PUBLISHED
    assert submitted.reviewer == office_staff
    assert submitted.published_at is not None
    [event] = audit_actions("disclosure.publish")
    assert event.actor == office_staff
    public = staff_client(office_staff).get(
        reverse("reporting:department", args=[submitted.participant_id])
    )
    assert "负责全市发展规划" in public.text


def test_it_supersedes_the_previous_publication(
    office_staff, department_staff, submitted
) -> None:
    _publish(office_staff, submitted)
    participant = submitted.participant
    client = staff_client(department_staff)
    client.post(
        reverse("reporting:manage-disclosure", args=[participant.pk]),
        complete_form(report_video=None, duties="第二版职责"),
    )
    client.post(reverse("reporting:manage-disclosure-submit", args=[participant.pk]))
    second = DisclosureRevision.objects.get(participant=participant, number=2)
    assert second.status == DisclosureRevision.Status.SUBMITTED

    _publish(office_staff, second)
    submitted.refresh_from_db()
    second.refresh_from_db()
    assert submitted.status == DisclosureRevision.Status.SUPERSEDED
    assert second.status == DisclosureRevision.Status.PUBLISHED
    assert audit_actions("disclosure.publish")[-1].detail["superseded"] == 1


def test_it_returns_with_a_comment_the_department_reads(
    office_staff, department_staff, submitted
) -> None:
    response = staff_client(office_staff).post(
        reverse("reporting:manage-review-return", args=[submitted.pk]),
        {"comment": "访谈视频时长超过3分钟，请重新剪辑"},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == DisclosureRevision.Status.RETURNED
    assert submitted.review_comment == "访谈视频时长超过3分钟，请重新剪辑"
    assert audit_actions("disclosure.return")[0].detail["comment"] == (
        "访谈视频时长超过3分钟，请重新剪辑"
    )
    page = staff_client(department_staff).get(
        reverse("reporting:manage-disclosure", args=[submitted.participant_id])
    )
    assert "访谈视频时长超过3分钟，请重新剪辑" in page.text


def test_it_requires_a_comment_to_return(office_staff, submitted) -> None:
    for comment in ("", "   "):
        response = staff_client(office_staff).post(
            reverse("reporting:manage-review-return", args=[submitted.pk]),
            {"comment": comment},
        )
        assert response.status_code == 400
        assert "请填写退回意见" in response.text
    submitted.refresh_from_db()
    assert submitted.status == DisclosureRevision.Status.SUBMITTED
    assert audit_actions("disclosure.return") == []


def test_it_refuses_to_publish_a_draft(
    office_staff, department_staff, participant, media_root
) -> None:
    staff_client(department_staff).post(
        reverse("reporting:manage-disclosure", args=[participant.pk]),
        complete_form(),
    )
    draft = DisclosureRevision.objects.get(participant=participant)
    response = staff_client(office_staff).post(
        reverse("reporting:manage-review-publish", args=[draft.pk]), follow=True
    )
    assert "当前状态为“草稿”，不能发布" in response.text
    draft.refresh_from_db()
    assert draft.status == DisclosureRevision.Status.DRAFT
    assert audit_actions("disclosure.publish") == []


def test_it_refuses_to_publish_twice_or_return_a_published_one(
    office_staff, submitted
) -> None:
    _publish(office_staff, submitted)
    client = staff_client(office_staff)
    again = client.post(
        reverse("reporting:manage-review-publish", args=[submitted.pk]), follow=True
    )
    assert "不能发布" in again.text
    back = client.post(
        reverse("reporting:manage-review-return", args=[submitted.pk]),
        {"comment": "太晚了"},
    )
    assert back.status_code == 400
    assert "不能退回" in back.text
    assert len(audit_actions("disclosure.publish")) == 1


def test_it_refuses_review_to_departments_and_records_it(
    department_staff, statistics_staff, submitted
) -> None:
    for user in (department_staff, statistics_staff):
        client = staff_client(user)
        assert client.get(reverse("reporting:manage-review-queue")).status_code == 403
        assert (
            client.get(
                reverse("reporting:manage-review", args=[submitted.pk])
            ).status_code
            == 403
        )
        assert _publish(user, submitted).status_code == 403
        assert (
            client.post(
                reverse("reporting:manage-review-return", args=[submitted.pk]),
                {"comment": "x"},
            ).status_code
            == 403
        )
    submitted.refresh_from_db()
    assert submitted.status == DisclosureRevision.Status.SUBMITTED
    assert AuditEvent.objects.filter(action="access.denied").count() == 8


def test_it_does_not_serve_a_departments_file_to_another_department(
    other_department_staff, submitted
) -> None:
    url = reverse("reporting:manage-revision-file", args=[submitted.pk, "report-video"])
    assert staff_client(other_department_staff).get(url).status_code == 403


def test_it_shows_the_office_every_participation(office_staff, campaign) -> None:
    response = staff_client(office_staff).get(reverse("reporting:manage-home"))
    assert response.status_code == 200
    for participant in campaign.participants.select_related("department"):
        assert participant.department.name in response.text
