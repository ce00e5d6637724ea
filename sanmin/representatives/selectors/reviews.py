"""Reads of 资格审查: a reviewer's queue (their body's decisions only) and what the
draw may take (candidates both bodies passed).

A reviewer sees only what the review needs: name, masked ID number, district,
category and channel; never the phone, occupation, organisation, the other body's
decision or its reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from sanmin.accounts.models import ReviewerBody
from sanmin.campaigns.models import Campaign, District, QuotaCategory
from sanmin.core import crypto
from sanmin.core.personal import mask_id
from sanmin.representatives.models import Candidate, Review

PAGE_SIZE = 50

# Eligible for the draw: both bodies passed the candidate.
ELIGIBLE = Q(police_review=Review.PASSED, petition_review=Review.PASSED)


def review_field(body: str) -> str:
    """The Candidate field holding `body`'s decision ("police_review", ...)."""
    return f"{ReviewerBody(body).value}_review"


def reason_field(body: str) -> str:
    return f"{ReviewerBody(body).value}_reason"


def candidates_eligible(*, campaign: Campaign) -> QuerySet[Candidate]:
    return Candidate.objects.filter(ELIGIBLE, campaign=campaign)


def review_queue(
    *,
    campaign: Campaign,
    body: str,
    status: str = Review.PENDING,
    district: District | None = None,
    category: QuotaCategory | None = None,
    channel: str = "",
) -> QuerySet[Candidate]:
    """The campaign's candidates whose decision by `body` is `status`, filtered."""
    candidates = Candidate.objects.filter(
        campaign=campaign, **{review_field(body): status}
    ).select_related("category", "district")
    if district is not None:
        candidates = candidates.filter(district=district)
    if category is not None:
        candidates = candidates.filter(category=category)
    if channel:
        candidates = candidates.filter(channel=channel)
    return candidates.order_by("id")


def review_candidate(*, campaign: Campaign, candidate_id: int) -> Candidate | None:
    return (
        Candidate.objects.select_related("category", "district")
        .filter(campaign=campaign, pk=candidate_id)
        .first()
    )


@dataclass(frozen=True)
class QueueEntry:
    """One line of the queue: only what the review needs."""

    pk: int
    name: str
    id_masked: str
    district: str
    category: str
    channel: str
    decision: str
    decision_label: str
    reason: str


def queue_entries(candidates: Iterable[Candidate], *, body: str) -> list[QueueEntry]:
    """Decrypt the names and mask the ID numbers of one page of the queue."""
    decrypt = crypto.cipher().decrypt
    entries = []
    for candidate in candidates:
        decision = getattr(candidate, review_field(body))
        entries.append(
            QueueEntry(
                pk=candidate.pk,
                name=decrypt(candidate.name_cipher),
                id_masked=mask_id(decrypt(candidate.id_cipher)),
                district=candidate.district.name if candidate.district else "",
                category=candidate.category.name,
                channel=candidate.get_channel_display(),
                decision=decision,
                decision_label=Review(decision).label,
                reason=getattr(candidate, reason_field(body)),
            )
        )
    return entries


def reviewer_body(user: Any) -> str:
    """The body a reviewer decides for ("" if none)."""
    body = getattr(user, "reviewer_body", "")
    return body if body in ReviewerBody.values else ""
