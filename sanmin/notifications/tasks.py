"""Background tasks of the notifications app: thin, by id, idempotent."""

from __future__ import annotations

from django_tasks import task

from sanmin.notifications.services import outbox


@task()
def message_send(message_id: int) -> str:
    """Send one outbox message; a second run, or a run for a message another worker
    has claimed, does nothing (see `outbox.message_send`)."""
    return outbox.message_send(message_id=message_id)
