"""Reads of the department's pages: the items of one department (lead or partner),
one item's content without the submitter, its own steps, and whether a contact grant
lets the department call the submitter back.

The list follows the index (lead, status, deadline); partner items come through the
many-to-many table as a subquery rather than a join, so that no DISTINCT is needed
on 100,000 cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet

from sanmin.campaigns.models import Department
from sanmin.suggestions.models import (
    Attachment,
    ContactGrant,
    Item,
    ItemStatus,
    Step,
)
from sanmin.suggestions.selectors.triage import (
    DUE_LABELS,
    ItemRow,
    item_row,
    time_left_label,
)

PAGE_SIZE = 25
OPEN = "open"
ALL = "all"
OVERDUE = "overdue"
DUE_SOON = "due_soon"

# States in which the lead department may (still) write or change the answer.
ANSWERABLE = (ItemStatus.ASSIGNED, ItemStatus.HANDLING, ItemStatus.RETURNED)


def department_items(
    *,
    department: Department,
    state: str = OPEN,
    due: str = "",
    now: dt.datetime,
) -> QuerySet[Item]:
    """The items the department leads or works on as a partner, nearest deadline
    first; `state` is an ItemStatus, OPEN (not yet approved) or ALL; `due` is
    OVERDUE, DUE_SOON or ""."""
    partner_items = Item.partners.through.objects.filter(department=department).values(
        "item_id"
    )
    items = Item.objects.filter(Q(lead=department) | Q(pk__in=partner_items))
    if state == OPEN:
        items = items.exclude(status=ItemStatus.APPROVED)
    elif state != ALL:
        items = items.filter(status=state)
    soon = now + dt.timedelta(hours=settings.SUGGESTION_DUE_SOON_HOURS)
    if due == OVERDUE:
        items = items.exclude(status=ItemStatus.APPROVED).filter(deadline__lte=now)
    elif due == DUE_SOON:
        items = items.exclude(status=ItemStatus.APPROVED).filter(
            deadline__gt=now, deadline__lte=soon
        )
    return items.select_related("suggestion__topic", "lead").order_by("deadline", "pk")


@dataclass(frozen=True)
class DepartmentItemRow:
    item: Item
    number: str
    title: str
    topic: str
    lead_name: str
    is_lead: bool
    due: str
    due_label: str
    time_left: str


def department_item_rows(
    items: list[Item], *, department: Department, now: dt.datetime
) -> list[DepartmentItemRow]:
    rows = []
    for item in items:
        due = item.due_state(now)
        rows.append(
            DepartmentItemRow(
                item=item,
                number=item.suggestion.number,
                title=item.suggestion.title,
                topic=item.suggestion.topic.name,
                lead_name=item.lead.name,
                is_lead=item.lead_id == department.pk,
                due=due,
                due_label=DUE_LABELS[due],
                time_left=time_left_label(item.hours_left(now), due),
            )
        )
    return rows


def contact_grant_valid(
    *, item: Item, department: Department, now: dt.datetime
) -> ContactGrant | None:
    """The grant that lets `department` reveal the submitter's phone now, if any."""
    return (
        ContactGrant.objects.filter(
            item=item, department=department, expires_at__gt=now
        )
        .order_by("-granted_at")
        .first()
    )


@dataclass(frozen=True)
class DepartmentItemView:
    """One item for its department: content, never the submitter."""

    row: ItemRow
    topic: str
    district: str
    attachments: list[Attachment]
    steps: list[Step]
    is_lead: bool
    grant: ContactGrant | None


def department_item_view(
    *, item: Item, department: Department, now: dt.datetime
) -> DepartmentItemView:
    """Read `item` (fetched through `item_for_department`) for its department."""
    item = (
        Item.objects.select_related("suggestion__topic", "suggestion__district", "lead")
        .prefetch_related("partners")
        .get(pk=item.pk)
    )
    case = item.suggestion
    return DepartmentItemView(
        row=item_row(item, now=now),
        topic=case.topic.name,
        district=case.district.name if case.district else "",
        attachments=list(Attachment.objects.filter(suggestion=case).order_by("pk")),
        steps=list(Step.objects.filter(item=item).order_by("at", "pk")),
        is_lead=item.lead_id == department.pk,
        grant=contact_grant_valid(item=item, department=department, now=now),
    )
