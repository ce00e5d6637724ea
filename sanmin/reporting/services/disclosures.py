"""A department's disclosures (述职材料) and the office's review of them.

A participant has at most one open revision (draft, submitted or returned) and at most
one published one; the revisions of one participant are serialised by a row lock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Participant
from sanmin.reporting.models import DisclosureRevision
from sanmin.reporting.services.uploads import MP4, PDF, stream_url_check, upload_check


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
