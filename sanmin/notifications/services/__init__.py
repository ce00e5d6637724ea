"""Writing notifications: the outbox (services/outbox.py), delivery reports
(services/delivery.py) and the reminders (services/reminders.py). Import from here: `from sanmin.notifications.services
import sms_enqueue`."""

from __future__ import annotations

from sanmin.notifications.services.delivery import (
    delivery_reports_record,
    message_delivery_record,
)
from sanmin.notifications.services.outbox import (
    SweepResult,
    message_send,
    messages_sweep,
    sms_enqueue,
)
from sanmin.notifications.services.reminders import reminders_due

__all__ = [
    "SweepResult",
    "delivery_reports_record",
    "message_delivery_record",
    "message_send",
    "messages_sweep",
    "reminders_due",
    "sms_enqueue",
]
