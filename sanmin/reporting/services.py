"""Changing 云述职 data: disclosures and their review, announcements, interview topics.

Every function here validates first, applies in one transaction and records an audit
event. Who may call which function is decided by the views (role and access
selectors); the services check the state of the objects.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from sanmin.audit.models import Outcome
from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign, Participant
from sanmin.reporting.imports import HotTopicImport, hot_topics_parse
from sanmin.reporting.models import (
    Announcement,
    DisclosureRevision,
    HotTopic,
    RepresentativeQuestion,
)

# --- Uploads: checked before anything is stored -------------------------------------


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


# --- Disclosures ----------------------------------------------------------------------


@dataclass(frozen=True)
class VideoInput:
    """A video slot: a new MP4, a stream URL, or neither (keep the file unless removed)."""

    upload: UploadedFile | None = None
    stream_url: str = ""
    remove: bool = False


@dataclass(frozen=True)
class DisclosureDraft:
    duties: str = ""
    work_points: str = ""
    report_text: str = ""
    report_pdf: UploadedFile | None = None
    remove_report_pdf: bool = False
    report_video: VideoInput = field(default_factory=VideoInput)
    interview_video: VideoInput = field(default_factory=VideoInput)


def _published(participant: Participant) -> DisclosureRevision | None:
    return DisclosureRevision.objects.filter(
        participant=participant, status=DisclosureRevision.Status.PUBLISHED
    ).first()


def _open(participant: Participant) -> DisclosureRevision | None:
    return DisclosureRevision.objects.filter(
        participant=participant, status__in=DisclosureRevision.OPEN_STATUSES
    ).first()


def _lock(participant: Participant) -> None:
    # Serialises the revisions of one participant (SQLite: IMMEDIATE transactions).
    # No ordering: Participant's default one joins the (nullable) group, and
    # PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    Participant.objects.select_for_update().filter(
        pk=participant.pk
    ).order_by().values_list("pk", flat=True).get()


def _apply_video(
    revision: DisclosureRevision, video: VideoInput, *, file_field: str, url_field: str
) -> None:
    if video.upload is not None and video.stream_url:
        raise ValidationError("视频只能二选一：上传 MP4 文件或填写 HLS 视频流地址")
    if video.upload is not None:
        upload_check(upload=video.upload, kind=MP4)
        setattr(revision, file_field, video.upload)
        setattr(revision, url_field, "")
        return
    if video.stream_url:
        stream_url_check(video.stream_url)
        setattr(revision, file_field, "")
        setattr(revision, url_field, video.stream_url)
        return
    setattr(revision, url_field, "")
    if video.remove:
        setattr(revision, file_field, "")


def revision_save_draft(
    *,
    participant: Participant,
    draft: DisclosureDraft,
    actor: Any,
    request: HttpRequest | None = None,
) -> DisclosureRevision:
    """Save a department's disclosures as its open draft.

    1. Uploads are checked (extension, size, first bytes) before anything is stored.
    2. The open revision is edited; a returned one goes back to draft. A submitted one
       cannot be edited until the office has decided.
    3. With no open revision, a new one is started, copied from the published one
       (the public keeps seeing the published one until the new one is published).
    """
    if draft.report_pdf is not None:
        upload_check(upload=draft.report_pdf, kind=PDF)
    with transaction.atomic():
        _lock(participant)
        revision = _open(participant)
        started = revision is None
        if revision is None:
            revision = _revision_start(participant=participant, author=actor)
        revision.reopen()
        revision.duties = draft.duties.strip()
        revision.work_points = draft.work_points.strip()
        revision.report_text = draft.report_text.strip()
        if draft.report_pdf is not None:
            revision.report_pdf = draft.report_pdf  # type: ignore[assignment]
        elif draft.remove_report_pdf:
            revision.report_pdf = ""  # type: ignore[assignment]
        _apply_video(
            revision,
            draft.report_video,
            file_field="report_video",
            url_field="report_stream_url",
        )
        _apply_video(
            revision,
            draft.interview_video,
            file_field="interview_video",
            url_field="interview_stream_url",
        )
        revision.author = actor
        revision.save()
        audit_record(
            actor=actor,
            action="disclosure.save_draft",
            target=revision,
            detail={
                "participant": participant.pk,
                "number": revision.number,
                "started": started,
            },
            request=request,
        )
    return revision


def _revision_start(*, participant: Participant, author: Any) -> DisclosureRevision:
    last = (
        DisclosureRevision.objects.filter(participant=participant).aggregate(
            last=Max("number")
        )["last"]
        or 0
    )
    revision = DisclosureRevision(participant=participant, number=last + 1)
    published = _published(participant)
    if published is not None:
        revision.copy_content_from(published)
    revision.author = author
    return revision


def _relock(revision: DisclosureRevision) -> DisclosureRevision:
    _lock(revision.participant)
    return DisclosureRevision.objects.select_for_update().get(pk=revision.pk)


def revision_submit(
    *, revision: DisclosureRevision, actor: Any, request: HttpRequest | None = None
) -> DisclosureRevision:
    """Send a draft (or a returned revision) to the office for review."""
    with transaction.atomic():
        revision = _relock(revision)
        revision.submit(at=timezone.now())
        revision.save()
        audit_record(
            actor=actor,
            action="disclosure.submit",
            target=revision,
            detail={"participant": revision.participant_id, "number": revision.number},
            request=request,
        )
    return revision


def revision_publish(
    *, revision: DisclosureRevision, actor: Any, request: HttpRequest | None = None
) -> DisclosureRevision:
    """Publish a submitted revision; the previously published one is superseded.

    Both happen in one transaction, so the public always sees exactly one revision.
    """
    with transaction.atomic():
        revision = _relock(revision)
        now = timezone.now()
        revision.publish(reviewer=actor, at=now)
        previous = _published(revision.participant)
        if previous is not None:
            previous.supersede()
            previous.save(update_fields=["status"])
        revision.save()
        audit_record(
            actor=actor,
            action="disclosure.publish",
            target=revision,
            detail={
                "participant": revision.participant_id,
                "number": revision.number,
                "superseded": previous.number if previous else None,
            },
            request=request,
        )
    return revision


def revision_return(
    *,
    revision: DisclosureRevision,
    comment: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> DisclosureRevision:
    """Return a submitted revision to its department with a comment it can read."""
    with transaction.atomic():
        revision = _relock(revision)
        revision.return_for_changes(reviewer=actor, comment=comment, at=timezone.now())
        revision.save()
        audit_record(
            actor=actor,
            action="disclosure.return",
            target=revision,
            detail={
                "participant": revision.participant_id,
                "number": revision.number,
                "comment": revision.review_comment,
            },
            request=request,
        )
    return revision


# --- Announcements --------------------------------------------------------------------


@dataclass(frozen=True)
class AnnouncementInput:
    campaign: Campaign
    kind: str
    title: str
    body: str
    pinned: bool = False


def _announcement_check(data: AnnouncementInput) -> None:
    if data.kind not in Announcement.Kind.values:
        raise ValidationError("请选择公告类别")
    if not data.title.strip() or not data.body.strip():
        raise ValidationError("公告标题和正文不能为空")


def announcement_create(
    *, data: AnnouncementInput, actor: Any, request: HttpRequest | None = None
) -> Announcement:
    """Write an announcement; it stays unpublished until `announcement_publish`."""
    _announcement_check(data)
    with transaction.atomic():
        announcement = Announcement.objects.create(
            campaign=data.campaign,
            kind=data.kind,
            title=data.title.strip(),
            body=data.body.strip(),
            pinned=data.pinned,
            author=actor if getattr(actor, "pk", None) else None,
        )
        audit_record(
            actor=actor,
            action="announcement.create",
            target=announcement,
            detail={"kind": announcement.kind, "title": announcement.title},
            request=request,
        )
    return announcement


def announcement_update(
    *,
    announcement: Announcement,
    data: AnnouncementInput,
    actor: Any,
    request: HttpRequest | None = None,
) -> Announcement:
    """Edit an announcement (a published one changes on the home page at once)."""
    _announcement_check(data)
    with transaction.atomic():
        announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
        announcement.campaign = data.campaign
        announcement.kind = data.kind
        announcement.title = data.title.strip()
        announcement.body = data.body.strip()
        announcement.pinned = data.pinned
        announcement.save()
        audit_record(
            actor=actor,
            action="announcement.update",
            target=announcement,
            detail={"kind": announcement.kind, "title": announcement.title},
            request=request,
        )
    return announcement


def announcement_publish(
    *, announcement: Announcement, actor: Any, request: HttpRequest | None = None
) -> Announcement:
    with transaction.atomic():
        announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
        announcement.publish(at=timezone.now())
        announcement.save(update_fields=["published_at", "withdrawn_at"])
        audit_record(
            actor=actor,
            action="announcement.publish",
            target=announcement,
            detail={"title": announcement.title},
            request=request,
        )
    return announcement


def announcement_withdraw(
    *, announcement: Announcement, actor: Any, request: HttpRequest | None = None
) -> Announcement:
    with transaction.atomic():
        announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
        announcement.withdraw(at=timezone.now())
        announcement.save(update_fields=["withdrawn_at"])
        audit_record(
            actor=actor,
            action="announcement.withdraw",
            target=announcement,
            detail={"title": announcement.title},
            request=request,
        )
    return announcement


# --- Interview topics: hot topics from 12345, questions of representatives ------------


def hot_topics_import(
    *,
    campaign: Campaign,
    upload: IO[bytes],
    filename: str,
    actor: Any,
    request: HttpRequest | None = None,
) -> HotTopicImport:
    """Import the 12345 hotline's hot topics; all or nothing.

    1. Read and check the whole file (`hot_topics_parse`); on any error nothing
       changes, the refusal is audited and the errors are returned.
    2. Otherwise, for each department in the file, its previous topics are replaced
       by the file's, in one transaction.
    """
    parsed = hot_topics_parse(campaign=campaign, upload=upload, filename=filename)
    if not parsed.ok:
        audit_record(
            actor=actor,
            action="hot_topics.import",
            target=campaign,
            outcome=Outcome.FAILURE,
            detail={"file": filename[:100], "errors": len(parsed.errors)},
            request=request,
        )
        return parsed
    participants = {topic.participant.pk: topic.participant for topic in parsed.topics}
    with transaction.atomic():
        replaced, _ = HotTopic.objects.filter(
            participant__in=participants.values()
        ).delete()
        HotTopic.objects.bulk_create(
            HotTopic(
                participant=topic.participant,
                rank=topic.rank,
                title=topic.title,
                detail=topic.detail,
                calls=topic.calls,
            )
            for topic in parsed.topics
        )
        audit_record(
            actor=actor,
            action="hot_topics.import",
            target=campaign,
            detail={
                "file": filename[:100],
                "topics": len(parsed.topics),
                "replaced": replaced,
                "departments": sorted(participants),
            },
            request=request,
        )
    return parsed


QUESTION_MAX_LENGTH = 500
QUESTIONS_PER_ASKER = 3


def question_ask(
    *,
    participant: Participant,
    text: str,
    asker: Any,
    request: HttpRequest | None = None,
) -> RepresentativeQuestion:
    """A representative's question for a department's director, pending moderation."""
    text = text.strip()
    if not text:
        raise ValidationError("请填写问题内容")
    if len(text) > QUESTION_MAX_LENGTH:
        raise ValidationError(f"问题不能超过 {QUESTION_MAX_LENGTH} 个字")
    if participant.internal:
        raise ValidationError("该部门不接受市民代表提问")
    with transaction.atomic():
        asked = RepresentativeQuestion.objects.filter(
            participant=participant, asker=asker
        ).count()
        if asked >= QUESTIONS_PER_ASKER:
            raise ValidationError(
                f"每位市民代表对同一部门最多提交 {QUESTIONS_PER_ASKER} 个问题"
            )
        question = RepresentativeQuestion.objects.create(
            participant=participant, text=text, asker=asker
        )
        # The audit row names the asker (the log is for supervisors, not departments).
        audit_record(
            actor=asker,
            action="question.ask",
            target=question,
            detail={"participant": participant.pk},
            request=request,
        )
    return question


def question_moderate(
    *,
    question: RepresentativeQuestion,
    listed: bool,
    actor: Any,
    request: HttpRequest | None = None,
) -> RepresentativeQuestion:
    """采纳 (list it for the director interview) or 不采纳 a pending question."""
    with transaction.atomic():
        question = RepresentativeQuestion.objects.select_for_update().get(
            pk=question.pk
        )
        question.moderate(listed=listed, moderator=actor, at=timezone.now())
        question.save(update_fields=["status", "moderator", "moderated_at"])
        audit_record(
            actor=actor,
            action="question.moderate",
            target=question,
            detail={"status": question.status},
            request=request,
        )
    return question
