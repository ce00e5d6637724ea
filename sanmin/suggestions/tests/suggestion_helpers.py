"""Making cases in a given state for tests, through the real services.

- `make_suggestion(campaign, user, **overrides)`: a SUBMITTED case (any argument of
  `suggestion_submit` may be overridden; the default topic is the campaign's first).
- `make_accepted(campaign, citizen)`: ACCEPTED by the office.
- `make_assigned(campaign, citizen, department, partners=())`: ASSIGNED, one item
  led by `department`; returns (case, item).
- `make_answered(campaign, citizen, department)`: the item's answer submitted and
  approved, the case ANSWERED; returns (case, item).
- `make_published(campaign, citizen, department)`: answered and PUBLISHED.
- `office_actor()`, `department_actor(department)`: the acting staff, the first
  existing one (e.g. the `office_user` fixture) or a new one.
- `refused(*objects, match=...)`: a context manager asserting that the block raises
  ValidationError and leaves the objects' rows and the counts of steps, audit
  events, SMS and the case tables exactly as they were.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from sanmin.accounts.models import Role, User
from sanmin.accounts.tests.fixtures import make_staff
from sanmin.audit.models import AuditEvent
from sanmin.campaigns.models import Campaign, Department
from sanmin.notifications.models import Message
from sanmin.suggestions.models import (
    ContactGrant,
    FollowUp,
    Item,
    Publication,
    Satisfaction,
    Source,
    Step,
    Suggestion,
)
from sanmin.suggestions.services.loop import (
    ItemPlan,
    item_answer_approve,
    item_answer_submit,
    items_assign,
    suggestion_accept,
    suggestions_publish,
)
from sanmin.suggestions.services.submit import suggestion_submit

TEXT = "建议在小区周边增设公共停车位，缓解居民停车难的问题。"
ANSWER = "经研究，我局已将该路段纳入明年停车设施建设计划，感谢您的建议。"


def office_actor() -> User:
    office = User.objects.filter(role=Role.OFFICE).order_by("pk").first()
    return office or make_staff(role="office", username="office-helper")


def department_actor(department: Department) -> User:
    staff = (
        User.objects.filter(role=Role.DEPARTMENT, department=department)
        .order_by("pk")
        .first()
    )
    return staff or make_staff(
        role="department", username=f"department-{department.pk}", department=department
    )


def make_suggestion(campaign: Campaign, user: User, **overrides: Any) -> Suggestion:
    fields: dict[str, Any] = {
        "user": user,
        "campaign": campaign,
        "source": Source.CITIZEN,
        "topic": campaign.topics.order_by("order")[0],
        "title": "关于增设停车位的建议",
        "text": TEXT,
    }
    fields.update(overrides)
    return suggestion_submit(**fields)


def make_accepted(campaign: Campaign, citizen: User, **overrides: Any) -> Suggestion:
    case = make_suggestion(campaign, citizen, **overrides)
    suggestion_accept(suggestion=case, actor=office_actor())
    return case


def make_assigned(
    campaign: Campaign,
    citizen: User,
    department: Department,
    partners: Sequence[Department] = (),
) -> tuple[Suggestion, Item]:
    case = make_accepted(campaign, citizen)
    [item] = items_assign(
        suggestion=case,
        actor=office_actor(),
        plans=[ItemPlan(summary="研究增设停车位", lead=department, partners=partners)],
    )
    case.refresh_from_db()
    return case, item


def make_answered(
    campaign: Campaign, citizen: User, department: Department
) -> tuple[Suggestion, Item]:
    case, item = make_assigned(campaign, citizen, department)
    item_answer_submit(item=item, actor=department_actor(department), answer=ANSWER)
    item_answer_approve(item=item, actor=office_actor())
    case.refresh_from_db()
    item.refresh_from_db()
    return case, item


def make_published(
    campaign: Campaign, citizen: User, department: Department
) -> Suggestion:
    case, _ = make_answered(campaign, citizen, department)
    suggestions_publish(
        suggestions=[case],
        actor=office_actor(),
        title="关于停车位的答复",
        answer=ANSWER,
    )
    case.refresh_from_db()
    return case


_COUNTED: tuple[type[models.Model], ...] = (
    Suggestion,
    Item,
    Step,
    AuditEvent,
    Message,
    FollowUp,
    Satisfaction,
    Publication,
    ContactGrant,
)


def _rows(objects: Sequence[models.Model]) -> list[dict[str, Any]]:
    return [
        type(obj)._default_manager.filter(pk=obj.pk).values().get() for obj in objects
    ]


def _counts() -> dict[str, int]:
    return {model.__name__: model._default_manager.count() for model in _COUNTED}


@contextmanager
def refused(*objects: models.Model, match: str | None = None) -> Iterator[None]:
    """Assert the block is refused with a ValidationError and changes nothing."""
    rows, counts = _rows(objects), _counts()
    with pytest.raises(ValidationError, match=match):
        yield
    assert _counts() == counts
    assert _rows(objects) == rows
