"""Changing 云述职 data: disclosures and their review, announcements, interview topics.

Every function here validates first, applies in one transaction and records an audit
event. Who may call which function is decided by the views (role and access
selectors); the services check the state of the objects.

Split by sub-domain; the public names are re-exported here, so callers import them
from `sanmin.reporting.services`.
"""

from __future__ import annotations

from sanmin.reporting.services.announcements import (
    AnnouncementInput,
    announcement_create,
    announcement_publish,
    announcement_update,
    announcement_withdraw,
)
from sanmin.reporting.services.disclosures import (
    DisclosureDraft,
    VideoInput,
    revision_publish,
    revision_return,
    revision_save_draft,
    revision_submit,
)
from sanmin.reporting.services.questions import (
    QUESTION_MAX_LENGTH,
    QUESTIONS_PER_ASKER,
    question_ask,
    question_moderate,
)
from sanmin.reporting.services.topics import hot_topics_import
from sanmin.reporting.services.uploads import (
    MP4,
    PDF,
    UploadKind,
    stream_url_check,
    upload_check,
)

__all__ = [
    "MP4",
    "PDF",
    "QUESTIONS_PER_ASKER",
    "QUESTION_MAX_LENGTH",
    "AnnouncementInput",
    "DisclosureDraft",
    "UploadKind",
    "VideoInput",
    "announcement_create",
    "announcement_publish",
    "announcement_update",
    "announcement_withdraw",
    "hot_topics_import",
    "question_ask",
    "question_moderate",
    "revision_publish",
    "revision_return",
    "revision_save_draft",
    "revision_submit",
    "stream_url_check",
    "upload_check",
]
