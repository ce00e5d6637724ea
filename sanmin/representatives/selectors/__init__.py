"""Reads of 代表遴选 and the roster, by sub-domain (entries: who is serving; the
others as their names say)."""

from sanmin.representatives.selectors.entries import (
    ACTIVE_STATUSES,
    representative_entries_for,
    user_is_representative,
)

__all__ = ["ACTIVE_STATUSES", "representative_entries_for", "user_is_representative"]
