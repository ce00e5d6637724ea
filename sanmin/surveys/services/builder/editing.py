"""Editing a draft: the questionnaire's header, sections and questions. Every
change locks the questionnaire and is refused once it is frozen or answered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest

from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Campaign
from sanmin.surveys.models import (
    Audience,
    Option,
    Question,
    Questionnaire,
    Response,
    Row,
    Section,
)
from sanmin.surveys.services.builder.definition import (
    ANSWERED,
    FROZEN,
    SPEC_FIELDS,
    OptionInput,
    OptionSpec,
    QuestionSpec,
    _code_problem,
    _decimal,
    _options,
    _raise,
    questionnaire_problems,
    spec_problems,
)

# Locks and checks ----------------------------------------------------------------


def _lock_editable(questionnaire: Questionnaire) -> Questionnaire:
    """Lock the questionnaire row and refuse if it may no longer change."""
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if locked.frozen_at is not None:
        raise ValidationError(FROZEN)
    if Response.objects.filter(questionnaire=locked).exists():
        raise ValidationError(ANSWERED)
    return locked


def _ordered(questionnaire: Questionnaire) -> list[Question]:
    return list(
        Question.objects.filter(questionnaire=questionnaire).order_by(
            "section__order", "section_id", "order", "pk"
        )
    )


def _check_conditions(questionnaire: Questionnaire) -> None:
    """After a change: every condition still points at an earlier question and at
    its options (raising rolls the change back)."""
    problems = [
        problem
        for problem in questionnaire_problems(questionnaire=questionnaire)
        if "显示条件" in problem
    ]
    _raise(problems)


def _audit(
    actor: Any,
    action: str,
    target: Any,
    request: HttpRequest | None,
    **detail: Any,
) -> None:
    audit_record(
        actor=actor,
        action=f"survey.{action}",
        target=target,
        detail=detail,
        request=request,
    )


# Questionnaires ------------------------------------------------------------------


def _header_problems(*, title: str, audience: str, allow_anonymous: bool) -> list[str]:
    problems = []
    if not title.strip() or len(title) > 80:
        problems.append("问卷标题须为 1～80 个字")
    if audience not in Audience.values:
        problems.append("调查对象无效")
    if allow_anonymous and audience != Audience.PUBLIC:
        problems.append("只有公众调查可以允许匿名填写")
    return problems


def questionnaire_create(
    *,
    campaign: Campaign,
    code: str,
    title: str,
    audience: str,
    intro: str = "",
    allow_anonymous: bool = False,
    actor: Any,
    request: HttpRequest | None = None,
) -> Questionnaire:
    """A new questionnaire family: version 1, a draft without sections."""
    problems = _header_problems(
        title=title, audience=audience, allow_anonymous=allow_anonymous
    )
    if problem := _code_problem(code, "问卷"):
        problems.insert(0, problem)
    _raise(problems)
    with transaction.atomic():
        if Questionnaire.objects.filter(campaign=campaign, code=code).exists():
            raise ValidationError("问卷代码已被使用；修改已有问卷请建立新版本")
        questionnaire = Questionnaire.objects.create(
            campaign=campaign,
            code=code,
            version=1,
            title=title.strip(),
            intro=intro.strip(),
            audience=audience,
            allow_anonymous=allow_anonymous,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        _audit(actor, "create", questionnaire, request, code=code, version=1)
    return questionnaire


def questionnaire_update(
    *,
    questionnaire: Questionnaire,
    title: str,
    intro: str = "",
    allow_anonymous: bool = False,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> Questionnaire:
    """Change a draft's title, introduction and anonymous answering."""
    _raise(
        _header_problems(
            title=title,
            audience=questionnaire.audience,
            allow_anonymous=allow_anonymous,
        )
    )
    with transaction.atomic():
        locked = _lock_editable(questionnaire)
        locked.title = title.strip()
        locked.intro = intro.strip()
        locked.allow_anonymous = allow_anonymous
        locked.save(update_fields=["title", "intro", "allow_anonymous"])
        _audit(actor, "update", locked, request, code=locked.code)
    return locked


# Sections ------------------------------------------------------------------------


