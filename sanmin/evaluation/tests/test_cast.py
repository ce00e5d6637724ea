from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import DatabaseError, models, transaction

from sanmin.audit.models import AuditEvent
from sanmin.evaluation.models import Ballot, BallotItem, Participation
from sanmin.evaluation.services.ballots import BallotRefused, Mark, ballot_cast
from sanmin.evaluation.tests.conftest import full_marks, new_key

pytestmark = pytest.mark.django_db


def _cast(user: Any, session: Any, when: dt.datetime, **kwargs: Any) -> Any:
    return ballot_cast(
        user=user,
        session=session,
        idempotency_key=kwargs.pop("key", None) or new_key(),
        marks=kwargs.pop("marks", None) or full_marks(session),
        now=when,
        **kwargs,
    )


def _nothing_stored() -> bool:
    return not (
        Participation.objects.exists()
        or Ballot.objects.exists()
        or BallotItem.objects.exists()
    )


def test_it_stores_one_ballot_with_an_item_per_department(
    representative_user: Any, public_session: Any, during: dt.datetime
) -> None:
    result = _cast(representative_user, public_session, during)
    assert not result.repeated
    assert len(result.receipt) == 19
    ballot = Ballot.objects.get()
    assert ballot.receipt == result.receipt
    assert ballot.items.count() == 8  # 经济建设一组
    assert Participation.objects.filter(session=public_session).count() == 1
    event = AuditEvent.objects.get(action="ballot.cast")
    assert event.object_type == "evaluation.participation"
    assert str(ballot.pk) not in str(event.detail)


def test_a_retry_with_the_same_key_returns_the_same_receipt(
    representative_user: Any, public_session: Any, during: dt.datetime
) -> None:
    key = new_key()
    first = _cast(representative_user, public_session, during, key=key)
    again = _cast(representative_user, public_session, during, key=key)
    assert again.receipt == first.receipt
    assert again.repeated
    assert Ballot.objects.count() == 1
    assert BallotItem.objects.count() == 8


def test_a_second_ballot_is_refused(
    representative_user: Any, public_session: Any, during: dt.datetime
) -> None:
    _cast(representative_user, public_session, during)
    with pytest.raises(BallotRefused, match="只能评议一次"):
        _cast(representative_user, public_session, during)
    assert Ballot.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("missing", "尚未评议"),
        ("stranger", "不属于本场次"),
        ("choice", "评议意见无效"),
        ("comment", "不能超过 200 字"),
    ],
)
def test_it_refuses_a_bad_ballot_and_stores_nothing(
    representative_user: Any,
    public_session: Any,
    during: dt.datetime,
    change: str,
    message: str,
) -> None:
    from sanmin.campaigns.models import Participant

    marks = full_marks(public_session)
    first = next(iter(marks))
    if change == "missing":
        del marks[first]
    elif change == "stranger":
        other = Participant.objects.exclude(group=public_session.group).first()
        assert other is not None
        marks[other.pk] = Mark(choice="satisfied")
    elif change == "choice":
        marks[first] = Mark(choice="very-happy")
    else:
        marks[first] = Mark(choice="satisfied", comment="长" * 201)
    with pytest.raises(BallotRefused, match=message):
        _cast(representative_user, public_session, during, marks=marks)
    assert _nothing_stored()


def test_it_refuses_outside_the_window(
    representative_user: Any, public_session: Any
) -> None:
    window = public_session.window
    with pytest.raises(BallotRefused, match="尚未开始"):
        _cast(
            representative_user,
            public_session,
            window.opens_at - dt.timedelta(seconds=1),
        )
    with pytest.raises(BallotRefused, match="已截止"):
        _cast(representative_user, public_session, window.closes_at)
    assert _nothing_stored()
    # The boundaries themselves: open at opens_at, closed at closes_at.
    assert _cast(representative_user, public_session, window.opens_at).receipt


def test_it_refuses_people_not_on_the_sessions_roster(
    citizen_user: Any, representative_user: Any, campaign: Any, public_session: Any
) -> None:
    with pytest.raises(BallotRefused, match="不在本场次的评议代表名单"):
        _cast(citizen_user, public_session, public_session.window.opens_at)
    internal = campaign.sessions.get(kind="internal")
    with pytest.raises(BallotRefused, match="不在本场次的评议代表名单"):
        _cast(representative_user, internal, internal.window.opens_at)
    assert _nothing_stored()


def test_it_refuses_a_malformed_key(
    representative_user: Any, public_session: Any, during: dt.datetime
) -> None:
    with pytest.raises(BallotRefused, match="凭据无效"):
        _cast(representative_user, public_session, during, key="short")
    assert _nothing_stored()


@pytest.mark.parametrize("model", [Participation, Ballot, BallotItem])
def test_the_database_refuses_update_and_delete(
    representative_user: Any, public_session: Any, during: dt.datetime, model: Any
) -> None:
    _cast(representative_user, public_session, during)
    rows = model.objects.all()
    field = (
        "device_hash"
        if model is Participation
        else "comment"
        if model is BallotItem
        else "receipt"
    )
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.update(**{field: "changed"})
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.delete()
    assert model.objects.count() == rows.count() > 0


@pytest.mark.parametrize("model", [Ballot, BallotItem])
def test_ballot_tables_hold_nothing_that_links_to_a_person(model: Any) -> None:
    """No person, no time, no sequential key: the link lives nowhere in the data."""
    from sanmin.accounts.models import User
    from sanmin.representatives.models import Representative

    for field in model._meta.get_fields():
        related = getattr(field, "related_model", None)
        assert related not in (User, Representative, Participation), field.name
        assert not isinstance(field, models.DateTimeField | models.DateField), (
            field.name
        )
    assert isinstance(model._meta.pk, models.UUIDField)
