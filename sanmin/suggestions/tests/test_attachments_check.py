"""attachments_check and attachments_store: count, size, type by extension and first
bytes; stored by hash in the private storage, never under MEDIA_ROOT."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sanmin.suggestions.models import Attachment
from sanmin.suggestions.services.attachments import (
    attachments_check,
    attachments_store,
    display_name,
)
from sanmin.suggestions.tests.citizen_helpers import (
    JPEG,
    PDF,
    PNG,
    private_files,
    submit,
    upload,
)


def _refusal(files: list[Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        attachments_check(files=files)
    return "；".join(caught.value.messages)


def test_it_accepts_jpeg_png_and_pdf() -> None:
    attachments_check(
        files=[
            upload("a.jpg", JPEG),
            upload("b.JPEG", JPEG),
            upload("c.png", PNG),
            upload("d.pdf", PDF),
        ]
    )


def test_it_refuses_more_files_than_allowed(settings: Any) -> None:
    settings.SUGGESTION_MAX_ATTACHMENTS = 2
    message = _refusal([upload(f"{n}.pdf") for n in range(3)])
    assert "最多上传 2 个附件" in message


def test_it_refuses_a_file_over_the_size_limit(settings: Any) -> None:
    settings.UPLOAD_MAX_ATTACHMENT_MB = 1
    big = PDF + b"0" * (1024 * 1024)
    message = _refusal([upload("big.pdf", big)])
    assert "“big.pdf”过大" in message
    assert "不得超过 1 MB" in message


def test_it_refuses_an_extension_it_does_not_take() -> None:
    message = _refusal([upload("page.html", b"<html><script>alert(1)</script>")])
    assert "“page.html”的类型不支持" in message


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("photo.jpg", b"<html><script>alert(1)</script></html>"),
        ("photo.png", JPEG),  # a JPEG called .png
        ("scan.pdf", PNG),  # a PNG called .pdf
        ("photo.jpeg", b"GIF89a" + b"\x00" * 20),
    ],
)
def test_it_refuses_a_file_that_is_not_what_it_claims(
    name: str, content: bytes
) -> None:
    message = _refusal([upload(name, content)])
    assert f"“{name}”的内容不是" in message
    assert "文件头与扩展名不符" in message


def test_it_refuses_an_empty_file() -> None:
    assert "空文件" in _refusal([upload("empty.pdf", b"")])


def test_it_names_every_bad_file_at_once() -> None:
    message = _refusal([upload("a.exe", b"MZ"), upload("b.png", b"nope")])
    assert "a.exe" in message
    assert "b.png" in message


def test_it_keeps_only_the_file_name_of_a_path() -> None:
    assert display_name("C:\\Users\\张三\\照片.jpg") == "照片.jpg"
    assert display_name("../../etc/passwd.pdf") == "passwd.pdf"
    long = "长" * 300 + ".pdf"
    assert len(display_name(long)) == 200
    assert display_name(long).endswith(".pdf")


def test_it_stores_by_hash_outside_the_media_root(
    campaign: Any, citizen_user: Any, settings: Any
) -> None:
    content = PNG + b"store-by-hash"
    case = submit(
        user=citizen_user,
        campaign=campaign,
        files=(upload("13800001234-张三.png", content),),
    )
    attachment = case.attachments.get()
    digest = hashlib.sha256(content).hexdigest()
    assert attachment.sha256 == digest
    assert attachment.size == len(content)
    assert attachment.name == "13800001234-张三.png"
    assert attachment.content_type == "image/png"
    assert attachment.file.name == f"suggestions/{digest[:2]}/{digest}"
    stored = Path(attachment.file.path)
    assert stored.read_bytes() == content
    assert Path(settings.MEDIA_ROOT).resolve() not in stored.resolve().parents
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 — no public URL at all


def test_it_stores_the_same_content_once(campaign: Any, citizen_user: Any) -> None:
    content = PDF + b"same-twice"
    first = submit(
        user=citizen_user, campaign=campaign, files=(upload("a.pdf", content),)
    )
    second = submit(
        user=citizen_user, campaign=campaign, files=(upload("b.pdf", content),)
    )
    names = {first.attachments.get().file.name, second.attachments.get().file.name}
    assert len(names) == 1


def test_it_removes_what_it_stored_when_a_later_file_fails(
    campaign: Any, citizen_user: Any
) -> None:
    case = submit(user=citizen_user, campaign=campaign)
    before = set(private_files())
    with pytest.raises(ValidationError):
        attachments_store(
            suggestion=case,
            files=[upload("good.pdf", PDF + b"rolled-back"), upload("bad.png", PDF)],
        )
    assert set(private_files()) == before
    assert not Attachment.objects.filter(suggestion=case).exists()
