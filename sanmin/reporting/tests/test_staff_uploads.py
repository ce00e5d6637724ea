"""Uploads are refused before anything is stored: size, extension, first bytes."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from sanmin.reporting.models import DisclosureRevision
from sanmin.reporting.tests.conftest import (
    MP4_BYTES,
    audit_actions,
    complete_form,
    mp4,
    pdf,
    staff_client,
    stored_files,
)

pytestmark = pytest.mark.django_db


def _post(user, participant, data):
    return staff_client(user).post(
        reverse("reporting:manage-disclosure", args=[participant.pk]), data
    )


def _assert_nothing_changed(participant, media_root: Path) -> None:
    assert not DisclosureRevision.objects.filter(participant=participant).exists()
    assert stored_files(media_root) == []
    assert audit_actions("disclosure.save_draft") == []


def test_it_refuses_a_video_over_the_size_limit(
    department_staff, participant, media_root, settings
) -> None:
    settings.UPLOAD_MAX_VIDEO_MB = 1
    big = mp4(content=MP4_BYTES + b"\x00" * (1024 * 1024))
    response = _post(department_staff, participant, complete_form(report_video=big))
    assert response.status_code == 400
    assert "过大" in response.text
    assert "MP4视频不得超过 1 MB" in response.text
    _assert_nothing_changed(participant, media_root)


def test_it_refuses_a_pdf_over_the_size_limit(
    department_staff, participant, media_root, settings
) -> None:
    settings.UPLOAD_MAX_PDF_MB = 1
    big = pdf(content=b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
    response = _post(department_staff, participant, complete_form(report_pdf=big))
    assert response.status_code == 400
    assert "PDF文件不得超过 1 MB" in response.text
    _assert_nothing_changed(participant, media_root)


def test_it_refuses_a_video_whose_bytes_are_not_mp4(
    department_staff, participant, media_root
) -> None:
    fake = mp4(content=b"MZ\x90\x00 this is an executable" + b"\x00" * 32)
    response = _post(department_staff, participant, complete_form(report_video=fake))
    assert response.status_code == 400
    assert "不是有效的MP4视频（文件头不符）" in response.text
    _assert_nothing_changed(participant, media_root)


def test_it_refuses_a_pdf_whose_bytes_are_not_pdf(
    department_staff, participant, media_root
) -> None:
    fake = pdf(content=b"<html><script>alert(1)</script></html>")
    response = _post(department_staff, participant, complete_form(report_pdf=fake))
    assert response.status_code == 400
    assert "不是有效的PDF文件（文件头不符）" in response.text
    _assert_nothing_changed(participant, media_root)


def test_it_refuses_a_wrong_extension_even_with_the_right_bytes(
    department_staff, participant, media_root
) -> None:
    renamed = mp4(name="report.exe")
    response = _post(
        department_staff, participant, complete_form(interview_video=renamed)
    )
    assert response.status_code == 400
    assert "请上传扩展名为 .mp4 的文件" in response.text
    _assert_nothing_changed(participant, media_root)


def test_it_refuses_a_stream_that_is_not_hls(
    department_staff, participant, media_root
) -> None:
    for url, message in (
        ("ftp://live.example.cn/a.m3u8", "须以 http:// 或 https:// 开头"),
        ("javascript:alert(1)//a.m3u8", "须以 http:// 或 https:// 开头"),
        ("https://live.example.cn/a.mp4", "以 .m3u8 结尾"),
    ):
        response = _post(
            department_staff,
            participant,
            complete_form(interview_stream_url=url),
        )
        assert response.status_code == 400
        assert message in response.text
    _assert_nothing_changed(participant, media_root)


def test_it_refuses_both_a_file_and_a_stream_for_one_video(
    department_staff, participant, media_root
) -> None:
    response = _post(
        department_staff,
        participant,
        complete_form(report_stream_url="https://live.example.cn/r/index.m3u8"),
    )
    assert response.status_code == 400
    assert "视频只能二选一" in response.text
    _assert_nothing_changed(participant, media_root)


def test_it_accepts_an_http_stream_with_a_query(
    department_staff, participant, media_root
) -> None:
    url = "http://10.1.2.3:8080/live/index.m3u8?token=abc"
    response = _post(
        department_staff,
        participant,
        complete_form(report_video=None, report_stream_url=url),
    )
    assert response.status_code == 302
    revision = DisclosureRevision.objects.get(participant=participant)
    assert revision.report_stream_url == url
