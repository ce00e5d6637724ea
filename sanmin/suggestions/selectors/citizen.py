"""Reads for the submitter's pages (我的建议) and the access-checked attachment.

The access helpers raise Http404 for anything that is not the user's: a number or
an attachment that exists but belongs to someone else looks exactly like one that
does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from sanmin.accounts.access import staff_may_enter
from sanmin.accounts.models import Role
from sanmin.campaigns.models import Campaign, District, TopicArea
from sanmin.suggestions.models import (
    Attachment,
    Item,
    ItemStatus,
    Satisfaction,
    Status,
    Step,
    Suggestion,
)

# From these states on the approved answers of the case's items are the citizen's.
ANSWERED_STATES = (Status.ANSWERED, Status.FOLLOWED_UP, Status.PUBLISHED)


def submit_topics(*, campaign: Campaign) -> QuerySet[TopicArea]:
    """The campaign's topic areas (nine in the plan), in the plan's order."""
    return TopicArea.objects.filter(campaign=campaign).order_by("order", "pk")


def submit_districts() -> QuerySet[District]:
    return District.objects.order_by("order", "code")


def citizen_suggestions(*, user: Any) -> QuerySet[Suggestion]:
    """The user's own suggestions, newest first."""
    return (
        Suggestion.objects.filter(submitter=user)
        .select_related("topic")
        .only("number", "title", "status", "submitted_at", "topic__name")
        .order_by("-submitted_at", "-pk")
    )


def suggestion_for_submitter(*, user: Any, number: str) -> Suggestion:
    """The user's own suggestion by its tracking number; Http404 otherwise."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("没有该建议")
    suggestion = (
        Suggestion.objects.filter(number=number, submitter=user)
        .select_related("topic", "district", "merged_into")
        .first()
    )
    if suggestion is None:
        raise Http404("没有该建议")
    return suggestion


def case_timeline(*, suggestion: Suggestion) -> list[Step]:
    """The steps the submitter may see, oldest first."""
    return list(suggestion.steps.filter(public=True).order_by("at", "pk"))


@dataclass(frozen=True)
class CaseAnswer:
    department: str
    text: str


def case_answers(*, suggestion: Suggestion) -> list[CaseAnswer]:
    """The approved answers of the case's items, once the case is answered.

    A merged suggestion is answered through the case it was merged into.
    """
    case = suggestion.merged_into or suggestion
    if case.status not in ANSWERED_STATES:
        return []
    items = (
        Item.objects.filter(suggestion=case, status=ItemStatus.APPROVED)
        .select_related("lead")
        .order_by("seq")
    )
    return [CaseAnswer(department=item.lead.name, text=item.answer) for item in items]


def case_satisfaction(*, suggestion: Suggestion) -> Satisfaction | None:
    return Satisfaction.objects.filter(suggestion=suggestion).first()


def case_may_rate(*, suggestion: Suggestion) -> bool:
    """The satisfaction form shows once the case is answered and not yet rated."""
    if suggestion.status not in ANSWERED_STATES:
        return False
    return case_satisfaction(suggestion=suggestion) is None


def _department_handles(*, user: Any, suggestion_id: int) -> bool:
    department_id = getattr(user, "department_id", None)
    if department_id is None:
        return False
    return (
        Item.objects.filter(suggestion_id=suggestion_id)
        .filter(Q(lead_id=department_id) | Q(partners__pk=department_id))
        .exists()
    )


def attachment_for_user(*, user: Any, pk: int) -> Attachment:
    """An attachment the user may download; Http404 for everyone else.

    Allowed, one condition a line: the submitter; the office (verified); staff of a
    department that leads or partners an item of the case (verified).
    """
    attachment = (
        Attachment.objects.select_related("suggestion").filter(pk=pk).first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if attachment is None:
        raise Http404("没有该附件")
    suggestion = attachment.suggestion
    if suggestion.submitter_id == user.pk and user.role == Role.CITIZEN:
        return attachment
    if staff_may_enter(user, (Role.OFFICE,)) is None:
        return attachment
    if staff_may_enter(user, (Role.DEPARTMENT,)) is None and _department_handles(
        user=user, suggestion_id=suggestion.pk
    ):
        return attachment
    raise Http404("没有该附件")


_EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "application/pdf": ".pdf"}


def attachment_download_name(*, attachment: Attachment, user: Any) -> str:
    """The file name a download carries.

    The uploader's own name for the submitter; for staff a neutral one (number and
    sequence), since the original name may hold the submitter's name or phone and
    departments never see who submitted.
    """
    if attachment.suggestion.submitter_id == user.pk:
        return attachment.name
    suffix = _EXTENSIONS.get(attachment.content_type, "")
    return f"{attachment.suggestion.number}-附件{attachment.pk}{suffix}"
