"""Open (freeze), close and version a questionnaire; let the office allow or stop
anonymous answers to the public survey."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from sanmin.surveys.models import (
    Audience,
    Option,
    Question,
    Questionnaire,
    QuestionnaireStatus,
    Row,
    Section,
)
from sanmin.surveys.selectors.structure import (
    structure_cache_evict,
)
from sanmin.surveys.services.builder.definition import (
    _raise,
    questionnaire_problems,
)
from sanmin.surveys.services.builder.editing import _audit, _ordered


def questionnaire_open(
    *,
    questionnaire: Questionnaire,
    actor: Any,
    request: HttpRequest | None = None,
) -> Questionnaire:
    """Open a version for answers, freezing it on its first opening.

    1. Lock every version of the family; refuse if another one is open (the
       database allows one open version per family as well).
    2. A draft must pass `questionnaire_problems`; a closed version (already
       frozen) may open again.
    3. Set frozen_at (first time) and the open status; audit.
    """
    with transaction.atomic():
        family = list(
            Questionnaire.objects.select_for_update()
            .filter(campaign_id=questionnaire.campaign_id, code=questionnaire.code)
            .order_by("version")
        )
        locked = next(q for q in family if q.pk == questionnaire.pk)
        if locked.status == QuestionnaireStatus.OPEN:
            raise ValidationError("问卷已在进行中")
        others = [q for q in family if q.status == QuestionnaireStatus.OPEN]
        if others:
            raise ValidationError(
                f"本问卷的第 {others[0].version} 版正在进行中，请先结束该版本"
            )
        if locked.frozen_at is None:
            _raise(questionnaire_problems(questionnaire=locked))
            locked.frozen_at = timezone.now()
        locked.status = QuestionnaireStatus.OPEN
        try:
            # Without row locks (SQLite) a concurrent opening meets the constraint.
            with transaction.atomic():
                locked.save(update_fields=["frozen_at", "status"])
        except IntegrityError as error:
            raise ValidationError("本问卷的另一版本正在进行中") from error
        _audit(actor, "open", locked, request, code=locked.code, version=locked.version)
    structure_cache_evict(questionnaire_id=int(locked.pk))
    return locked


def questionnaire_close(
    *,
    questionnaire: Questionnaire,
    actor: Any,
    request: HttpRequest | None = None,
) -> Questionnaire:
    """Stop accepting answers; the version stays frozen."""
    with transaction.atomic():
        locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if locked.status != QuestionnaireStatus.OPEN:
            raise ValidationError("问卷不在进行中，无需结束")
        locked.status = QuestionnaireStatus.CLOSED
        locked.save(update_fields=["status"])
        _audit(
            actor, "close", locked, request, code=locked.code, version=locked.version
        )
    return locked


def questionnaire_anonymous_set(
    *,
    questionnaire: Questionnaire,
    allow: bool,
    actor: Any,
    request: HttpRequest | None = None,
) -> Questionnaire:
    """Allow or stop anonymous answers to a public questionnaire that has not
    ended (the office's decision, e.g. when abuse is seen or the sign-in service is
    down). Not a change of content: a frozen version may change it. Audited."""
    with transaction.atomic():
        locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if locked.audience != Audience.PUBLIC:
            raise ValidationError("只有公众调查可以匿名填写")
        if locked.status == QuestionnaireStatus.CLOSED:
            raise ValidationError("问卷已结束，不能再更改匿名填写")
        if locked.allow_anonymous == allow:
            raise ValidationError(
                "已允许匿名填写" if allow else "已停止匿名填写，无需重复操作"
            )
        locked.allow_anonymous = allow
        locked.save(update_fields=["allow_anonymous"])
        _audit(
            actor,
            "anonymous",
            locked,
            request,
            code=locked.code,
            version=locked.version,
            allow=allow,
        )
    return locked


def _next_version(campaign_id: int, code: str) -> int:
    """Lock the family and return its next version number; refuse if a draft of
    the family exists (changes go to that draft)."""
    family = list(
        Questionnaire.objects.select_for_update().filter(
            campaign_id=campaign_id, code=code
        )
    )
    drafts = [q for q in family if q.status == QuestionnaireStatus.DRAFT]
    if drafts:
        raise ValidationError(
            f"已有编辑中的第 {drafts[0].version} 版，请在该版本上修改"
        )
    return max((q.version for q in family), default=0) + 1


def questionnaire_new_version(
    *,
    questionnaire: Questionnaire,
    actor: Any,
    request: HttpRequest | None = None,
) -> Questionnaire:
    """A draft deep copy of a version, numbered after the family's newest.

    Sections, questions, options and rows are copied in order; display conditions
    are re-pointed at the copied questions. Results and answers stay with the
    original.
    """
    with transaction.atomic():
        version = _next_version(questionnaire.campaign_id, questionnaire.code)
        source = Questionnaire.objects.get(pk=questionnaire.pk)
        copy = Questionnaire.objects.create(
            campaign_id=source.campaign_id,
            code=source.code,
            version=version,
            title=source.title,
            intro=source.intro,
            audience=source.audience,
            allow_anonymous=source.allow_anonymous,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _copy_content(source, copy)
        _audit(
            actor,
            "new_version",
            copy,
            request,
            code=copy.code,
            version=version,
            source_version=source.version,
        )
    return copy


def _copy_content(source: Questionnaire, copy: Questionnaire) -> None:
    sections: dict[int, Section] = {}
    for section in Section.objects.filter(questionnaire=source).order_by("order"):
        sections[section.pk] = Section.objects.create(
            questionnaire=copy, order=section.order, title=section.title
        )
    questions: dict[int, Question] = {}
    for question in _ordered(source):
        old_pk, show_if_id = question.pk, question.show_if_id
        question.pk = None
        question.questionnaire = copy
        question.section = sections[question.section_id]
        question.show_if = questions.get(show_if_id) if show_if_id else None
        question.save(force_insert=True)
        questions[old_pk] = question
    Option.objects.bulk_create(
        Option(
            question=questions[o.question_id],
            order=o.order,
            code=o.code,
            label=o.label,
            counted=o.counted,
            satisfied=o.satisfied,
        )
        for o in Option.objects.filter(question__questionnaire=source)
    )
    Row.objects.bulk_create(
        Row(
            question=questions[r.question_id], order=r.order, code=r.code, label=r.label
        )
        for r in Row.objects.filter(question__questionnaire=source)
    )
