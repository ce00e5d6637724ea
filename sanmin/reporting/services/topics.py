"""Interview topics from the 12345 hotline's analysis, imported from a spreadsheet."""

from __future__ import annotations

from typing import IO, Any

from django.db import transaction
from django.http import HttpRequest

from sanmin.audit.models import Outcome
from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign
from sanmin.reporting.imports import HotTopicImport, hot_topics_parse
from sanmin.reporting.models import HotTopic


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
