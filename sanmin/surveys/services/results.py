"""Publishing a questionnaire's results and recording exports.

Results are under embargo (the statistics role only) until the office publishes
them; publication is once and for good, and only after the questionnaire has closed
(publishing while answers still come in would sway them).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.surveys.models import Questionnaire, QuestionnaireStatus, Response

EXPORT_FORMATS = ("csv", "xlsx")


def results_publish(
    *, questionnaire: Questionnaire, actor: Any, request: Any = None
) -> Questionnaire:
    """Publish the public summary of a closed questionnaire version.

    1. Lock the questionnaire row, so that two office clerks cannot both publish.
    2. Refuse a version that is not closed or is already published.
    3. Stamp `results_published_at` and audit it (response count only).
    """
    with transaction.atomic():
        locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if locked.results_published_at is not None:
            raise ValidationError("该问卷的调查结果已经公布")
        if locked.status != QuestionnaireStatus.CLOSED:
            raise ValidationError("问卷尚未结束，结束后才能公布调查结果")
        locked.results_published_at = timezone.now()
        locked.save(update_fields=["results_published_at"])
        audit_record(
            actor=actor,
            action="survey.results_publish",
            target=locked,
            detail={
                "code": locked.code,
                "version": locked.version,
                "responses": Response.objects.filter(questionnaire=locked).count(),
            },
            request=request,
        )
    questionnaire.results_published_at = locked.results_published_at
    return locked


def results_export_record(
    *, questionnaire: Questionnaire, fmt: str, actor: Any, request: Any = None
) -> None:
    """Record that `actor` exported the responses of a questionnaire version."""
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="survey.export",
            target=questionnaire,
            detail={"format": fmt, "version": questionnaire.version},
            request=request,
        )
