"""Questionnaires from data: the JSON shape of data/survey-2024.json."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from sanmin.campaigns.models import Campaign
from sanmin.surveys.models import (
    Question,
    Questionnaire,
    Section,
)
from sanmin.surveys.services.builder.definition import (
    OptionSpec,
    QuestionSpec,
    _code_problem,
    _decimal,
    _raise,
    campaign_scale_options,
    questionnaire_problems,
    spec_problems,
)
from sanmin.surveys.services.builder.editing import _audit, _header_problems, _write
from sanmin.surveys.services.builder.lifecycle import _next_version

DATA_2024 = Path(__file__).resolve().parents[2] / "data" / "survey-2024.json"


# Loading from data ---------------------------------------------------------------


def questionnaire_load(
    *,
    campaign: Campaign,
    data: Mapping[str, Any],
    actor: Any,
    request: HttpRequest | None = None,
) -> Questionnaire:
    """A questionnaire (a draft) from the JSON shape of data/survey-2024.json.

    A new family starts at version 1; a known family gets its next version. A
    question's `"scale": "campaign"` takes the campaign's rating scale as options.
    All or nothing: every problem is reported with its place.
    """
    try:
        sections = list(data["sections"])
        code, title, audience = str(data["code"]), str(data["title"]), data["audience"]
    except (KeyError, TypeError) as error:
        raise ValidationError(f"问卷数据格式有误：缺少 {error}") from error
    problems = _header_problems(
        title=title,
        audience=audience,
        allow_anonymous=bool(data.get("allow_anonymous", False)),
    )
    if problem := _code_problem(code, "问卷"):
        problems.append(problem)
    _raise(problems)
    scale = campaign_scale_options(campaign=campaign)
    with transaction.atomic():
        version = _next_version(campaign.pk, code)
        questionnaire = Questionnaire.objects.create(
            campaign=campaign,
            code=code,
            version=version,
            title=title,
            intro=str(data.get("intro", "")),
            audience=audience,
            allow_anonymous=bool(data.get("allow_anonymous", False)),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        earlier: dict[str, QuestionSpec] = {}
        made: dict[str, Question] = {}
        number = 0
        for s_index, section_data in enumerate(sections, 1):
            section = Section.objects.create(
                questionnaire=questionnaire,
                order=s_index,
                title=str(section_data.get("title", ""))[:80],
            )
            if not section.title.strip():
                problems.append(f"第 {s_index} 部分：缺少标题")
            for q_index, item in enumerate(section_data.get("questions", []), 1):
                number += 1
                spec = _spec_from_data(item, scale=scale, problems=problems, n=number)
                if spec is None:
                    continue
                place = f"第 {number} 题（{spec.code}）"
                found = spec_problems(spec, earlier=earlier)
                if spec.code in earlier:
                    found.append("题目代码重复")
                if found:
                    problems.extend(f"{place}：{p}" for p in found)
                    continue
                question = Question(
                    questionnaire=questionnaire, section=section, order=q_index
                )
                _write(question, spec, made.get(spec.show_if or ""))
                earlier[spec.code] = spec
                made[spec.code] = question
        if not problems:
            problems.extend(questionnaire_problems(questionnaire=questionnaire))
        _raise(problems)
        _audit(actor, "load", questionnaire, request, code=code, version=version)
    return questionnaire


def _spec_from_data(
    item: Mapping[str, Any],
    *,
    scale: tuple[OptionSpec, ...],
    problems: list[str],
    n: int,
) -> QuestionSpec | None:
    try:
        if item.get("scale") == "campaign":
            options = scale
        else:
            options = tuple(
                OptionSpec(
                    str(o["code"]),
                    str(o["label"]),
                    bool(o.get("counted", True)),
                    bool(o.get("satisfied", False)),
                )
                for o in item.get("options", [])
            )
        condition = item.get("show_if") or {}
        return QuestionSpec(
            code=str(item["code"]),
            kind=str(item["kind"]),
            prompt=str(item["prompt"]),
            help=str(item.get("help", "")),
            required=bool(item.get("required", True)),
            min_choices=item.get("min_choices"),
            max_choices=item.get("max_choices"),
            other_option=bool(item.get("other_option", False)),
            max_length=int(item.get("max_length", 500)),
            min_value=_decimal(item.get("min_value")),
            max_value=_decimal(item.get("max_value")),
            options=options,
            rows=tuple((str(r["code"]), str(r["label"])) for r in item.get("rows", [])),
            show_if=condition.get("question"),
            show_if_options=tuple(condition.get("options", ())),
        )
    except (KeyError, TypeError, ValueError, ValidationError) as error:
        problems.append(f"第 {n} 题：数据格式有误（{error}）")
        return None


def questionnaires_load_2024(
    *, campaign: Campaign, actor: Any, request: HttpRequest | None = None
) -> list[Questionnaire]:
    """The 2024 public survey and representatives' questionnaire, as drafts."""
    data = json.loads(DATA_2024.read_text(encoding="utf-8"))
    with transaction.atomic():
        return [
            questionnaire_load(
                campaign=campaign, data=item, actor=actor, request=request
            )
            for item in data["questionnaires"]
        ]
