"""Uploads of 云述职: checked by extension, size and first bytes before anything is
stored; stream addresses checked before they are saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile


@dataclass(frozen=True)
class UploadKind:
    label: str
    extensions: tuple[str, ...]
    limit_setting: str
    magic: Callable[[bytes], bool]

    @property
    def max_mb(self) -> int:
        return int(getattr(settings, self.limit_setting))


PDF = UploadKind(
    label="PDF文件",
    extensions=(".pdf",),
    limit_setting="UPLOAD_MAX_PDF_MB",
    magic=lambda head: head.startswith(b"%PDF-"),
)
MP4 = UploadKind(
    label="MP4视频",
    extensions=(".mp4",),
    limit_setting="UPLOAD_MAX_VIDEO_MB",
    # An MP4 (ISO base media file) opens with a box whose type is `ftyp`.
    magic=lambda head: head[4:8] == b"ftyp",
)


def upload_check(*, upload: UploadedFile, kind: UploadKind) -> None:
    """Refuse a file by its extension, its size and its first bytes, in that order."""
    name = upload.name or ""
    if not name.lower().endswith(kind.extensions):
        raise ValidationError(
            f"“{name}”不是{kind.label}：请上传扩展名为 {'、'.join(kind.extensions)} 的文件"
        )
    size = upload.size or 0
    if size > kind.max_mb * 1024 * 1024:
        raise ValidationError(
            f"“{name}”过大（{size / 1024 / 1024:.1f} MB），{kind.label}不得超过 {kind.max_mb} MB"
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not kind.magic(head):
        raise ValidationError(
            f"“{name}”的内容不是有效的{kind.label}（文件头不符），请检查后重新上传"
        )


def stream_url_check(url: str) -> None:
    """An HLS stream address: http(s), a host, and a path ending in .m3u8."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError("视频流地址须以 http:// 或 https:// 开头")
    if not parts.path.lower().endswith(".m3u8"):
        raise ValidationError("视频流地址须为 HLS 地址（以 .m3u8 结尾）")