def section_add(
    *,
    questionnaire: Questionnaire,
    title: str,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> Section:
    if not title.strip() or len(title) > 80:
        raise ValidationError("部分标题须为 1～80 个字")
    with transaction.atomic():
        locked = _lock_editable(questionnaire)
        last = Section.objects.filter(questionnaire=locked).aggregate(m=Max("order"))
        section = Section.objects.create(
            questionnaire=locked, title=title.strip(), order=(last["m"] or 0) + 1
        )
        _audit(actor, "section_add", locked, request, section=section.pk)
    return section


def section_update(
    *,
    section: Section,
    title: str,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> Section:
    if not title.strip() or len(title) > 80:
        raise ValidationError("部分标题须为 1～80 个字")
    with transaction.atomic():
        locked = _lock_editable(section.questionnaire)
        section.title = title.strip()
        section.save(update_fields=["title"])
        _audit(actor, "section_update", locked, request, section=section.pk)
    return section


def section_remove(
    *, section: Section, actor: Any = None, request: HttpRequest | None = None
) -> None:
    with transaction.atomic():
        locked = _lock_editable(section.questionnaire)
        if section.questions.exists():
            raise ValidationError("请先删除或移走本部分的题目")
        pk = section.pk
        section.delete()
        _audit(actor, "section_remove", locked, request, section=pk)


def _swap(items: list[Any], index: int, offset: int) -> bool:
    """Renumber items 1..n with items[index] moved by offset; False at an edge."""
    target = index + offset
    if not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    for order, item in enumerate(items, 1):
        if item.order != order:
            item.order = order
            item.save(update_fields=["order"])
    return True


def section_move(
    *,
    section: Section,
    offset: int,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> None:
    """Move a section up (offset -1) or down (+1); conditions must stay in order."""
    with transaction.atomic():
        locked = _lock_editable(section.questionnaire)
        sections = list(
            Section.objects.filter(questionnaire=locked).order_by("order", "pk")
        )
        index = [s.pk for s in sections].index(section.pk)
        if not _swap(sections, index, offset):
            raise ValidationError("该部分已在最前或最后")
        _check_conditions(locked)
        _audit(
            actor, "section_move", locked, request, section=section.pk, offset=offset
        )


# Questions -----------------------------------------------------------------------


def _earlier(
    questionnaire: Questionnaire, *, section: Section, exclude: int | None = None
) -> dict[str, Question]:
    """The questions that come before the end of `section`, by code."""
    key = (section.order, section.pk)
    return {
        q.code: q
        for q in _ordered(questionnaire)
        if q.pk != exclude and (q.section.order, q.section_id) <= key
    }


def _with_options(questions: dict[str, Question]) -> dict[str, QuestionSpec]:
    """Specs (kind and option codes suffice) of questions, for condition checks."""
    codes: dict[int, list[str]] = {}
    for question_id, code in Option.objects.filter(
        question_id__in=[q.pk for q in questions.values()]
    ).values_list("question_id", "code"):
        codes.setdefault(question_id, []).append(code)
    return {
        code: QuestionSpec(
            code=code,
            kind=q.kind,
            prompt=q.prompt,
            options=tuple(OptionSpec(c, c) for c in codes.get(q.pk, [])),
        )
        for code, q in questions.items()
    }


def _write(question: Question, spec: QuestionSpec, show_if: Question | None) -> None:
    question.code = spec.code
    question.kind = spec.kind
    question.prompt = spec.prompt.strip()
    question.help = spec.help.strip()
    question.required = spec.required
    question.min_choices = spec.min_choices
    question.max_choices = spec.max_choices
    question.other_option = spec.other_option
    question.max_length = spec.max_length
    question.min_value = spec.min_value
    question.max_value = spec.max_value
    question.show_if = show_if
    question.show_if_options = list(spec.show_if_options)
    question.save()
    question.options.all().delete()
    question.rows.all().delete()
    Option.objects.bulk_create(
        Option(
            question=question,
            order=order,
            code=o.code,
            label=o.label.strip(),
            counted=o.counted,
            satisfied=o.satisfied,
        )
        for order, o in enumerate(spec.options, 1)
    )
    Row.objects.bulk_create(
        Row(question=question, order=order, code=code, label=label.strip())
        for order, (code, label) in enumerate(spec.rows, 1)
    )


def _show_if_code(value: Question | str | None) -> str | None:
    if isinstance(value, Question):
        return value.code
    return value or None


def question_add(
    *,
    questionnaire: Questionnaire,
    section: Section,
    code: str,
    kind: str,
    prompt: str,
    help: str = "",
    required: bool = True,
    min_choices: int | None = None,
    max_choices: int | None = None,
    other_option: bool = False,
    max_length: int = 500,
    min_value: Decimal | int | str | None = None,
    max_value: Decimal | int | str | None = None,
    options: Iterable[OptionInput | OptionSpec] = (),
    rows: Iterable[tuple[str, str]] = (),
    show_if: Question | str | None = None,
    show_if_options: Iterable[str] = (),
    actor: Any = None,
    request: HttpRequest | None = None,
) -> Question:
    """Add a question at the end of a section of a draft.

    `options` are (code, label) or (code, label, counted, satisfied) tuples;
    `show_if` is an earlier single, multiple or rating question (or its code) and
    `show_if_options` the option codes of it that show this question.
    """
    spec = QuestionSpec(
        code=code,
        kind=kind,
        prompt=prompt,
        help=help,
        required=required,
        min_choices=min_choices,
        max_choices=max_choices,
        other_option=other_option,
        max_length=max_length,
        min_value=_decimal(min_value),
        max_value=_decimal(max_value),
        options=_options(options),
        rows=tuple((str(c), str(label)) for c, label in rows),
        show_if=_show_if_code(show_if),
        show_if_options=tuple(show_if_options),
    )
    with transaction.atomic():
        locked = _lock_editable(questionnaire)
        if section.questionnaire_id != locked.pk:
            raise ValidationError("该部分不属于本问卷")
        if Question.objects.filter(questionnaire=locked, code=spec.code).exists():
            raise ValidationError(f"题目代码“{spec.code}”已被使用")
        earlier = _earlier(locked, section=section)
        _raise(spec_problems(spec, earlier=_with_options(earlier)))
        last = Question.objects.filter(section=section).aggregate(m=Max("order"))
        question = Question(
            questionnaire=locked, section=section, order=(last["m"] or 0) + 1
        )
        _write(question, spec, earlier.get(spec.show_if or ""))
        _audit(actor, "question_add", locked, request, question=spec.code, kind=kind)
    return question


def _spec_from(question: Question) -> QuestionSpec:
    return QuestionSpec(
        code=question.code,
        kind=question.kind,
        prompt=question.prompt,
        help=question.help,
        required=question.required,
        min_choices=question.min_choices,
        max_choices=question.max_choices,
        other_option=question.other_option,
        max_length=question.max_length,
        min_value=question.min_value,
        max_value=question.max_value,
        options=tuple(
            OptionSpec(o.code, o.label, o.counted, o.satisfied)
            for o in question.options.order_by("order", "pk")
        ),
        rows=tuple((r.code, r.label) for r in question.rows.order_by("order", "pk")),
        show_if=question.show_if.code if question.show_if else None,
        show_if_options=tuple(question.show_if_options or ()),
    )


def question_update(
    *,
    question: Question,
    actor: Any = None,
    request: HttpRequest | None = None,
    section: Section | None = None,
    **changes: Any,
) -> Question:
    """Change a draft's question: any of question_add's fields; `section` moves it
    to the end of another section. Questions that depend on it must still find
    their options in it."""
    unknown = set(changes) - SPEC_FIELDS
    if unknown:
        raise TypeError(f"unknown question fields: {sorted(unknown)}")
    if "options" in changes:
        changes["options"] = _options(changes["options"])
    if "rows" in changes:
        changes["rows"] = tuple((str(c), str(label)) for c, label in changes["rows"])
    if "show_if" in changes:
        changes["show_if"] = _show_if_code(changes["show_if"])
    if "show_if_options" in changes:
        changes["show_if_options"] = tuple(changes["show_if_options"])
    for name in ("min_value", "max_value"):
        if name in changes:
            changes[name] = _decimal(changes[name])
    with transaction.atomic():
        locked = _lock_editable(question.questionnaire)
        current = Question.objects.select_for_update().get(pk=question.pk)
        spec = replace(_spec_from(current), **changes)
        target = section or current.section
        if target.questionnaire_id != locked.pk:
            raise ValidationError("该部分不属于本问卷")
        if (
            spec.code != current.code
            and Question.objects.filter(questionnaire=locked, code=spec.code).exists()
        ):
            raise ValidationError(f"题目代码“{spec.code}”已被使用")
        if target.pk != current.section_id:
            last = Question.objects.filter(section=target).aggregate(m=Max("order"))
            current.section = target
            current.order = (last["m"] or 0) + 1
            earlier = _earlier(locked, section=target, exclude=current.pk)
        else:
            earlier = {
                q.code: q for q in _ordered(locked)[: _position(locked, current)]
            }
        _raise(spec_problems(spec, earlier=_with_options(earlier)))
        _write(current, spec, earlier.get(spec.show_if or ""))
        _check_conditions(locked)
        _audit(actor, "question_update", locked, request, question=spec.code)
    return current


def _position(questionnaire: Questionnaire, question: Question) -> int:
    return [q.pk for q in _ordered(questionnaire)].index(question.pk)


def question_remove(
    *, question: Question, actor: Any = None, request: HttpRequest | None = None
) -> None:
    with transaction.atomic():
        locked = _lock_editable(question.questionnaire)
        dependants = list(
            Question.objects.filter(show_if=question).values_list("code", flat=True)
        )
        if dependants:
            raise ValidationError(
                f"题目 {'、'.join(dependants)} 以本题作为显示条件，请先修改它们"
            )
        code = question.code
        question.delete()
        _audit(actor, "question_remove", locked, request, question=code)


def question_move(
    *,
    question: Question,
    offset: int,
    actor: Any = None,
    request: HttpRequest | None = None,
) -> None:
    """Move a question up (-1) or down (+1) within its section."""
    with transaction.atomic():
        locked = _lock_editable(question.questionnaire)
        siblings = list(
            Question.objects.filter(section_id=question.section_id).order_by(
                "order", "pk"
            )
        )
        index = [q.pk for q in siblings].index(question.pk)
        if not _swap(siblings, index, offset):
            raise ValidationError("该题已在本部分最前或最后")
        _check_conditions(locked)
        _audit(
            actor,
            "question_move",
            locked,
            request,
            question=question.code,
            offset=offset,
        )
