"""Background tasks of 云征集: thin, idempotent."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from sanmin.suggestions.services.reminders import items_remind


@task()
def items_remind_run() -> int:
    """Send the deadline reminders that are due now; a second run the same day sends
    nothing twice (see `items_remind`). The scheduler calls the service every round;
    this task lets an operator or a worker queue a round on demand."""
    return items_remind(now=timezone.now())
