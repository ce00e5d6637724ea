"""Serving the files of a disclosure (PDF, videos) and the synthetic demo clips.

Files are read through Django's storage API, so another storage backend can replace
the file system, and streamed in chunks with HTTP Range support (206 Partial
Content): browsers seek in a video by asking for byte ranges, and a sync gunicorn
worker must not read a 500 MB video into memory.

Who may read a file is decided by the caller: the public view serves published
revisions only; staff views call `revision_file_response` after their own access
check (it checks nothing itself).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Final
from urllib.parse import urlsplit

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage
from django.db.models.fields.files import FieldFile
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.urls import reverse
from django.utils.http import content_disposition_header

from sanmin.reporting.models import DisclosureRevision

CHUNK_SIZE: Final = 64 * 1024
PUBLIC_CACHE: Final = "public, max-age=300"
PRIVATE_CACHE: Final = "private, no-store"

# URL kind → (model field, label used in the download file name).
FILE_KINDS: Final[dict[str, tuple[str, str]]] = {
    "report-pdf": ("report_pdf", "述职报告"),
    "report-video": ("report_video", "述职视频"),
    "interview-video": ("interview_video", "局长访谈"),
}

# mimetypes would call .ts a Qt translation file; say what we serve.
CONTENT_TYPES: Final[dict[str, str]] = {
    ".mp4": "video/mp4",
    ".m4v": "video/mp4",
    ".webm": "video/webm",
    ".pdf": "application/pdf",
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".vtt": "text/vtt; charset=utf-8",
}

DEMO_DIR: Final = Path(__file__).resolve().parent / "demo_media"
_DEMO_NAME = re.compile(r"(report|interview)\.mp4|live/(index\.m3u8|segment-\d{3}\.ts)")
_RANGE = re.compile(r"bytes=(\d*)-(\d*)")


def content_type_for(name: str) -> str:
    return CONTENT_TYPES.get(
        PurePosixPath(name).suffix.lower(), "application/octet-stream"
    )


class RangeNotSatisfiable(Exception):
    pass


def parse_range(header: str, *, size: int) -> tuple[int, int] | None:
    """The inclusive byte range asked for by a Range header, or None for the whole.

    1. A missing, malformed or multi-range header means the whole file (a server may
       ignore Range; multipart/byteranges is not worth its weight here).
    2. `bytes=a-b`, `bytes=a-` and the suffix form `bytes=-n` are understood; `b` is
       clipped to the last byte.
    3. A range starting past the end raises RangeNotSatisfiable (416).
    """
    match = _RANGE.fullmatch(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        suffix = int(last)
        if suffix == 0:
            raise RangeNotSatisfiable
        return max(size - suffix, 0), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None
    if start >= size:
        raise RangeNotSatisfiable
    return start, min(end, size - 1)


class _RangeReader:
    """Yields `length` bytes of an open file; Django calls close() when done."""

    def __init__(self, handle: IO[bytes], *, start: int, length: int) -> None:
        self.handle = handle
        self.start = start
        self.length = length

    def __iter__(self) -> Iterator[bytes]:
        self.handle.seek(self.start)
        remaining = self.length
        while remaining > 0:
            chunk = self.handle.read(min(CHUNK_SIZE, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk

    def close(self) -> None:
        self.handle.close()


def storage_file_response(
    request: HttpRequest,
    *,
    storage: Storage,
    name: str,
    filename: str = "",
    content_type: str = "",
    cache_control: str = PRIVATE_CACHE,
) -> HttpResponseBase:
    """Stream a stored file, honouring Range, If-Range and If-None-Match.

    Answers 200 with the whole file, 206 with one range, 304 when the client's copy
    is current, 416 for a range past the end, 404 when the file is missing; HEAD
    gets the headers only.
    """
    if request.method not in ("GET", "HEAD"):
        response = HttpResponse(status=405)
        response["Allow"] = "GET, HEAD"
        return response
    try:
        size = storage.size(name)
    except (FileNotFoundError, OSError) as error:
        raise Http404("文件不存在") from error
    try:
        modified = storage.get_modified_time(name).timestamp()
    # Django's Storage API raises NotImplementedError for backends that keep no
    # modification time (some object stores); the ETag then rests on name and size.
    except (NotImplementedError, OSError):
        modified = 0
    digest = hashlib.sha256(f"{name}:{size}:{modified}".encode()).hexdigest()[:32]
    etag = f'"{digest}"'
    headers = {
        "Accept-Ranges": "bytes",
        "Content-Type": content_type or content_type_for(name),
        "Cache-Control": cache_control,
        "ETag": etag,
    }
    disposition = filename and content_disposition_header(
        as_attachment=False, filename=filename
    )
    if disposition:
        headers["Content-Disposition"] = disposition
    if request.headers.get("If-None-Match") == etag:
        return HttpResponse(status=304, headers=headers)
    header = request.headers.get("Range", "")
    if_range = request.headers.get("If-Range")
    if if_range is not None and if_range != etag:
        header = ""  # the client's partial copy is stale: send the whole file
    try:
        byte_range = parse_range(header, size=size) if header and size else None
    except RangeNotSatisfiable:
        headers["Content-Range"] = f"bytes */{size}"
        return HttpResponse(status=416, headers=headers)
    status, start, length = 200, 0, size
    if byte_range is not None:
        start, end = byte_range
        status, length = 206, end - start + 1
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    headers["Content-Length"] = str(length)
    if request.method == "HEAD":
        return HttpResponse(status=status, headers=headers)
    handle = storage.open(name, "rb")
    return StreamingHttpResponse(
        _RangeReader(handle, start=start, length=length),
        status=status,
        headers=headers,
    )


def revision_file_field(*, revision: DisclosureRevision, kind: str) -> FieldFile:
    """The uploaded file of `kind` (see FILE_KINDS); Http404 when there is none."""
    if kind not in FILE_KINDS:
        raise Http404("未知的文件类型")
    field: FieldFile = getattr(revision, FILE_KINDS[kind][0])
    if not field:
        raise Http404("未上传该文件")
    return field


def revision_file_response(
    request: HttpRequest,
    *,
    revision: DisclosureRevision,
    kind: str,
    cache_control: str = PRIVATE_CACHE,
) -> HttpResponseBase:
    """Serve a revision's file of `kind`; the caller has already checked access.

    Staff preview of an unpublished revision: call this from a view that loaded the
    revision through an access selector (the default cache header keeps shared
    caches from storing it).
    """
    field = revision_file_field(revision=revision, kind=kind)
    name = field.name or ""
    suffix = PurePosixPath(name).suffix.lower()
    department = revision.participant.department.name
    return storage_file_response(
        request,
        storage=field.storage,
        name=name,
        filename=f"{department}-{FILE_KINDS[kind][1]}{suffix}",
        cache_control=cache_control,
    )


def revision_file_url(*, revision: DisclosureRevision, kind: str) -> str:
    """The public URL of a published revision's file (404 until it is published)."""
    return reverse("reporting:revision-file", args=[revision.pk, kind])


