"""Parallel submissions for one representative store exactly one ballot."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connections

from sanmin.evaluation.models import Ballot, BallotItem, Participation
from sanmin.evaluation.services.ballots import BallotRefused, ballot_cast
from sanmin.evaluation.tests.conftest import full_marks, new_key

pytestmark = pytest.mark.django_db(transaction=True)


def _race(user: Any, session: Any, when: Any, keys: list[str]) -> list[Any]:
    marks = full_marks(session)
    barrier = threading.Barrier(len(keys))
    outcomes: list[Any] = [None] * len(keys)

    def run(index: int) -> None:
        try:
            barrier.wait()
            outcomes[index] = ballot_cast(
                user=user,
                session=session,
                idempotency_key=keys[index],
                marks=marks,
                now=when,
            )
        except BallotRefused as refusal:
            outcomes[index] = refusal
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(keys))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_parallel_submissions_with_different_keys_store_one_ballot(
    representative_user: Any, public_session: Any, during: Any
) -> None:
    outcomes = _race(
        representative_user, public_session, during, [new_key() for _ in range(6)]
    )
    stored = [o for o in outcomes if not isinstance(o, BallotRefused)]
    assert len(stored) == 1
    assert all(
        "只能评议一次" in str(o) for o in outcomes if isinstance(o, BallotRefused)
    )
    assert Participation.objects.count() == Ballot.objects.count() == 1
    assert BallotItem.objects.count() == 8


def test_parallel_retries_of_one_submission_share_one_receipt(
    representative_user: Any, public_session: Any, during: Any
) -> None:
    key = new_key()
    outcomes = _race(representative_user, public_session, during, [key] * 6)
    assert {o.receipt for o in outcomes} == {Ballot.objects.get().receipt}
    assert BallotItem.objects.count() == 8
