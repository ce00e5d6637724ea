"""Representatives' questions for a department's director, and their moderation."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Participant
from sanmin.reporting.models import RepresentativeQuestion

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
