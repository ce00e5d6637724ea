"""Test helpers of 优秀建议 and 违纪举报, made through the real services.

- `nominated(campaign, citizen, department)`: an answered case nominated by the
  office; returns the Nomination.
- `panel_of(campaign, *users)`: put staff on the campaign's panel.
- `score_all(nomination, user, points)`: score every criterion with one value or a
  list in criterion order.
- `complaint_about(campaign, citizen, department)`: a filed complaint.
- `unchanged(*objects, match=...)`: like `suggestion_helpers.refused`, and also the
  counts of every table of this area stay as they were.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import models

from sanmin.accounts.models import User
from sanmin.campaigns.models import Campaign, Department
from sanmin.suggestions.models import (
    Adoption,
    Complaint,
    Criterion,
    Nomination,
    Panelist,
    Score,
)
from sanmin.suggestions.services.complaints import complaint_file
from sanmin.suggestions.services.excellence import (
    criteria_ensure,
    nomination_score,
    panelist_add,
    suggestion_nominate,
)
from sanmin.suggestions.tests.suggestion_helpers import (
    make_answered,
    office_actor,
    refused,
)

COMPLAINT_TEXT = "评议现场有工作人员代替市民代表填写评议票，请核查处理。"


def nominated(
    campaign: Campaign, citizen: User, department: Department, **_: Any
) -> Nomination:
    case, _item = make_answered(campaign, citizen, department)
    return suggestion_nominate(
        suggestion=case, actor=office_actor(), reason="针对性强，措施可行"
    )


def panel_of(campaign: Campaign, *users: User) -> list[Panelist]:
    return [
        panelist_add(campaign=campaign, user=user, actor=office_actor())
        for user in users
    ]


def score_all(
    nomination: Nomination, user: User, points: int | Sequence[int]
) -> list[Score]:
    criteria = criteria_ensure(campaign=nomination.suggestion.campaign)
    values = [points] * len(criteria) if isinstance(points, int) else list(points)
    return nomination_score(
        nomination=nomination,
        user=user,
        points={c.pk: v for c, v in zip(criteria, values, strict=True)},
    )


def complaint_about(
    campaign: Campaign,
    citizen: User,
    department: Department | None,
    *,
    subject: str = "某单位工作人员代填评议票",
) -> Complaint:
    return complaint_file(
        user=citizen,
        campaign=campaign,
        department=department,
        subject=subject,
        text=COMPLAINT_TEXT,
    )


_AREA: tuple[type[models.Model], ...] = (
    Adoption,
    Complaint,
    Criterion,
    Nomination,
    Panelist,
    Score,
)


@contextmanager
def unchanged(*objects: models.Model, match: str | None = None) -> Iterator[None]:
    """Refused with a ValidationError, and nothing of this area or the loop changed."""
    before = {model.__name__: model._default_manager.count() for model in _AREA}
    with refused(*objects, match=match):
        yield
    assert {model.__name__: model._default_manager.count() for model in _AREA} == before
