"""Casting a ballot: once, durably, and apart from who cast it."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sanmin.audit.services import audit_record
from sanmin.campaigns.models import Participant, RatingChoice, Session
from sanmin.core import crypto
from sanmin.core.rows import row_insert, rows_insert
from sanmin.evaluation.models import Ballot, BallotItem, Participation, Window
from sanmin.evaluation.selectors.ballots import (
    session_departments,
    session_representative,
    session_roster,
)
from sanmin.representatives.models import Representative
from sanmin.representatives.selectors import ACTIVE_STATUSES

COMMENT_MAX = 200
_KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,128}$")


class BallotRefused(ValidationError):
    """The ballot was not stored; the message says why, in Chinese."""


@dataclass(frozen=True)
class Mark:
    choice: str
    comment: str = ""


@dataclass(frozen=True)
class CastResult:
    receipt: str
    repeated: bool


def key_hash(idempotency_key: str) -> str:
    return hashlib.sha256(idempotency_key.encode()).hexdigest()


def receipt_for(
    *, ballot_id: uuid.UUID, session_id: int, items: list[tuple[int, str, str]]
) -> str:
    """A keyed hash over the whole ballot, shown as 4 groups of 4 characters.

    Without the server's look-up key nobody can test a guessed vote against it; with
    the stored ballot it can be recomputed, so an altered ballot no longer matches.
    """
    canonical = json.dumps(
        {"ballot": str(ballot_id), "session": session_id, "items": sorted(items)},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode()
    digest = crypto.keyed_digest(canonical, purpose="ballot-receipt")
    code = base64.b32encode(bytes.fromhex(digest)[:10]).decode()
    return "-".join(code[i : i + 4] for i in range(0, 16, 4))


def _validated_items(
    *,
    session: Session,
    marks: Mapping[int, Mark],
    departments: Iterable[Participant] | None = None,
    choices: Iterable[RatingChoice] | None = None,
) -> list[tuple[Participant, RatingChoice, str]]:
    if departments is None:
        departments = session_departments(session)
    if choices is None:
        choices = RatingChoice.objects.filter(campaign_id=session.campaign_id)
    by_pk = {p.pk: p for p in departments}
    missing = [p.department.name for pk, p in by_pk.items() if pk not in marks]
    if missing:
        raise BallotRefused(f"请为每个部门选择评议意见，尚未评议：{'、'.join(missing)}")
    strangers = [pk for pk in marks if pk not in by_pk]
    if strangers:
        raise BallotRefused("评议票中包含不属于本场次的部门")
    by_code = {c.code: c for c in choices}
    items = []
    for pk, participant in by_pk.items():
        mark = marks[pk]
        choice = by_code.get(mark.choice)
        if choice is None:
            raise BallotRefused(f"“{participant.department.name}”的评议意见无效")
        comment = mark.comment.strip()
        if len(comment) > COMMENT_MAX:
            raise BallotRefused(
                f"对“{participant.department.name}”的意见不能超过 {COMMENT_MAX} 字"
            )
        items.append((participant, choice, comment))
    return items


def _existing(*, hashed: str, session: Session) -> CastResult | None:
    ballot = (
        Ballot.objects.filter(key_hash=hashed).only("session_id", "receipt").first()
    )
    if ballot is None:
        return None
    if ballot.session_id != session.pk:
        raise BallotRefused("评议凭据与场次不符，请刷新页面后重试")
    return CastResult(receipt=ballot.receipt, repeated=True)


def _serves(representative: Representative, *, session: Session, user: Any) -> bool:
    """Whether a roster entry passed in is the user's, for this session (no query)."""
    return (
        getattr(user, "role", "") == "citizen"
        and bool(getattr(user, "id_hash", ""))
        and representative.id_hash == user.id_hash
        and representative.campaign_id == session.campaign_id
        and representative.roster == session_roster(session)
        and representative.status in ACTIVE_STATUSES
    )