@dataclass(frozen=True)
class VideoSource:
    """Where a video plays from: an uploaded file, a stream URL, or both.

    With both, players try the HLS stream first and fall back to the file.
    """

    file_url: str = ""
    stream_url: str = ""

    def __bool__(self) -> bool:
        return bool(self.file_url or self.stream_url)

    @property
    def hls_url(self) -> str:
        is_hls = urlsplit(self.stream_url).path.lower().endswith(".m3u8")
        return self.stream_url if is_hls else ""

    @property
    def direct_url(self) -> str:
        """A URL a <video> can play by itself (MP4), if there is one."""
        if self.file_url:
            return self.file_url
        return "" if self.hls_url else self.stream_url


def revision_video(*, revision: DisclosureRevision, kind: str) -> VideoSource:
    """The report ("report-video") or interview ("interview-video") video."""
    field_name = FILE_KINDS[kind][0]
    stream_url = (
        revision.report_stream_url
        if kind == "report-video"
        else revision.interview_stream_url
    )
    file_url = (
        revision_file_url(revision=revision, kind=kind)
        if getattr(revision, field_name)
        else ""
    )
    return VideoSource(file_url=file_url, stream_url=stream_url)


# Demo clips (synthetic, made by demo_media/make.sh).


def demo_storage() -> FileSystemStorage:
    return FileSystemStorage(location=DEMO_DIR, base_url=None)


def demo_media_response(request: HttpRequest, *, name: str) -> HttpResponseBase:
    if not _DEMO_NAME.fullmatch(name):
        raise Http404("没有该演示文件")
    return storage_file_response(
        request, storage=demo_storage(), name=name, cache_control=PUBLIC_CACHE
    )


def demo_clip(*, kind: str) -> File:
    """An open demo clip ("report" or "interview") to attach to a revision.

    `revision.report_video.save("report.mp4", demo_clip(kind="report"))`; the
    caller closes it.
    """
    if kind not in ("report", "interview"):
        raise ValueError(kind)
    path = DEMO_DIR / f"{kind}.mp4"
    return File(path.open("rb"), name=path.name)


def demo_live_path() -> str:
    """The path of the demo HLS stream (prefix SITE_URL for Session.live_url)."""
    return reverse("reporting:demo-media", kwargs={"name": "live/index.m3u8"})
