"""`seat_read`: the one statement every ballot request starts with finds the same
session, window, roster entry and voted flag as the ORM selectors it replaces."""

from __future__ import annotations

from typing import Any

import pytest

from sanmin.campaigns.models import Session
from sanmin.evaluation.models import Window
from sanmin.evaluation.selectors.ballots import session_representative
from sanmin.evaluation.selectors.seats import seat_read
from sanmin.evaluation.selectors.sessions import representative_has_voted
from sanmin.evaluation.services.ballots import ballot_cast
from sanmin.evaluation.tests.ballot_helpers import internal_session, open_session
from sanmin.evaluation.tests.conftest import full_marks, new_key

pytestmark = pytest.mark.django_db


def _same_as_orm(session: Session, user: Any) -> Any:
    found = seat_read(session_id=session.pk, user=user)
    assert found is not None
    expected = session_representative(session=session, user=user)
    assert found.representative == expected
    assert found.session == session and found.session.title == session.title
    assert found.session.starts_at == session.starts_at  # converters applied
    assert found.window == Window.objects.filter(session=session).first()
    voted = expected is not None and representative_has_voted(
        session=session, representative=expected
    )
    assert found.voted is voted
    return found


def test_a_representative_before_and_after_voting(
    campaign: Any, representative_user: Any
) -> None:
    session = open_session(campaign)
    before = _same_as_orm(session, representative_user)
    assert before.representative is not None and not before.voted
    assert before.window is not None and before.window.opens_at.tzinfo is not None
    ballot_cast(
        user=representative_user,
        session=session,
        idempotency_key=new_key(),
        marks=full_marks(session),
    )
    assert _same_as_orm(session, representative_user).voted


def test_no_entry_for_another_roster_a_stepped_down_entry_or_staff(
    campaign: Any, representative_user: Any, office_user: Any
) -> None:
    from sanmin.representatives.models import Representative

    internal = internal_session(campaign)
    assert _same_as_orm(internal, representative_user).representative is None
    session = open_session(campaign)
    assert _same_as_orm(session, office_user).representative is None
    Representative.objects.filter(id_hash=representative_user.id_hash).update(
        status=Representative.Status.DECLINED
    )
    assert _same_as_orm(session, representative_user).representative is None


def test_a_session_without_a_window_and_an_unknown_session(
    campaign: Any, representative_user: Any
) -> None:
    session = campaign.sessions.filter(kind="public").order_by("starts_at").last()
    Window.objects.filter(session=session).delete()
    found = _same_as_orm(session, representative_user)
    assert found.window is None and found.representative is not None
    assert seat_read(session_id=10**9, user=representative_user) is None
