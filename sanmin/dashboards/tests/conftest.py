from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

import pytest


@dataclass
class Turnout:
    """A small roster of a public session with some ballots cast.

    District A (the district staff's): 3 representatives of category X, 2 of Y;
    district B: 2 of X and one declined (not invited). Voted: 2 of A·X, 1 of A·Y,
    1 of B·X. Another session has a ballot of its own that must not count.
    """

    session: Any
    other_session: Any
    district_a: Any
    district_b: Any
    category_x: Any
    category_y: Any
    receipts: list[str]
    comment: str
    waiting: list[Any]  # representatives of the session who have not voted

    def cast_one(self) -> str:
        """One more representative of district A votes in the session."""
        receipt = _cast(self.session, self.waiting.pop(0), self.comment)
        self.receipts.append(receipt)
        return receipt


def _representative(
    campaign: Any, serial: int, district: Any, category: Any, status: str = "selected"
) -> Any:
    from sanmin.accounts.tests.fixtures import make_citizen
    from sanmin.core import crypto
    from sanmin.representatives.models import Representative

    citizen = make_citizen(serial=100 + serial)
    Representative.objects.create(
        campaign=campaign,
        id_hash=citizen.id_hash,
        name_cipher=crypto.cipher().encrypt(citizen.display_name),
        district=district,
        category=category,
        status=status,
        synthetic=True,
    )
    return citizen


def _cast(session: Any, citizen: Any, comment: str) -> str:
    from sanmin.evaluation.selectors.ballots import session_departments
    from sanmin.evaluation.services.ballots import Mark, ballot_cast

    marks = {
        p.pk: Mark(choice="dissatisfied", comment=comment)
        for p in session_departments(session)
    }
    result = ballot_cast(
        user=citizen,
        session=session,
        idempotency_key=secrets.token_urlsafe(32),
        marks=marks,
        now=session.window.opens_at + dt.timedelta(minutes=1),
    )
    return result.receipt


@pytest.fixture
def turnout(campaign: Any) -> Turnout:
    from sanmin.campaigns.models import District
    from sanmin.evaluation.services.windows import windows_schedule

    windows_schedule(campaign=campaign, actor="测试")
    sessions = list(campaign.sessions.filter(kind="public").order_by("starts_at"))
    session, other = sessions[0], sessions[1]
    district_a, district_b = District.objects.order_by("order", "code")[:2]
    category_x, category_y = campaign.quotas.order_by("level", "order")[:2]
    a_x = [_representative(campaign, n, district_a, category_x) for n in range(3)]
    a_y = [_representative(campaign, n, district_a, category_y) for n in (3, 4)]
    b_x = [_representative(campaign, n, district_b, category_x) for n in (5, 6)]
    _representative(campaign, 7, district_b, category_x, status="declined")
    comment = "公交线路需要优化"
    receipts = [
        _cast(session, citizen, comment) for citizen in [*a_x[:2], a_y[0], b_x[0]]
    ]
    receipts.append(_cast(other, b_x[1], comment))
    return Turnout(
        session=session,
        other_session=other,
        district_a=district_a,
        district_b=district_b,
        category_x=category_x,
        category_y=category_y,
        receipts=receipts,
        comment=comment,
        waiting=[a_x[2], a_y[1], b_x[1]],
    )


@pytest.fixture(autouse=True)
def _fresh_counts() -> None:
    """The pages keep their figures for a couple of seconds; tests start afresh."""
    from django.core.cache import cache

    cache.clear()
