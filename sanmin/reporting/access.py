"""Loading 云述职 objects for staff, scoped to who is asking; one condition a line.

A department's staff reach only their own department's participations, revisions and
interview topics; the office reaches all of them. Every refusal is a 403 recorded in
the audit log (`deny`). The views also check the role (`role_required`); these checks
hold on their own, so that a view that forgets one still refuses.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from sanmin.accounts.access import deny
from sanmin.accounts.models import Role
from sanmin.campaigns.models import Campaign, Participant
from sanmin.reporting.models import (
    Announcement,
    DisclosureRevision,
    HotTopic,
    RepresentativeQuestion,
)
from sanmin.representatives.selectors import representative_entries_for


def _department_may_see(request: HttpRequest, participant: Participant) -> None:
    user: Any = request.user
    if user.role == Role.OFFICE:
        return
    if user.role != Role.DEPARTMENT:
        raise deny(request, reason="role")
    if user.department_id is None:
        raise deny(request, reason="no-department")
    if participant.department_id != user.department_id:
        raise deny(request, reason="other-department")


def participant_for_staff(*, request: HttpRequest, participant_id: int) -> Participant:
    """A participation: the department's own for its staff, any for the office."""
    participant = get_object_or_404(
        Participant.objects.select_related("campaign", "department", "group"),
        pk=participant_id,
    )
    _department_may_see(request, participant)
    return participant


def participant_for_department(
    *, request: HttpRequest, participant_id: int
) -> Participant:
    """A participation the signed-in department staff may edit (their own only)."""
    participant = participant_for_staff(request=request, participant_id=participant_id)
    if getattr(request.user, "role", None) != Role.DEPARTMENT:
        raise deny(request, reason="role")
    return participant


def revision_for_staff(*, request: HttpRequest, revision_id: int) -> DisclosureRevision:
    """A revision: of the department's own participations, or any for the office."""
    revision = get_object_or_404(
        DisclosureRevision.objects.select_related(
            "participant", "participant__department", "participant__campaign"
        ),
        pk=revision_id,
    )
    _department_may_see(request, revision.participant)
    return revision


def revision_for_review(
    *, request: HttpRequest, revision_id: int
) -> DisclosureRevision:
    """A revision the office reviews."""
    revision = revision_for_staff(request=request, revision_id=revision_id)
    if getattr(request.user, "role", None) != Role.OFFICE:
        raise deny(request, reason="role")
    return revision


def participants_for_staff(*, user: Any) -> QuerySet[Participant]:
    """The participations a staff member works on, latest campaign first."""
    participants = Participant.objects.select_related(
        "campaign", "department", "group"
    ).order_by("-campaign__year", "campaign__slug", "group__order", "order")
    if user.role == Role.OFFICE:
        return participants
    if user.role == Role.DEPARTMENT and user.department_id:
        return participants.filter(department_id=user.department_id)
    return participants.none()


def revisions_of(*, participant: Participant) -> list[DisclosureRevision]:
    return list(
        DisclosureRevision.objects.filter(participant=participant)
        .select_related("reviewer")
        .order_by("-number")
    )


def review_queue() -> QuerySet[DisclosureRevision]:
    """Submitted revisions, oldest first (the office works through them in order)."""
    return (
        DisclosureRevision.objects.filter(status=DisclosureRevision.Status.SUBMITTED)
        .select_related("participant__department", "participant__campaign")
        .order_by("submitted_at", "pk")
    )


def revision_published_for(*, participant: Participant) -> DisclosureRevision | None:
    return DisclosureRevision.objects.filter(
        participant=participant, status=DisclosureRevision.Status.PUBLISHED
    ).first()


def revision_open_for(*, participant: Participant) -> DisclosureRevision | None:
    return DisclosureRevision.objects.filter(
        participant=participant, status__in=DisclosureRevision.OPEN_STATUSES
    ).first()


def announcement_for_office(*, announcement_id: int) -> Announcement:
    return get_object_or_404(Announcement, pk=announcement_id)


def announcements_for_office() -> QuerySet[Announcement]:
    return Announcement.objects.select_related("campaign").order_by("-created_at")


def campaigns_for_office() -> QuerySet[Campaign]:
    return Campaign.objects.order_by("-year", "slug")


def hot_topics_for(*, campaign: Campaign) -> QuerySet[HotTopic]:
    return (
        HotTopic.objects.filter(participant__campaign=campaign)
        .select_related("participant__department", "participant__group")
        .order_by("participant__group__order", "participant__order", "rank")
    )


def question_for_moderation(*, question_id: int) -> RepresentativeQuestion:
    return get_object_or_404(
        RepresentativeQuestion.objects.select_related("participant__department"),
        pk=question_id,
    )


def questions_for_moderation(*, status: str) -> QuerySet[RepresentativeQuestion]:
    """Questions by status, without the asker: moderation needs only the text."""
    return (
        RepresentativeQuestion.objects.filter(status=status)
        .select_related("participant__department", "participant__campaign")
        .defer("asker")
        .order_by("asked_at", "pk")
    )


def interview_topics_for(
    *, participant: Participant
) -> tuple[list[HotTopic], list[RepresentativeQuestion]]:
    """What a department prepares for its director interview: hot topics and the
    listed questions. Questions are returned without their asker."""
    topics = list(HotTopic.objects.filter(participant=participant).order_by("rank"))
    questions = list(
        RepresentativeQuestion.objects.filter(
            participant=participant, status=RepresentativeQuestion.Status.LISTED
        )
        .only("pk", "text", "asked_at", "participant_id")
        .order_by("asked_at", "pk")
    )
    return topics, questions


def participant_for_question(*, participant_id: int) -> Participant:
    """A publicly reporting participation; internal ones take no public questions."""
    return get_object_or_404(
        Participant.objects.select_related("campaign", "department"),
        pk=participant_id,
        internal=False,
    )


def question_may_ask(*, user: Any, participant: Participant) -> bool:
    """Whether `user` may ask this department: a representative of its campaign."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role != Role.CITIZEN:
        return False
    entries = representative_entries_for(user.id_hash)
    return entries.filter(campaign_id=participant.campaign_id).exists()
