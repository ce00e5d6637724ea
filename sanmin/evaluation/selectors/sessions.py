"""Reads for the representative's pages and the office's window list: which sessions a
person may rate, where each window stands, and the public list of receipts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import QuerySet

from sanmin.campaigns.models import Campaign, Session
from sanmin.evaluation.models import Ballot, Participation, Window
from sanmin.evaluation.services.ballots import key_hash
from sanmin.representatives.models import Representative
from sanmin.representatives.selectors import representative_entries_for


class WindowState(StrEnum):
    UNSCHEDULED = "unscheduled"
    PENDING = "pending"
    OPEN = "open"
    CLOSED = "closed"


WINDOW_STATE_LABELS = {
    WindowState.UNSCHEDULED: "待安排",
    WindowState.PENDING: "未开始",
    WindowState.OPEN: "评议中",
    WindowState.CLOSED: "已截止",
}


def window_state(window: Window | None, *, now: dt.datetime) -> WindowState:
    if window is None:
        return WindowState.UNSCHEDULED
    if now < window.opens_at:
        return WindowState.PENDING
    if window.has_closed(now):
        return WindowState.CLOSED
    return WindowState.OPEN


def session_window(session: Session) -> Window | None:
    return Window.objects.filter(session=session).first()


@dataclass(frozen=True)
class SessionEntry:
    """A session as one person or the office sees it."""

    session: Session
    window: Window | None
    state: WindowState
    voted: bool = False

    @property
    def state_label(self) -> str:
        return WINDOW_STATE_LABELS[self.state]


def session_get(*, session_id: int) -> Session | None:
    return (
        Session.objects.select_related("campaign", "group")
        .filter(pk=session_id)
        .first()
    )


def _sessions_of_roster(entry: Representative) -> QuerySet[Session]:
    kind = (
        Session.Kind.INTERNAL
        if entry.roster == Representative.Roster.INTERNAL
        else Session.Kind.PUBLIC
    )
    return Session.objects.filter(campaign_id=entry.campaign_id, kind=kind)


def representative_sessions(*, user: Any, now: dt.datetime) -> list[SessionEntry]:
    """The sessions the user may rate, newest campaign first, in time order.

    A public roster entry gives the campaign's public sessions, an internal one its
    internal session. `voted` comes from the participation rows only.
    """
    if getattr(user, "role", "") != "citizen":
        return []
    entries = list(representative_entries_for(getattr(user, "id_hash", "")))
    if not entries:
        return []
    sessions: list[Session] = []
    for entry in entries:
        sessions += _sessions_of_roster(entry).select_related("campaign", "group")
    windows = {w.session_id: w for w in Window.objects.filter(session__in=sessions)}
    voted = set(
        Participation.objects.filter(
            representative__in=entries, session__in=sessions
        ).values_list("session_id", flat=True)
    )
    sessions.sort(key=lambda s: (-s.campaign.year, s.starts_at))
    return [
        SessionEntry(
            session=s,
            window=windows.get(s.pk),
            state=window_state(windows.get(s.pk), now=now),
            voted=s.pk in voted,
        )
        for s in sessions
    ]


def representative_has_voted(
    *, session: Session, representative: Representative
) -> bool:
    return Participation.objects.filter(
        session=session, representative=representative
    ).exists()


def campaign_session_windows(
    *, campaign: Campaign, now: dt.datetime
) -> list[SessionEntry]:
    """Every session of a campaign with its window, for the office."""
    sessions = list(campaign.sessions.select_related("group").order_by("starts_at"))
    windows = {w.session_id: w for w in Window.objects.filter(session__in=sessions)}
    return [
        SessionEntry(
            session=s,
            window=windows.get(s.pk),
            state=window_state(windows.get(s.pk), now=now),
        )
        for s in sessions
    ]


def window_get(*, window_id: int) -> Window | None:
    return (
        Window.objects.select_related("session", "session__campaign")
        .filter(pk=window_id)
        .first()
    )


# Receipts ---------------------------------------------------------------------------

_RECEIPT_CHARS = re.compile(r"[^A-Z2-7]")


def receipt_normalise(text: str) -> str:
    """A receipt as typed (any case, spaces, dashes or none) in its printed form."""
    plain = _RECEIPT_CHARS.sub("", text.upper())
    if len(plain) != 16:
        return ""
    return "-".join(plain[i : i + 4] for i in range(0, 16, 4))


def session_receipts(*, session: Session) -> QuerySet[Ballot, str]:
    """Every receipt of the session in alphabetical order: no name, no time."""
    return (
        Ballot.objects.filter(session=session)
        .order_by("receipt")
        .values_list("receipt", flat=True)
    )


def receipt_listed(*, session: Session, receipt: str) -> bool:
    return Ballot.objects.filter(session=session, receipt=receipt).exists()


def receipt_for_key(*, session: Session, idempotency_key: str) -> str | None:
    """The receipt of the ballot cast with this key in this session, if any.

    The browser that cast a ballot keeps its key; this is the only way back from a
    person to a receipt, since the server stores no link between them.
    """
    if not idempotency_key:
        return None
    return (
        Ballot.objects.filter(session=session, key_hash=key_hash(idempotency_key))
        .values_list("receipt", flat=True)
        .first()
    )
