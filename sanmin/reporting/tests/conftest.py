"""Fixtures of the 云述职 staff tests: a small cast on the 2024 campaign, signed-in
clients with a verified second factor, and files that are (or only pretend to be) a
PDF or an MP4.

The campaign itself is the shared `campaign` fixture (the shipped 2024 plan data).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from sanmin.accounts.models import Role, User
from sanmin.audit.models import AuditEvent
from sanmin.campaigns.models import Campaign, Participant
from sanmin.core import crypto
from sanmin.core.personal import make_id_number
from sanmin.representatives.models import Representative

MP4_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def staff_client(user: User) -> Client:
    """A client signed in as `user`, its second factor verified for this session."""
    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, defaults={"name": "测试", "confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def citizen_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def mp4(name: str = "report.mp4", content: bytes = MP4_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="video/mp4")


def pdf(name: str = "report.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def complete_form(**overrides: Any) -> dict[str, Any]:
    """A disclosure form with every part submission needs; None leaves a key out."""
    data: dict[str, Any] = {
        "duties": "负责全市发展规划",
        "work_points": "一、稳增长",
        "report_text": "今年的工作情况……",
        "report_video": mp4(),
        "interview_stream_url": "https://live.example.cn/interview/index.m3u8",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def audit_actions(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def _staff(username: str, role: str, **scope: Any) -> User:
    return User.objects.create_user(
        username=username, password="不用于登录-0123456789", role=role, **scope
    )


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    yield root


@pytest.fixture
def participant(campaign: Campaign) -> Participant:
    """The first publicly reporting department (市发展改革委)."""
    return (
        campaign.participants.filter(internal=False)
        .select_related("department")
        .order_by("group__order", "order")[0]
    )


@pytest.fixture
def other_participant(campaign: Campaign) -> Participant:
    return (
        campaign.participants.filter(internal=False)
        .select_related("department")
        .order_by("group__order", "order")[1]
    )


@pytest.fixture
def department_staff(participant: Participant) -> User:
    return _staff("dept-a", Role.DEPARTMENT, department=participant.department)


@pytest.fixture
def other_department_staff(other_participant: Participant) -> User:
    return _staff("dept-b", Role.DEPARTMENT, department=other_participant.department)


@pytest.fixture
def office_staff(db: None) -> User:
    return _staff("office-a", Role.OFFICE)


@pytest.fixture
def statistics_staff(db: None) -> User:
    return _staff("stats-a", Role.STATISTICS)


def _citizen(username: str, serial: int) -> User:
    user = User.objects.create_user(
        username=username, role=Role.CITIZEN, display_name=f"测试市民{serial}"
    )
    user.set_id_number(make_id_number("370202", dt.date(1975, 5, 5), serial))
    user.save()
    return user


@pytest.fixture
def representative(campaign: Campaign) -> User:
    user = _citizen("rep-zhang", 101)
    Representative.objects.create(
        campaign=campaign,
        id_hash=user.id_hash,
        name_cipher=crypto.cipher().encrypt("测试代表"),
        synthetic=True,
    )
    return user


@pytest.fixture
def citizen(db: None) -> User:
    return _citizen("citizen-li", 102)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    """An .xlsx whose first sheet holds `rows`; a str starting with = is a formula."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
