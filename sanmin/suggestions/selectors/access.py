"""Fetching a protected case or item for the user asking, or 404.

One condition a line, so that tests cover each: the office sees every case; a
department staff member sees an item only while their department is its lead or a
co-handler; a submitter sees only their own cases. A 404 (not 403) tells no one
that a number exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.http import Http404

from sanmin.accounts.models import Role
from sanmin.suggestions.models import Item, Suggestion


def case_for_office(*, user: Any, number: str) -> Suggestion:
    """The case with this tracking number, for office staff only."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    if user.role != Role.OFFICE:
        raise Http404
    case = (
        Suggestion.objects.select_related(
            "campaign", "topic", "district", "merged_into", "publication"
        )
        .filter(number=number)
        .first()
    )
    if case is None:
        raise Http404
    return case


def item_for_department(*, user: Any, pk: int) -> Item:
    """The item, for staff of its lead or a co-handling department only."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    if user.role != Role.DEPARTMENT:
        raise Http404
    if user.department_id is None:
        raise Http404
    item = (
        Item.objects.select_related("suggestion", "suggestion__topic", "lead")
        .filter(pk=pk)
        .filter(Q(lead_id=user.department_id) | Q(partners=user.department_id))
        .distinct()
        .first()
    )
    if item is None:
        raise Http404
    return item


def case_for_submitter(*, user: Any, number: str) -> Suggestion:
    """The signed-in citizen's own case with this tracking number."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    case = (
        Suggestion.objects.select_related("topic", "publication")
        .filter(number=number, submitter_id=user.pk)
        .first()
    )
    if case is None:
        raise Http404
    return case
