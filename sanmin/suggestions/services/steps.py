"""Recording the steps of a case's closed loop (append-only `Step` rows)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from sanmin.suggestions.models import Item, Step, Suggestion

# How the office appears on a step (a department appears by its name).
OFFICE_LABEL = "市政府办公厅"


def step_record(
    *,
    suggestion: Suggestion,
    action: str,
    label: str,
    actor: Any,
    actor_label: str = "",
    note: str = "",
    public: bool = False,
    item: Item | None = None,
    at: dt.datetime | None = None,
) -> Step:
    """Append one step to the case's history.

    `public` steps are shown to the submitter on 我的建议; the others only to the
    office and, for their items, to the departments. `actor_label` names the acting
    unit (never a citizen's name); `actor` may be None for the system.
    """
    user = actor if getattr(actor, "is_authenticated", False) else None
    return Step.objects.create(
        suggestion=suggestion,
        item=item,
        action=action,
        label=label[:60],
        note=note,
        public=public,
        actor=user,
        actor_label=actor_label[:80],
        at=at or timezone.now(),
    )
