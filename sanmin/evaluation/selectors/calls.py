"""Reads for the call list: a district's representatives who have not voted yet.

District staff reach only their own district; the office may read every district's
list (masked phones only: revealing a number is for the district that calls). The
list says nothing about how anyone voted: it is built from who has *not* voted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from sanmin.accounts.access import deny
from sanmin.accounts.models import Role
from sanmin.campaigns.models import Campaign, District, Session
from sanmin.core import crypto
from sanmin.core.personal import mask_phone
from sanmin.evaluation.models import CallMark, Participation
from sanmin.evaluation.selectors.ballots import session_roster
from sanmin.representatives.models import Representative
from sanmin.representatives.selectors import ACTIVE_STATUSES


@dataclass(frozen=True)
class CallEntry:
    representative_id: int
    name: str
    phone_masked: str
    district: str
    category: str
    calls: int
    last_called_at: dt.datetime | None
    last_called_by: str
    last_note: str

    @property
    def has_phone(self) -> bool:
        return bool(self.phone_masked)


@dataclass(frozen=True)
class CallSessionSummary:
    session: Session
    opens_at: dt.datetime | None
    closes_at: dt.datetime | None
    not_voted: int


def call_district_scope(*, request: HttpRequest) -> District | None:
    """The district whose list the user may read: their own for district staff,
    None (every district) for the office; anyone else is refused."""
    user: Any = request.user
    if user.role == Role.OFFICE:
        return None
    if user.role != Role.DISTRICT:
        raise deny(request, reason="role")
    if user.district_id is None:
        raise deny(request, reason="no-district")
    return user.district  # type: ignore[no-any-return]


def call_session_get(*, session_id: int) -> Session:
    return get_object_or_404(
        Session.objects.select_related("campaign", "window"), pk=session_id
    )


def _not_voted(session: Session) -> QuerySet[Representative]:
    voted = Participation.objects.filter(session=session, representative=OuterRef("pk"))
    return Representative.objects.filter(
        campaign_id=session.campaign_id,
        roster=session_roster(session),
        status__in=ACTIVE_STATUSES,
    ).exclude(Exists(voted))


def call_candidates(
    *, session: Session, district: District | None
) -> QuerySet[Representative]:
    """Serving representatives on the session's roster without a participation,
    of `district` (None: every district), in district then roster order."""
    candidates = _not_voted(session)
    if district is not None:
        candidates = candidates.filter(district=district)
    return candidates.select_related("district", "category").order_by(
        "district__order", "district__code", "pk"
    )


def call_entries(
    *, session: Session, representatives: Sequence[Representative]
) -> list[CallEntry]:
    """The rows of the list: names decrypted, phones masked, the latest call mark."""
    ids = [r.pk for r in representatives]
    marks: dict[int, list[CallMark]] = {}
    for mark in (
        CallMark.objects.filter(session=session, representative_id__in=ids)
        .select_related("called_by")
        .order_by("-called_at", "-pk")
    ):
        marks.setdefault(mark.representative_id, []).append(mark)
    cipher = crypto.cipher()
    entries = []
    for representative in representatives:
        own = marks.get(representative.pk, [])
        last = own[0] if own else None
        phone = (
            cipher.decrypt(representative.phone_cipher)
            if representative.phone_cipher
            else ""
        )
        entries.append(
            CallEntry(
                representative_id=representative.pk,
                name=cipher.decrypt(representative.name_cipher),
                phone_masked=mask_phone(phone) if phone else "",
                district=representative.district.name
                if representative.district
                else "",
                category=representative.category.name
                if representative.category
                else "",
                calls=len(own),
                last_called_at=last.called_at if last else None,
                last_called_by=(
                    last.called_by.display_name or last.called_by.get_username()
                )
                if last
                else "",
                last_note=last.note if last else "",
            )
        )
    return entries


def call_representative_for(
    *, request: HttpRequest, session: Session, representative_id: int
) -> Representative:
    """A representative the signed-in district staff may call about this session:
    on its roster, serving, and of their own district (another district: 403)."""
    user: Any = request.user
    representative = get_object_or_404(
        Representative.objects.select_related("district"),
        pk=representative_id,
        campaign_id=session.campaign_id,
        roster=session_roster(session),
        status__in=ACTIVE_STATUSES,
    )
    if user.role != Role.DISTRICT:
        raise deny(request, reason="role")
    if user.district_id is None:
        raise deny(request, reason="no-district")
    if representative.district_id != user.district_id:
        raise deny(request, reason="other-district")
    return representative


def call_session_summaries(
    *, campaign: Campaign, district: District | None
) -> list[CallSessionSummary]:
    """Each session of the campaign with its window and how many have not voted."""
    summaries = []
    for session in campaign.sessions.select_related("window").order_by("starts_at"):
        window = getattr(session, "window", None)
        not_voted = _not_voted(session)
        if district is not None:
            not_voted = not_voted.filter(district=district)
        summaries.append(
            CallSessionSummary(
                session=session,
                opens_at=window.opens_at if window else None,
                closes_at=window.closes_at if window else None,
                not_voted=not_voted.count(),
            )
        )
    return summaries


def call_districts() -> QuerySet[District]:
    return District.objects.order_by("order", "code")
