"""Attachments of a suggestion: checked before anything is stored, then stored under
a name made from their SHA-256 in the private attachment storage.

A file must be a JPEG, PNG or PDF by its extension *and* by its first bytes: a
renamed file (an HTML page called photo.jpg, a PNG called scan.pdf) is refused. The
stored name never carries the uploader's file name, which may hold a name or a phone
number; the original name is kept in the row for the people allowed to see it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from sanmin.suggestions.models import Attachment, Suggestion

NAME_MAX = 200
HEAD_BYTES = 16


@dataclass(frozen=True)
class AttachmentKind:
    label: str
    extensions: tuple[str, ...]
    content_type: str
    magic: Callable[[bytes], bool]


KINDS = (
    AttachmentKind(
        label="JPEG图片",
        extensions=(".jpg", ".jpeg"),
        content_type="image/jpeg",
        magic=lambda head: head.startswith(b"\xff\xd8\xff"),
    ),
    AttachmentKind(
        label="PNG图片",
        extensions=(".png",),
        content_type="image/png",
        magic=lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
    ),
    AttachmentKind(
        label="PDF文件",
        extensions=(".pdf",),
        content_type="application/pdf",
        magic=lambda head: head.startswith(b"%PDF-"),
    ),
)
ALLOWED = "JPG、PNG 图片或 PDF 文件"


def max_bytes() -> int:
    return int(settings.UPLOAD_MAX_ATTACHMENT_MB) * 1024 * 1024


def display_name(raw: str) -> str:
    """The uploader's file name without any folder, cut to fit the row."""
    name = PureWindowsPath(PurePosixPath(raw or "").name).name.strip() or "附件"
    if len(name) <= NAME_MAX:
        return name
    suffix = PurePosixPath(name).suffix[:10]
    return name[: NAME_MAX - len(suffix)] + suffix


def _kind_by_extension(name: str) -> AttachmentKind | None:
    suffix = PurePosixPath(name.lower()).suffix
    return next((kind for kind in KINDS if suffix in kind.extensions), None)


def _head(upload: Any) -> bytes:
    upload.seek(0)
    head: bytes = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


def attachment_kind(upload: Any) -> AttachmentKind:
    """The kind of one upload, or ValidationError naming the file and the problem.

    1. The extension must be one of the allowed kinds.
    2. The size must be above zero and within UPLOAD_MAX_ATTACHMENT_MB.
    3. The first bytes must be those of the kind the extension claims.
    """
    name = display_name(getattr(upload, "name", "") or "")
    kind = _kind_by_extension(name)
    if kind is None:
        raise ValidationError(f"“{name}”的类型不支持：附件只能是{ALLOWED}")
    size = int(getattr(upload, "size", 0) or 0)
    if size <= 0:
        raise ValidationError(f"“{name}”是空文件，请重新选择")
    limit = int(settings.UPLOAD_MAX_ATTACHMENT_MB)
    if size > max_bytes():
        raise ValidationError(
            f"“{name}”过大（{size / 1024 / 1024:.1f} MB），每个附件不得超过 {limit} MB"
        )
    if not kind.magic(_head(upload)):
        raise ValidationError(
            f"“{name}”的内容不是{kind.label}（文件头与扩展名不符），请检查后重新上传"
        )
    return kind


def attachments_check(*, files: Sequence[Any]) -> None:
    """Refuse files by count, size, extension and first bytes (ValidationError).

    Every problem is reported at once (one message per file), and nothing is stored.
    """
    limit = int(settings.SUGGESTION_MAX_ATTACHMENTS)
    if len(files) > limit:
        raise ValidationError(f"最多上传 {limit} 个附件，您选择了 {len(files)} 个")
    problems: list[str] = []
    for upload in files:
        try:
            attachment_kind(upload)
        except ValidationError as error:
            problems.extend(error.messages)
    if problems:
        raise ValidationError(problems)


def _digest(upload: Any) -> str:
    sha = hashlib.sha256()
    upload.seek(0)
    chunks = upload.chunks() if hasattr(upload, "chunks") else iter([upload.read()])
    for chunk in chunks:
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


def _store_one(*, suggestion: Suggestion, upload: Any, stored: list[str]) -> Attachment:
    kind = attachment_kind(upload)
    attachment = Attachment(
        suggestion=suggestion,
        name=display_name(getattr(upload, "name", "") or ""),
        content_type=kind.content_type,
        size=int(upload.size),
        sha256=_digest(upload),
    )
    field = Attachment._meta.get_field("file")
    storage = attachment.file.storage
    # The name is the content's hash: the same file sent twice is stored once.
    name = field.generate_filename(attachment, attachment.name)  # type: ignore[attr-defined]
    if not storage.exists(name):
        name = storage.save(name, upload, max_length=field.max_length)  # type: ignore[attr-defined]
        stored.append(name)
    attachment.file.name = name
    attachment.save()
    return attachment


def attachments_store(
    *,
    suggestion: Suggestion,
    files: Sequence[IO[bytes] | Any],
    written: list[str] | None = None,
) -> list[Attachment]:
    """Store checked files for the suggestion, one Attachment row each.

    Call inside the submitting transaction, after `attachments_check`. Each file is
    checked again (a caller may forget); if any file or row fails, the rows are
    rolled back and the files this call wrote are removed before the error
    propagates, so a refused submission leaves nothing behind. The names of the
    files it wrote are added to `written`, for the caller to discard should its
    own transaction fail afterwards (`files_discard`).
    """
    stored: list[str] = [] if written is None else written
    storage = Attachment._meta.get_field("file").storage  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            return [
                _store_one(suggestion=suggestion, upload=upload, stored=stored)
                for upload in files
            ]
    except BaseException:
        for name in stored:
            storage.delete(name)
        raise


def files_discard(names: Sequence[str]) -> None:
    """Remove stored files whose rows were rolled back (no row refers to them)."""
    storage = Attachment._meta.get_field("file").storage  # type: ignore[attr-defined]
    for name in names:
        if not Attachment.objects.filter(file=name).exists():
            storage.delete(name)