def _admissible(
    *,
    user: Any,
    session: Session,
    marks: Mapping[int, Mark],
    now: dt.datetime,
    representative: Representative | None,
    window: Window | None,
    departments: Iterable[Participant] | None,
    choices: Iterable[RatingChoice] | None,
) -> tuple[Representative, list[tuple[Participant, RatingChoice, str]]]:
    """The user's roster entry and the checked items, or why the ballot is refused:
    not on the session's roster, window not open, an item missing or invalid."""
    if representative is None or not _serves(
        representative, session=session, user=user
    ):
        representative = session_representative(session=session, user=user)
    if representative is None:
        raise BallotRefused("您不在本场次的评议代表名单中，不能参加评议")
    if window is None or window.session_id != session.pk:
        window = Window.objects.filter(session=session).first()
    if window is None or now < window.opens_at:
        raise BallotRefused("本场次评议尚未开始")
    if window.has_closed(now):
        raise BallotRefused("本场次评议已截止")
    items = _validated_items(
        session=session, marks=marks, departments=departments, choices=choices
    )
    return representative, items


def ballot_cast(
    *,
    user: Any,
    session: Session,
    idempotency_key: str,
    marks: Mapping[int, Mark],
    device_hash: str = "",
    network_hash: str = "",
    now: dt.datetime | None = None,
    representative: Representative | None = None,
    window: Window | None = None,
    departments: Iterable[Participant] | None = None,
    choices: Iterable[RatingChoice] | None = None,
) -> CastResult:
    """Store a representative's ballot for a session, or return the one already stored.

    1. The user must be on the session's roster and the window must be open.
    2. Every department of the session gets exactly one valid choice.
    3. In one transaction: the participation row (unique per representative and
       session), the ballot (random id, unique hashed key, receipt, no time, no
       person) and its items, and an audit event naming the participation only.
    4. A key seen before returns its ballot's receipt (a retry after a lost answer),
       whether step 1 or 2 refused it or the transaction failed on the unique
       participation or key; any other duplicate is refused as already cast.
    The answer is given only after the transaction has committed.

    A caller that has already read them in this request (the cast view) may pass the
    user's roster entry for the session (`session_representative`), the session's
    window, its departments (`session_departments`) and the campaign's choices, so
    that they are not read twice; everything is still checked against them here.
    """
    if not _KEY_PATTERN.match(idempotency_key or ""):
        raise BallotRefused("评议凭据无效，请刷新页面后重试")
    hashed = key_hash(idempotency_key)
    now = now or timezone.now()
    try:
        representative, items = _admissible(
            user=user,
            session=session,
            marks=marks,
            now=now,
            representative=representative,
            window=window,
            departments=departments,
            choices=choices,
        )
    except BallotRefused:
        # A retry of a ballot already stored gets its receipt, even once the window
        # has closed; only then is the key looked up (a first cast needs no look-up:
        # the unique key and participation catch a repeat in the transaction).
        earlier = _existing(hashed=hashed, session=session)
        if earlier:
            return earlier
        raise
    ballot_id = uuid.uuid4()
    receipt = receipt_for(
        ballot_id=ballot_id,
        session_id=session.pk,
        items=[(p.pk, c.code, comment) for p, c, comment in items],
    )
    try:
        with transaction.atomic():
            # Kept statements (sanmin.core.rows): nothing listens to these models'
            # signals, and the ORM would compile the same three inserts every time.
            participation = Participation(
                session=session,
                representative=representative,
                voted_at=now,
                device_hash=device_hash,
                network_hash=network_hash,
            )
            row_insert(participation)
            row_insert(
                Ballot(id=ballot_id, session=session, key_hash=hashed, receipt=receipt)
            )
            rows_insert(
                [
                    BallotItem(
                        ballot_id=ballot_id, participant=p, choice=c, comment=comment
                    )
                    for p, c, comment in items
                ]
            )
            audit_record(
                actor=user,
                action="ballot.cast",
                target=participation,
                detail={"session": session.pk},
            )
    except IntegrityError:
        again = _existing(hashed=hashed, session=session)
        if again:
            return again
        raise BallotRefused("您已完成本场次评议，每位代表只能评议一次") from None
    return CastResult(receipt=receipt, repeated=False)
