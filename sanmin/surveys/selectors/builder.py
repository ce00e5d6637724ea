"""Reads of the questionnaire builder: the families of a campaign with their
versions and answer counts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count
from django.shortcuts import get_object_or_404

from sanmin.campaigns.models import Campaign
from sanmin.surveys.models import Question, Questionnaire, QuestionnaireStatus, Section


@dataclass(frozen=True)
class Family:
    """The versions of one questionnaire code, newest first."""

    code: str
    versions: tuple[Questionnaire, ...]  # annotated with response_count

    @property
    def latest(self) -> Questionnaire:
        return self.versions[0]

    @property
    def open_version(self) -> Questionnaire | None:
        return next(
            (q for q in self.versions if q.status == QuestionnaireStatus.OPEN), None
        )

    @property
    def has_draft(self) -> bool:
        return any(q.status == QuestionnaireStatus.DRAFT for q in self.versions)


def questionnaire_families(*, campaign: Campaign) -> list[Family]:
    """Every questionnaire of the campaign grouped by family, in one query."""
    versions = (
        Questionnaire.objects.filter(campaign=campaign)
        .annotate(response_count=Count("responses"))
        .order_by("code", "-version")
    )
    families: dict[str, list[Questionnaire]] = {}
    for questionnaire in versions:
        families.setdefault(questionnaire.code, []).append(questionnaire)
    return [Family(code, tuple(items)) for code, items in families.items()]


def questionnaire_for_builder(*, pk: int) -> Questionnaire:
    """A questionnaire with its answer count (404 when unknown)."""
    return get_object_or_404(
        Questionnaire.objects.select_related("campaign").annotate(
            response_count=Count("responses")
        ),
        pk=pk,
    )


def section_for_builder(*, pk: int) -> Section:
    return get_object_or_404(Section.objects.select_related("questionnaire"), pk=pk)


def question_for_builder(*, pk: int) -> Question:
    return get_object_or_404(
        Question.objects.select_related("questionnaire", "section"), pk=pk
    )
