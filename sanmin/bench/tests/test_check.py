from __future__ import annotations

from sanmin.bench.check import Stored, ballots_check

RECEIPTS = {"1": "AAAA-AAAA-AAAA-AAAA", "2": "BBBB-BBBB-BBBB-BBBB"}


def _stored(items: dict[str, int], participations: int = 2) -> Stored:
    return Stored(items=items, participations=participations, audit_events=2)


def test_it_passes_when_every_acknowledged_ballot_is_stored_once() -> None:
    checked = ballots_check(
        acknowledged=RECEIPTS,
        stored=_stored(dict.fromkeys(RECEIPTS.values(), 11)),
        departments=11,
    )

    assert checked.ok
    assert (checked.lost, checked.doubled, checked.unacknowledged) == (0, 0, 0)


def test_it_finds_a_lost_ballot() -> None:
    checked = ballots_check(
        acknowledged=RECEIPTS,
        stored=_stored({"AAAA-AAAA-AAAA-AAAA": 11}, participations=1),
        departments=11,
    )

    assert not checked.ok
    assert checked.lost == 1


def test_it_finds_a_ballot_stored_twice() -> None:
    items = {**dict.fromkeys(RECEIPTS.values(), 11), "CCCC-CCCC-CCCC-CCCC": 11}
    checked = ballots_check(
        acknowledged=RECEIPTS, stored=_stored(items), departments=11
    )

    assert not checked.ok
    assert checked.doubled == 1
    assert checked.unacknowledged == 1


def test_it_finds_one_receipt_acknowledged_to_two_people() -> None:
    checked = ballots_check(
        acknowledged={"1": "AAAA-AAAA-AAAA-AAAA", "2": "AAAA-AAAA-AAAA-AAAA"},
        stored=_stored({"AAAA-AAAA-AAAA-AAAA": 11}, participations=2),
        departments=11,
    )

    assert not checked.ok
    assert checked.doubled == 1


def test_it_finds_a_ballot_missing_a_department() -> None:
    checked = ballots_check(
        acknowledged=RECEIPTS,
        stored=_stored(dict(zip(RECEIPTS.values(), (11, 10), strict=True))),
        departments=11,
    )

    assert not checked.ok
    assert checked.malformed == 1
